"""The CKAN source type against a fake CKAN 2.9/2.10 portal that pages package_search."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from harvest_remote import RemoteServer, Reply, Request

from harvesters.base import HarvestError, RecordError, RemoteRecord, RemoteRef, SourceConfig
from harvesters.ckan import CkanHarvester, api_base
from harvesters.mapping import parse_datetime
from harvesters.registry import get_harvester

PACKAGES = json.loads((Path(__file__).parent / "fixtures" / "ckan_packages.json").read_text())
SEARCH = "/api/3/action/package_search"


def fake_package_search(packages: list[dict], *, envelope: str = "full"):
    """Answer package_search like CKAN: honour rows, start, sort and fq (modified, org, groups)."""

    def handler(request: Request) -> Reply:
        found = list(packages)
        fq = request.query.get("fq", "")
        if m := re.search(r"metadata_modified:\[(\S+)Z TO \*\]", fq):
            since = parse_datetime(m[1])
            found = [p for p in found if parse_datetime(p["metadata_modified"]) >= since]
        if m := re.search(r"organization:\(([^)]*)\)", fq):
            wanted = set(re.findall(r'"([^"]+)"', m[1]))
            found = [p for p in found if (p.get("organization") or {}).get("name") in wanted]
        if m := re.search(r"groups:\(([^)]*)\)", fq):
            wanted = set(re.findall(r'"([^"]+)"', m[1]))
            found = [p for p in found if wanted & {g["name"] for g in p.get("groups") or []}]
        if request.query.get("sort") == "id asc":
            found.sort(key=lambda p: p["id"])
        start, rows = int(request.query.get("start", 0)), int(request.query.get("rows", 10))
        result = {
            "count": len(found),
            "facets": {},
            "results": found[start : start + rows],
            "sort": request.query.get("sort", "score desc, metadata_modified desc"),
            "search_facets": {},
        }
        body: dict = {
            "help": "https://portal/api/3/action/help_show?name=package_search",
            "success": True,
            "result": result,
        }
        if envelope == "bare":  # no help, no count
            del body["help"], result["count"]
        return Reply.json(body)

    return handler


@pytest.fixture
def ckan(remote: RemoteServer) -> RemoteServer:
    remote.route(SEARCH, fake_package_search(PACKAGES))
    return remote


def source_for(remote: RemoteServer, **config: object) -> SourceConfig:
    return SourceConfig("portal", remote.url("/"), "ckan", dict(config), allow_private=True)


def gather_all(source: SourceConfig, since: datetime | None = None) -> list:
    return list(get_harvester("ckan").gather(source, since))


def parsed(guid: str) -> dict:
    source = SourceConfig("portal", "https://data.samarindakota.go.id", "ckan")
    harvester = CkanHarvester()
    package = next(p for p in PACKAGES if p["id"] == guid)
    return harvester.parse(source, harvester.fetch(source, _ref(package))).package


def _ref(package: dict) -> RemoteRef:
    return RemoteRef(
        package["id"],
        parse_datetime(package["metadata_modified"]),
        package,
        f"https://data.samarindakota.go.id/dataset/{package['name']}",
    )


@pytest.mark.parametrize("envelope", ["full", "bare"])
def test_gather_pages_with_rows_start_and_stable_sort(remote: RemoteServer, envelope: str) -> None:
    remote.route(SEARCH, fake_package_search(PACKAGES, envelope=envelope))
    refs = gather_all(source_for(remote, rows=2))
    assert sorted(r.guid for r in refs) == sorted(p["id"] for p in PACKAGES)
    hits = remote.hits(SEARCH)
    assert [h.query["start"] for h in hits] == ["0", "2", "4"]
    assert all(h.query["sort"] == "id asc" and h.query["rows"] == "2" for h in hits)
    assert refs[0].content["id"] == refs[0].guid  # the whole package comes with the ref
    assert refs[0].url == remote.url(f"/dataset/{refs[0].content['name']}")


def test_incremental_gather_asks_for_modified_since_with_margin(ckan: RemoteServer) -> None:
    since = datetime(2024, 5, 20, 11, 0, tzinfo=UTC)
    refs = gather_all(source_for(ckan, since_margin=3600), since)
    assert ckan.hits(SEARCH)[0].query["fq"] == "metadata_modified:[2024-05-20T10:00:00Z TO *]"
    assert {r.content["name"] for r in refs} == {
        "persentase-bblr-berdasarkan-kecamatan",
        "jumlah-sekolah-sd",
        "dataset-lama-dihapus",
    }


def test_organization_and_group_filters_go_into_fq(ckan: RemoteServer) -> None:
    source = source_for(ckan, organizations=["dinas-kesehatan"], groups=["kesehatan"])
    refs = gather_all(source)
    assert ckan.hits(SEARCH)[0].query["fq"] == (
        'organization:("dinas-kesehatan") AND groups:("kesehatan")'
    )
    assert [r.content["name"] for r in refs] == ["persentase-bblr-berdasarkan-kecamatan"]


def test_api_url_typed_with_api_path_is_normalised() -> None:
    assert api_base("https://data.go.id/api/3/action/") == "https://data.go.id"
    assert api_base("https://portal.kaltimprov.go.id/ckan/api/3") == (
        "https://portal.kaltimprov.go.id/ckan"
    )


def test_failed_search_is_a_harvest_error(remote: RemoteServer) -> None:
    remote.route(
        SEARCH,
        Reply.json(
            {
                "success": False,
                "error": {"__type": "Search Query Error", "message": "Search error: invalid sort"},
            }
        ),
    )
    with pytest.raises(HarvestError, match="invalid sort"):
        gather_all(source_for(remote))


def test_full_package_maps_to_tepian_shape() -> None:
    package = parsed("0a3e5d2c-7b1f-4e9a-8c6d-5f4e3d2c1b0a")
    assert package["title"] == "Jumlah Penduduk Menurut Kecamatan dan Jenis Kelamin Tahun 2023"
    assert package["name"] == "jumlah-penduduk-menurut-kecamatan-dan-jenis-kelamin-tahun-2023"
    assert package["author"] == "Bidang Statistik Diskominfo"
    assert package["license_id"] == "cc-by"
    assert package["tags"] == [
        {"name": "Kependudukan"},
        {"name": "Kab Kota"},
        {"name": "DISDUKCAPIL"},
    ]
    assert package["groups"] == [{"name": "kependudukan"}]
    assert (package["produsen_data"], package["walidata"]) == (
        "Dinas Kependudukan dan Pencatatan Sipil",
        "Dinas Komunikasi dan Informatika Kota Samarinda",
    )
    assert (package["frekuensi"], package["tahun"], package["kode_wilayah"]) == (
        "tahunan",
        "2023",
        "6472",
    )
    assert (package["klasifikasi"], package["satuan"]) == ("terbuka", "jiwa")
    extras = {e["key"]: e["value"] for e in package["extras"]}
    assert extras == {
        "jumlah_baris": "10",
        "kolom": '["kecamatan", "laki_laki", "perempuan"]',
        "terverifikasi": "true",
        "catatan": "Angka sementara",
        "sumber_data": "SIAK Terpusat",
    }
    assert package["resources"][0] == {
        "name": "Penduduk per Kecamatan 2023",
        "description": "Tabel per kecamatan",
        "format": "CSV",
        "mimetype": "text/csv",
        "size": 48213,
        "url": "https://data.samarindakota.go.id/dataset/0a3e5d2c/resource/7d6c5b4a/download/"
        "penduduk-2023.csv",
    }
    assert package["resources"][1]["name"] == "penduduk-2023.xlsx"
    assert package["resources"][1]["format"] == "XLSX"
    assert package["remote_modified"] == "2024-03-05T08:41:09Z"
    assert package["remote_url"].endswith("/dataset/" + package["name"])


def test_string_tags_null_organization_and_unnamed_resources() -> None:
    package = parsed("1b4f6e3d-8c2a-4f0b-9d7e-6a5f4e3d2c1b")
    assert package["tags"] == [{"name": "Kesehatan"}, {"name": "puskesmas"}]
    assert package["license_id"] == "other-open"
    assert package["resources"][0]["name"] == "puskesmas.pdf"
    assert package["resources"][0]["format"] == "PDF"


def test_deleted_state_is_detected(ckan: RemoteServer) -> None:
    harvester, source = CkanHarvester(), source_for(ckan)
    results = {
        r.guid: harvester.parse(source, harvester.fetch(source, r))
        for r in harvester.gather(source, None)
    }
    assert results["2c5a7f4e-9d3b-4a1c-8e0f-7b6a5f4e3d2c"].deleted
    assert not results["0a3e5d2c-7b1f-4e9a-8c6d-5f4e3d2c1b0a"].deleted
    assert results["1b4f6e3d-8c2a-4f0b-9d7e-6a5f4e3d2c1b"].organization is None
    assert results["0a3e5d2c-7b1f-4e9a-8c6d-5f4e3d2c1b0a"].organization == {
        "name": "dinas-kependudukan-dan-pencatatan-sipil",
        "title": "Dinas Kependudukan dan Pencatatan Sipil",
    }
    harvester.close()


def test_satu_data_fields_in_extras_are_promoted() -> None:
    package = parsed("3d6b8a5f-0e4c-4b2d-9f1a-8c7b6a5f4e3d")
    assert (package["frekuensi"], package["klasifikasi"]) == ("bulanan", "terbatas")
    assert (package["temporal_start"], package["temporal_end"]) == ("2019-01-01", "2023-12-31")
    assert package["tags"] == [{"name": "BBLR"}]  # the vocabulary tag is not a free tag
    assert package["license_id"] == "notspecified"
    extras = {e["key"]: e["value"] for e in package["extras"]}
    assert extras["remote_license"] == "lisensi-pemkot"
    assert json.loads(extras["spatial"]) == {"type": "Point", "coordinates": [117.15, -0.5]}
    assert package["resources"][0]["size"] == 1024


def test_unknown_frequency_is_a_warning_not_an_error() -> None:
    source = SourceConfig("portal", "https://x.example", "ckan")
    package = next(p for p in PACKAGES if p["name"] == "jumlah-sekolah-sd")
    result = CkanHarvester().parse(source, CkanHarvester().fetch(source, _ref(package)))
    assert result.package["frekuensi"] is None
    assert "Kadang-kadang" in result.warnings[0]
    assert {"key": "frekuensi_asal", "value": "Kadang-kadang"} in result.package["extras"]


def test_field_mapping_and_defaults_apply() -> None:
    source = SourceConfig(
        "portal",
        "https://x.example",
        "ckan",
        {
            "field_mapping": {
                "sumber_data": "produsen_data",
                "catatan": "keterangan",
                "periode": "frekuensi",
            },
            "default_tags": ["satu data"],
            "default_groups": ["Kependudukan", "Statistik Daerah"],
        },
    )
    package = PACKAGES[0] | {"produsen_data": None, "frekuensi": None, "periode": "Bulanan"}
    result = CkanHarvester().parse(source, CkanHarvester().fetch(source, _ref(package)))
    assert result.package["produsen_data"] == "SIAK Terpusat"
    assert result.package["frekuensi"] == "bulanan"  # mapped values get Tepian's codes too
    assert {"key": "keterangan", "value": "Angka sementara"} in result.package["extras"]
    assert {"name": "satu data"} in result.package["tags"]
    assert result.package["groups"] == [{"name": "kependudukan"}, {"name": "statistik-daerah"}]


@pytest.mark.parametrize("content", ["not a dict", {"id": "x", "resources": []}])
def test_bad_record_raises_record_error(content: object) -> None:
    source = SourceConfig("portal", "https://x.example", "ckan")
    with pytest.raises(RecordError):
        CkanHarvester().parse(source, RemoteRecord("x", content, "h"))  # type: ignore[arg-type]
