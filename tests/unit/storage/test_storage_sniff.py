"""Format detection from content first, then name: the matrix of what stewards upload."""

from __future__ import annotations

import gzip
import io
import json
import zipfile

import openpyxl
import pytest

from catalog.storage import SNIFF_BYTES, LocalStorage, Sniffed, object_key, peek, sniff


def zipped(*names: str, mimetype: str | None = None, pad: int = 0) -> bytes:
    """A zip with these entries; ``pad`` random-ish bytes per entry push the directory out."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        if mimetype:
            zf.writestr(zipfile.ZipInfo("mimetype"), mimetype)  # stored, first, like ODF
        for index, name in enumerate(names):
            data = bytes((i * 7 + index) % 251 for i in range(pad))
            zf.writestr(name, data or b"x")
    return buffer.getvalue()


def xlsx() -> bytes:
    workbook = openpyxl.Workbook()
    workbook.active.append(["kecamatan", "jumlah"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
GEOJSON = {"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {}}]}
OFFICE_HEAD = zipped("[Content_Types].xml", "_rels/.rels", pad=SNIFF_BYTES)[:SNIFF_BYTES]

CASES = [
    # (content, filename, format, mimetype, active)
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "laporan.pdf", "PDF", "application/pdf", False),
    (b"%PDF-1.4\n", "data.csv", "PDF", "application/pdf", False),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "peta.png", "PNG", "image/png", False),
    (b"\xff\xd8\xff\xe0\x00\x10JFIF", "foto.png", "JPEG", "image/jpeg", False),
    (b"GIF89a\x01\x00\x01\x00", "x", "GIF", "image/gif", False),
    (xlsx(), "anggaran.xlsx", "XLSX", XLSX_MIME, False),
    (xlsx(), "anggaran.csv", "XLSX", XLSX_MIME, False),
    (zipped("[Content_Types].xml", "word/document.xml"), "surat.zip", "DOCX",
     "application/vnd.openxmlformats-officedocument.wordprocessingml.document", False),
    (zipped("content.xml", mimetype="application/vnd.oasis.opendocument.spreadsheet"),
     "tabel.zip", "ODS", "application/vnd.oasis.opendocument.spreadsheet", False),
    (zipped("data.csv", "readme.txt"), "arsip.zip", "ZIP", "application/zip", False),
    (zipped("data.csv"), "palsu.xlsx", "ZIP", "application/zip", False),
    (OFFICE_HEAD, "anggaran.xlsx", "XLSX", XLSX_MIME, False),
    (OFFICE_HEAD, "anggaran.bin", "ZIP", "application/zip", False),
    (zipped("jalan.shp", "jalan.shx", "jalan.dbf", "jalan.prj"), "jalan.zip", "SHP",
     "application/zip", False),
    (zipped("doc.kml"), "batas.kmz", "KMZ", "application/vnd.google-earth.kmz", False),
    (gzip.compress(b"a,b\n1,2\n"), "data.csv.gz", "GZ", "application/gzip", False),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00", "lama.xls", "XLS", "application/vnd.ms-excel",
     False),
    (b'{"kecamatan": "Sungai Kunjang", "jumlah": 10}', "data.json", "JSON", "application/json",
     False),
    (b'[{"a": 1}, {"a": 2}]', "data.txt", "JSON", "application/json", False),
    (b'{"data": [{"a": 1}, {"a": ', "potong.json", "JSON", "application/json", False),
    (b'{"a": 1}\n{"a": 2}\n', "baris.jsonl", "JSON", "application/json", False),
    (json.dumps(GEOJSON).encode(), "batas.json", "GeoJSON", "application/geo+json", False),
    (json.dumps(GEOJSON).encode()[:40], "batas.json", "GeoJSON", "application/geo+json", False),
    (b'{"crs": {}, "features": [', "batas.geojson", "GeoJSON", "application/geo+json", False),
    (b"kecamatan,jumlah\nSamarinda Ulu,10\nSungai Pinang,12\n", "data.txt", "CSV", "text/csv",
     False),
    (b"kecamatan;jumlah\nSamarinda Ulu;10\nSungai Pinang;12\n", "data.csv", "CSV", "text/csv",
     False),
    (b"\xef\xbb\xbfno,nama\n1,\"Loa, Janan\"\n2,\"baris\ndua\"\n3,x\n", "d.csv", "CSV",
     "text/csv", False),
    (b"nama,kota\nJos\xe9,Balikpapan\nAn\xe9,Bontang\n", "cp1252.csv", "CSV", "text/csv", False),
    (b"kecamatan\tjumlah\nA\t1\nB\t2\n", "data.csv", "TSV", "text/tab-separated-values", False),
    ("a\tb\n1\t2\n".encode("utf-16"), "unicode.txt", "TSV", "text/tab-separated-values", False),
    (b"kecamatan,jumlah\nA,1\nB,2\n", "laporan.xls", "CSV", "text/csv", False),
    (b"kecamatan\nSamarinda\nBontang\n", "satu-kolom.csv", "CSV", "text/csv", False),
    (b"Catatan rapat\nTidak ada tabel di sini.\n", "catatan.txt", "TXT", "text/plain", False),
    (b"a,b,c\n1,2,3\n4,5", "potong.csv", "CSV", "text/csv", False),
    (b'<?xml version="1.0"?><data><row a="1"/></data>', "data.xml", "XML", "application/xml",
     False),
    (b'<?xml version="1.0"?><data><script>alert(1)</script></data>', "x.xml", "XML",
     "application/xml", True),
    (b'<data xmlns:h="http://www.w3.org/1999/xhtml"><h:p/></data>', "x.xml", "XML",
     "application/xml", True),
    (b'<?xml version="1.0"?><?xml-stylesheet href="x.xsl"?><data/>', "x.xml", "XML",
     "application/xml", True),
    (b'<?xml version="1.0"?><kml xmlns="http://www.opengis.net/kml/2.2"/>', "batas.xml", "KML",
     "application/vnd.google-earth.kml+xml", False),
    (b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>', "k.xml", "RDF",
     "application/rdf+xml", False),
    (b'<?xml version="1.0"?><data/>', "batas.kml", "KML", "application/vnd.google-earth.kml+xml",
     False),
    (b"<!DOCTYPE html><html><body>hai</body></html>", "halaman.html", "HTML", "text/html", True),
    (b"<html><script>alert(1)</script></html>", "data.csv", "HTML", "text/html", True),
    (b"<table><tr><td>1</td></tr></table>", "laporan.xls", "HTML", "text/html", True),
    (b'<?xml version="1.0"?>\n<!-- peta --><svg xmlns="http://www.w3.org/2000/svg"/>',
     "peta.png", "SVG", "image/svg+xml", True),
    (b"<svg onload='alert(1)'/>", "logo.svg", "SVG", "image/svg+xml", True),
    (b"kecamatan,jumlah\nA,1\nB,2\n", "data.html", "CSV", "text/csv", True),
    (b"\x00\x01\x02\x03binary", "model.sav", "SAV", "application/octet-stream", False),
    (b"\x00\x01\x02\x03binary", "tanpa-ekstensi", "BIN", "application/octet-stream", False),
]  # fmt: skip


@pytest.mark.parametrize(
    ("content", "filename", "fmt", "mimetype", "active"),
    CASES,
    ids=[f"{c[1]}->{c[2]}{'!' if c[4] else ''}" for c in CASES],
)
def test_sniff(content: bytes, filename: str, fmt: str, mimetype: str, active: bool) -> None:
    assert sniff(content[:SNIFF_BYTES], filename) == Sniffed(fmt, mimetype, active)


def test_head_cut_inside_a_multibyte_character_is_still_text() -> None:
    head = "kota,nama\n1,Samarinda\n2,Tenggarong\n3,Sangatta é".encode()[:-1]
    assert sniff(head, "x").format == "CSV"


class Trickle(io.RawIOBase):
    """A stream that cannot seek and hands out at most 1000 bytes per read, like a socket."""

    def __init__(self, data: bytes) -> None:
        super().__init__()
        self._data = io.BytesIO(data)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        return self._data.readinto(memoryview(buffer)[:1000])


@pytest.mark.parametrize("size", [10, SNIFF_BYTES, 3 * SNIFF_BYTES])
def test_peek_gives_head_then_replays_whole_stream(size: int, tmp_path) -> None:
    data = bytes(i % 256 for i in range(size))
    head, stream = peek(Trickle(data))
    assert head == data[:SNIFF_BYTES]
    stored = LocalStorage(tmp_path).put(object_key("abcd", 1), stream, max_size=size)
    assert stored.size == size
    assert (tmp_path / "resources" / "ab" / "abcd" / "1").read_bytes() == data
