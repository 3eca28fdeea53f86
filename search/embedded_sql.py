"""Compile the query AST to SQL for the embedded (SQLite FTS5) backend.

Text leaves become FTS5 ``MATCH`` expressions over pre-analysed columns (each column holds
the folded surface words, then their Sastrawi stems); keyword leaves become look-ups in the
``kv`` side table. The result is one SQL condition on ``d.rid`` plus the FTS expressions used
for ranking::

    compiler = SqlCompiler(connection)
    where, params = compiler.compile(parse("penduduk tags:kesehatan"))
    compiler.score_expressions   # ['{title tags ...} : ("penduduk" OR "duduk")']
"""

from __future__ import annotations

import re
import sqlite3
from typing import Any

from search.analysis import edit_distance, fold, stem, tokens, typo_budget
from search.documents import FIELD_COLUMNS, TEXT_COLUMNS
from search.query import And, Exists, MatchAll, Node, Not, Or, Phrase, Range, Term, Wildcard

ALL_COLUMNS = [c for c, _ in TEXT_COLUMNS]
MAX_EXPANSIONS = 50


def _quote(token: str) -> str:
    return '"' + token.replace('"', '""') + '"'


def glob_pattern(pattern: str) -> str:
    """Turn a Lucene wildcard (``*``, ``?``, ``\\`` escapes) into an SQLite GLOB pattern."""
    out = []
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\" and i + 1 < len(pattern):
            i += 1
            char = pattern[i]
            out.append("[" + char + "]" if char in "*?[" else char)
        elif char == "[":
            out.append("[[]")
        else:
            out.append(char)
        i += 1
    return "".join(out)


class SqlCompiler:
    """Compiles one query; holds the connection for vocabulary look-ups (typos, wildcards)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.score_expressions: list[str] = []
        self.highlight_terms: set[str] = set()
        self.highlight_prefixes: set[str] = set()

    # -- vocabulary -------------------------------------------------------------------------
    def in_vocabulary(self, term: str) -> bool:
        row = self.conn.execute("SELECT 1 FROM fts_vocab WHERE term = ?", (term,)).fetchone()
        return row is not None

    def typo_alternatives(self, word: str) -> list[str]:
        """Indexed terms within the typo budget of ``word`` (same first letter, like
        Elasticsearch with ``prefix_length: 1``)."""
        budget = typo_budget(word)
        if not budget or not word.isalpha():
            return []
        rows = self.conn.execute(
            "SELECT term FROM fts_vocab WHERE term >= ? AND term < ? "
            "AND length(term) BETWEEN ? AND ?",
            (word[0], chr(ord(word[0]) + 1), len(word) - budget, len(word) + budget),
        )
        found = [t for (t,) in rows if edit_distance(t, word, budget) <= budget]
        return found[:MAX_EXPANSIONS]

    # -- leaves -----------------------------------------------------------------------------
    def _columns(self, field: str | None) -> str:
        return "{" + " ".join(FIELD_COLUMNS.get(field or "text", ALL_COLUMNS)) + "}"

    def token_expression(self, token: str) -> str:
        """FTS alternatives for one folded word: itself, its stem, and, when neither is in
        the index, the indexed words within its typo budget."""
        alternatives = {token, stem(token)}
        if not any(self.in_vocabulary(a) for a in alternatives):
            alternatives.update(self.typo_alternatives(token))
        self.highlight_terms.update(alternatives)
        return "(" + " OR ".join(_quote(a) for a in sorted(alternatives)) + ")"

    def _fts(self, field: str | None, expression: str, positive: bool) -> tuple[str, list[Any]]:
        full = f"{self._columns(field)} : ({expression})"
        if positive:
            self.score_expressions.append(full)
        return "d.rid IN (SELECT rowid FROM fts WHERE fts MATCH ?)", [full]

    def _text(self, node: Node, positive: bool) -> tuple[str, list[Any]] | None:
        if isinstance(node, Term):
            toks = tokens(str(node.text))
            if not toks:
                return None
            return self._fts(
                node.field, " AND ".join(self.token_expression(t) for t in toks), positive
            )
        if isinstance(node, Phrase):
            toks = tokens(node.text)
            if len(toks) <= 1:
                return self._text(Term(node.field, node.text), positive)
            self.highlight_terms.update(toks + [stem(t) for t in toks])
            surface, stemmed = " ".join(toks), " ".join(stem(t) for t in toks)
            expression = " OR ".join(_quote(p) for p in dict.fromkeys([surface, stemmed]))
            return self._fts(node.field, expression, positive)
        if isinstance(node, Wildcard):
            pattern = fold(node.pattern)
            if re.fullmatch(r"[a-z0-9]+\*", pattern):
                self.highlight_prefixes.add(pattern[:-1])
                return self._fts(node.field, _quote(pattern[:-1]) + " *", positive)
            rows = self.conn.execute(
                "SELECT term FROM fts_vocab WHERE term GLOB ? LIMIT 500", (glob_pattern(pattern),)
            ).fetchall()
            if not rows:
                return "0", []
            self.highlight_terms.update(t for (t,) in rows)
            return self._fts(node.field, " OR ".join(_quote(t) for (t,) in rows), positive)
        if isinstance(node, Exists):
            column = FIELD_COLUMNS[node.field][0]
            return f"d.rid IN (SELECT rowid FROM fts WHERE length({column}) > 0)", []
        raise TypeError(node)

    def _keyword(self, node: Node) -> tuple[str, list[Any]]:
        base = "d.rid IN (SELECT rid FROM kv WHERE field = ?"
        if isinstance(node, Term):
            return base + " AND value = ?)", [node.field, node.text]
        if isinstance(node, Wildcard):
            return base + " AND value GLOB ?)", [node.field, glob_pattern(node.pattern)]
        if isinstance(node, Exists):
            return base + ")", [node.field]
        if isinstance(node, Range):
            sql, params = base, [node.field]
            if node.low is not None:
                sql += " AND value >= ?" if node.include_low else " AND value > ?"
                params.append(node.low)
            if node.high is not None:
                sql += " AND value <= ?" if node.include_high else " AND value < ?"
                params.append(node.high)
            return sql + ")", params
        raise TypeError(node)

    # -- tree -------------------------------------------------------------------------------
    def compile(self, node: Node, positive: bool = True) -> tuple[str, list[Any]]:
        """Return ``(sql_condition, params)``; ``"1"`` when the query matches everything."""
        compiled = self._compile(node, positive)
        return compiled if compiled is not None else ("1", [])

    def _compile(self, node: Node, positive: bool) -> tuple[str, list[Any]] | None:
        if isinstance(node, MatchAll):
            return "1", []
        if isinstance(node, And | Or):
            parts = [p for p in (self._compile(c, positive) for c in node.children) if p]
            if not parts:
                return None
            joiner = " AND " if isinstance(node, And) else " OR "
            sql = joiner.join("(" + s + ")" for s, _ in parts)
            return sql, [p for _, ps in parts for p in ps]
        if isinstance(node, Not):
            inner = self._compile(node.child, not positive)
            return None if inner is None else ("NOT (" + inner[0] + ")", inner[1])
        field = getattr(node, "field", None)
        if field is None or field in FIELD_COLUMNS:
            return self._text(node, positive)
        return self._keyword(node)
