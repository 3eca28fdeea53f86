"""package_search with CKAN's parameters: the same suite on the embedded index, on a real
OpenSearch node, and on the database fallback used while an engine is down."""

import uuid

import pytest

from search import make_backend


@pytest.fixture(
    params=["embedded", "database", pytest.param("opensearch", marks=pytest.mark.opensearch)]
)
def search_mode(request, app):
    """Point the app at one search backend before any data is written."""
    engine = None
    if request.param == "database":
        app.extensions["tepian.search"] = None
    elif request.param == "opensearch":
        from tests.conftest import require_service

        url = require_service("opensearch")
        engine = make_backend(url, "", index_prefix=f"tepian-test-{uuid.uuid4().hex[:8]}")
        app.extensions["tepian.search"] = engine
    yield request.param
    if engine is not None:
        engine.drop()


@pytest.fixture
def catalog(api, search_mode):
    api.org("dinkes")
    api.org("disdik")
    api.group("kesehatan")
    api.dataset(
        org="dinkes",
        name="kasus-dbd",
        title="Jumlah Kasus DBD Menurut Kecamatan",
        tags=[{"name": "dbd"}],
        groups=[{"name": "kesehatan"}],
        frekuensi="bulanan",
        resources=[{"url": "https://e.go.id/a.csv", "format": "CSV"}],
    )
    api.dataset(
        org="dinkes",
        name="daftar-puskesmas",
        title="Daftar Puskesmas",
        tags=[{"name": "puskesmas"}],
        license_id="cc-by-4.0",
        resources=[{"url": "https://e.go.id/b.json", "format": "json"}],
    )
    api.dataset(org="disdik", name="jumlah-sd", title="Jumlah Sekolah Dasar", tags=[{"name": "sd"}])
    api.dataset(org="disdik", name="rahasia-sd", title="Jumlah Guru", private=True)


def names(result):
    return sorted(r["name"] for r in result["results"])


QUERIES = [
    ({"q": "jumlah"}, ["jumlah-sd", "kasus-dbd"]),
    ({"q": "Jumlah kecamatan"}, ["kasus-dbd"]),
    ({"q": '"kasus dbd"'}, ["kasus-dbd"]),
    ({"q": "puskesmas OR sekolah"}, ["daftar-puskesmas", "jumlah-sd"]),
    ({"q": "jumlah -dbd"}, ["jumlah-sd"]),
    ({"q": "jumlah AND NOT tags:dbd"}, ["jumlah-sd"]),
    ({"q": "tags:dbd"}, ["kasus-dbd"]),
    ({"q": "name:jumlah-sd"}, ["jumlah-sd"]),
    ({"q": "*:*", "fq": "organization:dinkes"}, ["daftar-puskesmas", "kasus-dbd"]),
    ({"fq": "+organization:dinkes +res_format:JSON"}, ["daftar-puskesmas"]),
    ({"fq": "organization:(dinkes OR disdik)", "q": "jumlah"}, ["jumlah-sd", "kasus-dbd"]),
    ({"fq_list": ["organization:dinkes", "groups:kesehatan"]}, ["kasus-dbd"]),
    ({"fq": "license_id:cc-by-4.0"}, ["daftar-puskesmas"]),
    ({"fq": "frekuensi:bulanan"}, ["kasus-dbd"]),
    (
        {"fq": "metadata_modified:[2000-01-01T00:00:00Z TO *]"},
        ["daftar-puskesmas", "jumlah-sd", "kasus-dbd"],
    ),
    ({"fq": "metadata_modified:[* TO 2000-01-01T00:00:00Z]"}, []),
    ({"q": "title:jumlah*"}, ["jumlah-sd", "kasus-dbd"]),
    ({"q": "Dinkes"}, ["daftar-puskesmas", "kasus-dbd"]),
    ({"q": "csv"}, ["kasus-dbd"]),
]


def test_query_syntax(api, catalog):
    """One catalog, many queries (building a catalog per query would dominate the run)."""
    wrong = []
    for params, expected in QUERIES:
        got = names(api.ok("package_search", {"rows": 100, **params}))
        if got != expected:
            wrong.append((params, expected, got))
    assert wrong == []


def test_facets_are_permission_correct(api, catalog):
    params = {"facet.field": '["organization","tags","res_format","license_id","frekuensi"]'}
    anon = api.ok("package_search", params)
    assert anon["facets"]["organization"] == {"dinkes": 2, "disdik": 1}
    assert anon["facets"]["res_format"] == {"CSV": 1, "JSON": 1}
    items = anon["search_facets"]["organization"]["items"]
    assert {i["name"]: i["display_name"] for i in items}["dinkes"] == "Dinkes"
    admin = api.ok("package_search", {**params, "include_private": True}, user=api.sysadmin())
    assert admin["facets"]["organization"] == {"dinkes": 2, "disdik": 2}
    assert admin["count"] == 4 and anon["count"] == 3


def test_facet_limit_and_mincount(api, catalog):
    result = api.ok("package_search", {"facet.field": ["tags"], "facet.limit": 1})
    assert len(result["facets"]["tags"]) == 1
    result = api.ok("package_search", {"facet.field": ["organization"], "facet.mincount": 2})
    assert result["facets"]["organization"] == {"dinkes": 2}


def test_sorting_and_paging(api, catalog):
    by_name = api.ok("package_search", {"sort": "name asc", "rows": 2})
    assert [r["name"] for r in by_name["results"]] == ["daftar-puskesmas", "jumlah-sd"]
    page2 = api.ok("package_search", {"sort": "name asc", "rows": 2, "start": 2})
    assert [r["name"] for r in page2["results"]] == ["kasus-dbd"]
    assert page2["count"] == 3
    newest = api.ok("package_search", {"sort": "metadata_modified desc", "rows": 1})
    assert newest["results"][0]["name"] == "jumlah-sd"
    titles = api.ok("package_search", {"sort": "title_string desc"})
    assert titles["results"][0]["title"] == "Jumlah Sekolah Dasar"


@pytest.mark.parametrize(
    "params,field",
    [
        ({"rows": "semua"}, "rows"),
        ({"start": -1}, "start"),
        ({"facet.limit": "x"}, "facet.limit"),
    ],
)
def test_bad_parameters(api, catalog, params, field):
    resp = api.call("package_search", params, method="GET")
    assert resp.status == 409 and field in resp.error


def test_unknown_facet_field_is_search_query_error(api, catalog):
    resp = api.call("package_search", {"facet.field": "{bad"}, method="GET")
    assert resp.status == 400 and "facet" in resp.error["message"]


@pytest.mark.parametrize(
    "q",
    [
        "title:(jumlah",
        "jumlah)",
        "metadata_modified:[2020 TO",
        "nosuchfield:x",
        "metadata_modified:[kemarin TO *]",
    ],
)
def test_unreadable_query_is_search_query_error(api, catalog, q):
    resp = api.call("package_search", {"q": q})
    assert resp.status == 400
    assert resp.error["__type"] == "Search Query Error"


def test_bad_sort_is_search_query_error(api, catalog):
    resp = api.call("package_search", {"sort": "popularity desc"})
    assert resp.status == 400 and resp.error["__type"] == "Search Query Error"


def test_results_are_full_package_dicts(api, catalog):
    result = api.ok("package_search", {"q": "name:kasus-dbd"})
    assert result["sort"] == "score desc, metadata_modified desc"
    pkg = result["results"][0]
    assert pkg["organization"]["name"] == "dinkes" and pkg["num_resources"] == 1
