"""The DCAT endpoints: paging, what is (never) exported, syntaxes, media types, links."""

from __future__ import annotations

import json
import warnings
from urllib.parse import urlencode

import pytest
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCAT, RDF

from tests.integration.dcat.conftest import PER_PAGE

HYDRA = "http://www.w3.org/ns/hydra/core#"
PARSERS = {"ttl": "turtle", "rdf": "xml", "xml": "xml", "jsonld": "json-ld"}
MEDIA = {
    "ttl": "text/turtle",
    "rdf": "application/rdf+xml",
    "xml": "application/rdf+xml",
    "jsonld": "application/ld+json",
}


def parse(text: str, extension: str) -> Graph:
    with warnings.catch_warnings():  # rdflib's JSON-LD parser uses its own deprecated API
        warnings.filterwarnings("ignore", "ConjunctiveGraph", DeprecationWarning)
        return Graph().parse(data=text, format=PARSERS[extension])


def get_graph(client, url: str, extension: str = "ttl") -> Graph:
    resp = client.get(url)
    assert resp.status_code == 200, resp.get_data(as_text=True)
    return parse(resp.get_data(as_text=True), extension)


def datasets(graph: Graph) -> set[str]:
    return {str(d) for d in graph.subjects(RDF.type, DCAT.Dataset)}


def hydra(graph: Graph, name: str) -> str | None:
    values = {str(v) for v in graph.objects(None, URIRef(HYDRA + name))}
    assert len(values) <= 1, values
    return values.pop() if values else None


def test_catalog_pages_list_every_public_dataset_exactly_once(catalog, client):
    seen: list[str] = []
    url: str | None = "http://tepian.test/catalog.ttl"
    pages = 0
    while url:
        graph = get_graph(client, url)
        pages += 1
        found = datasets(graph)
        assert len(found) <= PER_PAGE
        seen.extend(found)
        assert hydra(graph, "totalItems") == "10"
        assert hydra(graph, "itemsPerPage") == str(PER_PAGE)
        assert hydra(graph, "last") == "http://tepian.test/catalog.ttl?page=3"
        assert hydra(graph, "lastPage") == hydra(graph, "last")
        assert hydra(graph, "first") == "http://tepian.test/catalog.ttl?page=1"
        assert (None, RDF.type, URIRef(HYDRA + "PagedCollection")) in graph
        assert (None, RDF.type, URIRef(HYDRA + "PartialCollectionView")) in graph
        url = hydra(graph, "next")
        assert url == hydra(graph, "nextPage")
    assert pages == 3
    expected = {f"http://tepian.test/dataset/{p['id']}" for p in catalog.public}
    assert sorted(seen) == sorted(expected)


def test_last_page_links_back_and_not_forward(catalog, client):
    graph = get_graph(client, "/catalog.ttl?page=3")
    assert hydra(graph, "previous") == "http://tepian.test/catalog.ttl?page=2"
    assert hydra(graph, "next") is None and hydra(graph, "nextPage") is None
    assert len(datasets(graph)) == 10 - 2 * PER_PAGE


def test_page_after_the_last_is_not_found(catalog, client):
    assert client.get("/catalog.ttl?page=4").status_code == 404


@pytest.mark.parametrize("query", ["page=0", "page=x", "modified_since=gestern", "profiles=x"])
def test_bad_parameters_are_a_plain_400(catalog, client, query):
    resp = client.get(f"/catalog.ttl?{query}")
    assert resp.status_code == 400
    assert resp.mimetype == "text/plain"


def test_private_draft_and_deleted_datasets_never_appear(catalog, client, api):
    hidden = {d["id"] for d in catalog.hidden} | {d["name"] for d in catalog.hidden}
    bodies = [client.get(f"/catalog.ttl?page={n}").get_data(as_text=True) for n in (1, 2, 3)]
    bodies.append(client.get("/data.json").get_data(as_text=True))
    # Even a sysadmin's session gets the public feed only.
    headers = {"Authorization": api.tokens[api.sysadmin()]}
    bodies.append(client.get("/catalog.jsonld?page=1", headers=headers).get_data(as_text=True))
    for body in bodies:
        assert not [ref for ref in hidden if ref in body]
    for dataset in catalog.hidden:
        for extension in ("ttl", "rdf", "jsonld"):
            resp = client.get(f"/dataset/{dataset['name']}.{extension}", headers=headers)
            assert resp.status_code == 404


@pytest.mark.parametrize("extension", ["rdf", "xml", "jsonld"])
def test_every_syntax_carries_the_same_graph_as_turtle(catalog, client, extension):
    turtle = get_graph(client, "/catalog.ttl?page=2")
    other = client.get(f"/catalog.{extension}?page=2")
    assert other.content_type == f"{MEDIA[extension]}; charset=utf-8"
    graph = parse(other.get_data(as_text=True), extension)
    # The page's own URL differs by extension: compare with the links normalised.
    ttl_text = turtle.serialize(format="nt").replace(".ttl?", f".{extension}?")
    assert isomorphic(Graph().parse(data=ttl_text, format="nt"), graph)


def test_jsonld_uses_a_compact_local_context(catalog, client):
    document = json.loads(client.get("/catalog.jsonld").get_data(as_text=True))
    assert document["@context"]["dcat"] == "http://www.w3.org/ns/dcat#"
    assert "dcat:Dataset" in json.dumps(document)


@pytest.mark.parametrize("extension", ["ttl", "rdf", "jsonld"])
def test_one_dataset_by_name_or_id(catalog, client, extension):
    pkg = catalog.public[1]
    for ref in (pkg["name"], pkg["id"]):
        resp = client.get(f"/dataset/{ref}.{extension}")
        assert resp.status_code == 200
        assert resp.mimetype == MEDIA[extension]
        graph = parse(resp.get_data(as_text=True), extension)
        assert datasets(graph) == {f"http://tepian.test/dataset/{pkg['id']}"}


def test_dataset_page_still_html_and_links_the_exports(catalog, client):
    pkg = catalog.public[0]
    resp = client.get(f"/dataset/{pkg['name']}")
    assert resp.status_code == 200 and resp.mimetype == "text/html"
    page = resp.get_data(as_text=True)
    for extension in ("ttl", "rdf", "jsonld"):
        assert f'href="/dataset/{pkg["name"]}.{extension}"' in page
    assert client.get("/dataset/tidak-ada.ttl").status_code == 404


@pytest.mark.parametrize(
    ("accept", "media"),
    [
        ("application/ld+json", "application/ld+json"),
        ("application/rdf+xml", "application/rdf+xml"),
        ("text/turtle", "text/turtle"),
        ("text/html", "text/turtle"),
    ],
)
def test_catalog_negotiates_on_accept(catalog, client, accept, media):
    resp = client.get("/catalog", headers={"Accept": accept})
    assert resp.status_code == 200
    assert resp.mimetype == media
    assert "Accept" in resp.headers["Vary"]


def test_modified_since_q_and_fq_narrow_the_catalog(catalog, client, api):
    changed = catalog.public[4]
    api.ok("package_patch", {"id": changed["id"], "notes": "Diperbarui."}, user=api.sysadmin())
    stamp = api.ok("package_show", {"id": changed["id"]})["metadata_modified"]
    graph = get_graph(client, f"/catalog.ttl?modified_since={stamp}")
    assert datasets(graph) == {f"http://tepian.test/dataset/{changed['id']}"}
    query = urlencode({"modified_since": stamp, "page": 1})
    assert hydra(graph, "first") == f"http://tepian.test/catalog.ttl?{query}"
    graph = get_graph(client, "/catalog.ttl?fq=organization:dishub")
    assert len(datasets(graph)) == 3
    graph = get_graph(client, "/catalog.ttl?q=penduduk&fq=organization:dinkes")
    assert len(datasets(graph)) == 4
