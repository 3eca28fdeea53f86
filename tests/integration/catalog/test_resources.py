"""resource_create / update / patch / delete / show."""

import pytest


@pytest.fixture
def dataset(api):
    api.user("steward")
    org = api.org("dinkes", steward="editor")
    return api.dataset(
        org=org["name"], resources=[{"name": "Pertama", "url": "https://e.go.id/1.csv"}]
    )


def test_create_appends_and_touches_dataset(api, dataset):
    res = api.ok(
        "resource_create",
        {
            "package_id": dataset["id"],
            "name": "Kedua",
            "url": "https://e.go.id/2.xlsx",
            "format": "xlsx",
            "catatan": "x",
        },
        user="steward",
    )
    assert res["position"] == 1 and res["format"] == "XLSX" and res["url_type"] == "link"
    assert res["catatan"] == "x"  # unknown resource keys are kept, as CKAN does
    pkg = api.ok("package_show", {"id": dataset["id"]})
    assert [r["name"] for r in pkg["resources"]] == ["Pertama", "Kedua"]
    assert pkg["metadata_modified"] > dataset["metadata_modified"]
    assert api.ok("resource_show", {"id": res["id"]})["name"] == "Kedua"


def test_update_replaces_and_patch_merges(api, dataset):
    rid = dataset["resources"][0]["id"]
    patched = api.ok("resource_patch", {"id": rid, "description": "Tabel"}, user="steward")
    assert patched["name"] == "Pertama" and patched["description"] == "Tabel"
    updated = api.ok(
        "resource_update", {"id": rid, "url": "https://e.go.id/new.csv"}, user="steward"
    )
    assert updated["url"] == "https://e.go.id/new.csv" and updated["name"] == ""


def test_delete_is_soft_and_renumbers(api, dataset):
    second = api.ok(
        "resource_create",
        {"package_id": dataset["id"], "url": "https://e.go.id/2.csv"},
        user="steward",
    )
    api.ok("resource_delete", {"id": dataset["resources"][0]["id"]}, user="steward")
    pkg = api.ok("package_show", {"id": dataset["id"]})
    assert [r["id"] for r in pkg["resources"]] == [second["id"]]
    assert pkg["resources"][0]["position"] == 0
    assert api.call("resource_show", {"id": dataset["resources"][0]["id"]}).status == 404


@pytest.mark.parametrize("action", ["resource_update", "resource_patch", "resource_delete"])
def test_outsider_cannot_change_resources(api, dataset, action):
    api.user("outsider")
    resp = api.call(action, {"id": dataset["resources"][0]["id"], "name": "x"}, user="outsider")
    assert resp.status == 403


def test_create_needs_editable_dataset(api, dataset):
    assert api.call("resource_create", {"package_id": dataset["id"], "url": "x"}).status == 403
    assert (
        api.call("resource_create", {"package_id": "nope", "url": "x"}, user="steward").status
        == 404
    )
    resp = api.call("resource_create", {"url": "x"}, user="steward")
    assert resp.status == 409 and "package_id" in resp.error


@pytest.mark.parametrize(
    "field,value",
    [("size", -1), ("size", "besar"), ("url", "javascript:alert(1)"), ("name", "n" * 501)],
)
def test_invalid_resource_fields(api, dataset, field, value):
    resp = api.call("resource_create", {"package_id": dataset["id"], field: value}, user="steward")
    assert resp.status == 409 and field in resp.error
    assert api.ok("package_show", {"id": dataset["id"]})["num_resources"] == 1


def test_private_dataset_resource_is_hidden(api):
    org = api.org()
    ds = api.dataset(org=org["name"], private=True, resources=[{"url": "https://e.go.id/x.csv"}])
    assert api.call("resource_show", {"id": ds["resources"][0]["id"]}).status == 404
