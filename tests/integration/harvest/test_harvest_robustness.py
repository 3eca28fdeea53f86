"""Failure modes: a source that is down, a job killed mid-run, a hung job, an aborted job,
two workers racing for one source, a remote that lists nothing."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

import harvesters.pipeline as pipeline
from catalog.db import utcnow
from catalog.models import Dataset, HarvestJob, HarvestObject, HarvestSource
from harvesters.scheduler import run_due, run_source
from tests.integration.harvest.remote import CkanPortal, Reply, ckan_package


def _session(app):
    return app.extensions["tepian.sessionmaker"]()


def test_source_down_fails_the_job_and_keeps_the_data(harvest, portal):
    source = harvest.source(portal.url, mirror=True)
    assert harvest.stats(harvest.run(source)) == (20, 0, 0, 0, 0)
    portal.down = True
    job = harvest.run(source)
    assert job["status"] == "Failed"
    assert "503" in job["gather_error_summary"][0]
    assert harvest.show("jumlah-penduduk-3")["state"] == "active"
    shown = harvest.api.ok("harvest_source_show", {"id": source["id"]}, user="admin")
    assert shown["status"]["last_job"]["status"] == "Failed"
    assert shown["status"]["total_datasets"] == 20


def test_invalid_json_fails_the_job_with_a_readable_reason(harvest, remote):
    remote.route("/api/3/action/package_search", Reply("<html>oops</html>"))
    job = harvest.run(harvest.source(remote.url("/")))
    assert job["status"] == "Failed"
    assert "JSON" in job["gather_error_summary"][0] or "json" in job["gather_error_summary"][0]


class Killed(BaseException):
    """Stands for SIGKILL: nothing after it runs in the dying worker."""


def test_job_killed_mid_run_is_finished_by_the_next_run_without_duplicates(
    harvest, remote, monkeypatch
):
    portal = CkanPortal(remote, [ckan_package(i) for i in range(40)])
    source = harvest.source(portal.url, rows=10)
    app = harvest.api.app

    def die_after_first_batch(job):
        if job.added >= 20:
            raise Killed

    with app.app_context(), monkeypatch.context() as patch:
        # A killed worker never gives its lock back.
        patch.setattr(pipeline.jobs, "release_source", lambda *a, **k: None)
        session = _session(app)
        src = session.get(HarvestSource, source["id"])
        with pytest.raises(Killed):
            run_source(
                session,
                src,
                commit=session.commit,
                worker="w-dead",
                progress=die_after_first_batch,
                batch_size=10,
            )
        session.rollback()
        session.close()

    with app.app_context():
        session = _session(app)
        assert session.scalar(select(func.count()).select_from(Dataset)) == 20
        # The worker's lock and heartbeat stay behind; an hour later they are stale.
        old = utcnow() - timedelta(hours=2)
        session.execute(update(HarvestSource).values(claimed_at=old))
        session.execute(update(HarvestJob).values(heartbeat=old))
        session.commit()
        session.close()

    job = harvest.run(source)
    assert job["status"] == "Finished"
    assert harvest.stats(job) == (20, 0, 20, 0, 0)
    jobs = harvest.api.ok("harvest_job_list", {"source_id": source["id"]}, user="admin-opd")
    dead = [j for j in jobs if j["id"] != job["id"]]
    assert [j["status"] for j in dead] == ["Failed"]
    assert "w-dead" in dead[0]["gather_error_summary"][0]
    with app.app_context():
        session = _session(app)
        names = session.scalars(select(Dataset.name)).all()
        assert sorted(names) == sorted(f"jumlah-penduduk-{i}" for i in range(40))
        current = session.scalar(
            select(func.count()).select_from(HarvestObject).where(HarvestObject.current.is_(True))
        )
        assert current == 40
        session.close()


def test_a_live_lock_makes_other_runs_wait(harvest, portal):
    source = harvest.source(portal.url)
    app = harvest.api.app
    with app.app_context():
        session = _session(app)
        session.execute(update(HarvestSource).values(claimed_by="w-busy", claimed_at=utcnow()))
        session.commit()
        session.close()
    resp = harvest.api.call(
        "harvest_job_create", {"source_id": source["id"], "run": True}, user="admin"
    )
    assert resp.status == 409 and "w-busy" in resp.error["message"]


def test_hung_job_is_marked_failed_by_the_next_pass(harvest, portal):
    source = harvest.source(portal.url, time_limit=60)
    app = harvest.api.app
    with app.app_context():
        session = _session(app)
        old = utcnow() - timedelta(minutes=5)
        job = HarvestJob(source_id=source["id"], status="Running", started=old, heartbeat=old)
        session.add(job)
        session.execute(update(HarvestSource).values(claimed_by="w-hung", claimed_at=old))
        session.commit()
        outcomes = run_due(session, commit=session.commit, worker="w-next")
        session.refresh(job)
        assert job.status == "Failed" and "time limit" in job.gather_errors[0]
        assert outcomes == []  # MANUAL source without a waiting job: nothing is due
        assert session.get(HarvestSource, source["id"]).claimed_by is None
        session.close()


def test_time_limit_stops_a_long_job(harvest, portal):
    source = harvest.source(portal.url, time_limit=0.001)
    job = harvest.run(source)
    assert job["status"] == "Failed"
    assert "time limit" in job["gather_error_summary"][0]
    assert job["stats"]["added"] < 20


def test_aborted_job_stops_at_its_next_heartbeat(harvest, remote):
    portal = CkanPortal(remote, [ckan_package(i) for i in range(30)])
    source = harvest.source(portal.url, rows=10)
    app = harvest.api.app
    with app.app_context():
        session = _session(app)
        src = session.get(HarvestSource, source["id"])

        def abort(job):
            if job.added != 10:
                return
            other = _session(app)
            other.execute(
                update(HarvestJob).where(HarvestJob.id == job.id).values(status="Aborted")
            )
            other.commit()
            other.close()

        outcome = run_source(
            session, src, commit=session.commit, worker="w1", progress=abort, batch_size=10
        )
        assert outcome.job.status == "Aborted"
        assert outcome.job.added == 20  # aborted after the first batch, seen at the second
        session.close()


def test_two_workers_racing_for_one_source_run_it_once(harvest, remote):
    portal = CkanPortal(remote, [ckan_package(i) for i in range(10)])
    search = portal.package_search
    # A slow remote keeps the first worker busy while the second tries.
    remote.route(
        "/api/3/action/package_search",
        lambda req: Reply(
            search(req).body, headers={"Content-Type": "application/json"}, delay=0.5
        ),
    )
    source = harvest.source(portal.url)
    app = harvest.api.app
    barrier = threading.Barrier(2)
    outcomes = []

    def worker(name: str) -> None:
        with app.app_context():
            session = _session(app)
            try:
                src = session.get(HarvestSource, source["id"])
                barrier.wait()
                outcomes.append(run_source(session, src, commit=session.commit, worker=name))
            finally:
                session.close()

    threads = [threading.Thread(target=worker, args=(f"w{i}",)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    ran = [o for o in outcomes if o.job is not None]
    skipped = [o for o in outcomes if o.job is None]
    assert len(ran) == 1 and len(skipped) == 1, outcomes
    assert ran[0].job.status == "Finished" and ran[0].job.added == 10
    assert "being harvested" in skipped[0].skipped
    with app.app_context():
        session = _session(app)
        assert session.scalar(select(func.count()).select_from(HarvestJob)) == 1
        assert session.scalar(select(func.count()).select_from(Dataset)) == 10
        session.close()


def test_an_empty_listing_withdraws_nothing(harvest, portal):
    source = harvest.source(portal.url, mirror=True)
    harvest.run(source)
    portal.packages = []
    job = harvest.run(source)
    assert harvest.stats(job) == (0, 0, 0, 0, 0)
    assert harvest.show("jumlah-penduduk-1")["state"] == "active"
    logs = harvest.api.ok("harvest_log_list", {"job_id": job["id"]}, user="admin")
    assert any("nothing was withdrawn" in line["content"] for line in logs)
