"""The harvest actions over HTTP: who may manage a source, the dict shapes, soft delete,
clear, job history, the log, and incremental runs that ask the remote for changes only."""

from __future__ import annotations

import json

import pytest

SOURCE = {
    "name": "portal-dinkes",
    "url": "https://data.remote.go.id",
    "source_type": "ckan",
    "owner_org": "dinkes",
    "config": json.dumps({"mirror": True, "api_key": "rahasia"}),
    "frequency": "daily",
}


@pytest.mark.parametrize(
    ("user", "status"),
    [("admin", 200), ("admin-opd", 200), ("editor-opd", 403), (None, 403), ("admin-lain", 403)],
)
def test_who_may_create_a_source(harvest, user, status):
    harvest.api.user("admin-lain")
    harvest.api.org("dishub", **{"admin-lain": "admin"})
    resp = harvest.api.call("harvest_source_create", SOURCE, user=user)
    assert resp.status == status, resp.body


@pytest.mark.parametrize(
    ("user", "status"),
    [("admin-opd", 200), ("editor-opd", 403), (None, 403), ("admin-lain", 403)],
)
def test_who_may_change_run_and_delete_a_source(harvest, user, status):
    harvest.api.user("admin-lain")
    harvest.api.org("dishub", **{"admin-lain": "admin"})
    source = harvest.api.ok("harvest_source_create", SOURCE, user="admin")
    for action, data in [
        ("harvest_source_patch", {"id": source["id"], "title": "Baru"}),
        ("harvest_job_create", {"source_id": source["id"]}),
        ("harvest_source_delete", {"id": source["id"]}),
    ]:
        resp = harvest.api.call(action, data, user=user)
        assert resp.status == status, (action, resp.body)


def test_source_dict_has_ckanext_harvest_shape(harvest):
    created = harvest.api.ok("harvest_source_create", SOURCE, user="admin-opd")
    assert created["source_type"] == "ckan" and created["frequency"] == "DAILY"
    assert json.loads(created["config"]) == {"mirror": True, "api_key": "rahasia"}
    assert created["status"]["job_count"] == 0 and created["status"]["last_job"] is None
    assert created["organization"]["name"] == "dinkes"
    public = harvest.api.ok("harvest_source_show", {"id": "portal-dinkes"})
    assert json.loads(public["config"])["api_key"] == "***"
    listed = harvest.api.ok("harvest_source_list", {"organization_id": "dinkes"})
    assert [s["name"] for s in listed] == ["portal-dinkes"]
    activity = harvest.api.ok("organization_activity_list", {"id": "dinkes"})
    assert activity[0]["activity_type"] == "new harvest source"
    assert "rahasia" not in json.dumps(activity)  # the public stream hides secrets too


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"source_type": "gopher"}, "source_type"),
        ({"config": "{bukan json"}, "config"),
        ({"config": {"rate_limit": -1}}, "config"),
        ({"config": {"time_limit": "lama"}}, "config"),
        ({"frequency": "YEARLY"}, "frequency"),
        ({"url": "ftp://x.go.id"}, "url"),
        ({"owner_org": "tidak-ada"}, "owner_org"),
    ],
)
def test_invalid_source_is_refused(harvest, change, field):
    resp = harvest.api.call("harvest_source_create", {**SOURCE, **change}, user="admin")
    assert resp.status == 409 and field in resp.error, resp.body


def test_delete_is_soft_and_keeps_the_datasets(harvest, portal):
    source = harvest.source(portal.url)
    harvest.run(source)
    harvest.api.ok("harvest_source_delete", {"id": source["id"]}, user="admin-opd")
    assert harvest.api.call("harvest_source_show", {"id": source["id"]}).status == 404
    assert harvest.show("jumlah-penduduk-0")["state"] == "active"
    assert harvest.api.ok("harvest_source_list", {}) == []


def test_clear_withdraws_and_the_next_run_brings_them_back(harvest, portal):
    source = harvest.source(portal.url)
    harvest.run(source)
    result = harvest.api.ok("harvest_source_clear", {"id": source["id"]}, user="admin-opd")
    assert result["withdrawn"] == 20
    assert harvest.show("jumlah-penduduk-0")["state"] == "deleted"
    job = harvest.run(source)
    assert harvest.stats(job) == (0, 20, 0, 0, 0)
    assert harvest.show("jumlah-penduduk-0")["state"] == "active"


def test_job_history_and_log(harvest, portal):
    source = harvest.source(portal.url)
    first, second = harvest.run(source), harvest.run(source)
    jobs = harvest.api.ok("harvest_job_list", {"source_id": source["id"]}, user="admin-opd")
    assert [j["id"] for j in jobs] == [second["id"], first["id"]]
    assert harvest.api.ok("harvest_job_list", {}, user="editor-opd") == []
    assert (
        harvest.api.call("harvest_job_show", {"id": first["id"]}, user="editor-opd").status == 404
    )
    assert first["duration"] >= 0 and first["started"] and first["finished"]
    shown = harvest.api.ok("harvest_source_show", {"id": source["id"]})
    assert shown["status"]["job_count"] == 2 and shown["status"]["total_datasets"] == 20
    lines = harvest.api.ok("harvest_log_list", {"source_id": source["id"]}, user="admin-opd")
    assert any("20 added" in line["content"] for line in lines)
    assert harvest.api.call("harvest_log_list", {}, user="editor-opd").status == 403


def test_waiting_job_twice_is_a_conflict_and_abort_cancels_it(harvest, portal):
    source = harvest.source(portal.url)
    job = harvest.api.ok("harvest_job_create", {"source_id": source["id"]}, user="admin-opd")
    assert job["status"] == "New"
    again = harvest.api.call("harvest_job_create", {"source_id": source["id"]}, user="admin-opd")
    assert again.status == 409
    aborted = harvest.api.ok("harvest_job_abort", {"id": job["id"]}, user="admin-opd")
    assert aborted["status"] == "Aborted"


def test_incremental_runs_ask_for_changes_since_the_last_good_run(harvest, portal, remote):
    source = harvest.source(portal.url)
    first = harvest.run(source)
    assert "fq" not in remote.hits("/api/3/action/package_search")[-1].query
    portal.edit(5, title="Judul Baru")
    second = harvest.run(source)
    fq = remote.hits("/api/3/action/package_search")[-1].query["fq"]
    assert fq.startswith("metadata_modified:[")
    assert second["since"] == first["started"]
    assert harvest.stats(second) == (0, 1, 0, 0, 0)
    assert harvest.show("jumlah-penduduk-5")["title"] == "Judul Baru"
