"""Index settings and mappings for Elasticsearch 8 and OpenSearch 2/3.

The built-in ``indonesian`` analyzer is rebuilt as custom analyzers so synonyms can be added
at search time::

    tepian_index:  words -> lowercase -> asciifolding -> stop -> stemmer(indonesian)
    tepian_search: words -> lowercase -> asciifolding -> synonym_graph -> stop -> stemmer
    tepian_exact:  words -> lowercase -> asciifolding -> stop     (surface forms: wildcards)

Lucene's Indonesian stemmer is weaker than Sastrawi ("kependudukan" becomes "nduduk", not
"duduk"), so the backend also indexes Sastrawi stems, computed in Python, in one
``stems_<column>`` field per text column, and queries them with Python-stemmed words.

Bump :data:`MAPPING_VERSION` whenever anything here changes: the index name carries it
(``tepian-v3-20240501101500``) and ``stats()`` reports when a reindex is needed.
"""

from __future__ import annotations

from typing import Any

from search.analysis import STOPWORDS
from search.documents import DATE_FIELDS, INT_FIELDS, KEYWORD_FIELDS, TEXT_COLUMNS

MAPPING_VERSION = 1

#: Flat text fields in the index (``text_<column>``), with their query boosts.
TEXT_INDEX_FIELDS = [(f"text_{c}", w) for c, w in TEXT_COLUMNS]


def settings(synonym_lines: list[str]) -> dict[str, Any]:
    """Index settings: one shard, replicas as the cluster allows, the analyzers."""
    stop_chain = ["tepian_stop_id", "tepian_stop_en", "tepian_stop"]
    return {
        "number_of_shards": 1,
        "auto_expand_replicas": "0-1",
        "analysis": {
            "filter": {
                "tepian_stop_id": {"type": "stop", "stopwords": "_indonesian_"},
                "tepian_stop_en": {"type": "stop", "stopwords": "_english_"},
                "tepian_stop": {"type": "stop", "stopwords": sorted(STOPWORDS)},
                "tepian_stemmer": {"type": "stemmer", "language": "indonesian"},
                "tepian_synonyms": {
                    "type": "synonym_graph",
                    "lenient": True,
                    "synonyms": synonym_lines or ["tepian, tepian"],
                },
            },
            "tokenizer": {
                # Runs of letters and digits, exactly like search.analysis.words(): "PM2.5" is
                # "pm2" + "5" on both backends (the standard tokenizer would keep "pm2.5").
                "tepian_words": {"type": "pattern", "pattern": "[^\\p{L}\\p{N}]+"},
            },
            "analyzer": {
                "tepian_index": {
                    "tokenizer": "tepian_words",
                    "filter": ["lowercase", "asciifolding", *stop_chain, "tepian_stemmer"],
                },
                "tepian_search": {
                    "tokenizer": "tepian_words",
                    "filter": [
                        "lowercase",
                        "asciifolding",
                        "tepian_synonyms",
                        *stop_chain,
                        "tepian_stemmer",
                    ],
                },  # fmt: skip
                "tepian_exact": {
                    "tokenizer": "tepian_words",
                    "filter": ["lowercase", "asciifolding", *stop_chain],
                },
                "tepian_stems": {"tokenizer": "whitespace", "filter": ["lowercase"]},
                "tepian_suggest": {
                    "tokenizer": "standard",
                    "filter": ["lowercase", "asciifolding"],
                },
            },
        },
    }


def _keyword_type(name: str) -> dict[str, Any]:
    if name in INT_FIELDS:
        return {"type": "integer"}
    if name in DATE_FIELDS:
        return {"type": "date", "format": "strict_date_optional_time||epoch_millis"}
    if name == "private":
        return {"type": "boolean"}
    return {"type": "keyword", "ignore_above": 512}


def mappings() -> dict[str, Any]:
    """Field mappings: keywords for filters and facets, analysed text for ``q``."""
    properties: dict[str, Any] = {name: _keyword_type(name) for name in sorted(KEYWORD_FIELDS)}
    for name, _ in TEXT_INDEX_FIELDS:
        properties[name] = {
            "type": "text",
            "analyzer": "tepian_index",
            "search_analyzer": "tepian_search",
            "fields": {"exact": {"type": "text", "analyzer": "tepian_exact"}},
        }
    for name, _ in TEXT_INDEX_FIELDS:
        properties["stems_" + name[5:]] = {"type": "text", "analyzer": "tepian_stems"}
    properties["suggest_title"] = {"type": "search_as_you_type", "analyzer": "tepian_suggest"}
    properties["data"] = {"type": "object", "enabled": False}
    return {
        "dynamic": True,
        "_meta": {"tepian_mapping_version": MAPPING_VERSION},
        "dynamic_templates": [
            {"extras": {"match": "extras_*", "mapping": {"type": "keyword", "ignore_above": 512}}}
        ],
        "properties": properties,
    }
