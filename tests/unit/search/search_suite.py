"""Behaviour tests shared by every search backend.

Not collected on its own (the file name does not start with ``test_``): the backend test
modules import these functions, and their ``conftest.py`` supplies the ``backend`` fixture
(the fixture catalog, loaded once, never modified) and ``new_backend`` (an empty backend).
"""

from __future__ import annotations

import pytest
from search_catalog import BY_NAME, PUBLIC_ACTIVE

from search import QueryError, SearchQuery

ANON = ["public"]


def names(backend, q="", fq=None, labels=ANON, **kwargs) -> set[str]:
    query = SearchQuery(q=q, fq=fq or [], labels=labels, rows=1000, **kwargs)
    return {r["name"] for r in backend.search(query).results}


def ordered(backend, **kwargs) -> list[str]:
    kwargs.setdefault("labels", ANON)
    kwargs.setdefault("rows", 1000)
    return [r["name"] for r in backend.search(SearchQuery(**kwargs)).results]


def covered(tahun: str) -> set[int]:
    """Years a fixture ``tahun`` covers (independent of the library's own parser)."""
    years: set[int] = set()
    for part in tahun.split(","):
        low, _, high = part.strip().partition("-")
        years.update(range(int(low), int(high or low) + 1))
    return years


def expected(predicate) -> set[str]:
    return {p["name"] for p in PUBLIC_ACTIVE if predicate(p)}


# -- analysis ---------------------------------------------------------------------------------
def test_stemming_kependudukan_finds_penduduk(backend):
    found = names(backend, "kependudukan")
    assert {"jumlah-penduduk-kecamatan-2023", "penduduk-kelompok-umur"} <= found


def test_stemming_pendidikan_finds_peserta_didik(backend):
    assert names(backend, "title:pendidikan") == {"jumlah-sekolah-jenjang", "peserta-didik-sd"}


@pytest.mark.parametrize(("q", "name"), [("education", "pendidikan-english"),
                                         ("quality", "kualitas-udara")])  # fmt: skip
def test_english_words_still_match(backend, q, name):
    assert name in names(backend, q)


def test_punctuation_splits_words_the_same_way_everywhere(backend):
    assert names(backend, "PM2.5") == {"kualitas-udara"}
    assert names(backend, '"2.500 gram"') == {"bblr-puskesmas"}


def test_accents_are_folded(backend):
    assert names(backend, "Kesehatán") == names(backend, "kesehatan")


@pytest.mark.parametrize(
    ("q", "org"),
    [("dishub", "dinas-perhubungan"), ("disdukcapil", "kependudukan-capil"),
     ("dinkes", "dinas-kesehatan"), ("bapperida", "bapperida")],
)  # fmt: skip
def test_opd_acronym_synonyms(backend, q, org):
    found = names(backend, q)
    assert expected(lambda p: p["organization"]["name"] == org) <= found


def test_synonym_expands_title_acronym(backend):
    assert names(backend, "apbd") == {"apbd-realisasi"}


def test_long_form_finds_acronym_synonym(backend):
    assert "ipm-samarinda" in names(backend, "indeks pembangunan manusia")


@pytest.mark.parametrize(
    ("q", "name"),
    [("kesehatn", "sarana-kesehatan"), ("pendudk", "jumlah-penduduk-kecamatan-2023"),
     ("perhubngan", "angkutan-umum-trayek"), ("imunisasii", "imunisasi-dasar")],
)  # fmt: skip
def test_typos_in_long_words_are_tolerated(backend, q, name):
    assert name in names(backend, q)


def test_short_words_get_no_typo_tolerance(backend):
    assert names(backend, "gurx") == set()


def test_stopwords_alone_do_not_restrict(backend):
    assert names(backend, "jumlah dan penduduk") == names(backend, "jumlah penduduk")


# -- query language -----------------------------------------------------------------------------
def test_bare_words_are_all_required(backend):
    assert names(backend, "jumlah penduduk kecamatan") == {"jumlah-penduduk-kecamatan-2023"}


def test_phrase_requires_adjacent_words(backend):
    assert names(backend, '"jenis kelamin"') == {"jumlah-penduduk-kecamatan-2023"}
    assert names(backend, '"kelamin jenis"') == set()


@pytest.mark.parametrize(
    ("q", "want"),
    [("guru AND sekolah", {"guru-smp"}),
     ("paud OR guru", {"paud-lembaga", "guru-smp"}),
     ("paud || guru", {"paud-lembaga", "guru-smp"}),
     ("sekolah && guru", {"guru-smp"}),
     ("tags:sekolah NOT guru", {"jumlah-sekolah-jenjang", "peserta-didik-sd"}),
     ("tags:sekolah -tags:guru", {"jumlah-sekolah-jenjang", "peserta-didik-sd"}),
     ("tags:sekolah !guru", {"jumlah-sekolah-jenjang", "peserta-didik-sd"}),
     ("+tags:sekolah +guru", {"guru-smp"}),
     ("(paud OR guru) AND tags:sekolah", {"guru-smp"})],
)  # fmt: skip
def test_boolean_operators(backend, q, want):
    assert names(backend, q) == want


@pytest.mark.parametrize(
    ("q", "predicate"),
    [("tags:kesehatan", lambda p: {"name": "kesehatan"} in p["tags"]),
     ("res_format:json", lambda p: any(r["format"] == "JSON" for r in p["resources"])),
     ("organization:dinas-perhubungan", lambda p: p["organization"]["name"] == "dinas-perhubungan"),
     ("license_id:odc-by", lambda p: p["license_id"] == "odc-by"),
     ("frekuensi:harian", lambda p: p["frekuensi"] == "harian"),
     ("name:bank-sampah", lambda p: p["name"] == "bank-sampah"),
     ("groups:kesehatan", lambda p: {"name": "kesehatan", "title": "Kesehatan"} in p["groups"]),
     ('produsen_data:"Dinas Kesehatan Kota Samarinda"',
      lambda p: p["produsen_data"] == "Dinas Kesehatan Kota Samarinda"),
     ("capacity:public", lambda p: True),
     ('extras_sumber:"Dinas Perhubungan Kota Samarinda"',
      lambda p: p["organization"]["name"] == "dinas-perhubungan"),
     ("author:*", lambda p: False),
     ("private:false", lambda p: True),
     ("satuan:*", lambda p: p["satuan"] is not None),
     ("-satuan:*", lambda p: p["satuan"] is None),
     ("tags:kes*", lambda p: any(t["name"].startswith("kes") for t in p["tags"])),
     ("name:jumlah-*", lambda p: p["name"].startswith("jumlah-")),
     ("title:jumlah*", lambda p: p["title"].lower().startswith("jumlah")),
     ("notes:puskesmas", lambda p: "puskesmas" in p["notes"].lower()),
     ("*:*", lambda p: True),
     ("", lambda p: True)],
)  # fmt: skip
def test_field_queries(backend, q, predicate):
    assert names(backend, q) == expected(predicate)


def test_id_query(backend):
    doc = BY_NAME["bank-sampah"]
    assert names(backend, f"id:{doc['id']}") == {"bank-sampah"}


@pytest.mark.parametrize(
    ("q", "predicate"),
    [("metadata_modified:[2024-09-01T00:00:00Z TO *]",
      lambda p: p["metadata_modified"] >= "2024-09-01T00:00:00"),
     ("metadata_modified:{2024-10-10T05:00:00Z TO *]",
      lambda p: p["metadata_modified"] > "2024-10-10T05:00:00"),
     ("metadata_modified:[* TO 2023-06-01T09:30:00Z]",
      lambda p: p["metadata_modified"] <= "2023-06-01T09:30:00"),
     ("metadata_modified:[* TO NOW]", lambda p: True),
     ("metadata_created:[NOW-1DAY TO NOW]", lambda p: False),
     ("years:[2018 TO 2019]", lambda p: covered(p["tahun"]) & {2018, 2019}),
     ("years:{2024 TO *}", lambda p: max(covered(p["tahun"])) > 2024),
     ("tahun:2022", lambda p: 2022 in covered(p["tahun"]))],
)  # fmt: skip
def test_ranges(backend, q, predicate):
    assert names(backend, q) == expected(predicate)


def test_fq_multi_select_or_within_and_across(backend):
    orgs = lambda p: p["organization"]["name"] in ("dinas-kesehatan", "dinas-perhubungan")  # noqa: E731
    grouped = names(backend, fq=["organization:(dinas-kesehatan OR dinas-perhubungan)"])
    separate = names(backend, fq=["organization:dinas-kesehatan OR organization:dinas-perhubungan"])
    assert grouped == separate == expected(orgs)
    both = names(backend, fq=["organization:(dinas-kesehatan OR dinas-perhubungan)",
                              "res_format:JSON"])  # fmt: skip
    assert both == expected(lambda p: orgs(p) and "JSON" in [r["format"] for r in p["resources"]])


@pytest.mark.parametrize(
    "bad",
    ["(penduduk", "penduduk)", "title:[a TO", '"jenis kelamin', "nosuchfield:x", "AND",
     "penduduk OR", "metadata_modified:[NOW-1FORTNIGHT TO *]", "years:abc", "title:"],
)  # fmt: skip
def test_bad_syntax_raises_query_error(backend, bad):
    with pytest.raises(QueryError):
        backend.search(SearchQuery(q=bad))
    with pytest.raises(QueryError):
        backend.search(SearchQuery(fq=[bad]))


def test_bad_sort_raises_query_error(backend):
    with pytest.raises(QueryError):
        backend.search(SearchQuery(sort="popularity desc"))


def test_facet_on_text_field_raises_query_error(backend):
    with pytest.raises(QueryError):
        backend.search(SearchQuery(facet_fields=["notes"]))


def test_field_query_uses_stems_too(backend):
    assert "jumlah-penduduk-kecamatan-2023" in names(backend, "title:kependudukan")
