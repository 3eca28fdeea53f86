"""Highlight matched words with ``<mark>`` in Python (the embedded backend's highlighter).

A word is marked when its folded form or its stem is one of the query's terms, or when it
starts with one of the query's prefixes. Text is HTML-escaped, so snippets are safe to insert::

    >>> mark("Jumlah Penduduk <2023>", {"duduk"}, set())
    'Jumlah <mark>Penduduk</mark> &lt;2023&gt;'
"""

from __future__ import annotations

import html
import re

from search.analysis import fold, stem

_WORD = re.compile(r"\w+", re.UNICODE)
_MARKDOWN = re.compile(r"!?\[([^\]]*)\]\([^)]*\)|[#*_`>|]+")
SNIPPET_CHARS = 200


def _matches(word: str, terms: set[str], prefixes: set[str]) -> bool:
    folded = fold(word)
    if folded in terms or stem(folded) in terms:
        return True
    return any(folded.startswith(p) for p in prefixes)


def mark(text: str, terms: set[str], prefixes: set[str]) -> str:
    """Escape ``text`` and wrap every matching word in ``<mark>``."""
    out: list[str] = []
    last = 0
    for match in _WORD.finditer(text):
        if _matches(match.group(), terms, prefixes):
            out.append(html.escape(text[last : match.start()]))
            out.append("<mark>" + html.escape(match.group()) + "</mark>")
            last = match.end()
    out.append(html.escape(text[last:]))
    return "".join(out)


def snippet(text: str, terms: set[str], prefixes: set[str]) -> str | None:
    """A short, marked fragment of ``text`` (Markdown stripped) around the first match,
    or ``None`` when nothing matches."""
    plain = " ".join(_MARKDOWN.sub(r"\1", text or "").split())
    first = next(
        (m.start() for m in _WORD.finditer(plain) if _matches(m.group(), terms, prefixes)), None
    )
    if first is None:
        return None
    start = max(0, first - SNIPPET_CHARS // 3)
    if start:
        space = plain.find(" ", start)
        start = space + 1 if 0 <= space < first else start
    end = min(len(plain), start + SNIPPET_CHARS)
    if end < len(plain):
        space = plain.rfind(" ", start, end)
        end = space if space > first else end
    fragment = mark(plain[start:end], terms, prefixes)
    return ("…" if start else "") + fragment + ("…" if end < len(plain) else "")


def highlights(package: dict, terms: set[str], prefixes: set[str]) -> dict[str, list[str]]:
    """``{"title": [...], "notes": [...]}`` for the fields of ``package`` that match."""
    result: dict[str, list[str]] = {}
    if not terms and not prefixes:
        return result
    title = package.get("title") or ""
    if any(_matches(m.group(), terms, prefixes) for m in _WORD.finditer(title)):
        result["title"] = [mark(title, terms, prefixes)]
    notes = snippet(package.get("notes") or "", terms, prefixes)
    if notes:
        result["notes"] = [notes]
    return result
