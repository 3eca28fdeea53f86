"""Analysis and document preparation: the pieces both backends rely on."""

from __future__ import annotations

import pytest
from search_catalog import BY_NAME

from search.analysis import (
    Synonyms,
    default_synonym_lines,
    edit_distance,
    fold,
    stem,
    tokens,
)
from search.documents import keyword_values, parse_years, prepare
from search.highlight import mark, snippet


@pytest.mark.parametrize(
    ("word", "root"),
    [("kependudukan", "duduk"), ("penduduk", "duduk"), ("pendidikan", "didik"),
     ("perhubungan", "hubung"), ("kesehatan", "sehat"), ("education", "education"),
     ("2023", "2023"), ("samarinda", "samarinda")],
)  # fmt: skip
def test_sastrawi_stems(word, root):
    assert stem(word) == root


def test_tokens_fold_and_drop_stopwords():
    assert tokens("Pendidikan dan Kebudayaan, Kab/Kota") == [
        "pendidikan",
        "kebudayaan",
        "kab",
        "kota",
    ]
    assert fold("Ōtsuka Café") == "otsuka cafe"


def test_edit_distance_counts_swaps_as_one():
    assert edit_distance("pasein", "pasien", 1) == 1
    assert edit_distance("kesehatn", "kesehatan", 2) == 1
    assert edit_distance("abc", "xyz", 1) == 2


def test_default_synonyms_parse():
    synonyms = Synonyms(default_synonym_lines())
    assert ("dinas", "perhubungan") in synonyms.lookup(("dishub",))
    assert ("dishub",) in synonyms.lookup(("dinas", "perhubungan"))
    assert all("#" not in line for line in synonyms.solr_lines())


def test_explicit_mapping_replaces():
    synonyms = Synonyms(["apbd => anggaran pendapatan dan belanja daerah", "# comment", ""])
    assert synonyms.is_replacement(("apbd",))
    assert synonyms.lookup(("anggaran",)) == []
    assert synonyms.solr_lines() == ["apbd => anggaran pendapatan dan belanja daerah"]


@pytest.mark.parametrize(
    ("tahun", "years"),
    [("2023", [2023]), ("2019-2023", [2019, 2020, 2021, 2022, 2023]), ("2021, 2022", [2021, 2022]),
     ("2020 s.d. 2022", [2020, 2021, 2022]), ("Tahun 2018 dan 2020", [2018, 2020]),
     (None, []), ("tidak ada", [])],
)  # fmt: skip
def test_parse_years(tahun, years):
    assert parse_years(tahun) == years


def test_prepare_flattens_a_package():
    package = BY_NAME["jumlah-penduduk-kecamatan-2023"]
    flat = prepare(package)
    assert flat["tags"] == ["penduduk", "demografi"]
    assert flat["res_format"] == ["CSV", "XLSX"]  # " csv " in the fixture is normalised
    assert flat["organization"] == "kependudukan-capil"
    assert flat["groups"] == ["kependudukan"]
    assert flat["years"] == [2023]
    assert flat["capacity"] == "public" and flat["private"] is False
    assert flat["title_string"].startswith("jumlah penduduk menurut")
    assert flat["extras_sumber"] == package["organization"]["title"]
    assert flat["data"] is package
    assert ("private", "false") in keyword_values(flat)


def test_prepare_prefers_computed_years():
    assert prepare({"id": "x", "tahun": "2019", "years": [2020, 2020, 2021]})["years"] == [
        2020,
        2021,
    ]


def test_highlight_escapes_html_and_marks_stems():
    assert mark("Jumlah <b>Penduduk</b>", {"duduk"}, set()) == (
        "Jumlah &lt;b&gt;<mark>Penduduk</mark>&lt;/b&gt;"
    )
    long = "Awal. " + "kata " * 100 + "penduduk akhir " + "lain " * 100
    fragment = snippet(long, {"penduduk"}, set())
    assert fragment and "<mark>penduduk</mark>" in fragment and len(fragment) < 300
    assert snippet("tidak cocok", {"penduduk"}, set()) is None
