"""Recording and listing the activity stream."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from catalog.auth import permissions
from catalog.errors import NotFound
from catalog.models import Activity, Dataset, User
from catalog.services import action
from catalog.services.common import as_int, get_dataset, get_organization, require
from catalog.services.dictize import activity_dict

# Fields whose change is noise in an activity's change list.
_UNTRACKED = {"metadata_modified", "num_resources", "num_tags"}


def changed_fields(before: dict | None, after: dict) -> list[str]:
    """Top-level keys whose value differs between two package dicts."""
    if before is None:
        return []
    keys = (set(before) | set(after)) - _UNTRACKED
    return sorted(k for k in keys if before.get(k) != after.get(k))


def record(
    session: Session,
    actor: User | None,
    activity_type: str,
    object_type: str,
    object_id: str,
    data: dict[str, Any],
    *,
    organization_id: str | None = None,
) -> Activity:
    """Add an Activity row to the current transaction."""
    act = Activity(
        user_id=actor.id if actor else None,
        object_id=object_id,
        object_type=object_type,
        organization_id=organization_id,
        activity_type=activity_type,
        data=data,
    )
    session.add(act)
    return act


def _page(data: dict) -> tuple[int, int]:
    return as_int(data, "offset", 0), as_int(data, "limit", 31, minimum=1, maximum=100)


def _visible_package_activities(session: Session, actor: User | None, query: Any) -> Any:
    """Keep only activities on datasets the actor may read now (private ones stay hidden)."""
    visible = select(Dataset.id).where(
        permissions.dataset_visibility(session, actor, include_private=True)
    )
    return query.where(Activity.object_id.in_(visible))


@action("package_activity_list", write=False)
def package_activity_list(session: Session, actor: User | None, data: dict) -> list[dict]:
    ds = get_dataset(session, require(data, "id"))
    if not permissions.can_read_dataset(session, actor, ds):
        raise NotFound("Dataset not found")
    offset, limit = _page(data)
    rows = session.scalars(
        select(Activity)
        .where(Activity.object_id == ds.id)
        .order_by(Activity.timestamp.desc())
        .offset(offset)
        .limit(limit)
    )
    return [activity_dict(a) for a in rows]


@action("organization_activity_list", write=False)
def organization_activity_list(session: Session, actor: User | None, data: dict) -> list[dict]:
    org = get_organization(session, require(data, "id"))
    offset, limit = _page(data)
    query = select(Activity).where(
        (Activity.organization_id == org.id) | (Activity.object_id == org.id)
    )
    dataset_acts = _visible_package_activities(
        session, actor, query.where(Activity.object_type == "package")
    )
    other = query.where(Activity.object_type != "package")
    rows = session.scalars(
        select(Activity)
        .where(
            Activity.id.in_(dataset_acts.with_only_columns(Activity.id))
            | Activity.id.in_(other.with_only_columns(Activity.id))
        )
        .order_by(Activity.timestamp.desc())
        .offset(offset)
        .limit(limit)
    )
    members_visible = permissions.can_see_members(session, actor, org)
    return [_without_members(activity_dict(a), members_visible) for a in rows]


def _without_members(act: dict, members_visible: bool) -> dict:
    """Membership changes name people and roles: only those who may see members see them."""
    if not members_visible and ("member" in act["data"] or "member_removed" in act["data"]):
        act = {**act, "data": {"member": "hidden"}, "user_id": None}
    return act


@action("recently_changed_packages_activity_list", write=False)
def recently_changed_packages_activity_list(
    session: Session, actor: User | None, data: dict
) -> list[dict]:
    offset, limit = _page(data)
    query = _visible_package_activities(
        session, actor, select(Activity).where(Activity.object_type == "package")
    )
    rows = session.scalars(query.order_by(Activity.timestamp.desc()).offset(offset).limit(limit))
    return [activity_dict(a) for a in rows]
