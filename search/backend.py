"""The contract every search backend fulfils, and the value objects it speaks in.

A backend stores *documents* (CKAN package dicts, see :mod:`search.documents`) and answers
CKAN ``package_search`` style questions about them::

    backend.index([doc])
    result = backend.search(SearchQuery(q="penduduk", fq=["organization:disdukcapil"]))
    result.count, result.results[0]["name"], result.facets["tags"]

Two implementations exist: :class:`search.embedded.EmbeddedBackend` (SQLite FTS5, no server)
and :class:`search.engine.EngineBackend` (Elasticsearch 8 / OpenSearch 2-3).
"""

from __future__ import annotations

import abc
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from search.documents import is_keyword_field
from search.errors import QueryError

MAX_ROWS = 1000
DEFAULT_SORT = "score desc, metadata_modified desc"

#: Fields a caller may sort on (CKAN sort string names), mapped to the flat field used.
SORTABLE = {
    "score": "score",
    "title_string": "title_string",
    "title": "title_string",
    "name": "name",
    "metadata_modified": "metadata_modified",
    "metadata_created": "metadata_created",
    "num_resources": "num_resources",
    "num_tags": "num_tags",
    "id": "id",
}


@dataclass
class SearchQuery:
    """One ``package_search`` request, in CKAN's vocabulary.

    ``labels`` are the permission labels the caller holds (``["public"]`` for anonymous
    users); ``None`` means no restriction (a sysadmin). ``states`` restricts on the
    dataset state, ``["active"]`` unless the caller asks for drafts.
    """

    q: str = ""
    fq: list[str] = field(default_factory=list)
    facet_fields: list[str] = field(default_factory=list)
    facet_limit: int = 50
    facet_mincount: int = 1
    sort: str = DEFAULT_SORT
    rows: int = 10
    start: int = 0
    labels: list[str] | None = None
    states: list[str] = field(default_factory=lambda: ["active"])
    highlight: bool = False

    def normalized(self) -> SearchQuery:
        """Return a copy with rows/start clamped and the sort string parsed (or QueryError)."""
        rows = max(0, min(int(self.rows), MAX_ROWS))
        start = max(0, int(self.start))
        parse_sort(self.sort)
        for name in self.facet_fields:
            if not is_keyword_field(name):
                raise QueryError(f"Cannot facet on {name!r}: only keyword fields have facets")
        return SearchQuery(**{**self.__dict__, "rows": rows, "start": start})


@dataclass
class SearchResult:
    """The answer: total ``count``, one page of stored package dicts, and facet counts."""

    count: int
    results: list[dict[str, Any]]
    facets: dict[str, dict[str, int]] = field(default_factory=dict)


@dataclass
class Suggestion:
    """One autocomplete entry: ``kind`` is ``"dataset"``, ``"tag"`` or ``"organization"``;
    ``value`` is what to link to (dataset name, tag, organization name)."""

    text: str
    kind: str
    value: str


def parse_sort(sort: str | None) -> list[tuple[str, bool]]:
    """Parse a CKAN sort string into ``[(flat_field, descending), ...]``.

    >>> parse_sort("score desc, metadata_modified desc")
    [('score', True), ('metadata_modified', True)]

    ``id`` is appended as a final tie-breaker so that paging is stable on every backend.
    """
    parts: list[tuple[str, bool]] = []
    for chunk in (sort or DEFAULT_SORT).split(","):
        words = chunk.split()
        if not words:
            continue
        if len(words) > 2 or (len(words) == 2 and words[1].lower() not in ("asc", "desc")):
            raise QueryError(f"Invalid sort {chunk.strip()!r}: expected 'field asc|desc'")
        name = words[0]
        if name not in SORTABLE:
            allowed = ", ".join(sorted(SORTABLE))
            raise QueryError(f"Cannot sort on {name!r}; sortable fields: {allowed}")
        desc = len(words) == 2 and words[1].lower() == "desc"
        parts.append((SORTABLE[name], desc))
    if not any(f == "id" for f, _ in parts):
        parts.append(("id", False))
    return parts


class SearchBackend(abc.ABC):
    """What the catalog needs from a search engine. All methods take and return plain data."""

    engine: str = "abstract"

    @abc.abstractmethod
    def index(self, docs: Iterable[dict[str, Any]]) -> None:
        """Add or replace documents (package dicts); visible to the next search."""

    @abc.abstractmethod
    def delete(self, ids: Iterable[str]) -> None:
        """Remove documents by dataset id; unknown ids are ignored."""

    @abc.abstractmethod
    def bulk_load(
        self,
        docs: Iterable[dict[str, Any]],
        progress: Callable[[int], None] | None = None,
    ) -> int:
        """Index many documents efficiently; ``progress(n_done)`` is called now and then.

        Returns the number of documents loaded.
        """

    @abc.abstractmethod
    def clear(self) -> None:
        """Remove every document (the index itself stays usable)."""

    @abc.abstractmethod
    def search(self, query: SearchQuery) -> SearchResult:
        """Answer a :class:`SearchQuery`; raises :class:`~search.errors.QueryError`."""

    @abc.abstractmethod
    def suggest(
        self, text: str, limit: int = 8, labels: list[str] | None = None
    ) -> list[Suggestion]:
        """Autocomplete ``text`` against dataset titles, tags and OPD names."""

    @abc.abstractmethod
    def stats(self) -> dict[str, Any]:
        """``{"count": int, "engine": str, "health": str, ...}`` for status pages and the CLI."""

    @abc.abstractmethod
    def get_modified(self, ids: Iterable[str]) -> dict[str, str]:
        """``{id: metadata_modified}`` for the ids that are indexed (drift checks)."""

    @abc.abstractmethod
    def reindex(self, docs: Iterable[dict[str, Any]]) -> int:
        """Rebuild the whole index from ``docs`` while searches keep being answered."""

    @abc.abstractmethod
    def health(self) -> str:
        """``"green"``, ``"yellow"`` or ``"red"`` (``"red"`` when unreachable)."""

    @abc.abstractmethod
    def set_synonyms(self, lines: list[str]) -> None:
        """Replace the synonym list (Solr format lines, see :mod:`search.analysis`)."""
