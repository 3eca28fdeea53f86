"""Compile the query AST to Elasticsearch/OpenSearch query DSL, and parse responses.

Shared by both clients (the DSL is the same). Every bare word becomes one clause that may
match in any weighted text field (fuzzy, ``AUTO:5,8``) or through its Sastrawi stem, so all
words are required but each may be found in a different field, as in the embedded backend::

    >>> compile_node(Term("tags", "kesehatan"))
    {'term': {'tags': 'kesehatan'}}
"""

from __future__ import annotations

from typing import Any

from search.analysis import fold, stem, tokens
from search.backend import SearchQuery
from search.documents import FIELD_COLUMNS
from search.mapping import TEXT_INDEX_FIELDS
from search.query import And, Exists, MatchAll, Node, Not, Or, Phrase, Range, Term, Wildcard

_BOOSTS = dict(TEXT_INDEX_FIELDS)
_SORT = {"score": "_score"}
_HIGHLIGHT_NAMES = {"text_title": "title", "text_notes": "notes"}


def _fields(field: str | None, exact: bool = False) -> list[str]:
    """Boosted field names for a text field; ``exact`` adds the unstemmed subfields, so
    typos are also measured against the words as written ("pendudk" -> "penduduk")."""
    columns = FIELD_COLUMNS.get(field or "text", FIELD_COLUMNS["text"])
    suffixes = ["", ".exact"] if exact else [""]
    return [f"text_{c}{x}^{_BOOSTS['text_' + c]:g}" for c in columns for x in suffixes]


def _stem_fields(field: str | None) -> list[str]:
    columns = FIELD_COLUMNS.get(field or "text", FIELD_COLUMNS["text"])
    return [f"stems_{c}^{_BOOSTS['text_' + c]:g}" for c in columns]


def _word(field: str | None, token: str) -> dict[str, Any]:
    clauses: list[dict[str, Any]] = [
        {
            "multi_match": {
                "query": token,
                "fields": _fields(field, exact=True),
                "type": "best_fields",
                "fuzziness": "AUTO:5,8",
                "prefix_length": 1,
                "max_expansions": 50,
                "zero_terms_query": "all",
            }
        },
        {"multi_match": {"query": stem(token), "fields": _stem_fields(field)}},
    ]
    return {"bool": {"should": clauses, "minimum_should_match": 1}}


def _text(node: Node) -> dict[str, Any] | None:
    if isinstance(node, Term):
        words = tokens(str(node.text))
        if not words:
            return None
        clauses = [_word(node.field, w) for w in words]
        return clauses[0] if len(clauses) == 1 else {"bool": {"must": clauses}}
    if isinstance(node, Phrase):
        words = tokens(node.text)
        if len(words) <= 1:
            return _text(Term(node.field, node.text))
        should: list[dict[str, Any]] = [
            {"multi_match": {"query": node.text, "fields": _fields(node.field), "type": "phrase"}}
        ]
        stemmed = " ".join(stem(w) for w in words)
        should.append(
            {
                "multi_match": {
                    "query": stemmed,
                    "fields": _stem_fields(node.field),
                    "type": "phrase",
                }
            }
        )
        return {"bool": {"should": should, "minimum_should_match": 1}}
    if isinstance(node, Wildcard):
        pattern = fold(node.pattern)
        columns = FIELD_COLUMNS.get(node.field or "text", FIELD_COLUMNS["text"])
        should = [{"wildcard": {f"text_{c}.exact": {"value": pattern}}} for c in columns]
        return {"bool": {"should": should, "minimum_should_match": 1}}
    if isinstance(node, Exists):
        return {"exists": {"field": f"text_{FIELD_COLUMNS[node.field][0]}"}}
    raise TypeError(node)


def _keyword(node: Node) -> dict[str, Any]:
    if isinstance(node, Term):
        return {"term": {node.field: node.text}}
    if isinstance(node, Wildcard):
        return {"wildcard": {node.field: {"value": node.pattern}}}
    if isinstance(node, Exists):
        return {"exists": {"field": node.field}}
    if isinstance(node, Range):
        bounds: dict[str, Any] = {}
        if node.low is not None:
            bounds["gte" if node.include_low else "gt"] = node.low
        if node.high is not None:
            bounds["lte" if node.include_high else "lt"] = node.high
        return {"range": {node.field: bounds}}
    raise TypeError(node)


def compile_node(node: Node) -> dict[str, Any] | None:
    """DSL for one AST node; ``None`` when it places no constraint (stopwords only)."""
    if isinstance(node, MatchAll):
        return {"match_all": {}}
    if isinstance(node, And | Or):
        parts = [p for p in (compile_node(c) for c in node.children) if p is not None]
        if not parts:
            return None
        if len(parts) == 1:
            return parts[0]
        if isinstance(node, And):
            return {"bool": {"must": parts}}
        return {"bool": {"should": parts, "minimum_should_match": 1}}
    if isinstance(node, Not):
        inner = compile_node(node.child)
        return None if inner is None else {"bool": {"must_not": [inner]}}
    field = getattr(node, "field", None)
    if field is None or field in FIELD_COLUMNS:
        return _text(node)
    return _keyword(node)


def visibility(labels: list[str] | None, states: list[str] | None) -> list[dict[str, Any]]:
    """Filters for permission labels (``None``: no restriction) and dataset states."""
    filters: list[dict[str, Any]] = []
    if states:
        filters.append({"terms": {"state": list(states)}})
    if labels is not None:
        filters.append({"terms": {"permission_labels": list(labels)}})
    return filters


def search_body(tree: Node, query: SearchQuery, sort: list[tuple[str, bool]]) -> dict[str, Any]:
    """The complete search request body for a normalised :class:`SearchQuery`."""
    main = compile_node(tree) or {"match_all": {}}
    body: dict[str, Any] = {
        "query": {"bool": {"must": [main], "filter": visibility(query.labels, query.states)}},
        "from": query.start,
        "size": query.rows,
        "track_total_hits": True,
        "_source": ["data"],
        "sort": [{_SORT.get(f, f): {"order": "desc" if d else "asc"}} for f, d in sort],
    }
    size = 10_000 if query.facet_limit < 0 else max(query.facet_limit, 1)
    aggs = {
        f: {
            "terms": {
                "field": f,
                "size": size,
                "min_doc_count": max(query.facet_mincount, 1),
                "order": [{"_count": "desc"}, {"_key": "asc"}],
            }
        }
        for f in query.facet_fields
    }
    if aggs:
        body["aggs"] = aggs
    if query.highlight:
        body["highlight"] = {
            "pre_tags": ["<mark>"],
            "post_tags": ["</mark>"],
            "encoder": "html",
            "require_field_match": False,
            "fields": {
                "text_title": {"number_of_fragments": 0},
                "text_notes": {"fragment_size": 200, "number_of_fragments": 1},
            },
        }
    return body


def parse_response(response: dict[str, Any], query: SearchQuery) -> tuple[int, list, dict]:
    """``(count, results, facets)`` from a search response."""
    hits = response["hits"]
    results = []
    for hit in hits["hits"]:
        package = dict(hit["_source"]["data"])
        if query.highlight:
            found = hit.get("highlight", {})
            package["_highlights"] = {
                _HIGHLIGHT_NAMES[k]: v for k, v in found.items() if k in _HIGHLIGHT_NAMES
            }
        results.append(package)
    facets: dict[str, dict[str, int]] = {}
    if query.facet_limit == 0:
        return hits["total"]["value"], results, {f: {} for f in query.facet_fields}
    for name in query.facet_fields:
        buckets = response.get("aggregations", {}).get(name, {}).get("buckets", [])
        facets[name] = {str(b.get("key_as_string", b["key"])): b["doc_count"] for b in buckets}
    return hits["total"]["value"], results, facets
