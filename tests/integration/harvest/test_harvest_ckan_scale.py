"""The issue's "done when" for a CKAN source: 1,000 datasets in, unchanged re-runs write
nothing, and 10 remote edits and 5 removals give exactly 10 updated and 5 withdrawn."""

from __future__ import annotations

import time

from sqlalchemy import func, select

from catalog.db import get_session
from catalog.models import Activity, Dataset, HarvestObject
from tests.integration.harvest.remote import CkanPortal, ckan_package

N = 1000


def _counts(app) -> tuple[int, int, object]:
    with app.app_context():
        session = get_session()
        activities = session.scalar(select(func.count()).select_from(Activity))
        datasets = session.scalar(
            select(func.count()).select_from(Dataset).where(Dataset.state == "active")
        )
        newest = session.scalar(select(func.max(Dataset.metadata_modified)))
        return activities, datasets, newest


def test_ckan_source_of_1000_datasets(api, harvest, remote):
    portal = CkanPortal(remote, [ckan_package(i) for i in range(N)])
    source = harvest.source(portal.url, rows=1000, mirror=True)

    started = time.monotonic()
    job = harvest.run(source)
    full_seconds = time.monotonic() - started
    assert job["status"] == "Finished", job
    assert harvest.stats(job) == (N, 0, 0, 0, 0)
    assert job["duration"] is not None
    before = _counts(api.app)
    assert before[1] == N
    # Written through the services: the search outbox was drained after the commit.
    assert api.ok("package_search", {"q": "Palaran", "rows": 0})["count"] == N // 5

    started = time.monotonic()
    again = harvest.run(source)
    unchanged_seconds = time.monotonic() - started
    assert harvest.stats(again) == (0, 0, N, 0, 0)
    assert _counts(api.app) == before  # no activity, no dataset touched

    for i in range(10):
        portal.edit(i * 7, title=f"Judul Baru {i}")
    removed = [portal.packages[900 + i]["id"] for i in range(5)]
    portal.packages = [p for p in portal.packages if p["id"] not in removed]
    third = harvest.run(source)
    assert harvest.stats(third) == (0, 10, N - 15, 5, 0), third
    assert harvest.show("jumlah-penduduk-7")["title"] == "Judul Baru 1"
    gone = harvest.show("jumlah-penduduk-900")
    assert gone["state"] == "deleted"
    assert api.ok("package_search", {"q": "Palaran", "rows": 0})["count"] == N // 5 - 1

    with api.app.app_context():
        session = get_session()
        per_guid = session.execute(
            select(HarvestObject.guid, func.count())
            .where(HarvestObject.current.is_(True))
            .group_by(HarvestObject.guid)
            .having(func.count() > 1)
        ).all()
        assert per_guid == []
    print(f"\n1000 datasets: full {full_seconds:.1f} s, unchanged {unchanged_seconds:.1f} s")
