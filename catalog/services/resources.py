"""Resource actions: resource_create, _update, _patch, _delete, _show.

Each changes its dataset, so each bumps the dataset's ``metadata_modified``, records a
"changed package" activity and re-queues the dataset for the search index.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from catalog.auth import permissions
from catalog.db import utcnow
from catalog.errors import NotFound, PermissionDenied, ValidationError
from catalog.models import Dataset, Resource, User
from catalog.schemas import load
from catalog.schemas.resource import ResourceSchema
from catalog.services import action
from catalog.services.common import get_dataset, get_resource, require
from catalog.services.dictize import package_dict, resource_dict

RESOURCE_FIELDS = ("name", "description", "format", "url", "url_type", "mimetype", "size", "hash")


def _parse_time(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).replace(tzinfo=None)
    except ValueError:
        raise ValidationError({"last_modified": ["Must be an ISO 8601 date and time."]}) from None


def _fill(res: Resource, valid: dict, *, replace: bool) -> None:
    for field in RESOURCE_FIELDS:
        if field in valid:
            setattr(res, field, valid[field])
        elif replace:
            setattr(res, field, None if field == "size" else "")
    if not res.url_type:
        res.url_type = "link" if res.url else ""
    if "last_modified" in valid:
        res.last_modified = _parse_time(valid["last_modified"])
    res.extras = (
        dict(valid.get("extras") or {})
        if replace
        else {**(res.extras or {}), **valid.get("extras", {})}
    )
    res.metadata_modified = utcnow()


def apply_resource_list(session: Session, ds: Dataset, items: list[dict]) -> None:
    """Make ``ds``'s resources exactly ``items``: known ids update, others are added, the
    rest are soft-deleted (state ``deleted``)."""
    current = {r.id: r for r in ds.resources}
    keep: list[Resource] = []
    for position, item in enumerate(items):
        res = current.get(item.get("id") or "")
        if res is None:
            if item.get("id") and session.get(Resource, item["id"]) is not None:
                raise ValidationError(
                    {"resources": [{"id": [f"Resource id {item['id']} belongs elsewhere."]}]}
                )
            res = Resource(dataset_id=ds.id)
            if item.get("id"):
                res.id = item["id"]
            session.add(res)
        _fill(res, item, replace=True)
        res.position = position
        keep.append(res)
    for res in current.values():
        if res not in keep:
            res.state = "deleted"
    ds.resources = keep


def _editable_dataset(session: Session, actor: User | None, ref: str) -> Dataset:
    ds = get_dataset(session, ref)
    if not permissions.can_read_dataset(session, actor, ds):
        raise NotFound("Dataset not found")
    if not permissions.can_edit_dataset(session, actor, ds):
        raise PermissionDenied(f"User not authorized to edit dataset {ds.name}")
    return ds


def _touch(session: Session, actor: User | None, ds: Dataset, before: dict) -> None:
    from catalog.services.datasets import _save

    _save(session, actor, ds, before, "changed package")


@action("resource_create", write=True)
def resource_create(session: Session, actor: User | None, data: dict) -> dict:
    ds = _editable_dataset(session, actor, require(data, "package_id"))
    valid = load(ResourceSchema(), data)
    before = package_dict(ds)
    if valid.get("id") and session.get(Resource, valid["id"]) is not None:
        raise ValidationError({"id": ["Resource id already exists"]})
    position = session.scalar(
        select(func.count())
        .select_from(Resource)
        .where(Resource.dataset_id == ds.id, Resource.state == "active")
    )
    res = Resource(dataset_id=ds.id, position=position or 0)
    if valid.get("id"):
        res.id = valid["id"]
    _fill(res, valid, replace=True)
    session.add(res)
    session.flush()
    _touch(session, actor, ds, before)
    return resource_dict(res)


def _editable_resource(
    session: Session, actor: User | None, data: dict
) -> tuple[Resource, Dataset]:
    res = get_resource(session, require(data, "id"))
    ds = _editable_dataset(session, actor, res.dataset_id)
    return res, ds


@action("resource_update", write=True)
def resource_update(session: Session, actor: User | None, data: dict) -> dict:
    res, ds = _editable_resource(session, actor, data)
    valid = load(ResourceSchema(), data)
    before = package_dict(ds)
    _fill(res, valid, replace=True)
    _touch(session, actor, ds, before)
    return resource_dict(res)


@action("resource_patch", write=True)
def resource_patch(session: Session, actor: User | None, data: dict) -> dict:
    res, ds = _editable_resource(session, actor, data)
    merged = {**resource_dict(res), **data}
    valid = load(ResourceSchema(), merged)
    before = package_dict(ds)
    _fill(res, valid, replace=True)
    _touch(session, actor, ds, before)
    return resource_dict(res)


@action("resource_delete", write=True)
def resource_delete(session: Session, actor: User | None, data: dict) -> None:
    """Soft-delete a resource: it leaves the dataset's list but its row stays."""
    res, ds = _editable_resource(session, actor, data)
    before = package_dict(ds)
    res.state = "deleted"
    session.flush()
    session.expire(ds, ["resources"])
    for position, other in enumerate(ds.resources):
        other.position = position
    _touch(session, actor, ds, before)
    return None


@action("resource_show", write=False)
def resource_show(session: Session, actor: User | None, data: dict) -> dict:
    res = get_resource(session, require(data, "id"))
    ds = session.get(Dataset, res.dataset_id)
    if ds is None or not permissions.can_read_dataset(session, actor, ds):
        raise NotFound("Resource not found")
    return resource_dict(res)
