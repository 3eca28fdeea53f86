"""What a harvest writes: the local-edits rule, name clashes, records failing validation."""

from __future__ import annotations

from tests.integration.harvest.remote import CkanPortal, ckan_package


def test_steward_edits_survive_where_the_source_is_silent(harvest, portal):
    api = harvest.api
    source = harvest.source(portal.url)
    harvest.run(source)
    before = harvest.show("jumlah-penduduk-1")
    harvested_res = before["resources"][0]

    # A steward of the OPD edits the harvested dataset.
    api.ok(
        "package_patch",
        {
            "id": "jumlah-penduduk-1",
            "title": "Judul Lokal",
            "walidata": "Diskominfo Kota Samarinda",
            "maintainer": "Petugas Dinkes",
            "tags": [*({"name": t["name"]} for t in before["tags"]), {"name": "lokal"}],
            "extras": [{"key": "catatan", "value": "dicek walidata"}],
        },
        user="editor-opd",
    )
    api.ok(
        "resource_patch",
        {"id": harvested_res["id"], "description": "Tabel per kecamatan"},
        user="editor-opd",
    )
    local_res = api.ok(
        "resource_create",
        {"package_id": "jumlah-penduduk-1", "url": "https://dinkes.go.id/catatan.pdf"},
        user="editor-opd",
    )

    # Upstream, the title and the tags change.
    portal.edit(1, title="Judul Baru dari Remote", tags=[{"name": "kependudukan"}])
    job = harvest.run(source, full=True)
    assert harvest.stats(job) == (0, 1, 19, 0, 0)

    after = harvest.show("jumlah-penduduk-1")
    assert after["title"] == "Judul Baru dari Remote"  # the source owns the title
    assert after["walidata"] == "Diskominfo Kota Samarinda"  # the source leaves it empty
    assert after["maintainer"] == "Petugas Dinkes"
    assert after["satuan"] == "jiwa"
    assert sorted(t["name"] for t in after["tags"]) == ["kependudukan", "lokal"]
    extras = {e["key"]: e["value"] for e in after["extras"]}
    assert extras["catatan"] == "dicek walidata" and extras["sumber"] == "BPS"
    resources = {r["url"]: r for r in after["resources"]}
    kept = resources[harvested_res["url"]]
    assert kept["id"] == harvested_res["id"]  # matched by URL: same resource
    assert kept["description"] == "Tabel per kecamatan"
    assert resources[local_res["url"]]["id"] == local_res["id"]
    activity = api.ok("package_activity_list", {"id": "jumlah-penduduk-1"}, user="admin")
    assert activity[0]["user_id"] == api.ok("user_show", {"id": "harvest-bot"})["id"]


def test_name_clash_never_overwrites_a_dataset_from_elsewhere(harvest, portal):
    api = harvest.api
    api.org("dishub")
    mine = api.dataset(org="dishub", name="jumlah-penduduk-3", title="Data Dishub")
    job = harvest.run(harvest.source(portal.url))
    assert harvest.stats(job) == (20, 0, 0, 0, 0)
    assert harvest.show("jumlah-penduduk-3")["title"] == "Data Dishub"
    assert harvest.show("jumlah-penduduk-3")["metadata_modified"] == mine["metadata_modified"]
    harvested = harvest.show("jumlah-penduduk-3-2")
    assert harvested["title"].startswith("Jumlah Penduduk Kecamatan")
    assert harvested["organization"]["name"] == "dinkes"


def test_record_failing_validation_is_recorded_and_others_continue(harvest, remote):
    packages = [ckan_package(i) for i in range(5)]
    packages[2]["tahun"] = "tahun lalu"
    packages[2]["author_email"] = "bukan-surel"
    portal = CkanPortal(remote, packages)
    source = harvest.source(portal.url)
    job = harvest.run(source)
    assert job["status"] == "Finished"
    assert harvest.stats(job) == (4, 0, 0, 0, 1)
    [error] = job["object_error_summary"]
    assert error["guid"] == packages[2]["id"]
    reason = error["errors"][0]
    assert "tahun" in reason and "author_email" in reason
    assert harvest.api.call("package_show", {"id": "jumlah-penduduk-2"}).status == 404
    obj = harvest.api.ok("harvest_object_show", {"id": error["object_id"]}, user="admin-opd")
    assert obj["report_status"] == "error" and obj["guid"] == packages[2]["id"]

    packages[2]["tahun"] = "2023"
    packages[2]["author_email"] = "bps@samarindakota.go.id"
    again = harvest.run(source)
    assert harvest.stats(again) == (1, 0, 4, 0, 0)


def test_unknown_theme_is_left_out_with_a_warning(harvest, remote):
    harvest.api.group("kesehatan")
    packages = [ckan_package(0)]
    packages[0]["groups"] = [{"name": "kesehatan"}, {"name": "tidak-ada"}]
    job = harvest.run(harvest.source(CkanPortal(remote, packages).url))
    assert harvest.stats(job) == (1, 0, 0, 0, 0)
    assert [g["name"] for g in harvest.show("jumlah-penduduk-0")["groups"]] == ["kesehatan"]
    obj = harvest.api.ok("harvest_object_show", {"package_id": "jumlah-penduduk-0"})
    assert "tidak-ada" in obj["warnings"][0]
    assert obj["harvest_url"].endswith("/dataset/jumlah-penduduk-0")
    assert obj["harvest_source_title"] == "Portal Remote"


def test_remote_withdrawal_and_return_with_mirror(harvest, portal):
    source = harvest.source(portal.url, mirror=True)
    harvest.run(source)
    gone = portal.packages.pop(4)
    assert harvest.stats(harvest.run(source))[3] == 1
    assert harvest.show("jumlah-penduduk-4")["state"] == "deleted"
    portal.packages.append(gone)
    back = harvest.run(source)
    assert harvest.stats(back) == (0, 1, 19, 0, 0)
    assert harvest.show("jumlah-penduduk-4")["state"] == "active"


def test_without_mirror_nothing_is_withdrawn(harvest, portal):
    source = harvest.source(portal.url)
    harvest.run(source)
    portal.packages.pop(4)
    job = harvest.run(source, full=True)
    assert harvest.stats(job) == (0, 0, 19, 0, 0)
    assert harvest.show("jumlah-penduduk-4")["state"] == "active"
