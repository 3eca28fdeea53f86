"""Embedded-backend specifics: files, concurrent readers, the factory, speed."""

from __future__ import annotations

import threading
import time

import pytest
from search_catalog import CATALOG

from search import SearchQuery, make_backend
from search.embedded import EmbeddedBackend


def test_make_backend_without_url_is_embedded(tmp_path):
    backend = make_backend(None, str(tmp_path / "s.sqlite"))
    assert isinstance(backend, EmbeddedBackend)
    assert backend.stats()["engine"] == "sqlite-fts5"
    backend.close()


def test_file_index_persists_across_instances(tmp_path):
    path = str(tmp_path / "s.sqlite")
    first = EmbeddedBackend(path)
    first.index(CATALOG)
    first.set_synonyms(["upeti, pajak"])
    first.close()
    second = EmbeddedBackend(path)
    assert second.stats()["count"] == len(CATALOG)
    assert second.search(SearchQuery(q="upeti")).count > 0
    second.close()


def test_concurrent_readers_and_a_writer(tmp_path):
    backend = EmbeddedBackend(str(tmp_path / "s.sqlite"))
    backend.index(CATALOG)
    errors: list[BaseException] = []
    counts: list[int] = []

    def read() -> None:
        try:
            for _ in range(20):
                query = SearchQuery(q="jumlah", facet_fields=["tags"], labels=["public"])
                counts.append(backend.search(query).count)
        except BaseException as exc:  # collected and asserted below
            errors.append(exc)

    def write() -> None:
        try:
            for _ in range(5):
                backend.reindex(CATALOG)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=read) for _ in range(4)] + [threading.Thread(target=write)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(set(counts)) == 1  # readers never see a half-built index


def test_thousands_of_documents_answer_in_tens_of_milliseconds(tmp_path):
    backend = EmbeddedBackend(str(tmp_path / "s.sqlite"))
    docs = []
    for i in range(3000):
        doc = dict(CATALOG[i % len(CATALOG)])
        doc["id"], doc["name"] = f"id-{i}", f"{doc['name']}-{i}"
        docs.append(doc)
    backend.bulk_load(docs)
    query = SearchQuery(
        q="jumlah penduduk", labels=["public"], highlight=True,
        facet_fields=["organization", "tags", "res_format", "years"],
    )  # fmt: skip
    backend.search(query)
    started = time.perf_counter()
    result = backend.search(query)
    assert result.count > 0
    assert time.perf_counter() - started < 0.5  # generous: typically ~10 ms
    backend.close()


def test_engine_backend_starts_while_the_cluster_is_down():
    from search import SearchUnavailable
    from search.engine import EngineBackend

    backend = make_backend("http://127.0.0.1:9", "unused", index_prefix="tepian-down")
    assert isinstance(backend, EngineBackend)
    assert backend.health() == "red"
    assert backend.stats() == {"engine": "unknown", "health": "red", "count": 0}
    with pytest.raises(SearchUnavailable):
        backend.search(SearchQuery(q="penduduk"))
