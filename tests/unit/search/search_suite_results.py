"""Shared backend behaviour, part two: permissions, facets, sorting, paging, highlights,
suggestions and writes. See search_suite.py for how these run against each backend."""

from __future__ import annotations

from search_catalog import BY_NAME, CATALOG, DINKES_MEMBER, PUBLIC_ACTIVE
from search_suite import ANON, covered, expected, names, ordered

from search import SearchQuery
from search.documents import sort_key


# -- permissions and states -------------------------------------------------------------------
def test_private_and_inactive_datasets_hidden_from_anonymous(backend):
    assert names(backend) == {p["name"] for p in PUBLIC_ACTIVE}
    assert backend.search(SearchQuery(labels=ANON)).count == len(PUBLIC_ACTIVE)


def test_member_sees_own_opd_private_datasets(backend):
    found = names(backend, "tags:kesehatan", labels=DINKES_MEMBER)
    assert {"gaji-tenaga-kesehatan", "stok-obat-gudang"} <= found


def test_sysadmin_sees_everything_active(backend):
    active = {p["name"] for p in CATALOG if p["state"] == "active"}
    assert names(backend, labels=None) == active


def test_states_filter(backend):
    assert names(backend, labels=None, states=["draft"]) == {"uji-kir-kendaraan"}
    assert names(backend, "name:tps-liar-lama", labels=None) == set()
    assert names(backend, "tps", labels=None, states=["deleted"]) == {"tps-liar-lama"}


# -- facets -----------------------------------------------------------------------------------
def facets(backend, labels=ANON, **kwargs):
    fields = kwargs.pop("facet_fields", ["tags", "organization", "res_format", "years"])
    query = SearchQuery(labels=labels, facet_fields=fields, **kwargs)
    return backend.search(query).facets


def test_facet_counts_respect_permissions(backend):
    anon = facets(backend)
    assert anon["tags"]["kesehatan"] == 5
    assert "rahasia" not in anon["tags"]
    member = facets(backend, labels=DINKES_MEMBER)
    assert member["tags"]["kesehatan"] == 7
    assert member["tags"]["rahasia"] == 1


def test_facet_counts_follow_the_query(backend):
    found = facets(backend, q="tags:kesehatan", facet_fields=["organization", "res_format"])
    assert found["organization"] == {"dinas-kesehatan": 5}
    assert found["res_format"] == {"CSV": 5, "JSON": 1, "SHP": 1, "XLSX": 1}


def test_facet_formats_are_normalised_and_years_are_strings(backend):
    found = facets(backend, facet_limit=-1)
    assert "CSV" in found["res_format"] and " csv " not in found["res_format"]
    assert found["years"]["2023"] == len(expected(lambda p: 2023 in covered(p["tahun"])))


def test_facet_limit_and_mincount(backend):
    limited = facets(backend, facet_fields=["tags"], facet_limit=2)["tags"]
    assert list(limited) == ["kesehatan", "demografi"]  # 5 and 3; ties would sort by name
    frequent = facets(backend, facet_fields=["tags"], facet_mincount=3, facet_limit=-1)["tags"]
    assert frequent and all(n >= 3 for n in frequent.values())
    everything = facets(backend, facet_fields=["tags"], facet_limit=-1)["tags"]
    assert len(everything) > 20


def test_facet_on_satu_data_fields(backend):
    found = facets(backend, facet_fields=["frekuensi", "license_id"])
    assert found["frekuensi"]["tahunan"] == len(expected(lambda p: p["frekuensi"] == "tahunan"))
    assert found["license_id"] == {"cc-by": len(PUBLIC_ACTIVE) - 1, "odc-by": 1}


# -- sorting and paging -----------------------------------------------------------------------
def test_sort_by_title(backend):
    got = ordered(backend, sort="title_string asc")
    assert got == [p["name"] for p in sorted(PUBLIC_ACTIVE, key=lambda p: sort_key(p["title"]))]


def test_sort_by_modified_desc_and_name(backend):
    by_date = sorted(PUBLIC_ACTIVE, key=lambda p: p["metadata_modified"], reverse=True)
    assert ordered(backend, sort="metadata_modified desc") == [p["name"] for p in by_date]
    assert ordered(backend, sort="name asc") == sorted(p["name"] for p in PUBLIC_ACTIVE)


def test_relevance_puts_title_matches_first(backend):
    got = ordered(backend, q="penduduk")
    assert got[0] in {"jumlah-penduduk-kecamatan-2023", "penduduk-kelompok-umur"}


def test_paging_is_stable_and_complete(backend):
    pages = []
    for start in range(0, 30, 7):
        pages += ordered(backend, q="", rows=7, start=start, sort="score desc, name asc")
    assert pages == sorted(p["name"] for p in PUBLIC_ACTIVE)


def test_rows_are_capped(backend):
    result = backend.search(SearchQuery(rows=5000, labels=ANON))
    assert len(result.results) == len(PUBLIC_ACTIVE)
    assert backend.search(SearchQuery(rows=0, labels=ANON)).results == []


def test_results_are_stored_package_dicts(backend):
    result = backend.search(SearchQuery(q="name:bank-sampah", labels=ANON))
    assert result.results[0] == BY_NAME["bank-sampah"]


# -- highlights -------------------------------------------------------------------------------
def test_highlights_mark_matched_words(backend):
    result = backend.search(SearchQuery(q="penduduk", highlight=True, labels=ANON, rows=50))
    hit = next(r for r in result.results if r["name"] == "jumlah-penduduk-kecamatan-2023")
    assert "<mark>Penduduk</mark>" in hit["_highlights"]["title"][0]
    assert "<mark>penduduk</mark>" in hit["_highlights"]["notes"][0]


def test_highlights_only_when_asked(backend):
    result = backend.search(SearchQuery(q="penduduk", labels=ANON))
    assert all("_highlights" not in r for r in result.results)


# -- suggest ----------------------------------------------------------------------------------
def test_suggest_prefix_finds_opd_tag_and_titles(backend):
    found = backend.suggest("keseh", labels=ANON)
    kinds = {(s.kind, s.value) for s in found}
    assert ("organization", "dinas-kesehatan") in kinds
    assert ("tag", "kesehatan") in kinds
    assert any(s.kind == "dataset" for s in found)


def test_suggest_tolerates_typos_and_acronyms(backend):
    assert any("Penduduk" in s.text for s in backend.suggest("pendudk", labels=ANON))
    assert ("organization", "dinas-kesehatan") in {
        (s.kind, s.value) for s in backend.suggest("dinkes", labels=ANON)
    }


def test_suggest_hides_private_datasets_and_respects_limit(backend):
    anon = backend.suggest("rekap gaji", labels=ANON)
    assert all("Gaji" not in s.text for s in anon)
    member = backend.suggest("rekap gaji", labels=DINKES_MEMBER)
    assert any("Gaji" in s.text for s in member)
    assert len(backend.suggest("jumlah", limit=3, labels=ANON)) <= 3


# -- writing ----------------------------------------------------------------------------------
def test_index_update_delete_and_get_modified(new_backend):
    doc = dict(BY_NAME["bank-sampah"])
    new_backend.index([doc])
    assert new_backend.get_modified([doc["id"], "missing"]) == {doc["id"]: doc["metadata_modified"]}
    changed = {
        **doc,
        "title": "Jumlah Bank Sampah Aktif",
        "metadata_modified": "2025-01-01T00:00:00",
    }
    new_backend.index([changed])
    assert new_backend.stats()["count"] == 1
    assert names(new_backend, "aktif") == {"bank-sampah"}
    new_backend.delete([doc["id"]])
    assert new_backend.get_modified([doc["id"]]) == {}
    assert new_backend.search(SearchQuery()).count == 0


def test_bulk_load_reports_progress_and_clear_empties(new_backend):
    seen: list[int] = []
    assert new_backend.bulk_load(iter(CATALOG), progress=seen.append) == len(CATALOG)
    assert seen and seen[-1] == len(CATALOG)
    assert new_backend.stats()["count"] == len(CATALOG)
    new_backend.clear()
    assert new_backend.stats()["count"] == 0


def test_reindex_replaces_content(new_backend):
    new_backend.index(CATALOG[:5])
    assert new_backend.reindex(iter(CATALOG[5:10])) == 5
    assert new_backend.get_modified([p["id"] for p in CATALOG[:10]]).keys() == {
        p["id"] for p in CATALOG[5:10]
    }
    stats = new_backend.stats()
    assert stats["count"] == 5 and stats["health"] in ("green", "yellow")
    assert new_backend.health() in ("green", "yellow")


def test_set_synonyms_takes_effect(new_backend):
    new_backend.index(CATALOG)
    assert names(new_backend, "upeti") == set()
    new_backend.set_synonyms(["upeti, pajak"])
    assert names(new_backend, "upeti") == expected(lambda p: "pajak" in str(p).lower())
    assert names(new_backend, "dishub") == set()  # the default list was replaced
