"""Uploaded file names made safe to offer for download, and their Content-Disposition."""

from __future__ import annotations

import pytest

from catalog.storage import content_disposition, safe_filename


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("laporan.csv", "laporan.csv"),
        ("Data Penduduk 2024.xlsx", "Data Penduduk 2024.xlsx"),
        # folders, both separators
        ("../../etc/passwd", "passwd"),
        ("..\\..\\windows\\system32\\cmd.exe", "cmd.exe"),
        ("C:\\Users\\opd\\Desktop\\anggaran.xlsx", "anggaran.xlsx"),
        ("/var/www/index.html", "index.html"),
        ("C:anggaran.xlsx", "C_anggaran.xlsx"),
        # nothing left
        ("", "berkas"),
        ("..", "berkas"),
        (".", "berkas"),
        ("   ", "berkas"),
        ("/", "berkas"),
        ("\\\\server\\share\\", "berkas"),
        ("\x00\x01", "berkas"),
        # leading dots, trailing dots and spaces, runs of dots and spaces
        (".env", "env"),
        (". .env", "env"),
        (" laporan.csv", "laporan.csv"),
        ("...hidden.csv", "hidden.csv"),
        ("laporan.csv.", "laporan.csv"),
        ("laporan.csv . . ", "laporan.csv"),
        ("laporan..csv", "laporan.csv"),
        ("laporan    akhir.csv", "laporan akhir.csv"),
        # Windows device names, with or without extension, any case
        ("CON", "_CON"),
        ("con.txt", "_con.txt"),
        ("NUL.tar.gz", "_NUL.tar.gz"),
        ("Aux.csv", "_Aux.csv"),
        ("prn", "_prn"),
        ("COM1.csv", "_COM1.csv"),
        ("com9", "_com9"),
        ("LPT1.xlsx", "_LPT1.xlsx"),
        ("lpt9.txt", "_lpt9.txt"),
        ("CONSOLE.csv", "CONSOLE.csv"),
        ("COM10.csv", "COM10.csv"),
        ("icon.png", "icon.png"),
        # control and invisible characters
        ("lap\x00oran\x1f.csv", "laporan.csv"),
        ("laporan\n2024.csv", "laporan 2024.csv"),
        ("gambar\u202egpj.exe", "gambargpj.exe"),
        ("da\u200bta.csv", "data.csv"),
        # characters Windows forbids
        ('a<b>c:d"e|f?g*h.csv', "a_b_c_d_e_f_g_h.csv"),
        # letters of every script stay, in composed form
        ("Data Kependudukan – Kota Samarinda.csv", "Data Kependudukan – Kota Samarinda.csv"),
        ("الميزانية.pdf", "الميزانية.pdf"),
        ("人口数据.xlsx", "人口数据.xlsx"),
        ("Cafe\u0301.csv", "Café.csv"),
    ],
)
def test_safe_filename(name: str, expected: str) -> None:
    assert safe_filename(name) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("a" * 300 + ".csv", "a" * 146 + ".csv"),
        ("a" * 300, "a" * 150),
        ("a" * 300 + "." + "b" * 40, "a" * 150),  # 40 letters is no extension
        ("Laporan Keuangan " * 20 + ".xlsx", ("Laporan Keuangan " * 9)[:145].rstrip() + ".xlsx"),
    ],
)
def test_long_names_are_shortened_keeping_extension(name: str, expected: str) -> None:
    assert safe_filename(name) == expected


def test_fallback_and_limit_can_be_chosen() -> None:
    assert safe_filename("..", fallback="file") == "file"
    assert safe_filename("abcdefgh.csv", max_length=8) == "abcd.csv"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("laporan.csv", 'attachment; filename="laporan.csv"'),
        ("../x.html", 'attachment; filename="x.html"'),
        ('a"b.csv', 'attachment; filename="a_b.csv"'),
        (
            "Penduduk – Samarinda.csv",
            'attachment; filename="Penduduk - Samarinda.csv"; '
            "filename*=UTF-8''Penduduk%20%E2%80%93%20Samarinda.csv",
        ),
        (
            "人口.csv",
            "attachment; filename=\"berkas.csv\"; filename*=UTF-8''%E4%BA%BA%E5%8F%A3.csv",
        ),
        (
            "100%;x.csv",
            "attachment; filename=\"100_;x.csv\"; filename*=UTF-8''100%25%3Bx.csv",
        ),
    ],
)
def test_content_disposition_carries_unicode_names(name: str, expected: str) -> None:
    value = content_disposition(name)
    assert value == expected
    assert value.isascii()


def test_content_disposition_inline() -> None:
    assert content_disposition("peta.png", "inline") == 'inline; filename="peta.png"'
