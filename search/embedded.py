"""The embedded backend: SQLite FTS5 in one file (or memory), no server to run.

Documents are analysed in Python (:mod:`search.analysis`) and stored in four tables (see
:mod:`search.embedded_store`): ``docs`` (sort keys), ``stored`` (the package JSON), ``kv``
(every keyword value, for filters, ranges and facets) and ``fts`` (one FTS5 column per
weighted text field, ranked with bm25 column weights)::

    backend = EmbeddedBackend("instance/search.sqlite")
    backend.index([package])
    backend.search(SearchQuery(q="kependudukan", facet_fields=["organization"]))

Each thread gets its own connection (WAL mode), so readers never block one another; a
writer's transaction is invisible to readers until it commits.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from itertools import islice
from typing import Any

from search import highlight as hl
from search import suggest as sg
from search.analysis import Synonyms, default_synonym_lines, tokens, words
from search.backend import SearchBackend, SearchQuery, SearchResult, Suggestion, parse_sort
from search.embedded_sql import SqlCompiler
from search.embedded_store import (
    BATCH,
    ORDER,
    SCHEMA,
    SCORE_JOIN,
    TABLES,
    WEIGHTS,
    delete_rows,
    insert_row,
)
from search.errors import SearchUnavailable
from search.query import parse_all
from search.rewrite import expand_synonyms


class EmbeddedBackend(SearchBackend):
    """SQLite FTS5 backend; ``path`` is a file name or ``":memory:"``."""

    engine = "sqlite-fts5"

    def __init__(self, path: str, synonyms: list[str] | None = None) -> None:
        self.memory = path == ":memory:"
        self.path = (
            f"file:tepian-{uuid.uuid4().hex}?mode=memory&cache=shared" if self.memory else path
        )
        self._local = threading.local()
        self._lock = threading.RLock()
        self._connections: list[sqlite3.Connection] = []
        self._anchor = self._connect()  # keeps a memory database alive; creates the schema
        self._anchor.executescript(SCHEMA)
        self._synonyms: tuple[float, Synonyms] | None = None
        if synonyms is not None or self._meta("synonyms") is None:
            self.set_synonyms(synonyms if synonyms is not None else default_synonym_lines())

    # -- connections --------------------------------------------------------------------------
    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, uri=self.memory, check_same_thread=False,
                               isolation_level=None, timeout=30)  # fmt: skip
        if not self.memory:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute("CREATE TEMP TABLE IF NOT EXISTS m (rid INTEGER PRIMARY KEY, score REAL)")
        self._connections.append(conn)
        return conn

    @contextmanager
    def _conn(self) -> Iterator[sqlite3.Connection]:
        """This thread's connection; memory databases share one connection under a lock.

        SQLite failures (a locked or damaged index file) become :class:`SearchUnavailable`, so
        the catalog falls back to the database instead of failing the request.
        """
        try:
            if self.memory:
                with self._lock:
                    yield self._anchor
                return
            conn = getattr(self._local, "conn", None)
            if conn is None:
                conn = self._local.conn = self._connect()
            yield conn
        except sqlite3.Error as exc:
            raise SearchUnavailable(f"The embedded search index failed: {exc}") from exc

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        with self._lock, self._conn() as conn:
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")

    @contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        """A read transaction: count, page and facets all see the same snapshot."""
        with self._conn() as conn:
            conn.execute("BEGIN")
            try:
                yield conn
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")

    def _meta(self, key: str) -> str | None:
        with self._conn() as conn:
            row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    # -- writing ------------------------------------------------------------------------------
    def index(self, docs: Iterable[dict[str, Any]]) -> None:
        with self._write() as conn:
            for package in docs:
                insert_row(conn, package)

    def delete(self, ids: Iterable[str]) -> None:
        with self._write() as conn:
            delete_rows(conn, list(ids))

    def bulk_load(
        self, docs: Iterable[dict[str, Any]], progress: Callable[[int], None] | None = None
    ) -> int:
        done = 0
        iterator = iter(docs)
        while batch := list(islice(iterator, BATCH)):
            self.index(batch)
            done += len(batch)
            if progress:
                progress(done)
        return done

    def clear(self) -> None:
        with self._write() as conn:
            for table in TABLES:
                conn.execute(f"DELETE FROM {table}")

    def reindex(self, docs: Iterable[dict[str, Any]]) -> int:
        """Rebuild in one transaction: readers see the old index until it commits."""
        done = 0
        with self._write() as conn:
            for table in TABLES:
                conn.execute(f"DELETE FROM {table}")
            for package in docs:
                insert_row(conn, package)
                done += 1
        return done

    def set_synonyms(self, lines: list[str]) -> None:
        with self._write() as conn:
            conn.execute("INSERT OR REPLACE INTO meta VALUES ('synonyms', ?)", (json.dumps(lines),))
        self._synonyms = (time.monotonic(), Synonyms(lines))

    def synonyms(self) -> Synonyms:
        """The synonym list, re-read every 30 s so other processes' changes show up."""
        if self._synonyms is None or time.monotonic() - self._synonyms[0] > 30:
            self._synonyms = (
                time.monotonic(),
                Synonyms(json.loads(self._meta("synonyms") or "[]")),
            )
        return self._synonyms[1]

    # -- reading ------------------------------------------------------------------------------
    def _visibility(self, labels: list[str] | None, states: list[str] | None) -> tuple[str, list]:
        sql, params = "1", []
        if states:
            sql += f" AND d.state IN ({', '.join('?' for _ in states)})"
            params += list(states)
        if labels is not None:
            marks = ", ".join("?" for _ in labels) or "NULL"
            sql += (" AND d.rid IN (SELECT rid FROM kv WHERE field = 'permission_labels'"
                    f" AND value IN ({marks}))")  # fmt: skip
            params += list(labels)
        return sql, params

    def search(self, query: SearchQuery) -> SearchResult:
        query = query.normalized()
        tree = expand_synonyms(parse_all(query.q, query.fq), self.synonyms())
        sort = parse_sort(query.sort)
        with self._read() as conn:
            compiler = SqlCompiler(conn)
            where, params = compiler.compile(tree)
            visible, vparams = self._visibility(query.labels, query.states)
            score_sql, score_params = "0", []
            if compiler.score_expressions and any(f == "score" for f, _ in sort):
                score_sql = "coalesce(s.score, 0)"
                score_params = [" OR ".join(f"({e})" for e in compiler.score_expressions)]
            join = SCORE_JOIN if score_params else ""
            conn.execute("DELETE FROM temp.m")
            conn.execute(
                f"INSERT INTO temp.m (rid, score) SELECT d.rid, {score_sql} FROM docs d{join}"
                f" WHERE {visible} AND ({where})",
                score_params + vparams + params,
            )
            count = conn.execute("SELECT count(*) FROM temp.m").fetchone()[0]
            order = ", ".join(ORDER[f] + (" DESC" if desc else " ASC") for f, desc in sort)
            page = [rid for (rid,) in conn.execute(
                f"SELECT m.rid FROM temp.m m JOIN docs d ON d.rid = m.rid ORDER BY {order}"
                " LIMIT ? OFFSET ?", (query.rows, query.start))]  # fmt: skip
            marks = ", ".join("?" for _ in page)
            stored = dict(
                conn.execute(f"SELECT rid, data FROM stored WHERE rid IN ({marks})", page)
            )
            facets = {f: self._facet(conn, f, query) for f in query.facet_fields}
        results = [json.loads(stored[rid]) for rid in page]
        if query.highlight:
            for package in results:
                package["_highlights"] = hl.highlights(
                    package, compiler.highlight_terms, compiler.highlight_prefixes
                )
        return SearchResult(count=count, results=results, facets=facets)

    def _facet(self, conn: sqlite3.Connection, field: str, query: SearchQuery) -> dict[str, int]:
        limit = -1 if query.facet_limit < 0 else query.facet_limit
        rows = conn.execute(
            "SELECT value, count(*) AS n FROM kv WHERE field = ? AND rid IN (SELECT rid FROM"
            " temp.m) GROUP BY value HAVING n >= ? ORDER BY n DESC, value ASC LIMIT ?",
            (field, max(query.facet_mincount, 1), limit),
        ).fetchall()
        return {str(value): n for value, n in rows}

    def suggest(
        self, text: str, limit: int = 8, labels: list[str] | None = None
    ) -> list[Suggestion]:
        typed = words(text)
        if not typed:
            return []
        visible, vparams = self._visibility(labels, ["active"])
        with self._conn() as conn:
            compiler = SqlCompiler(conn)
            parts = [compiler.token_expression(w) for w in typed[:-1] if w in tokens(w)]
            last = typed[-1]
            alternatives = [f'"{last}" *'] + [f'"{a}"' for a in compiler.typo_alternatives(last)]
            parts.append("(" + " OR ".join(alternatives) + ")")
            titles = conn.execute(
                f"SELECT d.title, d.name FROM fts JOIN docs d ON d.rid = fts.rowid WHERE {visible}"
                " AND fts MATCH ? ORDER BY bm25(fts, " + WEIGHTS + ") LIMIT ?",
                (*vparams, "{title} : (" + " AND ".join(parts) + ")", limit * 3),
            ).fetchall()
            tags = conn.execute(
                "SELECT value, count(*) FROM kv WHERE field = 'tags' AND rid IN"
                f" (SELECT d.rid FROM docs d WHERE {visible}) GROUP BY value",
                vparams,
            ).fetchall()
            orgs = conn.execute(
                f"SELECT organization_title, organization, count(*) FROM docs d WHERE {visible}"
                " AND organization IS NOT NULL GROUP BY organization, organization_title",
                vparams,
            ).fetchall()
        orgs = [(title or name, name, n) for title, name, n in orgs]
        return sg.rank(text, titles, tags, orgs, limit, self.synonyms())

    # -- housekeeping -------------------------------------------------------------------------
    def get_modified(self, ids: Iterable[str]) -> dict[str, str]:
        ids = list(ids)
        out: dict[str, str] = {}
        with self._conn() as conn:
            for start in range(0, len(ids), BATCH):
                chunk = ids[start : start + BATCH]
                marks = ", ".join("?" for _ in chunk)
                rows = conn.execute(
                    f"SELECT id, metadata_modified FROM docs WHERE id IN ({marks})", chunk
                )
                out.update(dict(rows.fetchall()))
        return out

    def health(self) -> str:
        try:
            with self._conn() as conn:
                conn.execute("SELECT 1 FROM docs LIMIT 1").fetchall()
            return "green"
        except sqlite3.Error:
            return "red"

    def stats(self) -> dict[str, Any]:
        with self._conn() as conn:
            count = conn.execute("SELECT count(*) FROM docs").fetchone()[0]
        path = ":memory:" if self.memory else self.path
        return {"count": count, "engine": self.engine, "health": self.health(), "path": path}

    def close(self) -> None:
        """Close every connection this backend opened (any thread's)."""
        for conn in self._connections:
            conn.close()
        self._connections.clear()
