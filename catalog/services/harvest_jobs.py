"""Harvest bookkeeping the pipeline and the scheduler call: the run lock, jobs, objects, log.

These are not API actions; they are the writes of ``harvesters/pipeline.py`` and
``harvesters/scheduler.py``, kept here because services are the only code that writes. Like
every service they flush and leave the commit to the caller.

The run lock: a worker owns a source while ``harvest_source.claimed_by`` holds its id. It takes
the lock with one conditional UPDATE (``WHERE claimed_by IS NULL OR claimed_at < stale``), so
of two workers exactly one gets the row; on PostgreSQL the candidate row is first selected with
``FOR UPDATE SKIP LOCKED`` so the loser skips it instead of waiting. The owner refreshes
``claimed_at`` (and its job's ``heartbeat``) after every batch; a lock whose heartbeat is older
than the source's time limit is stale: its job is marked Failed and the lock may be taken.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, or_, select, update
from sqlalchemy.orm import Session

from catalog.db import utcnow
from catalog.models import HarvestJob, HarvestLog, HarvestObject, HarvestSource, User
from catalog.services import activities
from catalog.services.dictize import user_dict

HARVEST_USER = "harvest-bot"
DEFAULT_TIME_LIMIT = 3600.0
INTERVALS = {
    "HOURLY": timedelta(hours=1),
    "DAILY": timedelta(days=1),
    "WEEKLY": timedelta(weeks=1),
    "BIWEEKLY": timedelta(weeks=2),
    "MONTHLY": timedelta(days=30),
}


def harvest_actor(session: Session) -> User:
    """The system sysadmin harvests write as (``harvest-bot``), created on first use.

    It has no password and no token, so nobody can log in as it; its name in the activity
    stream tells stewards that a change came from a harvest.
    """
    user = session.scalars(select(User).where(User.name == HARVEST_USER)).first()
    if user is None:
        user = User(name=HARVEST_USER, fullname="Harvester", sysadmin=True, state="active")
        session.add(user)
        session.flush()
        activities.record(session, user, "new user", "user", user.id, {"user": user_dict(user)})
    return user


def time_limit(source: HarvestSource) -> float:
    """Seconds a job of ``source`` may run (config ``time_limit``, default one hour)."""
    value = (source.config or {}).get("time_limit")
    return float(value) if isinstance(value, int | float) and value > 0 else DEFAULT_TIME_LIMIT


def next_run_after(source: HarvestSource, when: datetime) -> datetime | None:
    """When a scheduled source is due again; None for MANUAL sources."""
    interval = INTERVALS.get(source.frequency)
    return when + interval if interval else None


def log(session: Session, source_id: str | None, job_id: str | None, level: str, msg: str) -> None:
    session.add(HarvestLog(source_id=source_id, job_id=job_id, level=level, message=msg))


def claim_source(session: Session, source: HarvestSource, worker: str) -> bool:
    """Take the run lock of ``source`` for ``worker``; False if another live worker holds it."""
    now = utcnow()
    stale_before = now - timedelta(seconds=time_limit(source))
    claimable = and_(
        HarvestSource.id == source.id,
        or_(HarvestSource.claimed_by.is_(None), HarvestSource.claimed_at < stale_before),
    )
    if session.get_bind().dialect.name == "postgresql":
        row = session.execute(
            select(HarvestSource.id).where(claimable).with_for_update(skip_locked=True)
        ).first()
        if row is None:
            return False
    previous = source.claimed_by
    result = session.execute(
        update(HarvestSource)
        .where(claimable)
        .values(claimed_by=worker, claimed_at=now)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        return False
    session.refresh(source)
    if previous and previous != worker:
        fail_running_jobs(session, source, f"worker {previous} stopped sending heartbeats")
    return True


def release_source(session: Session, source: HarvestSource, worker: str) -> None:
    """Give the run lock back (only if ``worker`` still holds it)."""
    session.execute(
        update(HarvestSource)
        .where(HarvestSource.id == source.id, HarvestSource.claimed_by == worker)
        .values(claimed_by=None, claimed_at=None)
        .execution_options(synchronize_session=False)
    )
    session.refresh(source)


def heartbeat(session: Session, job: HarvestJob, worker: str) -> bool:
    """Save the job's counts and a sign of life; False if the job was aborted or taken over."""
    now = utcnow()
    result = session.execute(
        update(HarvestJob)
        .where(HarvestJob.id == job.id, HarvestJob.status == "Running")
        .values(
            heartbeat=now,
            added=job.added,
            updated=job.updated,
            unchanged=job.unchanged,
            withdrawn=job.withdrawn,
            errored=job.errored,
        )
        .execution_options(synchronize_session=False)
    )
    session.execute(
        update(HarvestSource)
        .where(HarvestSource.id == job.source_id, HarvestSource.claimed_by == worker)
        .values(claimed_at=now)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


def fail_running_jobs(session: Session, source: HarvestSource, reason: str) -> int:
    """Mark the source's Running jobs Failed (their worker died or hung); return how many."""
    jobs = session.scalars(
        select(HarvestJob).where(HarvestJob.source_id == source.id, HarvestJob.status == "Running")
    ).all()
    for job in jobs:
        job.status = "Failed"
        job.finished = utcnow()
        job.gather_errors = [*(job.gather_errors or []), reason]
        log(session, source.id, job.id, "ERROR", f"job marked failed: {reason}")
    session.flush()
    return len(jobs)


def sweep_stale(session: Session) -> int:
    """Fail Running jobs whose heartbeat is older than their source's time limit; free locks."""
    count = 0
    now = utcnow()
    rows = session.execute(
        select(HarvestJob, HarvestSource)
        .join(HarvestSource, HarvestSource.id == HarvestJob.source_id)
        .where(HarvestJob.status == "Running")
    ).all()
    for job, source in rows:
        last = job.heartbeat or job.started or job.created
        if last < now - timedelta(seconds=time_limit(source)):
            count += fail_running_jobs(
                session, source, f"no heartbeat since {last:%Y-%m-%d %H:%M:%S} UTC (time limit)"
            )
            if source.claimed_at is None or source.claimed_at <= last:
                source.claimed_by, source.claimed_at = None, None
    session.flush()
    return count


def pending_job(session: Session, source: HarvestSource) -> HarvestJob | None:
    """The source's oldest job still waiting to run."""
    return session.scalars(
        select(HarvestJob)
        .where(HarvestJob.source_id == source.id, HarvestJob.status == "New")
        .order_by(HarvestJob.created)
    ).first()


def new_job(session: Session, source: HarvestSource, actor: User | None) -> HarvestJob:
    job = HarvestJob(source_id=source.id, status="New", creator_user_id=actor.id if actor else None)
    session.add(job)
    session.flush()
    return job


def due_sources(session: Session, now: datetime | None = None) -> list[HarvestSource]:
    """Active sources with a waiting job or whose scheduled time has come, oldest due first."""
    now = now or utcnow()
    waiting = select(HarvestJob.source_id).where(HarvestJob.status == "New")
    return list(
        session.scalars(
            select(HarvestSource)
            .where(
                HarvestSource.state == "active",
                HarvestSource.active.is_(True),
                or_(
                    HarvestSource.id.in_(waiting),
                    and_(
                        HarvestSource.frequency != "MANUAL",
                        or_(HarvestSource.next_run.is_(None), HarvestSource.next_run <= now),
                    ),
                ),
            )
            .order_by(HarvestSource.next_run)
        )
    )


def current_objects(session: Session, source_id: str) -> dict[str, tuple[str, str | None, str]]:
    """guid -> (object id, dataset id, content hash) of every current object of a source."""
    rows = session.execute(
        select(
            HarvestObject.guid,
            HarvestObject.id,
            HarvestObject.dataset_id,
            HarvestObject.content_hash,
        ).where(HarvestObject.source_id == source_id, HarvestObject.current.is_(True))
    )
    return {guid: (oid, dataset_id, digest) for guid, oid, dataset_id, digest in rows}


def record_object(
    session: Session,
    job: HarvestJob,
    guid: str,
    status: str,
    *,
    previous_id: str | None = None,
    current: bool = True,
    **fields: Any,
) -> HarvestObject:
    """Add what happened to one record; a current object replaces ``previous_id`` as current."""
    if current and previous_id:
        session.execute(
            update(HarvestObject)
            .where(HarvestObject.id == previous_id)
            .values(current=None)
            .execution_options(synchronize_session=False)
        )
    obj = HarvestObject(
        source_id=job.source_id,
        job_id=job.id,
        guid=guid[:500],
        status=status,
        current=True if current else None,
        **fields,
    )
    session.add(obj)
    session.flush()
    return obj
