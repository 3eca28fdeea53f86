"""Autocomplete ranking shared by both backends.

Backends fetch *candidates* (titles of visible datasets that roughly match, and the tags and
OPDs of visible datasets with their counts); this module decides, the same way for both,
which candidates match what was typed: every typed word must be the start of a word in the
candidate or lie within the typo budget of one (``kesehatn`` finds "Kesehatan")::

    >>> matches(["din", "keseh"], "Dinas Kesehatan")
    True
"""

from __future__ import annotations

from search.analysis import Synonyms, fuzzy_match, stem, words
from search.backend import Suggestion

MAX_PER_KIND = 3


def matches(typed: list[str], candidate: str, extra: list[str] | None = None) -> bool:
    """Does every typed word match (prefix or typo) some word of ``candidate``?"""
    candidate_words = words(candidate) + (extra or [])
    if not candidate_words:
        return False
    for word in typed:
        stemmed = stem(word)
        if not any(fuzzy_match(c, word) or c == stemmed for c in candidate_words):
            return False
    return True


def rank(
    text: str,
    titles: list[tuple[str, str]],
    tags: list[tuple[str, int]],
    organizations: list[tuple[str, str, int]],
    limit: int,
    synonyms: Synonyms | None = None,
) -> list[Suggestion]:
    """Pick suggestions: OPDs first, then tags, then dataset titles, up to ``limit``.

    ``titles`` are ``(title, dataset_name)`` best first; ``tags`` are ``(tag, count)``;
    ``organizations`` are ``(title, name, count)``. A typed acronym with synonyms
    (``dinkes``) also finds what its synonyms find ("Dinas Kesehatan").
    """
    typed = words(text)
    if not typed or limit <= 0:
        return []
    variants = [typed] + [list(a) for a in (synonyms.lookup(tuple(typed)) if synonyms else [])]

    def matches_any(candidate: str, extra: list[str] | None = None) -> bool:
        return any(matches(v, candidate, extra) for v in variants)

    out: list[Suggestion] = []
    orgs = sorted(organizations, key=lambda o: (-o[2], o[0]))
    for title, name, _ in orgs:
        if len(out) < MAX_PER_KIND and matches_any(title, words(name)):
            out.append(Suggestion(title, "organization", name))
    n_tags = 0
    for tag, _ in sorted(tags, key=lambda t: (-t[1], t[0])):
        if n_tags < MAX_PER_KIND and matches_any(tag):
            out.append(Suggestion(tag, "tag", tag))
            n_tags += 1
    seen: set[str] = set()
    for title, name in titles:
        if title not in seen and matches_any(title):
            seen.add(title)
            out.append(Suggestion(title, "dataset", name))
    # Datasets fill the list; keep at least one of each kind found when space is short.
    datasets = [s for s in out if s.kind == "dataset"]
    others = [s for s in out if s.kind != "dataset"]
    keep_others = others[: max(limit - min(len(datasets), limit // 2), 0)]
    return (keep_others + datasets)[:limit]
