"""data.json (DCAT-US) and DCAT-AP (Turtle) sources: a full harvest, an unchanged re-run
that writes nothing, then 10 remote edits and 5 removals (with ``mirror``); and a spreadsheet
inventory whose bad row is reported by its row number."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import harvesters
from tests.integration.harvest.remote import Reply, ckan_package, data_json, dcat_turtle

N = 100

RENDER = {
    "dcat_json": ("/data.json", lambda ps: json.dumps(data_json(ps)), "application/json"),
    "dcat_rdf": ("/catalog.ttl", dcat_turtle, "text/turtle"),
}


@pytest.mark.parametrize("source_type", sorted(RENDER))
def test_dcat_source_full_unchanged_then_edits_and_removals(harvest, remote, source_type):
    path, render, media = RENDER[source_type]
    packages = [ckan_package(i) for i in range(N)]
    remote.route(path, lambda _req: Reply(render(packages), headers={"Content-Type": media}))
    source = harvest.source(remote.url(path), source_type, mirror=True)

    first = harvest.run(source)
    assert first["status"] == "Finished", first
    assert harvest.stats(first) == (N, 0, 0, 0, 0)
    dataset = harvest.api.ok(
        "harvest_object_show", {"package_id": _name_of(harvest, packages[3]["id"])}, user="admin"
    )
    assert dataset["guid"] == packages[3]["id"]

    assert harvest.stats(harvest.run(source)) == (0, 0, N, 0, 0)

    for i in range(10):
        packages[i * 7]["title"] = f"Judul Diperbarui {i}"
    del packages[50:55]
    third = harvest.run(source)
    assert harvest.stats(third) == (0, 10, N - 15, 5, 0), third


def _name_of(harvest, guid: str) -> str:
    """The local dataset of a remote guid, through the job's objects."""
    from sqlalchemy import select

    from catalog.db import get_session
    from catalog.models import HarvestObject

    with harvest.api.app.app_context():
        return get_session().scalar(
            select(HarvestObject.dataset_id).where(
                HarvestObject.guid == guid, HarvestObject.current.is_(True)
            )
        )


def test_spreadsheet_inventory_row_errors_name_the_row(harvest, remote):
    template = (Path(harvesters.__file__).parent / "templates" / "inventaris_data.csv").read_text(
        encoding="utf-8"
    )
    broken = ",,tanpa judul,,,,,,,,,,,,,\n"
    remote.route(
        "/inventaris.csv",
        Reply(template + broken, headers={"Content-Type": "text/csv; charset=utf-8"}),
    )
    job = harvest.run(harvest.source(remote.url("/inventaris.csv"), "spreadsheet"))
    assert job["status"] == "Finished"
    assert harvest.stats(job) == (2, 0, 0, 0, 1)
    [error] = job["object_error_summary"]
    assert "baris 4" in error["errors"][0]
    dataset = harvest.show("penduduk-kecamatan-jk-2023")
    assert dataset["frekuensi"] == "semesteran" and dataset["organization"]["name"] == "dinkes"
