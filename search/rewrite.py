"""Query-time rewrites shared by both backends: synonym expansion on the parsed AST.

Expanding in Python, before compiling, keeps the two backends in step: ``dishub`` becomes
``dishub OR "dinas perhubungan"`` for SQLite and Elasticsearch alike, and a run of bare words
``dinas perhubungan`` becomes ``(dinas AND perhubungan) OR dishub``::

    >>> from search.analysis import Synonyms
    >>> from search.query import parse
    >>> expand_synonyms(parse("data dishub"), Synonyms(["dishub, dinas perhubungan"]))
    And(children=(Term(field=None, text='data'), Or(children=(Term(field=None, text='dishub'), \
Phrase(field=None, text='dinas perhubungan')))))
"""

from __future__ import annotations

from search.analysis import Synonyms, words
from search.query import And, Node, Not, Or, Phrase, Term


def _alternative(alt: tuple[str, ...]) -> Node:
    return Term(None, alt[0]) if len(alt) == 1 else Phrase(None, " ".join(alt))


def _single_word(node: Node) -> str | None:
    if isinstance(node, Term) and node.field is None:
        found = words(str(node.text))
        return found[0] if len(found) == 1 else None
    return None


def _expand_run(run: list[Node], synonyms: Synonyms) -> list[Node]:
    """Replace the longest synonym keys found in a run of single bare words."""
    out: list[Node] = []
    i = 0
    while i < len(run):
        for size in range(min(synonyms.max_len, len(run) - i), 0, -1):
            key = tuple(_single_word(n) or "" for n in run[i : i + size])
            alternatives = synonyms.lookup(key)
            if alternatives:
                original = run[i] if size == 1 else And(tuple(run[i : i + size]))
                options = [] if synonyms.is_replacement(key) else [original]
                options += [_alternative(a) for a in alternatives]
                out.append(options[0] if len(options) == 1 else Or(tuple(options)))
                i += size
                break
        else:
            out.append(run[i])
            i += 1
    return out


def _expand_children(children: tuple[Node, ...], synonyms: Synonyms) -> list[Node]:
    out: list[Node] = []
    run: list[Node] = []
    for child in children:
        if _single_word(child) is not None:
            run.append(child)
            continue
        out += _expand_run(run, synonyms)
        run = []
        out.append(expand_synonyms(child, synonyms))
    return out + _expand_run(run, synonyms)


def expand_synonyms(node: Node, synonyms: Synonyms | None) -> Node:
    """Return ``node`` with synonyms of bare words and default-field phrases OR-ed in."""
    if synonyms is None or not synonyms.max_len:
        return node
    if isinstance(node, And):
        children = _expand_children(node.children, synonyms)
        return children[0] if len(children) == 1 else And(tuple(children))
    if isinstance(node, Or):
        return Or(tuple(expand_synonyms(c, synonyms) for c in node.children))
    if isinstance(node, Not):
        return Not(expand_synonyms(node.child, synonyms))
    if _single_word(node) is not None:
        return _expand_run([node], synonyms)[0]
    if isinstance(node, Phrase) and node.field is None:
        key = tuple(words(node.text))
        alternatives = synonyms.lookup(key)
        if alternatives:
            return Or((node, *(_alternative(a) for a in alternatives)))
    return node
