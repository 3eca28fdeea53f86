"""Dataset actions: package_create, _update, _patch, _delete, _show, _list."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from catalog.auth import permissions
from catalog.db import utcnow
from catalog.errors import NotFound, PermissionDenied, ValidationError
from catalog.models import Dataset, DatasetExtra, Group, Tag, User
from catalog.schemas import load
from catalog.schemas.dataset import SATU_DATA_FIELDS, DatasetSchema
from catalog.services import action, activities, indexing
from catalog.services.common import (
    as_bool,
    as_int,
    editable_dataset,
    get_dataset,
    require,
    require_login,
)
from catalog.services.dictize import package_dict
from catalog.services.resources import apply_resource_list

SCALAR_FIELDS = (
    "title",
    "notes",
    "license_id",
    "author",
    "author_email",
    "maintainer",
    "maintainer_email",
    "version",
    "url",
    *SATU_DATA_FIELDS,
)
_DEFAULTS = {"temporal_start": None, "temporal_end": None, "klasifikasi": "terbuka"}


def _resolve_owner(session: Session, actor: User | None, ref: str | None) -> Any:
    from catalog.services.common import get_organization

    if not ref:
        raise ValidationError({"owner_org": ["Missing value: every dataset belongs to an OPD."]})
    try:
        org = get_organization(session, ref)
    except NotFound:
        raise ValidationError({"owner_org": ["Organization does not exist"]}) from None
    if not permissions.can_create_dataset(session, actor, org):
        raise PermissionDenied(f"User not authorized to add datasets to organization {org.name}")
    return org


def _tags(session: Session, names: list[str]) -> list[Tag]:
    if not names:
        return []
    existing = {t.name: t for t in session.scalars(select(Tag).where(Tag.name.in_(names)))}
    result = []
    for name in names:
        tag = existing.get(name)
        if tag is None:
            tag = Tag(name=name)
            session.add(tag)
            existing[name] = tag
        result.append(tag)
    return result


def _groups(session: Session, refs: list[dict]) -> list[Group]:
    found: list[Group] = []
    missing = []
    for ref in refs:
        key = ref.get("id") or ref.get("name")
        group = None
        if key:
            group = session.scalars(
                select(Group).where(
                    (Group.id == key) | (Group.name == key), Group.state == "active"
                )
            ).first()
        if group is None:
            missing.append(str(key))
        elif group not in found:
            found.append(group)
    if missing:
        raise ValidationError({"groups": [f"Group does not exist: {', '.join(missing)}"]})
    return found


def _check_name_free(session: Session, name: str, own_id: str | None) -> None:
    other = session.scalars(select(Dataset).where(Dataset.name == name)).first()
    if other is not None and other.id != own_id:
        raise ValidationError({"name": ["That URL is already in use."]})


def _apply(
    session: Session, ds: Dataset, data: dict, *, creating: bool, actor: User | None = None
) -> None:
    """Write validated fields onto ``ds``: scalars replace; lists replace only when sent."""
    for field in SCALAR_FIELDS:
        if field in data:
            setattr(ds, field, data[field])
        elif not creating:
            setattr(ds, field, _DEFAULTS.get(field, ""))
        elif field in _DEFAULTS:
            setattr(ds, field, _DEFAULTS[field])
    if not ds.title:
        ds.title = ds.name
    if "private" in data:
        ds.private = data["private"]
    if "tags" in data:
        ds.tags = _tags(session, [t["name"] for t in data["tags"]])
    if "groups" in data:
        ds.groups = _groups(session, data["groups"])
    if "extras" in data:
        current = {e.key: e for e in ds.extras}
        wanted = {e["key"]: e["value"] for e in data["extras"]}
        for key, extra in current.items():
            if key not in wanted:
                ds.extras.remove(extra)
        for key, value in wanted.items():
            if key in current:
                current[key].value = value
            else:
                ds.extras.append(DatasetExtra(key=key, value=value))
    if "resources" in data:
        apply_resource_list(
            session, ds, data["resources"], may_choose_ids=permissions.is_sysadmin(actor)
        )


def _save(
    session: Session, actor: User | None, ds: Dataset, before: dict | None, verb: str
) -> dict:
    ds.metadata_modified = utcnow()
    session.flush()
    session.refresh(ds)
    after = package_dict(ds)
    activities.record(
        session,
        actor,
        verb,
        "package",
        ds.id,
        {"package": after, "changes": activities.changed_fields(before, after)},
        organization_id=ds.owner_org,
    )
    # Deleted datasets stay in the index (for those who may see them), like every other state.
    indexing.enqueue(session, ds.id)
    return after


@action("package_create", write=True)
def package_create(session: Session, actor: User | None, data: dict) -> dict:
    """Create a dataset in an OPD the actor edits for."""
    actor = require_login(actor)
    valid = load(DatasetSchema(), data)
    org = _resolve_owner(session, actor, valid.get("owner_org"))
    _check_name_free(session, valid["name"], None)
    if valid.get("id") and not permissions.is_sysadmin(actor):
        raise ValidationError({"id": ["Only sysadmins may choose a dataset's id."]})
    if valid.get("id") and session.get(Dataset, valid["id"]) is not None:
        raise ValidationError({"id": ["Dataset id already exists"]})
    state = valid.get("state", "active")
    if state == "deleted":
        raise ValidationError({"state": ["A new dataset cannot be deleted."]})
    ds = Dataset(name=valid["name"], owner_org=org.id, state=state, creator_user_id=actor.id)
    if valid.get("id"):
        ds.id = valid["id"]
    ds.private = bool(valid.get("private", False))
    session.add(ds)
    _apply(session, ds, valid, creating=True, actor=actor)
    return _save(session, actor, ds, None, "new package")


def _update(session: Session, actor: User | None, ds: Dataset, data: dict) -> dict:
    data = dict(data)
    data.setdefault("name", ds.name)
    data.pop("id", None)
    valid = load(DatasetSchema(), data)
    before = package_dict(ds)
    if "owner_org" in valid and valid["owner_org"] not in (ds.owner_org, None):
        org = _resolve_owner(session, actor, valid["owner_org"])
        ds.owner_org = org.id
    _check_name_free(session, valid["name"], ds.id)
    ds.name = valid["name"]
    if "state" in valid:
        if valid["state"] == "deleted" and ds.state != "deleted":
            raise ValidationError({"state": ["Use package_delete to delete a dataset."]})
        ds.state = valid["state"]
    _apply(session, ds, valid, creating=False, actor=actor)
    verb = "changed package"
    return _save(session, actor, ds, before, verb)


@action("package_update", write=True)
def package_update(session: Session, actor: User | None, data: dict) -> dict:
    """Replace a dataset's fields; tags, groups, extras and resources only when sent."""
    ds = editable_dataset(session, actor, require(data, "id", alt="name"))
    return _update(session, actor, ds, data)


@action("package_patch", write=True)
def package_patch(session: Session, actor: User | None, data: dict) -> dict:
    """Change only the fields sent."""
    ds = editable_dataset(session, actor, require(data, "id", alt="name"))
    current = package_dict(ds)
    for key in ("tags", "groups", "extras", "resources"):
        current.pop(key)
    current.update({k: v for k, v in data.items() if k != "id"})
    return _update(session, actor, ds, current)


@action("package_delete", write=True)
def package_delete(session: Session, actor: User | None, data: dict) -> None:
    """Soft-delete: the dataset's state becomes ``deleted``; nothing is purged."""
    ds = editable_dataset(session, actor, require(data, "id", alt="name"))
    if ds.state == "deleted":
        return None
    before = package_dict(ds)
    ds.state = "deleted"
    _save(session, actor, ds, before, "deleted package")
    return None


@action("package_show", write=False)
def package_show(session: Session, actor: User | None, data: dict) -> dict:
    ds = get_dataset(session, require(data, "id", alt="name"))
    if not permissions.can_read_dataset(session, actor, ds):
        # Private datasets are not admitted to exist for those who may not see them.
        raise NotFound("Dataset not found")
    return package_dict(ds)


@action("package_list", write=False)
def package_list(session: Session, actor: User | None, data: dict) -> list[str]:
    """Names of public, active datasets (CKAN lists only those here)."""
    limit = as_int(data, "limit", 0)
    offset = as_int(data, "offset", 0)
    query = (
        select(Dataset.name)
        .where(
            permissions.dataset_visibility(
                session,
                actor,
                include_private=as_bool(data, "include_private"),
                include_drafts=as_bool(data, "include_drafts"),
                include_deleted=as_bool(data, "include_deleted"),
            )
        )
        .order_by(Dataset.name)
        .offset(offset)
    )
    if limit:
        query = query.limit(limit)
    return list(session.scalars(query))


@action("current_package_list_with_resources", write=False)
def current_package_list_with_resources(
    session: Session, actor: User | None, data: dict
) -> list[dict]:
    limit = as_int(data, "limit", 10, minimum=1, maximum=1000)
    # CKAN counts pages from 1; ``offset`` wins when both are sent.
    page = as_int(data, "page", 1, minimum=1, maximum=10**6)
    offset = as_int(data, "offset", (page - 1) * limit)
    rows = session.scalars(
        select(Dataset)
        .where(permissions.dataset_visibility(session, actor, include_private=True))
        .order_by(Dataset.metadata_modified.desc())
        .offset(offset)
        .limit(limit)
    )
    return [package_dict(ds) for ds in rows]
