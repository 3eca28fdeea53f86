"""Hostile and odd input gets a named error, never a 500, and nothing leaks."""

from __future__ import annotations

import json

import pytest

from tests.integration.catalog.test_search_index import dead_engine


@pytest.mark.parametrize(
    "action,params",
    [
        ("package_search", {"start": "9" * 40}),
        ("package_search", {"facet.limit": "1e400"}),
        ("package_list", {"offset": "9" * 30}),
        ("tag_list", {"limit": "99999999999999"}),
        ("organization_list", {"organizations": "[1,"}),
        ("current_package_list_with_resources", {"page": "0"}),
    ],
)
def test_out_of_range_numbers_are_validation_errors(api, action, params):
    resp = api.call(action, params, method="GET")
    assert resp.status in (200, 409), resp.body
    if resp.status == 409:
        assert resp.error["__type"] == "Validation Error"


@pytest.mark.parametrize(
    "q", ["(" * 400 + "x", "tahun:" + "9" * 30, "metadata_modified:[NOW-99999999999DAYS TO *]"]
)
def test_unreasonable_queries_are_search_query_errors(api, q):
    resp = api.call("package_search", {"q": q}, method="GET")
    assert resp.status == 400 and resp.error["__type"] == "Search Query Error"


def test_json_constants_and_deep_nesting_are_refused(api, client):
    api.sysadmin()
    headers = {"Authorization": api.tokens["admin"]}
    for body in ('{"name": "abc", "extras": [{"key": "x", "value": NaN}]}', "[" * 100000):
        resp = client.post(
            "/api/3/action/package_create", data=body, headers=headers,
            content_type="application/json",
        )  # fmt: skip
        assert resp.status_code == 409, body[:40]
        assert resp.get_json()["error"]["__type"] == "Validation Error"


def test_nul_bytes_are_refused_in_api_and_pages(api, client):
    assert api.call("package_show", {"id": "a\x00b"}, method="GET").status == 409
    org = api.org()
    resp = api.call(
        "package_create", {"name": "nul", "owner_org": org["name"], "title": "a\x00"}, user="admin"
    )
    assert resp.status == 409
    assert client.get("/dataset?q=%00").status_code == 400
    assert client.get("/dataset/%00").status_code in (400, 404)


@pytest.mark.parametrize(
    "action,params",
    [
        ("organization_list", {"sort": " "}),
        ("group_list", {"sort": " "}),
        ("organization_list", {"organizations": [1, [2]]}),
        ("api_token_list", {"user_id": ["x"]}),
        ("package_create", {"name": "abc", "extras": [1, {}]}),
    ],
)
def test_wrong_shapes_are_named(api, action, params):
    admin = api.sysadmin()
    resp = api.call(action, params, user=admin)
    assert resp.status in (200, 409), resp.body


def test_current_package_list_pages_count_from_one(api):
    for name in ("satu", "dua", "tiga"):
        api.dataset(name=name)
    first = api.ok("current_package_list_with_resources", {"limit": 2, "page": 1})
    second = api.ok("current_package_list_with_resources", {"limit": 2, "page": 2})
    assert [p["name"] for p in first] == ["tiga", "dua"]
    assert [p["name"] for p in second] == ["satu"]


def test_rows_above_the_maximum_are_capped_like_ckan(api):
    api.dataset()
    assert api.ok("package_search", {"rows": 5000})["count"] == 1


def test_dataset_made_private_during_an_outage_is_not_found_in_search(api, app):
    api.user("staf")
    org = api.org(staf="editor")
    ds = api.dataset(org=org["name"], title="Data Yang Akan Dirahasiakan")
    engine = app.extensions["tepian.search"]
    app.extensions["tepian.search"] = dead_engine()
    api.ok("package_patch", {"id": ds["id"], "private": True}, user="staf")
    app.extensions["tepian.search"] = engine  # back, with the change still in the outbox
    app.config["SEARCH_INLINE"] = False  # and nothing drains it before the search
    assert api.ok("package_search", {"q": "dirahasiakan"})["count"] == 0
    assert (
        api.ok("package_search", {"q": "dirahasiakan", "include_private": True}, user="staf")[
            "count"
        ]
        == 1
    )


def test_member_changes_are_hidden_from_the_public_activity_stream(api):
    api.user("staf")
    org = api.org(staf="editor")
    public = api.ok("organization_activity_list", {"id": org["name"]})
    assert "staf" not in json.dumps(public)
    admin_view = api.ok("organization_activity_list", {"id": org["name"]}, user="admin")
    assert "staf" in json.dumps(admin_view)


def test_harvest_source_credentials_and_job_details_stay_with_managers(api):
    api.org("dinkes")
    source = api.ok(
        "harvest_source_create",
        {
            "name": "portal-dinkes",
            "url": "https://user:rahasia@data.remote.go.id/api?api_key=rahasia",
            "source_type": "ckan",
            "owner_org": "dinkes",
            "frequency": "manual",
        },
        user="admin",
    )
    shown = api.ok("harvest_source_show", {"id": source["id"]})
    assert "rahasia" not in json.dumps(shown)
    assert shown["url"] == "https://data.remote.go.id/api"
    assert "rahasia" in api.ok("harvest_source_show", {"id": source["id"]}, user="admin")["url"]


def test_member_create_does_not_reveal_private_datasets(api):
    api.user("orang")
    api.group("tema")
    hidden = api.dataset(private=True)
    resp = api.call(
        "member_create",
        {"id": "tema", "object": hidden["id"], "object_type": "package"},
        user="orang",
    )
    assert resp.status == 404
