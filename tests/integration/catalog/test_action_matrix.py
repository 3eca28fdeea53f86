"""Every action: anonymous writes are refused, bad paging is a validation error, and every
registered action is covered by this matrix (a new action must be added here)."""

import pytest

from catalog.services import ACTIONS


@pytest.fixture
def world(api):
    api.user("staf")
    org = api.org("dinkes", staf="editor")
    group = api.group("kesehatan")
    ds = api.dataset(org="dinkes", resources=[{"url": "https://e.go.id/a.csv"}])
    return {"org": org, "group": group, "ds": ds, "res": ds["resources"][0]}


WRITES = {
    "package_create": lambda w: {"name": "baru", "owner_org": "dinkes"},
    "package_update": lambda w: {"id": w["ds"]["id"], "title": "x"},
    "package_patch": lambda w: {"id": w["ds"]["id"], "title": "x"},
    "package_delete": lambda w: {"id": w["ds"]["id"]},
    "resource_create": lambda w: {"package_id": w["ds"]["id"], "url": "https://e.go.id/b"},
    "resource_update": lambda w: {"id": w["res"]["id"], "url": "https://e.go.id/b"},
    "resource_patch": lambda w: {"id": w["res"]["id"], "name": "x"},
    "resource_delete": lambda w: {"id": w["res"]["id"]},
    "organization_create": lambda w: {"name": "opd-baru"},
    "organization_update": lambda w: {"id": "dinkes", "title": "x"},
    "organization_patch": lambda w: {"id": "dinkes", "title": "x"},
    "organization_delete": lambda w: {"id": "dinkes"},
    "organization_member_create": lambda w: {"id": "dinkes", "username": "staf", "role": "admin"},
    "organization_member_delete": lambda w: {"id": "dinkes", "username": "staf"},
    "member_create": lambda w: {
        "id": "kesehatan",
        "object": w["ds"]["id"],
        "object_type": "package",
    },
    "group_create": lambda w: {"name": "tema-baru"},
    "group_update": lambda w: {"id": "kesehatan", "title": "x"},
    "group_delete": lambda w: {"id": "kesehatan"},
    "user_create": lambda w: {"name": "baru", "email": "b@x.go.id", "password": "rahasia-123"},
    "user_update": lambda w: {"id": "staf", "fullname": "x"},
    "api_token_create": lambda w: {"user": "staf", "name": "x"},
    "api_token_revoke": lambda w: {"jti": "whatever"},
    "search_synonyms_update": lambda w: {"synonyms": ["kkp, konservasi perairan"]},
    "harvest_source_create": lambda w: {
        "name": "sumber",
        "url": "https://x.go.id",
        "source_type": "ckan",
        "owner_org": "dinkes",
    },
    "harvest_source_update": lambda w: {"id": "sumber", "title": "x"},
    "harvest_source_patch": lambda w: {"id": "sumber", "title": "x"},
    "harvest_source_delete": lambda w: {"id": "sumber"},
    "harvest_source_clear": lambda w: {"id": "sumber"},
    "harvest_job_create": lambda w: {"source_id": "sumber"},
    "harvest_job_abort": lambda w: {"id": "whatever"},
}

READS_WITH_PAGING = {
    "package_list": "limit",
    "current_package_list_with_resources": "limit",
    "organization_list": "limit",
    "group_list": "limit",
    "user_list": "limit",
    "tag_list": "limit",
    "recently_changed_packages_activity_list": "limit",
    "package_search": "rows",
    "search_suggest": "limit",
    "package_autocomplete": "limit",
    "harvest_source_list": "limit",
    "harvest_job_list": "limit",
    "harvest_log_list": "limit",
}
OTHER_READS = {
    "status_show",
    "site_read",
    "license_list",
    "package_show",
    "resource_show",
    "organization_show",
    "group_show",
    "user_show",
    "api_token_list",
    "package_activity_list",
    "organization_activity_list",
    "search_synonyms_show",
    "resource_preview_show",
    "resource_link_report",
    "search_status_show",
    "harvest_source_show",
    "harvest_job_show",
    "harvest_object_show",
}


def test_every_action_is_in_the_matrix():
    assert set(ACTIONS) == set(WRITES) | set(READS_WITH_PAGING) | OTHER_READS
    assert {name for name, a in ACTIONS.items() if a.write} == set(WRITES)


@pytest.mark.parametrize("action", sorted(WRITES))
def test_anonymous_write_is_refused_and_changes_nothing(api, world, action):
    before = api.ok("package_show", {"id": world["ds"]["id"]}, user=api.sysadmin())
    resp = api.call(action, WRITES[action](world))
    assert resp.status == 403, resp.body
    assert resp.error["__type"] == "Authorization Error"
    after = api.ok("package_show", {"id": world["ds"]["id"]}, user=api.sysadmin())
    assert after == before


@pytest.mark.parametrize("action", sorted(READS_WITH_PAGING))
@pytest.mark.parametrize("value", ["banyak", -5])
def test_bad_paging_is_a_validation_error(api, world, action, value):
    resp = api.call(action, {READS_WITH_PAGING[action]: value}, method="GET")
    assert resp.status == 409
    assert READS_WITH_PAGING[action] in resp.error


@pytest.mark.parametrize(
    "action",
    [
        "package_show",
        "resource_show",
        "organization_show",
        "group_show",
        "user_show",
        "package_activity_list",
        "organization_activity_list",
    ],
)
def test_show_actions_need_an_id(api, world, action):
    resp = api.call(action, {}, method="GET")
    assert resp.status == 409 and "id" in resp.error
    assert api.call(action, {"id": "tidak-ada"}, method="GET").status == 404


@pytest.mark.parametrize("action", ["status_show", "site_read", "license_list"])
def test_site_reads_answer_anonymously(api, action):
    assert api.call(action, method="GET").status == 200


def test_current_package_list_hides_private(api, world):
    api.dataset(org="dinkes", private=True, name="rahasia")
    names = [p["name"] for p in api.ok("current_package_list_with_resources", {"limit": 100})]
    assert "rahasia" not in names and world["ds"]["name"] in names


def test_api_token_list_needs_login(api):
    assert api.call("api_token_list", {}).status == 403
