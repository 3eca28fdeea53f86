"""Harvest source actions, with ckanext-harvest's names and dict shapes.

``harvest_source_create``, ``_update``, ``_patch``, ``_delete`` (soft), ``_show``, ``_list`` and
``harvest_source_clear``. Sysadmins and the admins of the source's OPD manage a source; anyone
may read sources (config values whose key looks like a secret are hidden from others). Jobs,
objects and the log are in :mod:`catalog.services.harvest_reports`.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from catalog.auth import permissions
from catalog.db import utcnow
from catalog.errors import NotFound, PermissionDenied, ValidationError
from catalog.models import Dataset, HarvestJob, HarvestObject, HarvestSource, Organization, User
from catalog.schemas import load
from catalog.schemas.harvest import HarvestSourceSchema
from catalog.services import action, activities, call
from catalog.services.common import as_int, get_organization, require, require_login
from catalog.services.dictize import iso, organization_summary
from catalog.services.harvest_jobs import harvest_actor, log
from catalog.services.harvest_reports import job_dict

SECRET_HINTS = ("key", "token", "password", "secret", "auth")


def get_source(session: Session, ref: str, *, deleted: bool = False) -> HarvestSource:
    """A source by id or name; deleted ones only when ``deleted`` is true."""
    source = session.scalars(
        select(HarvestSource).where((HarvestSource.id == ref) | (HarvestSource.name == ref))
    ).first()
    if source is None or (source.state == "deleted" and not deleted):
        raise NotFound("Harvest source not found")
    return source


def managed_source(session: Session, actor: User | None, ref: str) -> HarvestSource:
    """A source the actor may manage (PermissionDenied otherwise)."""
    actor = require_login(actor)
    source = get_source(session, ref)
    if not permissions.can_manage_harvest_source(session, actor, source.owner_org):
        raise PermissionDenied(f"User not authorized to manage harvest source {source.name}")
    return source


def _config_for(session: Session, actor: User | None, source: HarvestSource) -> dict:
    config = dict(source.config or {})
    if permissions.can_manage_harvest_source(session, actor, source.owner_org):
        return config
    return {
        k: ("***" if any(h in k.lower() for h in SECRET_HINTS) else v) for k, v in config.items()
    }


def public_url(url: str) -> str:
    """The source URL without credentials or query string (which may hold an API key)."""
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    return urlunsplit((parts.scheme, host, parts.path, "", ""))


def source_dict(session: Session, actor: User | None, source: HarvestSource) -> dict:
    """The source as ckanext-harvest's ``harvest_source_show`` returns it."""
    last = session.scalars(
        select(HarvestJob)
        .where(HarvestJob.source_id == source.id)
        .order_by(HarvestJob.created.desc())
        .limit(1)
    ).first()
    job_count = session.scalar(
        select(func.count()).select_from(HarvestJob).where(HarvestJob.source_id == source.id)
    )
    total = session.scalar(
        select(func.count())
        .select_from(HarvestObject)
        .join(Dataset, Dataset.id == HarvestObject.dataset_id)
        .where(
            HarvestObject.source_id == source.id,
            HarvestObject.current.is_(True),
            Dataset.state == "active",
        )
    )
    org = session.get(Organization, source.owner_org)
    manager = permissions.can_manage_harvest_source(session, actor, source.owner_org)
    return {
        "id": source.id,
        "name": source.name,
        "title": source.title or source.name,
        "notes": source.description,
        "url": source.url if manager else public_url(source.url),
        "source_type": source.source_type,
        "type": "harvest",
        "frequency": source.frequency,
        "config": json.dumps(_config_for(session, actor, source), ensure_ascii=False),
        "owner_org": source.owner_org,
        "organization": organization_summary(org) if org else None,
        "active": source.active,
        "state": source.state,
        "creator_user_id": source.creator_user_id,
        "metadata_created": iso(source.created),
        "metadata_modified": iso(source.modified),
        "next_run": iso(source.next_run),
        "last_good_run": iso(source.last_good_run),
        "status": {
            "job_count": job_count or 0,
            "total_datasets": total or 0,
            # Job details (errors, workers) are for those who manage the source.
            "last_job": job_dict(last) if last and manager else None,
            "next_harvest": iso(source.next_run) if source.active else None,
            "running": source.claimed_by is not None,
        },
    }


def _validate(session: Session, actor: User, data: dict) -> dict:
    from harvesters.base import ConfigError
    from harvesters.registry import get_harvester

    valid = load(HarvestSourceSchema(), data)
    try:
        harvester = get_harvester(valid["source_type"])
    except KeyError as exc:
        raise ValidationError({"source_type": [str(exc.args[0])]}) from None
    try:
        harvester.validate_config(valid["config"])
    except ConfigError as exc:
        raise ValidationError({"config": [str(exc)]}) from None
    try:
        org = get_organization(session, valid["owner_org"])
    except NotFound:
        raise ValidationError({"owner_org": ["Organization does not exist"]}) from None
    if not permissions.can_manage_harvest_source(session, actor, org.id):
        raise PermissionDenied(f"User not authorized to add harvest sources to {org.name}")
    valid["owner_org"] = org.id
    return valid


def _check_unique(session: Session, valid: dict, own_id: str | None) -> None:
    other = session.scalars(
        select(HarvestSource).where(HarvestSource.name == valid["name"])
    ).first()
    if other is not None and other.id != own_id:
        raise ValidationError({"name": ["That URL is already in use."]})
    same_url = session.scalars(
        select(HarvestSource).where(
            HarvestSource.url == valid["url"],
            HarvestSource.owner_org == valid["owner_org"],
            HarvestSource.state == "active",
        )
    ).first()
    if same_url is not None and same_url.id != own_id:
        raise ValidationError({"url": [f"Source {same_url.name} already harvests this URL."]})


def _write(session: Session, source: HarvestSource, valid: dict) -> None:
    source.name = valid["name"]
    source.title = valid.get("title") or valid["name"]
    source.description = valid.get("notes", "")
    source.url = valid["url"]
    source.source_type = valid["source_type"]
    source.owner_org = valid["owner_org"]
    if source.frequency != valid["frequency"] or source.next_run is None:
        source.next_run = None if valid["frequency"] == "MANUAL" else utcnow()
    source.frequency = valid["frequency"]
    source.config = valid["config"]
    source.active = valid["active"]
    source.modified = utcnow()


def _saved(session: Session, actor: User, source: HarvestSource, verb: str) -> dict:
    session.flush()
    # The activity stream is public: it keeps the dict an anonymous reader would see.
    activities.record(
        session,
        actor,
        f"{verb} harvest source",
        "harvest_source",
        source.id,
        {"harvest_source": source_dict(session, None, source)},
        organization_id=source.owner_org,
    )
    return source_dict(session, actor, source)


@action("harvest_source_create", write=True)
def harvest_source_create(session: Session, actor: User | None, data: dict) -> dict:
    """Create a harvest source in an OPD the actor administers."""
    actor = require_login(actor)
    valid = _validate(session, actor, data)
    _check_unique(session, valid, None)
    source = HarvestSource(name=valid["name"], creator_user_id=actor.id)
    _write(session, source, valid)
    session.add(source)
    return _saved(session, actor, source, "new")


def _update(session: Session, actor: User, source: HarvestSource, data: dict) -> dict:
    valid = _validate(session, actor, data)
    _check_unique(session, valid, source.id)
    _write(session, source, valid)
    return _saved(session, actor, source, "changed")


@action("harvest_source_update", write=True)
def harvest_source_update(session: Session, actor: User | None, data: dict) -> dict:
    """Replace a source's settings (fields not sent fall back to their defaults)."""
    source = managed_source(session, actor, require(data, "id", alt="name"))
    return _update(session, actor, source, {"name": source.name, **data})


@action("harvest_source_patch", write=True)
def harvest_source_patch(session: Session, actor: User | None, data: dict) -> dict:
    """Change only the settings sent."""
    source = managed_source(session, actor, require(data, "id", alt="name"))
    current: dict[str, Any] = {
        "name": source.name,
        "title": source.title,
        "notes": source.description,
        "url": source.url,
        "source_type": source.source_type,
        "owner_org": source.owner_org,
        "frequency": source.frequency,
        "config": source.config,
        "active": source.active,
    }
    current.update({k: v for k, v in data.items() if k != "id"})
    return _update(session, actor, source, current)


@action("harvest_source_delete", write=True)
def harvest_source_delete(session: Session, actor: User | None, data: dict) -> None:
    """Soft-delete: the source stops running; its datasets, jobs and objects stay."""
    source = managed_source(session, actor, require(data, "id", alt="name"))
    source.state, source.active, source.next_run = "deleted", False, None
    source.modified = utcnow()
    _saved(session, actor, source, "deleted")
    return None


@action("harvest_source_clear", write=True)
def harvest_source_clear(session: Session, actor: User | None, data: dict) -> dict:
    """Withdraw (soft-delete) every dataset the source harvested; the next run brings back
    what the remote still lists. Jobs and objects stay as the source's history."""
    source = managed_source(session, actor, require(data, "id", alt="name"))
    bot = harvest_actor(session)
    objects = session.scalars(
        select(HarvestObject).where(
            HarvestObject.source_id == source.id,
            HarvestObject.current.is_(True),
            HarvestObject.dataset_id.is_not(None),
        )
    ).all()
    withdrawn = 0
    for obj in objects:
        ds = session.get(Dataset, obj.dataset_id)
        if ds is not None and ds.state != "deleted":
            call("package_delete", session, bot, {"id": ds.id})
            withdrawn += 1
        obj.content_hash = ""  # so the next run imports the record again
    source.last_good_run = None
    log(session, source.id, None, "INFO", f"source cleared by {actor.name}: {withdrawn} withdrawn")
    session.flush()
    return {"id": source.id, "withdrawn": withdrawn}


@action("harvest_source_show", write=False)
def harvest_source_show(session: Session, actor: User | None, data: dict) -> dict:
    source = get_source(session, require(data, "id", alt="name"))
    return source_dict(session, actor, source)


@action("harvest_source_list", write=False)
def harvest_source_list(session: Session, actor: User | None, data: dict) -> list[dict]:
    """Active sources (``organization_id`` filters by OPD), by name."""
    limit = as_int(data, "limit", 100, minimum=1, maximum=1000)
    offset = as_int(data, "offset", 0)
    query = select(HarvestSource).where(HarvestSource.state == "active")
    if data.get("organization_id"):
        org = get_organization(session, str(data["organization_id"]), active=False)
        query = query.where(HarvestSource.owner_org == org.id)
    rows = session.scalars(query.order_by(HarvestSource.name).offset(offset).limit(limit))
    return [source_dict(session, actor, source) for source in rows]
