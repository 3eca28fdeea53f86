"""Tepian's search library: CKAN ``package_search`` semantics on plain dicts.

Pick a backend from configuration with :func:`make_backend`::

    backend = make_backend(os.environ.get("TEPIAN_SEARCH_URL"), "instance/search.sqlite")
    backend.index([package_dict])
    result = backend.search(SearchQuery(q="penduduk", fq=["res_format:CSV"], labels=["public"]))

Nothing here imports from ``catalog`` or ``harvesters``; see docs/search.md.
"""

from __future__ import annotations

from search.backend import SearchBackend, SearchQuery, SearchResult, Suggestion
from search.errors import QueryError, SearchError, SearchUnavailable

__all__ = [
    "QueryError",
    "SearchBackend",
    "SearchError",
    "SearchQuery",
    "SearchResult",
    "SearchUnavailable",
    "Suggestion",
    "make_backend",
]


def make_backend(
    url: str | None, embedded_path: str, index_prefix: str = "tepian"
) -> SearchBackend:
    """The backend for a ``TEPIAN_SEARCH_URL`` value.

    ``url`` unset or empty: the embedded SQLite FTS5 backend on ``embedded_path`` (a file, or
    ``":memory:"``). Otherwise ``http(s)://host:port[,host:port]`` of an Elasticsearch 8 or
    OpenSearch 2/3 cluster; the engine is detected from its root response, and documents live
    in versioned indices behind the alias ``index_prefix``.
    """
    if not url:
        from search.embedded import EmbeddedBackend

        return EmbeddedBackend(embedded_path)
    from search.engine import EngineBackend

    return EngineBackend(url, index_prefix=index_prefix)
