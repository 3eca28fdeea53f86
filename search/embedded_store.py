"""Storage of the embedded backend: the SQLite schema and writing one document.

Four tables hold each dataset: ``docs`` (sort keys), ``stored`` (the package JSON, apart so
that scans of ``docs`` stay cheap), ``kv`` (every
keyword value: filters, ranges, facets) and the FTS5 table ``fts`` (one column per weighted
text field). Each FTS column holds the folded surface words, a separator, then their
Sastrawi stems, so a word matches as written or by its stem, and phrases match within
either half::

    >>> analysed("Jumlah Penduduk dan Kependudukan")
    'jumlah penduduk kependudukan qqsepqq jumlah duduk duduk'
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from search.analysis import stem, tokens
from search.documents import TEXT_COLUMNS, keyword_values, prepare

COLUMNS = [c for c, _ in TEXT_COLUMNS]
WEIGHTS = ", ".join(str(w) for _, w in TEXT_COLUMNS)
SEPARATOR = "qqsepqq"
SCHEMA = f"""
CREATE TABLE IF NOT EXISTS docs (
    rid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, name TEXT, title TEXT,
    title_string TEXT, state TEXT, organization TEXT, organization_title TEXT,
    metadata_modified TEXT, metadata_created TEXT, num_resources INT, num_tags INT);
CREATE TABLE IF NOT EXISTS stored (rid INTEGER PRIMARY KEY, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS kv (rid INTEGER NOT NULL, field TEXT NOT NULL, value);
CREATE INDEX IF NOT EXISTS kv_field_value ON kv (field, value, rid);
CREATE INDEX IF NOT EXISTS kv_rid ON kv (rid);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE VIRTUAL TABLE IF NOT EXISTS fts USING fts5({", ".join(COLUMNS)},
    prefix='2 3', tokenize='unicode61 remove_diacritics 0');
CREATE VIRTUAL TABLE IF NOT EXISTS fts_vocab USING fts5vocab(fts, 'row');
"""
ORDER = {
    "score": "m.score",
    "title_string": "d.title_string",
    "name": "d.name",
    "metadata_modified": "d.metadata_modified",
    "metadata_created": "d.metadata_created",
    "num_resources": "d.num_resources",
    "num_tags": "d.num_tags",
    "id": "d.id",
}
BATCH = 500
TABLES = ("kv", "fts", "stored", "docs")
SCORE_JOIN = (
    f" LEFT JOIN (SELECT rowid AS rid, -bm25(fts, {WEIGHTS}) AS score"
    " FROM fts WHERE fts MATCH ?) s ON s.rid = d.rid"
)


def analysed(text: str) -> str:
    """The FTS column value: folded surface words, a separator, then their stems."""
    surface = tokens(text)
    if not surface:
        return ""
    return " ".join(surface) + f" {SEPARATOR} " + " ".join(stem(t) for t in surface)


def delete_rows(conn: sqlite3.Connection, ids: list[str]) -> None:
    for doc_id in ids:
        row = conn.execute("SELECT rid FROM docs WHERE id = ?", (doc_id,)).fetchone()
        if row:
            for table, key in (("kv", "rid"), ("fts", "rowid"), ("stored", "rid"), ("docs", "rid")):
                conn.execute(f"DELETE FROM {table} WHERE {key} = ?", row)


def insert_row(conn: sqlite3.Connection, package: dict[str, Any]) -> None:
    flat = prepare(package)
    delete_rows(conn, [flat["id"]])
    cursor = conn.execute(
        "INSERT INTO docs (id, name, title, title_string, state, organization,"
        " organization_title, metadata_modified, metadata_created, num_resources, num_tags)"
        " VALUES (?,?,?,?,?,?,?,?,?,?,?)",
        (flat["id"], flat["name"], flat["title"], flat["title_string"], flat["state"],
         flat["organization"], flat["organization_title"], flat["metadata_modified"],
         flat["metadata_created"], flat["num_resources"], flat["num_tags"]),
    )  # fmt: skip
    rid = cursor.lastrowid
    conn.execute(
        "INSERT INTO stored (rid, data) VALUES (?, ?)",
        (rid, json.dumps(package, ensure_ascii=False)),
    )
    conn.executemany(
        "INSERT INTO kv (rid, field, value) VALUES (?, ?, ?)",
        [(rid, f, v) for f, v in keyword_values(flat)],
    )
    values = [analysed(flat["text_" + c] or "") for c in COLUMNS]
    marks = ", ".join("?" for _ in COLUMNS)
    conn.execute(f"INSERT INTO fts (rowid, {', '.join(COLUMNS)}) VALUES (?, {marks})",
                 (rid, *values))  # fmt: skip
