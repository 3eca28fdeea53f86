"""The harvest pipeline: gather -> fetch -> parse -> import, through ``catalog.services``.

This is the only harvester code that talks to the catalog. It runs one job of one source::

    job = run_job(session, job, commit=session.commit, worker="host:1234")

* The source's run lock is taken first (:func:`catalog.services.harvest_jobs.claim_source`);
  :class:`SourceBusy` is raised when another live worker holds it.
* Records are imported as the ``harvest-bot`` sysadmin through ``package_create`` /
  ``package_update`` / ``package_delete``, so validation, permissions, activity and the search
  outbox apply as for any other write. Each record runs in a SAVEPOINT: a record that fails is
  rolled back alone, recorded as an error object with its guid and reason, and the job goes on.
* A record whose content hash equals the current object's is skipped without any write.
* Changed records are merged with the dataset by the local-edits rule (:mod:`harvesters.merge`).
* After each batch the job's counts and heartbeat are saved and ``commit`` is called (None when
  the caller owns the transaction, as an API request does). A job that was aborted, or that ran
  past the source's ``time_limit``, stops there.
* Only a source with ``mirror`` and a gather that completed withdraws (soft-deletes) datasets
  whose record the remote no longer lists.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from functools import partial
from typing import Any

from sqlalchemy import select

from catalog import errors
from catalog.db import utcnow
from catalog.models import HarvestJob, HarvestSource
from catalog.services import harvest_jobs as jobs
from harvesters.base import Harvester, HarvestError, RecordError, RemoteRef, SourceConfig
from harvesters.http import FetchError, env_allows_private
from harvesters.pipeline_import import RecordImporter, readable
from harvesters.registry import get_harvester

log = logging.getLogger(__name__)
Commit = Callable[[], None] | None
Progress = Callable[[HarvestJob], None] | None


class SourceBusy(Exception):
    """Another worker is running this source now."""


class _Stop(Exception):
    """The job must stop early (aborted, time limit); ``reason`` says why."""

    def __init__(self, status: str, reason: str) -> None:
        super().__init__(reason)
        self.status, self.reason = status, reason


# The scheduler's view of the catalog: it reaches catalog.services only through these.
due_sources = jobs.due_sources
sweep_stale = jobs.sweep_stale
claim_source = jobs.claim_source


def next_job(session: Any, source: HarvestSource) -> HarvestJob:
    """The source's waiting job, or a new one."""
    return jobs.pending_job(session, source) or jobs.new_job(session, source, None)


def source_named(session: Any, ref: str) -> HarvestSource:
    """An active harvest source by name or id (``NotFound`` otherwise)."""
    source = session.scalars(
        select(HarvestSource).where(
            (HarvestSource.id == ref) | (HarvestSource.name == ref),
            HarvestSource.state == "active",
        )
    ).first()
    if source is None or not source.active:
        raise errors.NotFound(f"No active harvest source {ref!r}")
    return source


def run_job(
    session: Any,
    job: HarvestJob,
    *,
    commit: Commit,
    worker: str,
    full: bool = False,
    claimed: bool = False,
    harvester: Harvester | None = None,
    allow_private: bool | None = None,
    batch_size: int = 100,
    progress: Progress = None,
) -> HarvestJob:
    """Run ``job`` to its end and return it (Finished, Failed or Aborted).

    ``claimed``: the caller already holds the source's run lock for ``worker``.
    """
    source = session.get(HarvestSource, job.source_id)
    if not claimed and not jobs.claim_source(session, source, worker):
        raise SourceBusy(f"Harvest source {source.name} is being harvested by {source.claimed_by}")
    run = _Run(session, source, job, commit, worker, batch_size, progress)
    try:
        run.execute(
            harvester or get_harvester(source.source_type),
            env_allows_private() if allow_private is None else allow_private,
            full,
        )
    except KeyboardInterrupt:
        session.rollback()  # the batch in progress; earlier batches are committed
        reason = "interrupted by the operator; the next run goes on from here"
        job.status, job.finished = "Failed", utcnow()
        job.gather_errors = [*(job.gather_errors or []), reason]
        raise
    finally:
        jobs.release_source(session, source, worker)
        if commit:
            commit()
    return job


class _Run:
    """The state of one job while it runs."""

    COUNTERS = {
        "new": "added",
        "updated": "updated",
        "unchanged": "unchanged",
        "withdrawn": "withdrawn",
    }

    def __init__(self, session, source, job, commit, worker, batch_size, progress) -> None:
        self.session, self.source, self.job = session, source, job
        self.commit, self.worker, self.batch_size = commit, worker, batch_size
        self.progress = progress
        self.clock = time.monotonic()
        self.limit = jobs.time_limit(source)
        self.pending = 0

    def execute(self, harvester: Harvester, allow_private: bool, full: bool) -> None:
        session, source, job = self.session, self.source, self.job
        config = dict(source.config or {})
        incremental = config.get("incremental", True) and not config.get("mirror") and not full
        job.since = source.last_good_run if incremental else None
        job.status, job.started, job.heartbeat = "Running", utcnow(), utcnow()
        job.claimed_by = self.worker
        jobs.log(session, source.id, job.id, "INFO", f"job started by {self.worker}")
        self.importer = RecordImporter(session, source, job, jobs.harvest_actor(session))
        self._save()  # before the first request: no write lock is held while we wait on it
        self.known = jobs.current_objects(session, source.id)
        spec = SourceConfig(source.name, source.url, source.source_type, config, allow_private)
        seen: set[str] = set()
        status, reason = "Finished", None
        try:
            for ref in harvester.gather(spec, job.since):
                seen.add(ref.guid)
                self._one(harvester, spec, ref)
                self._tick()
            job.gather_complete = True
            if spec.mirror:
                self._withdraw_missing(seen)
        except _Stop as stop:
            status, reason = stop.status, stop.reason
        except (HarvestError, FetchError) as exc:
            status, reason = "Failed", str(exc)
        except Exception as exc:  # a bug in a source type: the job fails, the worker lives on
            log.exception("harvest %s: the job failed", source.name)
            status, reason = "Failed", readable(exc)
        finally:
            harvester.close()
        self._finish(status, reason)

    def _one(self, harvester: Harvester, spec: SourceConfig, ref: RemoteRef) -> None:
        """Fetch, compare, parse and import one record; a failure becomes an error object."""
        previous = self.known.get(ref.guid)
        try:
            record = harvester.fetch(spec, ref)
            if previous is not None and previous[2] == record.content_hash:
                self.job.unchanged += 1  # nothing changed upstream: no write at all
                return
            harvested = harvester.parse(spec, record)
        except (RecordError, FetchError) as exc:
            return self._error(ref.guid, previous, readable(exc), ref.url)
        self._guarded(
            ref.guid,
            previous,
            harvested.remote_url,
            lambda: self.importer.import_record(
                harvested, record.content_hash, previous, mirror=spec.mirror
            ),
        )

    def _guarded(self, guid: str, previous: Any, url: str | None, write: Callable[[], str]) -> None:
        """Run ``write`` in a SAVEPOINT: it lands whole, or not at all and becomes an error."""
        savepoint = self.session.begin_nested()
        try:
            status = write()
            savepoint.commit()
        except Exception as exc:  # one bad record must never stop the job
            savepoint.rollback()
            if not isinstance(exc, errors.CatalogError | RecordError):
                log.exception("harvest %s: record %s failed", self.source.name, guid)
            return self._error(guid, previous, readable(exc), url)
        counter = self.COUNTERS.get(status)
        if counter:  # "skipped": a record marked deleted upstream, or already withdrawn
            setattr(self.job, counter, getattr(self.job, counter) + 1)

    def _error(self, guid: str, previous: Any, reason: str, url: str | None) -> None:
        self.job.errored += 1
        self.importer.error(guid, previous, reason, url=url)

    def _withdraw_missing(self, seen: set[str]) -> None:
        """With ``mirror``, after a complete gather: withdraw what the remote stopped listing."""
        missing = [guid for guid in self.known if guid not in seen]
        if not seen and missing:
            msg = "the remote listed no records at all; nothing was withdrawn"
            jobs.log(self.session, self.source.id, self.job.id, "WARNING", msg)
            return
        for guid in missing:
            previous = self.known[guid]
            self._guarded(
                guid, previous, None, partial(self.importer.withdraw_missing, guid, previous)
            )
            self._tick()

    # bookkeeping -----------------------------------------------------------------------------
    def _tick(self) -> None:
        self.pending += 1
        if self.pending >= self.batch_size:
            self._checkpoint()
        elif time.monotonic() - self.clock > self.limit:
            self._checkpoint()

    def _checkpoint(self) -> None:
        self.pending = 0
        alive = jobs.heartbeat(self.session, self.job, self.worker)
        self._save()
        if self.progress:
            self.progress(self.job)
        if not alive:
            self.session.refresh(self.job)
            raise _Stop(self.job.status, f"job was {self.job.status.lower()} while it ran")
        if time.monotonic() - self.clock > self.limit:
            raise _Stop("Failed", f"time limit of {self.limit:g} s exceeded")

    def _save(self) -> None:
        self.session.flush()
        if self.commit:
            self.commit()

    def _finish(self, status: str, reason: str | None) -> None:
        session, job, source = self.session, self.job, self.source
        session.refresh(job, ["status"])
        if job.status in ("Aborted", "Failed"):  # aborted, or taken over as stale meanwhile
            status = job.status
        if reason:
            job.gather_errors = [*(job.gather_errors or []), reason]
            jobs.log(session, source.id, job.id, "ERROR", f"job {status.lower()}: {reason}")
        job.status, job.finished = status, utcnow()
        if status == "Finished" and not job.errored:
            # The next incremental run asks for changes since this one started; after record
            # errors it reads everything again, so the failed records are retried.
            source.last_good_run = job.started
        source.next_run = jobs.next_run_after(source, job.started or utcnow())
        counts = (
            f"{job.added} added, {job.updated} updated, {job.unchanged} unchanged, "
            f"{job.withdrawn} withdrawn, {job.errored} errors"
        )
        jobs.log(session, source.id, job.id, "INFO", f"job {status.lower()}: {counts}")
        session.flush()
        if self.progress:
            self.progress(job)
