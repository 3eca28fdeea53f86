"""The two official clients behind one small interface.

``detect_engine(url)`` reads the cluster's root response: ``version.distribution ==
"opensearch"`` means OpenSearch (``opensearch-py``), anything else Elasticsearch 8
(``elasticsearch``, which refuses to talk to OpenSearch). :class:`Client` then smooths over
the few differences: OpenSearch takes a ``body=``, Elasticsearch 8 takes keyword arguments
and wraps responses::

    client = Client("http://localhost:9200", detect_engine("http://localhost:9200"))
    client.search("tepian", {"query": {"match_all": {}}})
"""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Callable, Iterable
from typing import Any

from search.errors import QueryError, SearchUnavailable

BATCH = 500


def body_of(response: Any) -> Any:
    """The plain JSON of a response (the Elasticsearch client wraps it, OpenSearch does not)."""
    return getattr(response, "body", response)


def split_hosts(url: str) -> list[str]:
    """``"http://a:9200,b:9200"`` -> ``["http://a:9200", "http://b:9200"]``."""
    parts = [p.strip() for p in url.split(",") if p.strip()]
    scheme = parts[0].split("://", 1)[0] if "://" in parts[0] else "http"
    return [p if "://" in p else f"{scheme}://{p}" for p in parts]


def detect_engine(url: str, timeout: float = 10) -> str:
    """``"opensearch"`` or ``"elasticsearch"``, from the root response of the first host."""
    try:
        with urllib.request.urlopen(split_hosts(url)[0], timeout=timeout) as response:
            info = json.load(response)
    except OSError as exc:
        raise SearchUnavailable(f"Search engine at {url} is unreachable: {exc}") from exc
    distribution = info.get("version", {}).get("distribution", "elasticsearch")
    return "opensearch" if distribution == "opensearch" else "elasticsearch"


def translate(exc: Exception) -> Exception:
    """Map a client exception to the library's errors."""
    status = getattr(exc, "status_code", None)
    if status is None:
        status = getattr(getattr(exc, "meta", None), "status", None)
    if status == 400:
        return QueryError(f"The search engine rejected the query: {exc}")
    return SearchUnavailable(f"Search engine error: {exc}")


class Client:
    """The calls the backend needs, for either official client."""

    def __init__(self, url: str, engine: str) -> None:
        self.engine = engine
        if engine == "opensearch":
            from opensearchpy import OpenSearch, helpers

            self.raw: Any = OpenSearch(hosts=split_hosts(url), timeout=30)
        else:
            from elasticsearch import Elasticsearch, helpers  # type: ignore[no-redef]

            self.raw = Elasticsearch(split_hosts(url), request_timeout=30)
        self.helpers = helpers

    def _call(self, method: Callable[..., Any], body: dict[str, Any], **kwargs: Any) -> Any:
        if self.engine == "opensearch":
            return method(body=body, **kwargs)
        fixed = {("from_" if k == "from" else "source" if k == "_source" else k): v
                 for k, v in body.items()}  # fmt: skip
        return method(**fixed, **kwargs)

    def search(self, index: str, body: dict[str, Any]) -> dict[str, Any]:
        """Run a search; engine errors become :class:`QueryError` (HTTP 400 from the engine)
        or :class:`SearchUnavailable` (anything else, e.g. the cluster is down)."""
        try:
            return body_of(self._call(self.raw.search, body, index=index))
        except Exception as exc:  # both clients' error hierarchies, translated once here
            raise translate(exc) from exc

    def create_index(self, name: str, body: dict[str, Any]) -> None:
        self._call(self.raw.indices.create, body, index=name)

    def update_aliases(self, actions: list[dict[str, Any]]) -> None:
        self._call(self.raw.indices.update_aliases, {"actions": actions})

    def put_settings(self, index: str, body: dict[str, Any]) -> None:
        if self.engine == "opensearch":
            self.raw.indices.put_settings(index=index, body=body)
        else:
            self.raw.indices.put_settings(index=index, settings=body)

    def delete_by_query(self, index: str, query: dict[str, Any]) -> None:
        self._call(self.raw.delete_by_query, {"query": query}, index=index, refresh=True)

    def bulk(self, actions: Iterable[dict[str, Any]], refresh: bool | str = False) -> None:
        try:
            self.helpers.bulk(self.raw, actions, refresh=refresh, chunk_size=BATCH)
        except Exception as exc:  # BulkIndexError, transport errors
            raise SearchUnavailable(f"Indexing failed: {exc}") from exc
