"""The DCAT/DCAT-AP RDF source type: Turtle, RDF/XML and JSON-LD, Hydra paging, languages."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from harvest_remote import RemoteServer, Reply

from harvesters.base import HarvestedPackage, HarvestError, SourceConfig
from harvesters.dcat_rdf import DcatRdfHarvester
from harvesters.mapping import parse_date, parse_datetime


@pytest.fixture
def serve(remote: RemoteServer, fixture_bytes: Callable[[str], bytes]):
    """Serve a fixture file at a path, with ``{base}`` replaced by the server's address."""

    def serve(path: str, name: str, content_type: str) -> None:
        body = fixture_bytes(name).replace(b"{base}", remote.url("").encode())
        remote.route(path, Reply(body, headers={"Content-Type": content_type}))

    return serve


@pytest.fixture
def paged_catalog(serve, remote: RemoteServer) -> RemoteServer:
    serve("/catalog.ttl", "dcat_page1.ttl", "text/turtle; charset=utf-8")
    serve("/catalog.rdf", "dcat_page2.rdf", "application/rdf+xml")
    return remote


def harvest(source: SourceConfig) -> dict[str, HarvestedPackage]:
    harvester = DcatRdfHarvester()
    try:
        return {
            ref.guid: harvester.parse(source, harvester.fetch(source, ref))
            for ref in harvester.gather(source, None)
        }
    finally:
        harvester.close()


def test_old_hydra_paging_across_turtle_and_rdf_xml(paged_catalog, make_source) -> None:
    results = harvest(make_source("dcat_rdf", "/catalog.ttl"))
    pasar = paged_catalog.url("/dataset/c1be4007-d811-48fb-8818-2cb358b06a63")
    assert sorted(results) == sorted(["penduduk-2023", "inflasi-bulanan", pasar])
    assert [r.path for r in paged_catalog.requests] == ["/catalog.ttl", "/catalog.rdf"]


def test_dcat_ap_dataset_mapping(paged_catalog, make_source) -> None:
    result = harvest(make_source("dcat_rdf", "/catalog.ttl"))["penduduk-2023"]
    package = result.package
    assert package["title"] == "Jumlah Penduduk Menurut Kecamatan Tahun 2023"
    assert package["notes"].startswith("Data ini menyajikan")
    assert package["tags"] == [{"name": "kecamatan"}, {"name": "penduduk"}]
    assert package["groups"] == [{"name": "soci"}]
    assert package["license_id"] == "cc-by"  # from the distribution, as DCAT-AP puts it
    assert package["frekuensi"] == "tahunan" and package["klasifikasi"] == "terbuka"
    assert (package["temporal_start"], package["temporal_end"], package["tahun"]) == (
        "2023-01-01",
        "2023-12-31",
        "2023",
    )
    assert (package["cakupan_wilayah"], package["kode_wilayah"]) == ("Kota Samarinda", "6472")
    assert package["produsen_data"] == "Dinas Kependudukan dan Pencatatan Sipil"
    assert package["maintainer_email"] == "diskominfo@samarindakota.go.id"
    assert package["url"] == paged_catalog.url("/dataset/penduduk-2023/halaman")
    assert package["remote_modified"] == "2024-03-05T00:41:09Z"
    assert package["resources"] == [
        {
            "name": "Tabel penduduk (CSV)",
            "description": None,
            "format": "CSV",
            "mimetype": "text/csv",
            "size": 147253,
            "url": paged_catalog.url("/files/penduduk-2023.csv"),
        }
    ]
    assert result.organization == {
        "name": "dinas-kependudukan-dan-pencatatan-sipil",
        "title": "Dinas Kependudukan dan Pencatatan Sipil",
    }


def test_language_preference_is_configurable(paged_catalog, make_source) -> None:
    source = make_source("dcat_rdf", "/catalog.ttl", language=["en"])
    package = harvest(source)["penduduk-2023"].package
    assert package["title"] == "Population by District 2023"
    assert package["tags"] == [{"name": "population"}]
    assert package["produsen_data"] == "Civil Registry Office"


def test_untagged_values_iso_frequency_node_and_schema_dates(paged_catalog, make_source) -> None:
    package = harvest(make_source("dcat_rdf", "/catalog.ttl"))["inflasi-bulanan"].package
    assert package["title"] == "Inflasi Bulanan Kota Samarinda"
    assert package["frekuensi"] == "triwulanan"
    assert (package["temporal_start"], package["temporal_end"], package["tahun"]) == (
        "2018-01-01",
        "2022-12-31",
        "2018-2022",
    )
    assert package["license_id"] == "cc-zero"
    assert package["remote_modified"] == "2023-01-01T00:00:00Z"
    assert package["groups"] == [{"name": "ekonomi"}]
    assert package["resources"][0]["format"] == "JSON"


def test_rdf_xml_dataset_without_identifier_uses_its_uri(paged_catalog, make_source) -> None:
    uri = paged_catalog.url("/dataset/c1be4007-d811-48fb-8818-2cb358b06a63")
    result = harvest(make_source("dcat_rdf", "/catalog.ttl"))[uri]
    package = result.package
    assert package["remote_modified"] == "2023-05-12T00:00:00Z"  # "12/05/2023", day first
    assert package["frekuensi"] == "tidak-tentu" and package["license_id"] == "cc-zero"
    assert package["resources"][0]["format"] == "GeoJSON"
    assert package["resources"][0]["mimetype"] == "application/geo+json"
    assert package["resources"][0]["size"] == 27256
    assert result.organization == {"name": "dinas-perdagangan", "title": "Dinas Perdagangan"}


def test_json_ld_with_new_hydra_view_and_remote_context(serve, remote, make_source) -> None:
    serve("/catalog.jsonld", "dcat_page1.jsonld", "application/ld+json")
    results = harvest(make_source("dcat_rdf", "/catalog.jsonld"))
    # The remote @context was not fetched (it would fail: only loopback is reachable here).
    assert list(results) == ["apbd-2024"]
    package = results["apbd-2024"].package
    assert (package["frekuensi"], package["remote_modified"]) == ("bulanan", "2024-06-30T00:00:00Z")
    assert package["tags"] == [{"name": "APBD"}, {"name": "keuangan daerah"}]
    # page 2 (relative hydra:next) answers with page 1 again: the visited set ends the loop
    assert [r.query for r in remote.requests] == [{}, {"page": "2"}]


def test_json_ld_pages_served_by_query(remote: RemoteServer, fixture_bytes, make_source) -> None:
    base = remote.url("").encode()
    pages = {None: "dcat_page1.jsonld", "2": "dcat_page2.jsonld"}
    remote.route(
        "/catalog.jsonld",
        lambda req: Reply(
            fixture_bytes(pages[req.query.get("page")]).replace(b"{base}", base),
            headers={"Content-Type": "application/ld+json"},
        ),
    )
    results = harvest(make_source("dcat_rdf", "/catalog.jsonld"))
    package = results[remote.url("/dataset/pad-2024")].package
    assert package["title"] == "Pendapatan Asli Daerah 2024"
    assert (package["temporal_start"], package["temporal_end"], package["tahun"]) == (
        "2020-01-01",
        "2024-06-30",
        "2020-2024",
    )


def test_format_is_sniffed_when_content_type_is_generic(serve, remote, make_source) -> None:
    serve("/katalog", "dcat_page2.rdf", "text/plain")
    assert len(harvest(make_source("dcat_rdf", "/katalog"))) == 1


def test_page_limit_stops_endless_paging(remote: RemoteServer, make_source) -> None:
    def page(req) -> Reply:
        n, here = int(req.query.get("page", 1)), remote.url("/tak-berujung")
        body = (
            f"@prefix dcat: <http://www.w3.org/ns/dcat#> . "
            f"@prefix hydra: <http://www.w3.org/ns/hydra/core#> . "
            f"<{here}?page={n}> hydra:next <{here}?page={n + 1}> . <d{n}> a dcat:Dataset ."
        )
        return Reply(body, headers={"Content-Type": "text/turtle"})

    remote.route("/tak-berujung", page)
    harvester = DcatRdfHarvester()
    source = make_source("dcat_rdf", "/tak-berujung", max_pages=3)
    gathered = []
    with pytest.raises(HarvestError, match="stopped after 3 pages"):
        for ref in harvester.gather(source, None):
            gathered.append(ref.guid)
    harvester.close()
    assert len(gathered) == 3 and len(remote.requests) == 3


def test_invalid_rdf_is_a_harvest_error(remote: RemoteServer, make_source) -> None:
    remote.route("/rusak.ttl", Reply("@prefix dcat <oops", headers={"Content-Type": "text/turtle"}))
    with pytest.raises(HarvestError, match="not a valid turtle"):
        harvest(make_source("dcat_rdf", "/rusak.ttl"))


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2023-05-12", "2023-05-12"),
        ("2023-05-12T10:00:00+07:00", "2023-05-12"),
        ("2023", "2023-01-01"),
        ("2023-02", "2023-02-01"),
        ("12/05/2023", "2023-05-12"),
        ("05/13/2023", "2023-05-13"),
        ("12.05.2023", "2023-05-12"),
        ("kemarin", None),
    ],
)
def test_odd_dates(value: str, expected: str | None) -> None:
    parsed = parse_date(value)
    assert (parsed.isoformat() if parsed else None) == expected


def test_datetimes_become_utc() -> None:
    assert parse_datetime("2024-03-05T08:41:09+08:00").isoformat() == "2024-03-05T00:41:09+00:00"
    assert parse_datetime("2024-03-05T08:41:09.552190").tzinfo is not None
