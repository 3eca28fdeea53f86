"""``tepian harvest run|worker|sources`` against a fake remote."""

from __future__ import annotations

from catalog.cli_harvest import harvest as harvest_cli
from harvesters import scheduler


def test_run_source_now_and_list(harvest, portal):
    harvest.source(portal.url)
    runner = harvest.api.app.test_cli_runner()
    result = runner.invoke(harvest_cli, ["run", "--source", "sumber-ckan"])
    assert result.exit_code == 0, result.output
    assert "sumber-ckan: Finished (20 added, 0 updated" in result.output
    listed = runner.invoke(harvest_cli, ["sources"])
    assert "sumber-ckan" in listed.output and "last job Finished" in listed.output


def test_run_runs_what_is_due_once(harvest, portal):
    harvest.api.ok(
        "harvest_source_create",
        {
            "name": "harian",
            "url": portal.url,
            "source_type": "ckan",
            "owner_org": "dinkes",
            "frequency": "DAILY",
        },
        user="admin-opd",
    )
    runner = harvest.api.app.test_cli_runner()
    first = runner.invoke(harvest_cli, ["run"])
    assert first.exit_code == 0 and "harian: Finished (20 added" in first.output
    second = runner.invoke(harvest_cli, ["run"])
    assert "No harvest source is due." in second.output  # next run is a day away
    shown = harvest.api.ok("harvest_source_show", {"id": "harian"}, user="admin")
    assert shown["next_run"] > shown["status"]["last_job"]["started"]


def test_failed_job_exits_non_zero(harvest, portal):
    harvest.source(portal.url)
    portal.down = True
    result = harvest.api.app.test_cli_runner().invoke(
        harvest_cli, ["run", "--source", "sumber-ckan"]
    )
    assert result.exit_code == 1 and "Failed" in result.output


def test_worker_loop_runs_waiting_jobs(harvest, portal):
    source = harvest.source(portal.url)
    harvest.api.ok("harvest_job_create", {"source_id": source["id"]}, user="admin-opd")
    app = harvest.api.app
    passes = []
    with app.app_context():
        scheduler.work(
            app.extensions["tepian.sessionmaker"],
            commit_for=lambda session: session.commit,
            interval=0.01,
            should_stop=lambda: len(passes) >= 1,
            report=passes.append,
        )
    [[outcome]] = passes
    assert outcome.job.status == "Finished" and outcome.job.added == 20
