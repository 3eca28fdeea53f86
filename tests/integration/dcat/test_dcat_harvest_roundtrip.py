"""Harvesting Tepian's own exports back: what another portal would get.

Tepian's ``dcat_rdf`` and ``dcat_json`` harvesters read the exports through the Flask test
client (a fetcher whose ``get`` is the client), and the parsed packages must keep the titles,
tags, themes, Satu Data codes, licences and files of the originals. A ckanext-dcat style pager
(old ``hydra:nextPage`` and new ``hydra:next``) walks every page.
"""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import DCAT, RDF

from harvesters.base import SourceConfig
from harvesters.dcat_json import DcatJsonHarvester
from harvesters.dcat_rdf import DcatRdfHarvester
from harvesters.http import Fetched, Fetcher, FetchError

HYDRA = "http://www.w3.org/ns/hydra/core#"
#: Tepian licence id -> what a harvester maps the exported licence URL back to.
LICENCE_BACK = {"cc-by-4.0": "cc-by", "odc-odbl": "odc-odbl"}


class ClientFetcher(Fetcher):
    """A fetcher that asks the app's test client instead of the network."""

    def __init__(self, client) -> None:
        super().__init__(allow_private=True)
        self.client = client
        self.urls: list[str] = []

    def get(self, url: str, *, params=None, headers=None) -> Fetched:
        self.urls.append(url)
        if params:
            url = f"{url}?{urlencode(params)}"
        resp = self.client.get(url, headers=dict(headers or {}))
        if resp.status_code >= 400:
            raise FetchError(url, f"HTTP {resp.status_code}", status=resp.status_code)
        return Fetched(url, resp.status_code, dict(resp.headers), resp.get_data())


def harvest(harvester_class, client, url: str, source_type: str) -> tuple[dict, ClientFetcher]:
    """Gather and parse every record of ``url``; return ``{guid: package}`` and the fetcher."""
    fetcher = ClientFetcher(client)
    harvester = harvester_class(fetcher_factory=lambda _source: fetcher)
    source = SourceConfig(name="tepian", url=url, source_type=source_type)
    packages = {}
    for ref in harvester.gather(source, None):
        record = harvester.fetch(source, ref)
        packages[ref.guid] = harvester.parse(source, record).package
    return packages, fetcher


def assert_survives(original: dict, harvested: dict, *, rdf: bool) -> None:
    assert harvested["title"] == original["title"]
    assert harvested["notes"] == original["notes"]
    assert {t["name"] for t in harvested["tags"]} == {t["name"] for t in original["tags"]}
    assert {g["name"] for g in harvested["groups"]} == {g["name"] for g in original["groups"]}
    for key in ("frekuensi", "klasifikasi", "temporal_start", "temporal_end", "tahun"):
        assert harvested[key] == original[key], key
    assert harvested["license_id"] == LICENCE_BACK[original["license_id"]]
    assert harvested["maintainer"] == original["maintainer"]
    assert harvested["maintainer_email"] == original["maintainer_email"]
    assert harvested["produsen_data"] == original["organization"]["title"]
    assert harvested["cakupan_wilayah"] == original["cakupan_wilayah"]
    if rdf:
        assert harvested["kode_wilayah"] == original["kode_wilayah"]
    urls = sorted(r["url"] for r in harvested["resources"])
    assert urls == sorted(r["url"] for r in original["resources"])
    formats = sorted((r.get("format") or "").upper() for r in harvested["resources"])
    assert all(formats), harvested["resources"]


@pytest.mark.parametrize("extension", ["ttl", "rdf", "jsonld"])
def test_dcat_rdf_harvester_reads_every_page_back(catalog, client, extension):
    url = f"http://tepian.test/catalog.{extension}"
    packages, fetcher = harvest(DcatRdfHarvester, client, url, "dcat_rdf")
    assert len(fetcher.urls) == 3  # followed hydra paging to the last page
    assert sorted(packages) == sorted(p["id"] for p in catalog.public)
    for original in catalog.public:
        assert_survives(original, packages[original["id"]], rdf=True)


def test_dcat_json_harvester_reads_data_json_back(catalog, client):
    packages, _ = harvest(DcatJsonHarvester, client, "http://tepian.test/data.json", "dcat_json")
    assert sorted(packages) == sorted(p["id"] for p in catalog.public)
    for original in catalog.public:
        assert_survives(original, packages[original["id"]], rdf=False)


@pytest.mark.parametrize(
    ("collection", "next_link"),
    [("PagedCollection", "nextPage"), ("PartialCollectionView", "next")],
)
def test_ckan_style_pager_walks_the_catalog(catalog, client, collection, next_link):
    """ckanext-dcat's RDF harvester pages like this: the ``next`` of the page node, until none."""
    url: str | None = "http://tepian.test/catalog.rdf"
    seen: list[str] = []
    while url:
        graph = Graph().parse(data=client.get(url).get_data(as_text=True), format="xml")
        seen += [str(d) for d in graph.subjects(RDF.type, DCAT.Dataset)]
        pages = list(graph.subjects(RDF.type, URIRef(HYDRA + collection)))
        assert len(pages) == 1
        following = list(graph.objects(pages[0], URIRef(HYDRA + next_link)))
        url = str(following[0]) if following else None
    assert sorted(seen) == sorted(f"http://tepian.test/dataset/{p['id']}" for p in catalog.public)
