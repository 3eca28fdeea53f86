"""Theme (group) actions and ``member_create``."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from catalog.auth import permissions
from catalog.errors import NotFound, PermissionDenied, ValidationError
from catalog.models import Dataset, Group, User, dataset_group
from catalog.schemas import load
from catalog.schemas.organization import GroupSchema
from catalog.services import action, activities, indexing
from catalog.services.common import (
    as_bool,
    as_int,
    get_dataset,
    get_group,
    require,
    require_login,
    sort_spec,
)
from catalog.services.dictize import organization_dict, package_dict
from catalog.services.organizations import check_name_free


def _counts(session: Session, actor: User | None, ids: list[str]) -> dict[str, int]:
    rows = session.execute(
        select(dataset_group.c.group_id, func.count())
        .join(Dataset, Dataset.id == dataset_group.c.dataset_id)
        .where(dataset_group.c.group_id.in_(ids), permissions.dataset_visibility(session, actor))
        .group_by(dataset_group.c.group_id)
    )
    return dict(rows.all())


def _group_dict(session: Session, actor: User | None, group: Group) -> dict:
    return organization_dict(
        group, package_count=_counts(session, actor, [group.id]).get(group.id, 0), is_org=False
    )


def _save(session: Session, actor: User | None, group: Group, valid: dict, verb: str) -> dict:
    group.name = valid["name"]
    for field in ("title", "description", "image_url"):
        setattr(group, field, valid.get(field, ""))
    group.title = group.title or group.name
    session.flush()
    members = select(dataset_group.c.dataset_id).where(dataset_group.c.group_id == group.id)
    indexing.enqueue_many(session, list(session.scalars(members)))
    result = _group_dict(session, actor, group)
    activities.record(session, actor, verb, "group", group.id, {"group": result})
    return result


@action("group_create", write=True)
def group_create(session: Session, actor: User | None, data: dict) -> dict:
    actor = require_login(actor)
    if not permissions.can_manage_groups(actor):
        raise PermissionDenied("User not authorized to create groups")
    valid = load(GroupSchema(), data)
    check_name_free(session, Group, valid["name"], None)
    group = Group(name=valid["name"])
    if valid.get("id"):
        if session.get(Group, valid["id"]) is not None:
            raise ValidationError({"id": ["Group id already exists"]})
        group.id = valid["id"]
    session.add(group)
    return _save(session, actor, group, valid, "new group")


@action("group_update", write=True)
def group_update(session: Session, actor: User | None, data: dict) -> dict:
    group = get_group(session, require(data, "id", alt="name"))
    if not permissions.can_manage_groups(actor):
        raise PermissionDenied(f"User not authorized to edit group {group.name}")
    update = {k: v for k, v in data.items() if k != "id"}
    valid = load(GroupSchema(), {**update, "name": data.get("name") or group.name})
    check_name_free(session, Group, valid["name"], group.id)
    return _save(session, actor, group, valid, "changed group")


@action("group_delete", write=True)
def group_delete(session: Session, actor: User | None, data: dict) -> None:
    """Soft-delete a theme; datasets keep existing and simply leave it in listings."""
    group = get_group(session, require(data, "id", alt="name"))
    if not permissions.can_manage_groups(actor):
        raise PermissionDenied(f"User not authorized to delete group {group.name}")
    group.state = "deleted"
    session.flush()
    members = select(dataset_group.c.dataset_id).where(dataset_group.c.group_id == group.id)
    indexing.enqueue_many(session, list(session.scalars(members)))
    activities.record(
        session, actor, "deleted group", "group", group.id, {"group": {"name": group.name}}
    )
    return None


@action("group_show", write=False)
def group_show(session: Session, actor: User | None, data: dict) -> dict:
    group = get_group(session, require(data, "id", alt="name"))
    result = _group_dict(session, actor, group)
    if as_bool(data, "include_datasets", False):
        rows = session.scalars(
            select(Dataset)
            .join(dataset_group, dataset_group.c.dataset_id == Dataset.id)
            .where(
                dataset_group.c.group_id == group.id,
                permissions.dataset_visibility(session, actor, include_private=True),
            )
            .order_by(Dataset.metadata_modified.desc())
            .limit(as_int(data, "limit", 1000, maximum=1000))
        )
        result["packages"] = [package_dict(ds) for ds in rows]
    return result


@action("group_list", write=False)
def group_list(session: Session, actor: User | None, data: dict) -> list:
    field, descending = sort_spec(data, "title asc")
    column = Group.name if field == "name" else Group.title
    order = column.desc() if descending else column.asc()
    query = (
        select(Group)
        .where(Group.state == "active")
        .order_by(order)
        .offset(as_int(data, "offset", 0))
    )
    limit = as_int(data, "limit", 0, maximum=1000)
    if limit:
        query = query.limit(limit)
    groups = list(session.scalars(query))
    if not as_bool(data, "all_fields"):
        return [g.name for g in groups]
    counts = _counts(session, actor, [g.id for g in groups])
    return [organization_dict(g, package_count=counts.get(g.id, 0), is_org=False) for g in groups]


@action("member_create", write=True)
def member_create(session: Session, actor: User | None, data: dict) -> dict:
    """CKAN's generic membership action: put a dataset in a theme, or a user in an OPD."""
    require_login(actor)
    object_type = require(data, "object_type")
    if object_type == "user":
        from catalog.services.organizations import organization_member_create

        return organization_member_create(
            session,
            actor,
            {
                "id": data.get("id"),
                "username": data.get("object"),
                "role": data.get("capacity") or "member",
            },
        )
    if object_type != "package":
        raise ValidationError({"object_type": ["Must be package or user."]})
    group = get_group(session, require(data, "id"))
    ds = get_dataset(session, require(data, "object"))
    if not permissions.can_read_dataset(session, actor, ds):
        raise NotFound("Dataset not found")
    if not (
        permissions.can_edit_dataset(session, actor, ds) or permissions.can_manage_groups(actor)
    ):
        raise PermissionDenied(
            f"User not authorized to add dataset {ds.name} to group {group.name}"
        )
    from catalog.services.datasets import _save

    before = package_dict(ds)
    if group not in ds.groups:
        ds.groups.append(group)
        _save(session, actor, ds, before, "changed package")
    return {
        "group_id": group.id,
        "table_name": "package",
        "table_id": ds.id,
        "capacity": data.get("capacity") or "public",
        "state": "active",
    }
