"""The query AST: what :mod:`search.query` parses ``q``/``fq`` into and the backends compile.

Nodes are frozen dataclasses, so they compare and print plainly::

    >>> And((Term(None, "penduduk"), Not(Term("tags", "gizi"))))
    And(children=(Term(field=None, text='penduduk'), Not(child=Term(field='tags', text='gizi'))))
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class MatchAll:
    """``*:*``: every document."""


@dataclass(frozen=True)
class Term:
    """One word (text fields, analysed) or one exact value (keyword fields).
    ``field`` is ``None`` for the default text fields."""

    field: str | None
    text: str


@dataclass(frozen=True)
class Phrase:
    """Words that must appear next to each other (text fields only)."""

    field: str | None
    text: str


@dataclass(frozen=True)
class Wildcard:
    """A pattern with ``*`` (any run) and ``?`` (one character)."""

    field: str | None
    pattern: str


@dataclass(frozen=True)
class Exists:
    """``field:*``: the field has a value."""

    field: str


@dataclass(frozen=True)
class Range:
    """``field:[low TO high]``; ``None`` bounds are open (``*``)."""

    field: str
    low: str | int | None
    high: str | int | None
    include_low: bool = True
    include_high: bool = True


@dataclass(frozen=True)
class And:
    children: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    children: tuple[Node, ...]


@dataclass(frozen=True)
class Not:
    child: Node


Node = MatchAll | Term | Phrase | Wildcard | Exists | Range | And | Or | Not
