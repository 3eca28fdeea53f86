"""The Elasticsearch/OpenSearch backend's pure parts, without a cluster: engine detection,
host lists, the query DSL and the index settings."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from search import SearchQuery, SearchUnavailable
from search.backend import parse_sort
from search.engine_client import detect_engine, split_hosts
from search.engine_query import compile_node, search_body
from search.mapping import mappings, settings
from search.query import parse


def serve_root(info: dict):
    class Root(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (http.server's naming)
            body = json.dumps(info).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Root)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.mark.parametrize(
    ("version", "engine"),
    [({"distribution": "opensearch", "number": "2.19.1"}, "opensearch"),
     ({"number": "8.15.0", "build_flavor": "default"}, "elasticsearch")],
)  # fmt: skip
def test_detect_engine_reads_the_root_response(version, engine):
    server = serve_root({"name": "node", "version": version})
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}"
        assert detect_engine(url + ",127.0.0.1:1") == engine
    finally:
        server.shutdown()
        server.server_close()


def test_detect_engine_unreachable_raises():
    with pytest.raises(SearchUnavailable):
        detect_engine("http://127.0.0.1:9", timeout=2)


def test_hosts_inherit_the_first_scheme():
    assert split_hosts("https://a:9200, b:9200") == ["https://a:9200", "https://b:9200"]


def test_permission_filter_is_in_the_main_query_not_a_post_filter():
    query = SearchQuery(q="penduduk", labels=["public"], facet_fields=["tags"]).normalized()
    body = search_body(parse(query.q), query, parse_sort(query.sort))
    assert "post_filter" not in body
    assert {"terms": {"permission_labels": ["public"]}} in body["query"]["bool"]["filter"]
    assert body["aggs"]["tags"]["terms"]["field"] == "tags"
    assert body["sort"][-1] == {"id": {"order": "asc"}}


def test_keyword_leaves_compile_to_exact_queries():
    assert compile_node(parse("res_format:csv")) == {"term": {"res_format": "CSV"}}
    assert compile_node(parse("years:[2020 TO *}")) == {"range": {"years": {"gte": 2020}}}
    assert compile_node(parse("dan")) is None  # stopwords alone do not restrict


def test_settings_carry_synonyms_and_the_indonesian_stemmer():
    analysis = settings(["dishub, dinas perhubungan"])["analysis"]
    assert analysis["filter"]["tepian_synonyms"]["synonyms"] == ["dishub, dinas perhubungan"]
    assert analysis["filter"]["tepian_stemmer"]["language"] == "indonesian"
    assert "tepian_synonyms" not in analysis["analyzer"]["tepian_index"]["filter"]
    properties = mappings()["properties"]
    assert properties["tags"]["type"] == "keyword"
    assert properties["text_title"]["search_analyzer"] == "tepian_search"
    assert properties["data"] == {"type": "object", "enabled": False}
