"""Harvest jobs, objects and the log: ``harvest_job_create``, ``_list``, ``_show``, ``_abort``,
``harvest_object_show`` and ``harvest_log_list`` (ckanext-harvest's names and shapes).

Jobs and the log are for those who manage the source (sysadmins, the OPD's admins). A harvest
object is shown to anyone who may read the dataset it became: it tells where the dataset came
from (``harvest_source_id``, ``harvest_source_title``, ``harvest_url``).
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from catalog.auth import permissions
from catalog.db import utcnow
from catalog.errors import Conflict, NotFound, PermissionDenied
from catalog.models import Dataset, HarvestJob, HarvestLog, HarvestObject, HarvestSource, User
from catalog.schemas import load
from catalog.schemas.harvest import HarvestJobCreateSchema
from catalog.services import action
from catalog.services.common import as_int, get_dataset, require, require_login
from catalog.services.dictize import iso
from catalog.services.harvest_jobs import log, new_job, pending_job

MAX_ERRORS_SHOWN = 1000


def job_dict(job: HarvestJob) -> dict:
    """A job as ckanext-harvest's ``harvest_job_show`` returns it, with Tepian's counts too."""
    duration = (
        (job.finished - job.started).total_seconds() if job.finished and job.started else None
    )
    return {
        "id": job.id,
        "source_id": job.source_id,
        "status": job.status,
        "created": iso(job.created),
        "gather_started": iso(job.started),
        "started": iso(job.started),
        "finished": iso(job.finished),
        "duration": duration,
        "since": iso(job.since),
        "gather_complete": job.gather_complete,
        "heartbeat": iso(job.heartbeat),
        "claimed_by": job.claimed_by,
        "stats": {
            "added": job.added,
            "updated": job.updated,
            "not modified": job.unchanged,
            "unchanged": job.unchanged,
            "deleted": job.withdrawn,
            "withdrawn": job.withdrawn,
            "errored": job.errored,
        },
        "gather_error_summary": list(job.gather_errors or []),
    }


def object_dict(obj: HarvestObject, source: HarvestSource | None) -> dict:
    return {
        "id": obj.id,
        "guid": obj.guid,
        "harvest_job_id": obj.job_id,
        "harvest_source_id": obj.source_id,
        "harvest_source_title": (source.title or source.name) if source else None,
        "harvest_url": obj.remote_url or None,
        "package_id": obj.dataset_id,
        "current": bool(obj.current),
        "report_status": obj.status,
        "status": obj.status,
        "content_hash": obj.content_hash,
        "remote_modified": iso(obj.remote_modified),
        "gathered": iso(obj.created),
        "errors": list(obj.errors or []),
        "warnings": list(obj.warnings or []),
        "content": obj.package,
    }


def _managed_job_source(session: Session, actor: User | None, job: HarvestJob) -> HarvestSource:
    source = session.get(HarvestSource, job.source_id)
    if source is None or not permissions.can_manage_harvest_source(
        session, actor, source.owner_org
    ):
        raise NotFound("Harvest job not found")
    return source


def _job(session: Session, actor: User | None, data: dict) -> tuple[HarvestJob, HarvestSource]:
    job = session.get(HarvestJob, require(data, "id"))
    if job is None:
        raise NotFound("Harvest job not found")
    return job, _managed_job_source(session, actor, job)


@action("harvest_job_create", write=True)
def harvest_job_create(session: Session, actor: User | None, data: dict) -> dict:
    """Queue a run of a source (``run`` true: run it now, in this request)."""
    from catalog.services.harvest import managed_source

    actor = require_login(actor)
    valid = load(HarvestJobCreateSchema(), data)
    source = managed_source(session, actor, valid["source_id"])
    if not source.active:
        raise Conflict(f"Harvest source {source.name} is not active")
    job = pending_job(session, source)
    if job is not None and not valid["run"]:
        raise Conflict(f"There already is an unrun job for harvest source {source.name}")
    job = job or new_job(session, source, actor)
    log(session, source.id, job.id, "INFO", f"job created by {actor.name}")
    if valid["run"]:
        # The pipeline is the harvest edge; imported here so services never need it otherwise.
        from harvesters.pipeline import SourceBusy, run_job

        try:
            run_job(session, job, commit=None, worker=f"api:{actor.name}", full=valid["full"])
        except SourceBusy as exc:
            raise Conflict(str(exc)) from None
    return job_dict(job)


@action("harvest_job_list", write=False)
def harvest_job_list(session: Session, actor: User | None, data: dict) -> list[dict]:
    """Jobs of the sources the actor manages, newest first (``source_id``, ``status``)."""
    limit = as_int(data, "limit", 100, minimum=1, maximum=1000)
    offset = as_int(data, "offset", 0)
    query = select(HarvestJob).join(HarvestSource, HarvestSource.id == HarvestJob.source_id)
    orgs = permissions.harvest_source_org_ids(session, actor)
    if orgs is not None:
        query = query.where(HarvestSource.owner_org.in_(orgs))
    if data.get("source_id"):
        ref = str(data["source_id"])
        query = query.where((HarvestSource.id == ref) | (HarvestSource.name == ref))
    if data.get("status"):
        query = query.where(HarvestJob.status == str(data["status"]))
    rows = session.scalars(query.order_by(HarvestJob.created.desc()).offset(offset).limit(limit))
    return [job_dict(job) for job in rows]


@action("harvest_job_show", write=False)
def harvest_job_show(session: Session, actor: User | None, data: dict) -> dict:
    """A job with its per-record errors (guid and reason) and its source's name."""
    job, source = _job(session, actor, data)
    result = job_dict(job)
    errors = session.scalars(
        select(HarvestObject)
        .where(HarvestObject.job_id == job.id, HarvestObject.status == "error")
        .order_by(HarvestObject.created)
        .limit(MAX_ERRORS_SHOWN)
    )
    result["object_error_summary"] = [
        {"guid": o.guid, "object_id": o.id, "errors": list(o.errors or [])} for o in errors
    ]
    result["source"] = {"id": source.id, "name": source.name, "title": source.title}
    return result


@action("harvest_job_abort", write=True)
def harvest_job_abort(session: Session, actor: User | None, data: dict) -> dict:
    """Abort a waiting or running job; a running worker stops at its next heartbeat."""
    actor = require_login(actor)
    job, source = _job(session, actor, data)
    if job.status in ("New", "Running"):
        job.status, job.finished = "Aborted", utcnow()
        log(session, source.id, job.id, "WARNING", f"job aborted by {actor.name}")
        session.flush()
    return job_dict(job)


@action("harvest_object_show", write=False)
def harvest_object_show(session: Session, actor: User | None, data: dict) -> dict:
    """A harvest object by ``id``, or the current one of a dataset by ``package_id``."""
    if data.get("package_id") and not data.get("id"):
        ds = get_dataset(session, require(data, "package_id"))
        if not permissions.can_read_dataset(session, actor, ds):
            raise NotFound("Dataset not found")
        obj = session.scalars(
            select(HarvestObject).where(
                HarvestObject.dataset_id == ds.id, HarvestObject.current.is_(True)
            )
        ).first()
    else:
        obj = session.get(HarvestObject, require(data, "id"))
    if obj is None:
        raise NotFound("Harvest object not found")
    source = session.get(HarvestSource, obj.source_id)
    ds = session.get(Dataset, obj.dataset_id) if obj.dataset_id else None
    manager = source is not None and permissions.can_manage_harvest_source(
        session, actor, source.owner_org
    )
    if not manager and (ds is None or not permissions.can_read_dataset(session, actor, ds)):
        raise NotFound("Harvest object not found")
    return object_dict(obj, source)


@action("harvest_log_list", write=False)
def harvest_log_list(session: Session, actor: User | None, data: dict) -> list[dict]:
    """Harvest log lines, newest first (``source_id``, ``job_id``, ``level`` filter them)."""
    limit = as_int(data, "limit", 100, minimum=1, maximum=1000)
    offset = as_int(data, "offset", 0)
    actor = require_login(actor)
    query = select(HarvestLog)
    orgs = permissions.harvest_source_org_ids(session, actor)
    if orgs is not None:
        if not orgs:
            raise PermissionDenied("Only sysadmins and OPD admins may read the harvest log")
        mine = select(HarvestSource.id).where(HarvestSource.owner_org.in_(orgs))
        query = query.where(HarvestLog.source_id.in_(mine))
    for key in ("source_id", "job_id"):
        if data.get(key):
            query = query.where(getattr(HarvestLog, key) == str(data[key]))
    if data.get("level"):
        query = query.where(HarvestLog.level == str(data["level"]).upper())
    rows = session.scalars(
        query.order_by(HarvestLog.created.desc(), HarvestLog.id.desc()).offset(offset).limit(limit)
    )
    return [
        {
            "id": row.id,
            "source_id": row.source_id,
            "job_id": row.job_id,
            "level": row.level,
            "content": row.message,
            "created": iso(row.created),
        }
        for row in rows
    ]
