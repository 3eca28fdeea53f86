"""``tepian harvest``: run due harvest jobs once, run one source now, keep a worker up, list.

tepian harvest run                 # every due source once, with progress
tepian harvest run --source NAME   # this source now, due or not (--full: ignore `since`)
tepian harvest worker              # loop: run what is due, sleep, repeat (Ctrl-C stops)
tepian harvest sources             # the sources, their schedule and last job
"""

from __future__ import annotations

import signal
import sys
from collections.abc import Callable
from typing import Any

import click
from flask import current_app
from flask.cli import with_appcontext

from catalog import errors


def _commit_for(session: Any) -> Callable[[], None]:
    """Commit, then let the app drain the search outbox (as ``transaction()`` does)."""

    def commit() -> None:
        session.commit()
        after_commit = current_app.extensions.get("tepian.after_commit")
        if after_commit is not None:
            after_commit(session)

    return commit


def _allow_private() -> bool:
    return bool(current_app.config.get("FETCH_ALLOW_PRIVATE"))


def _progress(job: Any) -> None:
    done = job.added + job.updated + job.unchanged + job.withdrawn + job.errored
    click.echo(
        f"  {job.status:<8} {done:>7} records: {job.added} added, {job.updated} updated, "
        f"{job.unchanged} unchanged, {job.withdrawn} withdrawn, {job.errored} errors",
        err=True,
    )


def _report(outcomes: list[Any]) -> int:
    failed = 0
    for outcome in outcomes:
        if outcome.job is None:
            click.echo(f"{outcome.source}: skipped, {outcome.skipped}")
            continue
        job = outcome.job
        click.echo(
            f"{outcome.source}: {job.status} ({job.added} added, {job.updated} updated, "
            f"{job.unchanged} unchanged, {job.withdrawn} withdrawn, {job.errored} errors)"
        )
        for reason in job.gather_errors or []:
            click.echo(f"  {reason}")
        failed += job.status != "Finished"
    if not outcomes:
        click.echo("No harvest source is due.")
    return failed


@click.group("harvest")
def harvest() -> None:
    """Harvest remote catalogs into Tepian."""


@harvest.command("run")
@click.option("--source", "source_name", default=None, help="Run this source now (name or id).")
@click.option("--full", is_flag=True, help="Read the whole remote catalog, not only changes.")
@with_appcontext
def run(source_name: str | None, full: bool) -> None:
    """Run every due harvest job once (or one source now) and report the counts."""
    from catalog.db import get_session
    from harvesters.scheduler import run_due

    session = get_session()
    try:
        outcomes = run_due(
            session,
            commit=_commit_for(session),
            source_name=source_name,
            full=full,
            progress=_progress,
            allow_private=_allow_private(),
        )
    except errors.CatalogError as exc:
        click.echo(f"Error: {exc.message}", err=True)
        sys.exit(1)
    sys.exit(1 if _report(outcomes) else 0)


@harvest.command("worker")
@click.option("--interval", default=60.0, show_default=True, help="Seconds between passes.")
@with_appcontext
def worker(interval: float) -> None:
    """Stay up: run due harvest jobs, sleep, repeat; SIGTERM or Ctrl-C stops after the job."""
    from harvesters.scheduler import work

    stop = {"now": False}

    def _stop(*_args: Any) -> None:
        stop["now"] = True
        click.echo("Stopping after the current job ...", err=True)

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    app = current_app._get_current_object()
    click.echo(f"Harvest worker up; a pass every {interval:g} s.")
    work(
        app.extensions["tepian.sessionmaker"],
        commit_for=_commit_for,
        interval=interval,
        should_stop=lambda: stop["now"],
        report=lambda outcomes: outcomes and _report(outcomes),
        allow_private=_allow_private(),
    )


@harvest.command("sources")
@with_appcontext
def sources() -> None:
    """List the harvest sources with their schedule and last job."""
    from sqlalchemy import select

    from catalog.db import get_session
    from catalog.models import HarvestJob, HarvestSource

    session = get_session()
    rows = session.scalars(
        select(HarvestSource).where(HarvestSource.state == "active").order_by(HarvestSource.name)
    ).all()
    if not rows:
        click.echo("No harvest sources.")
    for source in rows:
        last = session.scalars(
            select(HarvestJob)
            .where(HarvestJob.source_id == source.id)
            .order_by(HarvestJob.created.desc())
        ).first()
        status = (
            f"last job {last.status} {last.finished or last.created:%Y-%m-%d %H:%M}"
            if last
            else "never run"
        )
        state = "" if source.active else " (inactive)"
        kind = f"{source.source_type}  {source.frequency}"
        click.echo(f"{source.name}{state}  {kind}  {source.url}  {status}")
