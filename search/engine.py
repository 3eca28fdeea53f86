"""The Elasticsearch 8 / OpenSearch 2-3 backend.

``detect_engine(url)`` reads the cluster's root response and picks the official client
(``opensearch-py`` or ``elasticsearch``; the latter refuses to talk to OpenSearch). Queries,
mappings and response parsing are shared; :mod:`search.engine_client` hides the few call
differences::

    backend = EngineBackend("http://localhost:9200", index_prefix="tepian")
    backend.reindex(packages)        # builds tepian-v1-<timestamp>, then swaps the alias
    backend.search(SearchQuery(q="penduduk"))

The alias ``<prefix>`` always points at one complete index, so searches keep being answered
while ``reindex`` builds the next one.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime
from typing import Any

from search import engine_query as eq
from search import suggest as sg
from search.analysis import Synonyms, default_synonym_lines, stem, tokens
from search.backend import SearchBackend, SearchQuery, SearchResult, Suggestion, parse_sort
from search.documents import TEXT_COLUMNS, keyword_values, prepare
from search.engine_client import BATCH, Client, body_of, detect_engine, translate
from search.errors import SearchUnavailable
from search.mapping import MAPPING_VERSION, mappings, settings
from search.query import parse_all
from search.rewrite import expand_synonyms

__all__ = ["EngineBackend", "detect_engine"]


class EngineBackend(SearchBackend):
    """Search on an Elasticsearch 8 or OpenSearch 2/3 cluster behind the alias ``prefix``."""

    def __init__(self, url: str, index_prefix: str = "tepian", engine: str | None = None) -> None:
        self.url = url
        self.alias = index_prefix
        self._engine = engine
        self._client: Client | None = None
        self._building: str | None = None
        self._synonyms: tuple[float, Synonyms] | None = None
        self._ready = False

    @property  # type: ignore[override]
    def engine(self) -> str:
        """``"opensearch"`` or ``"elasticsearch"``, detected on first use, so that an
        application can start while the cluster is down (the indexing outbox catches up)."""
        if self._engine is None:
            self._engine = detect_engine(self.url)
        return self._engine

    @property
    def client(self) -> Client:
        if self._client is None:
            self._client = Client(self.url, self.engine)
        return self._client

    # -- index lifecycle ------------------------------------------------------------------------
    def _new_index(self, synonym_lines: list[str]) -> str:
        stamp = datetime.now(UTC).strftime("%Y%m%d%H%M%S%f")
        name = f"{self.alias}-v{MAPPING_VERSION}-{stamp}"
        body = {"settings": settings(synonym_lines), "mappings": mappings()}
        self.client.create_index(name, body)
        try:
            self.client.raw.cluster.health(index=name, wait_for_status="yellow")
        except Exception:
            self.client.raw.indices.delete(index=name, ignore_unavailable=True)
            raise
        return name

    def _current(self) -> list[str]:
        if not self.client.raw.indices.exists_alias(name=self.alias):
            return []
        return sorted(body_of(self.client.raw.indices.get_alias(name=self.alias)).keys())

    def ensure_index(self) -> None:
        """Create the first index behind the alias when there is none."""
        if self._ready:
            return
        try:
            if not self._current():
                name = self._new_index(Synonyms(default_synonym_lines()).solr_lines())
                self.client.update_aliases([{"add": {"index": name, "alias": self.alias}}])
        except SearchUnavailable:
            raise
        except Exception as exc:  # transport errors of either client
            raise translate(exc) from exc
        self._ready = True

    def synonyms(self) -> Synonyms:
        """The synonyms stored in the live index's settings (re-read every 60 s)."""
        if self._synonyms is None or time.monotonic() - self._synonyms[0] > 60:
            self.ensure_index()
            found = body_of(self.client.raw.indices.get_settings(index=self.alias))
            index_settings = next(iter(found.values()))["settings"]["index"]
            lines = index_settings["analysis"]["filter"]["tepian_synonyms"]["synonyms"]
            self._synonyms = (time.monotonic(), Synonyms(list(lines)))
        return self._synonyms[1]

    def set_synonyms(self, lines: list[str]) -> None:
        """Replace the search-time synonyms: the index is closed for a moment to update them."""
        self.ensure_index()
        solr = Synonyms(lines).solr_lines() or ["tepian, tepian"]
        synonym_filter = {"type": "synonym_graph", "lenient": True, "synonyms": solr}
        filters = {"analysis": {"filter": {"tepian_synonyms": synonym_filter}}}
        for name in self._current():
            self.client.raw.indices.close(index=name)
            try:
                self.client.put_settings(name, filters)
            finally:
                self.client.raw.indices.open(index=name)
                self.client.raw.cluster.health(index=name, wait_for_status="yellow")
        self._synonyms = (time.monotonic(), Synonyms(lines))

    # -- writing ------------------------------------------------------------------------------
    def _source(self, package: dict[str, Any]) -> dict[str, Any]:
        """The indexed document: the same keyword values the embedded backend stores (empty
        values left out, so ``field:*`` agrees), the text columns, their Sastrawi stems."""
        flat = prepare(package)
        doc: dict[str, Any] = {}
        for name, value in keyword_values(flat):
            doc.setdefault(name, []).append(value)
        for column, _ in TEXT_COLUMNS:
            text = flat[f"text_{column}"] or ""
            doc[f"text_{column}"] = text or None
            doc[f"stems_{column}"] = " ".join(stem(t) for t in tokens(text)) or None
        doc["suggest_title"] = flat["title"]
        doc["data"] = package
        return doc

    def _actions(self, docs: Iterable[dict[str, Any]], index: str) -> Iterator[dict[str, Any]]:
        for package in docs:
            yield {"_op_type": "index", "_index": index, "_id": package["id"],
                   "_source": self._source(package)}  # fmt: skip

    def index(self, docs: Iterable[dict[str, Any]]) -> None:
        self.ensure_index()
        docs = list(docs)
        targets = [self.alias] + ([self._building] if self._building else [])
        for target in targets:
            self.client.bulk(self._actions(docs, target), refresh=True)

    def delete(self, ids: Iterable[str]) -> None:
        self.ensure_index()
        ids = list(ids)
        for target in [self.alias] + ([self._building] if self._building else []):
            self.client.delete_by_query(target, {"ids": {"values": ids}})

    def bulk_load(
        self, docs: Iterable[dict[str, Any]], progress: Callable[[int], None] | None = None
    ) -> int:
        self.ensure_index()
        return self._load(self.alias, docs, progress)

    def _load(
        self, index: str, docs: Iterable[dict[str, Any]], progress: Callable[[int], None] | None
    ) -> int:
        done = 0

        def counted() -> Iterator[dict[str, Any]]:
            nonlocal done
            for action in self._actions(docs, index):
                yield action
                done += 1
                if progress and done % BATCH == 0:
                    progress(done)

        self.client.bulk(counted())
        self.client.raw.indices.refresh(index=index)
        if progress:
            progress(done)
        return done

    def clear(self) -> None:
        self.ensure_index()
        self.client.delete_by_query(self.alias, {"match_all": {}})

    def reindex(self, docs: Iterable[dict[str, Any]]) -> int:
        """Build a new versioned index, swap the alias atomically, drop the old indices."""
        self.ensure_index()
        old = self._current()
        name = self._new_index(self.synonyms().solr_lines())
        self._building = name
        try:
            self.client.put_settings(name, {"index": {"refresh_interval": "-1"}})
            done = self._load(name, docs, None)
            self.client.put_settings(name, {"index": {"refresh_interval": "1s"}})
            self.client.raw.indices.refresh(index=name)
            actions = [{"remove": {"index": o, "alias": self.alias}} for o in old]
            self.client.update_aliases(actions + [{"add": {"index": name, "alias": self.alias}}])
        except BaseException:
            self.client.raw.indices.delete(index=name, ignore_unavailable=True)
            raise
        finally:
            self._building = None
        for o in old:
            self.client.raw.indices.delete(index=o, ignore_unavailable=True)
        return done

    def drop(self) -> None:
        """Delete every index behind the alias (tests and ``tepian search`` teardown)."""
        for name in self._current():
            self.client.raw.indices.delete(index=name, ignore_unavailable=True)
        self._ready = False

    # -- reading ------------------------------------------------------------------------------
    def search(self, query: SearchQuery) -> SearchResult:
        query = query.normalized()
        self.ensure_index()
        tree = expand_synonyms(parse_all(query.q, query.fq), self.synonyms())
        body = eq.search_body(tree, query, parse_sort(query.sort))
        count, results, facets = eq.parse_response(self.client.search(self.alias, body), query)
        return SearchResult(count=count, results=results, facets=facets)

    def suggest(
        self, text: str, limit: int = 8, labels: list[str] | None = None
    ) -> list[Suggestion]:
        if not text.strip():
            return []
        self.ensure_index()
        visible = eq.visibility(labels, ["active"])
        fields = ["suggest_title", "suggest_title._2gram", "suggest_title._3gram"]
        body = {
            "size": limit * 3,
            "_source": ["data.title", "data.name"],
            "query": {"bool": {"filter": visible, "minimum_should_match": 1, "should": [
                {"multi_match": {"query": text, "type": "bool_prefix", "fields": fields}},
                {"match": {"text_title.exact": {"query": text, "fuzziness": "AUTO:5,8",
                                          "prefix_length": 1, "operator": "and"}}},
            ]}},
            "aggs": {"all": {"global": {}, "aggs": {"visible": {
                "filter": {"bool": {"filter": visible}},
                "aggs": {
                    "tags": {"terms": {"field": "tags", "size": 500}},
                    "orgs": {"terms": {"field": "organization", "size": 200}, "aggs": {
                        "title": {"terms": {"field": "organization_title", "size": 1}}}},
                },
            }}}},
        }  # fmt: skip
        response = self.client.search(self.alias, body)
        hits = response["hits"]["hits"]
        titles = [(h["_source"]["data"]["title"], h["_source"]["data"]["name"]) for h in hits]
        buckets = response["aggregations"]["all"]["visible"]
        tags = [(b["key"], b["doc_count"]) for b in buckets["tags"]["buckets"]]
        orgs = [
            ((b["title"]["buckets"] or [{"key": b["key"]}])[0]["key"], b["key"], b["doc_count"])
            for b in buckets["orgs"]["buckets"]
        ]
        return sg.rank(text, titles, tags, orgs, limit, self.synonyms())

    # -- housekeeping -------------------------------------------------------------------------
    def get_modified(self, ids: Iterable[str]) -> dict[str, str]:
        self.ensure_index()
        ids = list(ids)
        out: dict[str, str] = {}
        for start in range(0, len(ids), BATCH):
            chunk = ids[start : start + BATCH]
            body = {"size": len(chunk), "query": {"ids": {"values": chunk}},
                    "_source": ["id", "data.metadata_modified"]}  # fmt: skip
            for hit in self.client.search(self.alias, body)["hits"]["hits"]:
                out[hit["_id"]] = hit["_source"]["data"]["metadata_modified"]
        return out

    def health(self) -> str:
        try:
            return str(body_of(self.client.raw.cluster.health())["status"])
        except SearchUnavailable:
            return "red"
        except Exception:  # any transport or HTTP error means the engine is not usable
            return "red"

    def stats(self) -> dict[str, Any]:
        health = self.health()
        info: dict[str, Any] = {"engine": self._engine or "unknown", "health": health, "count": 0}
        if health == "red":
            return info
        try:
            indices = self._current()
            info["indices"] = indices
            info["count"] = (
                int(body_of(self.client.raw.count(index=self.alias))["count"]) if indices else 0
            )
            info["needs_reindex"] = any(f"-v{MAPPING_VERSION}-" not in n for n in indices)
        except Exception as exc:  # report, do not raise: stats feed status pages
            info["error"] = str(exc)
        return info
