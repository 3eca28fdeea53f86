"""Harvest sources, their jobs, the records each job saw, and the job log.

A :class:`HarvestSource` is a remote catalog that Tepian copies datasets from into one OPD. Each
run is a :class:`HarvestJob`; each remote record a job imported, updated, withdrew or failed on
is a :class:`HarvestObject`. The *current* object of a guid (``current`` is True) remembers the
dataset it became, the content hash and the package dict last harvested, which is what the next
run compares with. History rows have ``current`` NULL, so the unique constraint on
``(source_id, guid, current)`` allows exactly one current object per guid and any number of old
ones (NULLs never clash in a unique constraint, on SQLite and PostgreSQL alike).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from catalog.db import Base, utcnow
from catalog.models._types import new_id

FREQUENCIES = ("MANUAL", "HOURLY", "DAILY", "WEEKLY", "BIWEEKLY", "MONTHLY")
JOB_STATUSES = ("New", "Running", "Finished", "Failed", "Aborted")
OBJECT_STATUSES = ("new", "updated", "unchanged", "withdrawn", "error")


class HarvestSource(Base):
    """A remote catalog harvested into one OPD (``owner_org``) on a schedule.

    ``claimed_by`` / ``claimed_at`` are the run lock: a worker sets them with a conditional
    UPDATE before it runs the source and refreshes ``claimed_at`` as its heartbeat.
    """

    __tablename__ = "harvest_source"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    name: Mapped[str] = mapped_column(String(100), unique=True, index=True)
    title: Mapped[str] = mapped_column(String(300), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    url: Mapped[str] = mapped_column(String(2000))
    source_type: Mapped[str] = mapped_column(String(50))
    owner_org: Mapped[str] = mapped_column(ForeignKey("organization.id"), index=True)
    frequency: Mapped[str] = mapped_column(String(20), default="MANUAL")
    config: Mapped[dict] = mapped_column(JSON, default=dict)
    active: Mapped[bool] = mapped_column(default=True)
    state: Mapped[str] = mapped_column(String(20), default="active", index=True)
    creator_user_id: Mapped[str | None] = mapped_column(String(36), default=None)
    created: Mapped[datetime] = mapped_column(default=utcnow)
    modified: Mapped[datetime] = mapped_column(default=utcnow)
    next_run: Mapped[datetime | None] = mapped_column(default=None, index=True)
    last_good_run: Mapped[datetime | None] = mapped_column(default=None)
    claimed_by: Mapped[str | None] = mapped_column(String(100), default=None)
    claimed_at: Mapped[datetime | None] = mapped_column(default=None)


class HarvestJob(Base):
    """One run of a source: its status, times, counts and the errors of the gather step."""

    __tablename__ = "harvest_job"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    source_id: Mapped[str] = mapped_column(
        ForeignKey("harvest_source.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[str] = mapped_column(String(20), default="New", index=True)
    created: Mapped[datetime] = mapped_column(default=utcnow)
    started: Mapped[datetime | None] = mapped_column(default=None)
    finished: Mapped[datetime | None] = mapped_column(default=None)
    since: Mapped[datetime | None] = mapped_column(default=None)
    gather_complete: Mapped[bool] = mapped_column(default=False)
    added: Mapped[int] = mapped_column(Integer, default=0)
    updated: Mapped[int] = mapped_column(Integer, default=0)
    unchanged: Mapped[int] = mapped_column(Integer, default=0)
    withdrawn: Mapped[int] = mapped_column(Integer, default=0)
    errored: Mapped[int] = mapped_column(Integer, default=0)
    gather_errors: Mapped[list] = mapped_column(JSON, default=list)
    claimed_by: Mapped[str | None] = mapped_column(String(100), default=None)
    heartbeat: Mapped[datetime | None] = mapped_column(default=None)
    creator_user_id: Mapped[str | None] = mapped_column(String(36), default=None)


class HarvestObject(Base):
    """A remote record as one job saw it (see the module docstring for ``current``)."""

    __tablename__ = "harvest_object"
    __table_args__ = (UniqueConstraint("source_id", "guid", "current"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    source_id: Mapped[str] = mapped_column(
        ForeignKey("harvest_source.id", ondelete="CASCADE"), index=True
    )
    job_id: Mapped[str] = mapped_column(
        ForeignKey("harvest_job.id", ondelete="CASCADE"), index=True
    )
    guid: Mapped[str] = mapped_column(String(500))
    dataset_id: Mapped[str | None] = mapped_column(String(36), index=True, default=None)
    content_hash: Mapped[str] = mapped_column(String(64), default="")
    status: Mapped[str] = mapped_column(String(20))
    current: Mapped[bool | None] = mapped_column(default=None)
    remote_url: Mapped[str] = mapped_column(String(2000), default="")
    remote_modified: Mapped[datetime | None] = mapped_column(default=None)
    package: Mapped[dict | None] = mapped_column(JSON, default=None)
    errors: Mapped[list] = mapped_column(JSON, default=list)
    warnings: Mapped[list] = mapped_column(JSON, default=list)
    created: Mapped[datetime] = mapped_column(default=utcnow)


class HarvestLog(Base):
    """A line of the harvest log (``harvest_log_list``): what a job did, for operators."""

    __tablename__ = "harvest_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    source_id: Mapped[str | None] = mapped_column(String(36), index=True, default=None)
    job_id: Mapped[str | None] = mapped_column(String(36), index=True, default=None)
    level: Mapped[str] = mapped_column(String(10), default="INFO")
    message: Mapped[str] = mapped_column(Text)
    created: Mapped[datetime] = mapped_column(default=utcnow, index=True)
