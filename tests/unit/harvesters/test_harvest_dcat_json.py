"""The data.json (DCAT-US 1.1) source type against a served catalog with real-world quirks."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from harvest_remote import RemoteServer, Reply

from harvesters.base import HarvestedPackage, HarvestError, RecordError, SourceConfig
from harvesters.dcat_json import DcatJsonHarvester


@pytest.fixture
def catalog(remote: RemoteServer, fixture_bytes: Callable[[str], bytes]) -> RemoteServer:
    remote.route(
        "/data.json",
        Reply(fixture_bytes("data.json"), gzip=True, headers={"Content-Type": "application/json"}),
    )
    return remote


def harvest(source: SourceConfig) -> dict[str, HarvestedPackage | RecordError]:
    harvester = DcatJsonHarvester()
    results: dict[str, HarvestedPackage | RecordError] = {}
    for ref in harvester.gather(source, None):
        try:
            results[ref.guid] = harvester.parse(source, harvester.fetch(source, ref))
        except RecordError as exc:
            results[ref.guid] = exc
    harvester.close()
    return results


@pytest.fixture
def results(catalog: RemoteServer, make_source: Callable[..., SourceConfig]) -> dict:
    return harvest(make_source("dcat_json", "/data.json"))


STUNTING = "https://opendata.samarindakota.go.id/dataset/stunting-balita"


def test_gather_yields_each_identifier_once(results: dict) -> None:
    assert list(results) == [STUNTING, "trayek-angkot", "umkm-binaan", "#dataset-4"]
    assert results[STUNTING].package["title"].startswith("Jumlah Kasus Stunting")


def test_missing_identifier_is_a_record_error(results: dict) -> None:
    assert isinstance(results["#dataset-4"], RecordError)
    assert "Tanpa Identifier" in results["#dataset-4"].reason


def test_full_dataset_mapping(results: dict) -> None:
    result = results[STUNTING]
    package = result.package
    assert package["name"] == "jumlah-kasus-stunting-pada-balita-menurut-kecamatan"
    assert package["license_id"] == "cc-by"
    assert package["tags"] == [{"name": "stunting"}, {"name": "balita"}, {"name": "Kesehatan Anak"}]
    assert package["groups"] == [{"name": "kesehatan"}]
    assert (package["maintainer"], package["maintainer_email"]) == (
        "Seksi Data dan Informasi",
        "dinkes@samarindakota.go.id",
    )
    assert package["frekuensi"] == "tahunan" and package["klasifikasi"] == "terbuka"
    assert (package["temporal_start"], package["temporal_end"], package["tahun"]) == (
        "2019-01-01",
        "2023-12-31",
        "2019-2023",
    )
    assert package["cakupan_wilayah"] == "Kota Samarinda"
    assert package["produsen_data"] == "Dinas Kesehatan"
    assert result.organization == {"name": "dinas-kesehatan", "title": "Dinas Kesehatan"}
    extras = {e["key"]: e["value"] for e in package["extras"]}
    assert extras["publisher_hierarchy"] == (
        "Pemerintah Provinsi Kalimantan Timur > Pemerintah Kota Samarinda > Dinas Kesehatan"
    )
    assert extras["bureauCode"] == '["6472:01"]'
    assert package["resources"] == [
        {
            "name": "Stunting per Kecamatan",
            "description": None,
            "format": "CSV",
            "mimetype": "text/csv",
            "size": None,
            "url": "https://opendata.samarindakota.go.id/files/stunting.csv",
        },
        {
            "name": "API Stunting",
            "description": "Layanan API",
            "format": "API",
            "mimetype": None,
            "size": None,
            "url": "https://opendata.samarindakota.go.id/api/stunting",
        },
    ]
    assert package["remote_modified"] == "2023-12-31T00:00:00Z"
    assert package["remote_url"] == STUNTING


def test_tolerates_missing_type_null_modified_string_keywords_single_distribution(
    results: dict,
) -> None:
    result = results["trayek-angkot"]
    package = result.package
    assert result.remote_modified is None and package["remote_modified"] is None
    assert [t["name"] for t in package["tags"]] == ["transportasi", "angkutan umum", "Trayek"]
    assert package["resources"][0]["url"] == "https://dishub.samarindakota.go.id/trayek"
    assert package["license_id"] == "other-pd"
    assert package["klasifikasi"] == "terbatas" and package["frekuensi"] == "bulanan"
    assert package["kode_wilayah"] == "6472" and package["tahun"] == "2023"
    assert package["maintainer_email"] == "dishub@samarindakota.go.id"


def test_irregular_interval_modified_and_media_type_only(results: dict) -> None:
    package = results["umkm-binaan"].package
    assert package["frekuensi"] == "tidak-tentu" and package["klasifikasi"] == "tertutup"
    assert package["license_id"] == "odc-odbl"
    assert package["remote_modified"] is None
    assert package["resources"][0]["format"] == "XLSX"
    assert package["resources"][0]["name"] == "umkm.xlsx"


def test_publisher_filter_matches_any_level_of_the_chain(
    catalog: RemoteServer, make_source: Callable[..., SourceConfig]
) -> None:
    source = make_source("dcat_json", "/data.json", organizations=["Pemerintah Kota Samarinda"])
    assert list(harvest(source)) == [STUNTING]


def test_bare_list_of_datasets_is_accepted(
    remote: RemoteServer, make_source: Callable[..., SourceConfig]
) -> None:
    remote.route("/data.json", Reply.json([{"identifier": "a", "title": "Data A"}]))
    results = harvest(make_source("dcat_json", "/data.json"))
    assert results["a"].package["name"] == "data-a"


def test_file_without_datasets_is_a_harvest_error(
    remote: RemoteServer, make_source: Callable[..., SourceConfig]
) -> None:
    remote.route("/data.json", Reply.json({"title": "bukan katalog"}))
    with pytest.raises(HarvestError, match="no 'dataset' list"):
        harvest(make_source("dcat_json", "/data.json"))
