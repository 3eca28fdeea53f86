"""Which harvest jobs run when: ``tepian harvest run`` runs what is due once, ``worker`` loops.

A source is due when it has a job waiting (``harvest_job_create`` without ``run``, or
``tepian harvest run --source NAME``) or when its ``frequency`` says so (``next_run`` has
passed). Every pass first fails jobs whose heartbeat is older than their source's time limit
(their worker died or hung), then, for each due source, takes its run lock, runs one job, and
gives the lock back. Any number of workers may run side by side: the lock makes sure that one
source is run by one of them at a time; the others skip it.

The functions take a session and a ``commit`` callable, so the CLI can commit through the app
(which drains the search outbox after each commit) and tests can pass their own.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from catalog.models import HarvestJob, HarvestSource
from harvesters import pipeline
from harvesters.pipeline import Progress, run_job


def worker_id() -> str:
    """This worker's name in the run lock: host, process and thread."""
    return f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident()}"


@dataclass
class Outcome:
    """What happened to one source in a pass: its job, or why it did not run."""

    source: str
    job: HarvestJob | None = None
    skipped: str | None = None


def run_source(
    session: Any,
    source: HarvestSource,
    *,
    commit: Callable[[], None],
    worker: str,
    full: bool = False,
    progress: Progress = None,
    allow_private: bool | None = None,
    batch_size: int = 100,
) -> Outcome:
    """Run one job of ``source`` now, unless another worker holds its lock."""
    if not pipeline.claim_source(session, source, worker):
        commit()
        return Outcome(source.name, skipped=f"being harvested by {source.claimed_by}")
    job = pipeline.next_job(session, source)
    commit()
    run_job(
        session,
        job,
        commit=commit,
        worker=worker,
        full=full,
        claimed=True,
        progress=progress,
        allow_private=allow_private,
        batch_size=batch_size,
    )
    return Outcome(source.name, job=job)


def run_due(
    session: Any,
    *,
    commit: Callable[[], None],
    worker: str | None = None,
    source_name: str | None = None,
    full: bool = False,
    progress: Progress = None,
    allow_private: bool | None = None,
) -> list[Outcome]:
    """Run every due source once (or only ``source_name``, due or not); return the outcomes."""
    worker = worker or worker_id()
    pipeline.sweep_stale(session)
    commit()
    if source_name:
        sources = [pipeline.source_named(session, source_name)]
    else:
        sources = pipeline.due_sources(session)
    outcomes = []
    for source in sources:
        outcomes.append(
            run_source(
                session,
                source,
                commit=commit,
                worker=worker,
                full=full,
                progress=progress,
                allow_private=allow_private,
            )
        )
    return outcomes


def work(
    session_factory: Callable[[], Any],
    *,
    commit_for: Callable[[Any], Callable[[], None]],
    interval: float = 60.0,
    should_stop: Callable[[], bool] = lambda: False,
    report: Callable[[list[Outcome]], None] | None = None,
    allow_private: bool | None = None,
) -> None:
    """Loop: run what is due with a fresh session, then sleep ``interval`` seconds."""
    worker = worker_id()
    while not should_stop():
        session = session_factory()
        try:
            outcomes = run_due(
                session, commit=commit_for(session), worker=worker, allow_private=allow_private
            )
            if report:
                report(outcomes)
        finally:
            session.close()
        deadline = time.monotonic() + interval
        while not should_stop() and time.monotonic() < deadline:
            time.sleep(min(1.0, interval))
