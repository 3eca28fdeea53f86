"""The spreadsheet (OPD data inventory) source type: CSV variants and XLSX."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest
from harvest_remote import RemoteServer, Reply
from openpyxl import Workbook

import harvesters
from harvesters.base import HarvestedPackage, HarvestError, RecordError, SourceConfig
from harvesters.spreadsheet import COLUMNS, SpreadsheetHarvester, header_key

TEMPLATE = Path(harvesters.__file__).parent / "templates" / "inventaris_data.csv"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def harvest(source: SourceConfig) -> dict[str, HarvestedPackage | RecordError]:
    harvester = SpreadsheetHarvester()
    results: dict[str, HarvestedPackage | RecordError] = {}
    try:
        for ref in harvester.gather(source, None):
            try:
                results[ref.guid] = harvester.parse(source, harvester.fetch(source, ref))
            except RecordError as exc:
                results[ref.guid] = exc
    finally:
        harvester.close()
    return results


@pytest.fixture
def serve_csv(remote: RemoteServer, make_source: Callable[..., SourceConfig]):
    def serve(body: bytes, **config: object) -> dict:
        remote.route("/inventaris.csv", Reply(body, headers={"Content-Type": "text/csv"}))
        return harvest(make_source("spreadsheet", "/inventaris.csv", **config))

    return serve


def test_shipped_template_harvests_cleanly(serve_csv) -> None:
    results = serve_csv(TEMPLATE.read_bytes())
    assert list(results) == [
        "penduduk-kecamatan-jk-2023",
        "persentase-bayi-berat-badan-lahir-rendah-bblr-berdasarkan-kecamatan",
    ]
    first = results["penduduk-kecamatan-jk-2023"].package
    assert first["name"] == "penduduk-kecamatan-jk-2023"
    assert (first["frekuensi"], first["klasifikasi"], first["license_id"]) == (
        "semesteran",
        "terbuka",
        "cc-by",
    )
    assert (first["satuan"], first["kode_wilayah"], first["cakupan_wilayah"]) == (
        "jiwa",
        "6472",
        "Kota Samarinda",
    )
    assert first["tags"] == [{"name": "penduduk"}, {"name": "kecamatan"}, {"name": "jenis kelamin"}]
    assert first["groups"] == [{"name": "kependudukan"}]
    second = next(iter(results.values().__reversed__())).package
    assert (second["tahun"], second["temporal_start"], second["temporal_end"]) == (
        "2019-2023",
        "2019-01-01",
        "2023-12-31",
    )
    assert [(r["format"], r["name"]) for r in second["resources"]] == [
        ("XLSX", "bblr-2019-2023.xlsx"),
        ("CSV", "bblr-2019-2023.csv"),
    ]


def test_template_header_uses_the_documented_columns() -> None:
    header = TEMPLATE.read_text(encoding="utf-8").splitlines()[0].split(",")
    assert [header_key(h) for h in header] == list(COLUMNS)


def test_semicolon_bom_loose_headers_empty_rows_and_missing_title(serve_csv) -> None:
    body = (
        "\ufeffJUDUL ;Deskripsi;Produsen_Data;FREKUENSI;Klasifikasi;Tags;Tautan Berkas;Kolom Lain\n"
        "Jumlah Kendaraan Bermotor;Data kendaraan;Dinas Perhubungan;LIMA TAHUNAN;terbatas;"
        "transportasi, Kendaraan;https://x.example/kendaraan.csv;isi lain\n"
        ";;;;;;;\n"
        ";Tanpa judul;Dinas Perhubungan;;;;;\n"
    ).encode()
    results = serve_csv(body)
    package = results["jumlah-kendaraan-bermotor"].package
    assert (package["frekuensi"], package["klasifikasi"]) == ("lima-tahunan", "terbatas")
    assert package["produsen_data"] == "Dinas Perhubungan"
    assert package["resources"][0]["format"] == "CSV"
    assert {"key": "kolom lain", "value": "isi lain"} in package["extras"]
    error = results["baris-4"]
    assert isinstance(error, RecordError) and "baris 4" in error.reason and "judul" in error.reason


def test_windows_1252_and_english_aliases(serve_csv) -> None:
    body = (
        "Title,Description,Tags,Frequency,License\r\n"
        "Indeks Pembangunan Manusia – IPM,Capaian IPM,IPM,Annual,CC BY 4.0\r\n"
    ).encode("cp1252")
    package = serve_csv(body)["indeks-pembangunan-manusia-ipm"].package
    assert package["title"] == "Indeks Pembangunan Manusia – IPM"
    assert (package["frekuensi"], package["license_id"]) == ("tahunan", "cc-by")


def test_unknown_values_become_warnings_and_duplicates_errors(serve_csv) -> None:
    body = (
        b"judul,frekuensi,klasifikasi\n"
        b"Data Pasar,Kadang,Rahasia Negara\n"
        b"Data Pasar,Tahunan,Terbuka\n"
    )
    results = serve_csv(body)
    first = results["data-pasar"]
    assert first.package["frekuensi"] is None and len(first.warnings) == 2
    duplicate = results["data-pasar#baris-3"]
    assert isinstance(duplicate, RecordError) and "baris 2" in duplicate.reason


def test_organization_filter(serve_csv) -> None:
    results = serve_csv(TEMPLATE.read_bytes(), organizations=["Dinas Kesehatan"])
    assert list(results) == ["persentase-bayi-berat-badan-lahir-rendah-bblr-berdasarkan-kecamatan"]


def test_file_without_title_column_is_a_harvest_error(serve_csv) -> None:
    with pytest.raises(HarvestError, match="no 'judul'"):
        serve_csv(b"nama_kolom,isi\nx,y\n")


def xlsx_bytes(rows: list[list[object]], sheet: str = "Inventaris") -> bytes:
    workbook = Workbook()
    worksheet = workbook.active
    worksheet.title = sheet
    for row in rows:
        worksheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_xlsx_inventory(remote: RemoteServer, make_source) -> None:
    body = xlsx_bytes(
        [
            [
                "Judul*",
                "Deskripsi",
                "Tema",
                "Tahun",
                "Satuan",
                "Kode Wilayah",
                "Frekuensi",
                "Tautan Berkas",
                "Format Berkas",
            ],
            [
                "Luas Panen Padi Menurut Kecamatan",
                "Data ini menyajikan luas panen.",
                "Pertanian; Pangan",
                2023,
                "hektar",
                6472,
                "Tahunan",
                "https://x.example/padi.xlsx",
                "xlsx",
            ],
            [None, None, None, None, None, None, None, None, None],
            ["Produksi Ikan", None, "Perikanan", 2022.0, "ton", None, "triwulanan", None, None],
        ]
    )
    remote.route("/inventaris.xlsx", Reply(body, headers={"Content-Type": XLSX_TYPE}))
    results = harvest(make_source("spreadsheet", "/inventaris.xlsx", sheet="Inventaris"))
    padi = results["luas-panen-padi-menurut-kecamatan"].package
    assert (padi["tahun"], padi["kode_wilayah"], padi["satuan"]) == ("2023", "6472", "hektar")
    assert padi["groups"] == [{"name": "pertanian"}, {"name": "pangan"}]
    assert padi["resources"][0]["format"] == "XLSX"
    ikan = results["produksi-ikan"].package
    assert (ikan["tahun"], ikan["frekuensi"], ikan["resources"]) == ("2022", "triwulanan", [])


def test_xlsx_missing_sheet_is_a_harvest_error(remote: RemoteServer, make_source) -> None:
    remote.route(
        "/inv.xlsx", Reply(xlsx_bytes([["judul"], ["A"]]), headers={"Content-Type": XLSX_TYPE})
    )
    with pytest.raises(HarvestError, match="no sheet named 'Lain'"):
        harvest(make_source("spreadsheet", "/inv.xlsx", sheet="Lain"))
