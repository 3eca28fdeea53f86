"""Indonesian text analysis in Python: folding, stopwords, Sastrawi stemming, synonyms.

The embedded backend analyses everything here; the Elasticsearch/OpenSearch backend uses its
own analyzer chain (see :mod:`search.mapping`) but shares the stopword list, the synonym
parser and the Sastrawi stems (indexed in a ``stems`` field), so both find the same things::

    >>> tokens("Pendidikan dan Kebudayaan, Kab/Kota")
    ['pendidikan', 'kebudayaan', 'kab', 'kota']
    >>> stem("kependudukan")
    'duduk'
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from importlib import resources

#: A small Indonesian + English stopword list: function words only, so that domain words
#: like "jumlah", "tahun" or "data" (which Lucene's Indonesian list drops) stay searchable.
STOPWORDS = frozenset(
    """
    dan atau yang di ke dari pada untuk dengan dalam oleh ini itu adalah sebagai juga akan
    tersebut serta bagi tentang per para pun agar karena sehingga secara telah sudah
    a an and are as at be by for from in into is it of on or the this that to was with
    """.split()
)

_WORD = re.compile(r"[a-z0-9]+")
_PREFIXES = ("di", "ke", "se", "be", "me", "pe", "te")
_SUFFIXES = ("kan", "an", "i", "lah", "kah", "nya", "pun", "ku", "mu")


def fold(text: str) -> str:
    """Lower-case and strip accents: ``"Café Ōtsuka"`` becomes ``"cafe otsuka"``."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def words(text: str) -> list[str]:
    """Folded alphanumeric words, stopwords kept."""
    return _WORD.findall(fold(text or ""))


def tokens(text: str) -> list[str]:
    """Folded words without stopwords: the surface forms the index stores."""
    return [w for w in words(text) if w not in STOPWORDS]


@lru_cache(maxsize=1)
def _stemmer():  # type: ignore[no-untyped-def]
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    stemmer = StemmerFactory().create_stemmer()
    # Sastrawi keeps its root dictionary in a list and tests membership with ``in``; a set
    # makes stemming a hundred times faster.
    dictionary = stemmer.delegatedStemmer.dictionary
    dictionary.words = frozenset(dictionary.words)
    return stemmer


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Sastrawi stem of one folded word; words that cannot carry Indonesian affixes
    (digits, short words, no known prefix or suffix) are returned unchanged."""
    if len(word) <= 3 or not word.isalpha():
        return word
    if not (word.startswith(_PREFIXES) or word.endswith(_SUFFIXES)):
        return word
    result = _stemmer().stem(word)
    return result if result and " " not in result else word


def stems(text: str) -> list[str]:
    """Stems of :func:`tokens`, in order."""
    return [stem(t) for t in tokens(text)]


def edit_distance(a: str, b: str, limit: int) -> int:
    """Damerau-Levenshtein distance (a swap of neighbours counts as one edit, as in
    Elasticsearch's fuzzy queries), stopping early once it exceeds ``limit`` (then returns
    ``limit + 1``)."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    before: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            cost = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cost = min(cost, before[j - 2] + 1)
            current.append(cost)
        if min(current) > limit:
            return limit + 1
        before, previous = previous, current
    return previous[-1]


def typo_budget(word: str) -> int:
    """Edits allowed for a word (Elasticsearch's ``AUTO:5,8``): 0 below 5 letters, 1 below 8, 2."""
    return 0 if len(word) < 5 else 1 if len(word) < 8 else 2


def fuzzy_match(candidate: str, word: str) -> bool:
    """Does ``candidate`` start with ``word``, or lie within its typo budget?"""
    if candidate.startswith(word):
        return True
    budget = typo_budget(word)
    if not budget:
        return False
    return edit_distance(candidate[: len(word) + budget], word, budget) <= budget or (
        edit_distance(candidate, word, budget) <= budget
    )


class Synonyms:
    """A synonym list in Solr's format.

    Each line is either equivalent terms, ``dishub, dinas perhubungan`` (any one finds the
    others), or an explicit mapping, ``apbd => anggaran pendapatan dan belanja daerah`` (the
    left side is replaced by the right side). ``#`` starts a comment.

    >>> syn = Synonyms(["dinkes, dinas kesehatan"])
    >>> syn.lookup(("dinkes",))
    [('dinas', 'kesehatan')]
    """

    def __init__(self, lines: list[str] | None = None) -> None:
        self.lines: list[str] = []
        self._map: dict[tuple[str, ...], list[tuple[str, ...]]] = {}
        self._replaced: set[tuple[str, ...]] = set()
        self.max_len = 0
        for line in lines or []:
            self._add(line)

    def _add(self, line: str) -> None:
        line = line.split("#", 1)[0].strip()
        if not line:
            return
        self.lines.append(line)
        if "=>" in line:
            left, right = line.split("=>", 1)
            sources = [tuple(words(s)) for s in left.split(",")]
            targets = [tuple(words(s)) for s in right.split(",")]
            self._replaced.update(filter(None, sources))
        else:
            sources = targets = [tuple(words(s)) for s in line.split(",")]
        for source in filter(None, sources):
            alternatives = self._map.setdefault(source, [])
            for target in targets:
                if target and target != source and target not in alternatives:
                    alternatives.append(target)
            self.max_len = max(self.max_len, len(source))

    def lookup(self, phrase: tuple[str, ...]) -> list[tuple[str, ...]]:
        """Alternatives for a sequence of folded words (empty when it has none)."""
        return self._map.get(phrase, [])

    def is_replacement(self, phrase: tuple[str, ...]) -> bool:
        """True when ``phrase`` only appears on the left of ``=>`` rules (it is replaced)."""
        return phrase in self._replaced

    def solr_lines(self) -> list[str]:
        """Lines for an Elasticsearch ``synonym_graph`` filter (Solr format, folded)."""
        out = []
        for line in self.lines:
            sides = line.split("=>")
            out.append(
                " => ".join(", ".join(" ".join(words(p)) for p in s.split(",")) for s in sides)
            )
        return out


def default_synonym_lines() -> list[str]:
    """The lines of the bundled ``synonyms_id.txt``."""
    text = resources.files("search").joinpath("synonyms_id.txt").read_text(encoding="utf-8")
    return text.splitlines()
