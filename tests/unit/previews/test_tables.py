"""Table previews: encodings, delimiters, column types and statistics, bounds."""

from __future__ import annotations

import io
import json

import pytest

from catalog.previews import make_preview
from catalog.previews.columns import describe_column


def preview(data: bytes, fmt: str = "CSV", **kw):
    return make_preview(io.BytesIO(data), format=fmt, **kw)


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (b"kota,nama\nSamarinda,Dinas Kesehatan\n", "utf-8"),
        ("\ufeffkota,nama\nSamarinda,Dinas Kesehatan\n".encode(), "utf-8-sig"),
        ("kota,nama\nSamarinda,Café Tepian\n".encode("cp1252"), "cp1252"),
    ],
)
def test_csv_encoding_is_detected(data, encoding):
    result = preview(data)
    assert result["kind"] == "table" and result["encoding"] == encoding
    assert [c["name"] for c in result["columns"]] == ["kota", "nama"]
    assert result["rows"][0][0] == "Samarinda"


def test_cp1252_text_is_decoded_correctly():
    result = preview("kota,nama\nSamarinda,Café\n".encode("cp1252"))
    assert result["rows"][0][1] == "Café"


@pytest.mark.parametrize("sep", [",", ";", "\t", "|"])
def test_delimiter_is_sniffed(sep):
    data = sep.join(["kecamatan", "jumlah"]) + "\n" + sep.join(["Palaran", "1.234"]) + "\n"
    result = preview(data.encode())
    assert result["delimiter"] == sep
    assert result["rows"] == [["Palaran", "1.234"]]


def test_tsv_format_uses_tabs():
    assert preview(b"a\tb,c\n1\t2,3\n", "TSV")["rows"] == [["1", "2,3"]]


def test_column_types_and_statistics():
    data = (
        b"kecamatan;penduduk;luas;tanggal;aktif\n"
        b"Palaran;1.234;12,5;2024-01-31;ya\n"
        b"Sambutan;2.000;7,25;2024-02-29;tidak\n"
        b"Loa Janan Ilir;;3;2024-03-01;ya\n"
    )
    columns = {c["name"]: c for c in preview(data)["columns"]}
    assert columns["kecamatan"]["type"] == "text" and columns["kecamatan"]["distinct"] == 3
    assert columns["penduduk"] == {
        "name": "penduduk",
        "type": "integer",
        "count": 2,
        "empty": 1,
        "min": 1234,
        "max": 2000,
        "mean": 1617.0,
    }
    assert columns["luas"]["type"] == "decimal" and columns["luas"]["min"] == 3
    assert columns["luas"]["max"] == 12.5
    assert columns["tanggal"]["type"] == "date" and columns["tanggal"]["max"] == "2024-03-01"
    assert columns["aktif"]["type"] == "boolean"


@pytest.mark.parametrize(
    ("values", "kind"),
    [
        (["1.234,5", "2"], "decimal"),
        (["1,234.5", "2"], "decimal"),
        (["1.234.567", "12"], "integer"),
        (["0812345678", "0813"], "text"),
        (["64.72.01", "64.72.02"], "text"),
        (["31/12/2023", "01/01/2024"], "date"),
        (["true", "false"], "boolean"),
    ],
)
def test_number_and_date_styles(values, kind):
    assert describe_column(values)["type"] == kind


def test_first_rows_only_are_shown_but_statistics_cover_more():
    data = "n\n" + "".join(f"{i}\n" for i in range(1, 501))
    result = preview(data.encode(), max_rows=100)
    assert len(result["rows"]) == 100 and result["rows_scanned"] == 500
    assert result["columns"][0]["max"] == 500 and result["truncated"] is True


def test_a_huge_csv_is_read_only_up_to_the_byte_limit():
    row = b"Samarinda,1234,keterangan panjang sekali\n"
    data = b"kota,jumlah,ket\n" + row * (10 * 1024**2 // len(row))  # about 10 MiB
    result = preview(data)
    assert result["kind"] == "table" and result["truncated"] is True
    assert result["rows_scanned"] <= 10_000


def test_json_array_of_objects_is_a_table():
    data = json.dumps([{"kode": "6472", "nama": "Samarinda", "n": 3}, {"nama": "Balikpapan"}])
    result = preview(data.encode(), "JSON")
    assert [c["name"] for c in result["columns"]] == ["kode", "nama", "n"]
    assert result["rows"][1] == ["", "Balikpapan", ""]


def test_json_that_is_not_a_table_has_no_preview():
    assert preview(b'{"a": 1}', "JSON")["kind"] == "none"
    assert preview(b"{not json", "JSON")["kind"] == "none"


def test_xlsx_first_sheet_is_a_table():
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Penduduk"
    sheet.append(["Kecamatan", "Jumlah", "Rasio"])
    sheet.append(["Palaran", 1234, 0.5])
    sheet.append(["Sambutan", 2000, 1.25])
    book.create_sheet("Lain").append(["tidak", "dipakai"])
    out = io.BytesIO()
    book.save(out)
    result = preview(out.getvalue(), "XLSX")
    assert result["sheet"] == "Penduduk"
    assert result["rows"] == [["Palaran", "1234", "0.5"], ["Sambutan", "2000", "1.25"]]
    types = [c["type"] for c in result["columns"]]
    assert types == ["text", "integer", "decimal"]


def test_broken_xlsx_has_no_preview():
    assert preview(b"PK\x03\x04 not really a zip", "XLSX")["kind"] == "none"


@pytest.mark.parametrize(("fmt", "kind"), [("PDF", "pdf"), ("PNG", "image"), ("JPEG", "image")])
def test_documents_and_images_are_shown_inline(fmt, kind):
    assert preview(b"anything", fmt) == {"kind": kind}


@pytest.mark.parametrize("fmt", ["HTML", "SVG", "ZIP", "DOCX", ""])
def test_other_formats_have_no_preview(fmt):
    assert preview(b"<html><script>alert(1)</script></html>", fmt)["kind"] == "none"
