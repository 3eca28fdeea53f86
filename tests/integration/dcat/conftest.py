"""A realistic public catalog for the DCAT export tests, built through the real actions.

Three OPDs of Kota Samarinda, two themes, ten public datasets with every Satu Data field
(each frekuensi and klasifikasi appears), link resources in common formats and one uploaded
CSV; beside them a private, a draft and a deleted dataset that must never be exported.
The pages hold 4 datasets here (``DCAT_DATASETS_PER_PAGE``), so the catalog has 3 pages.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.factories import Api

# The official shapes and schemas, kept with the tests (sources and licences: its README).
STANDARDS = Path(__file__).resolve().parents[2] / "standards"
PER_PAGE = 4
OPDS = {
    "dinkes": "Dinas Kesehatan Kota Samarinda",
    "disdikbud": "Dinas Pendidikan dan Kebudayaan Kota Samarinda",
    "dishub": "Dinas Perhubungan Kota Samarinda",
}
FREQUENCIES = [
    "harian",
    "mingguan",
    "bulanan",
    "triwulanan",
    "semesteran",
    "tahunan",
    "lima-tahunan",
    "tidak-tentu",
    "tahunan",
    "bulanan",
]
KLASIFIKASI = ["terbuka", "terbuka", "terbatas", "tertutup"]
FORMATS = [("CSV", "csv"), ("XLSX", "xlsx"), ("GeoJSON", "geojson"), ("PDF", "pdf")]
CSV = b"kecamatan,jumlah\nSamarinda Ulu,1234\nSungai Kunjang,987\n"


def standards_dir() -> Path:
    """The official shapes and schemas; skip (fail under CI=true) when the folder is missing."""
    import os

    if STANDARDS.is_dir():
        return STANDARDS
    reason = f"the standards folder {STANDARDS} is missing"
    if os.environ.get("CI") == "true":
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture
def app_config() -> dict:
    return {"DCAT_DATASETS_PER_PAGE": PER_PAGE, "SITE_WALIDATA": "Diskominfo Kota Samarinda"}


@dataclass
class Catalog:
    """What was built: the public datasets (as package_show returned them) and the hidden."""

    public: list[dict] = field(default_factory=list)
    hidden: list[dict] = field(default_factory=list)


def _dataset(api: Api, i: int, org: str, **extra: object) -> dict:
    label, ext = FORMATS[i % len(FORMATS)]
    year = 2015 + i
    return api.dataset(
        org,
        name=f"jumlah-penduduk-{i}",
        title=f"Jumlah Penduduk Menurut Kecamatan Tahun {year} ({i})",
        notes=f"Data ini menyajikan jumlah penduduk menurut kecamatan tahun {year}.",
        license_id="cc-by-4.0" if i % 3 else "odc-odbl",
        tags=[{"name": "penduduk"}, {"name": f"kecamatan-{i}"}],
        groups=[{"name": "kependudukan"}] + ([{"name": "kesehatan"}] if i % 2 else []),
        maintainer="Bidang Statistik",
        maintainer_email="statistik@samarindakota.go.id",
        produsen_data=OPDS[org],
        walidata="Diskominfo Kota Samarinda",
        frekuensi=FREQUENCIES[i % len(FREQUENCIES)],
        tahun=str(year),
        temporal_start=f"{year}-01-01",
        temporal_end=f"{year}-12-31",
        cakupan_wilayah="Kota Samarinda",
        kode_wilayah="6472",
        satuan="jiwa",
        klasifikasi=KLASIFIKASI[i % len(KLASIFIKASI)],
        resources=[
            {
                "name": f"Tabel {label}",
                "description": f"Berkas {label}",
                "format": label,
                "url": f"https://data.samarindakota.go.id/berkas/{i}.{ext}",
            }
        ],
        **extra,
    )


def build_catalog(api: Api) -> Catalog:
    """Create the catalog through the actions and return it as package_show shows it."""
    admin = api.sysadmin()
    for name, title in OPDS.items():
        api.ok("organization_create", {"name": name, "title": title}, user=admin)
    for name in ("kependudukan", "kesehatan"):
        api.ok("group_create", {"name": name, "title": name.title()}, user=admin)
    orgs = list(OPDS)
    made = [_dataset(api, i, orgs[i % len(orgs)]) for i in range(10)]
    resp = api.client.post(
        "/api/3/action/resource_create",
        data={
            "package_id": made[0]["id"],
            "name": "Unggahan CSV",
            "upload": (io.BytesIO(CSV), "penduduk.csv"),
        },
        headers={"Authorization": api.tokens[admin]},
        content_type="multipart/form-data",
    )
    assert resp.status_code == 200, resp.get_json()
    hidden = [
        _dataset(api, 20, "dinkes", private=True),
        _dataset(api, 21, "dishub", state="draft"),
        _dataset(api, 22, "disdikbud"),
    ]
    api.ok("package_delete", {"id": hidden[2]["id"]}, user=admin)
    public = [api.ok("package_show", {"id": d["id"]}) for d in made]
    return Catalog(public=public, hidden=hidden)


@pytest.fixture
def catalog(api: Api) -> Catalog:
    return build_catalog(api)
