"""OPD (organization) actions and memberships."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from catalog.auth import permissions
from catalog.errors import Conflict, NotFound, PermissionDenied, ValidationError
from catalog.models import Dataset, Membership, Organization, User
from catalog.schemas import load
from catalog.schemas.organization import GroupSchema, MemberSchema
from catalog.services import action, activities, indexing
from catalog.services.common import (
    as_bool,
    as_int,
    get_organization,
    get_user,
    require,
    require_login,
    sort_spec,
)
from catalog.services.dictize import organization_dict, package_dict, user_dict


def _count_datasets(session: Session, actor: User | None, org_ids: list[str]) -> dict[str, int]:
    rows = session.execute(
        select(Dataset.owner_org, func.count())
        .where(Dataset.owner_org.in_(org_ids), permissions.dataset_visibility(session, actor))
        .group_by(Dataset.owner_org)
    )
    return dict(rows.all())


def check_name_free(session: Session, model: type, name: str, own_id: str | None) -> None:
    other = session.scalars(select(model).where(model.name == name)).first()
    if other is not None and other.id != own_id:
        raise ValidationError({"name": ["Group name already exists in database"]})


def set_members(session: Session, org: Organization, users: list[dict]) -> None:
    """Make the OPD's members exactly ``users`` (name + capacity); unknown users are an error."""
    wanted: dict[str, str] = {}
    unknown = []
    for ref in users:
        user = session.scalars(select(User).where(User.name == ref["name"])).first()
        if user is None:
            unknown.append(ref["name"])
        else:
            wanted[user.id] = ref["capacity"]
    if unknown:
        raise ValidationError({"users": [f"User not found: {', '.join(unknown)}"]})
    for membership in list(org.memberships):
        if membership.user_id not in wanted:
            org.memberships.remove(membership)
        else:
            membership.role = wanted.pop(membership.user_id)
    for user_id, role in wanted.items():
        org.memberships.append(Membership(user_id=user_id, role=role))


def _org_detail(session: Session, actor: User | None, org: Organization, data: dict) -> dict:
    result = organization_dict(
        org, package_count=_count_datasets(session, actor, [org.id]).get(org.id, 0)
    )
    if permissions.can_see_members(session, actor, org):
        result["users"] = [{**user_dict(m.user), "capacity": m.role} for m in org.memberships]
    else:
        result["users"] = []
    if as_bool(data, "include_datasets", False):
        limit = as_int(data, "limit", 1000, minimum=0, maximum=1000)
        rows = session.scalars(
            select(Dataset)
            .where(
                Dataset.owner_org == org.id,
                permissions.dataset_visibility(session, actor, include_private=True),
            )
            .order_by(Dataset.metadata_modified.desc())
            .limit(limit)
        )
        result["packages"] = [package_dict(ds) for ds in rows]
    return result


@action("organization_create", write=True)
def organization_create(session: Session, actor: User | None, data: dict) -> dict:
    """Create an OPD (sysadmins only); the creator becomes its admin, as in CKAN."""
    actor = require_login(actor)
    if not permissions.can_create_organization(actor):
        raise PermissionDenied("User not authorized to create organizations")
    valid = load(GroupSchema(), data)
    check_name_free(session, Organization, valid["name"], None)
    if valid.get("id") and session.get(Organization, valid["id"]) is not None:
        raise ValidationError({"id": ["Organization id already exists"]})
    org = Organization(name=valid["name"])
    if valid.get("id"):
        org.id = valid["id"]
    _fill(org, valid)
    session.add(org)
    if "users" in valid:
        set_members(session, org, valid["users"])
    if not any(m.user_id == actor.id for m in org.memberships):
        org.memberships.append(Membership(user_id=actor.id, role="admin"))
    session.flush()
    result = organization_dict(org)
    activities.record(session, actor, "new organization", "organization", org.id, {"group": result})
    return result


def _fill(org, valid: dict) -> None:
    for field in ("title", "description", "image_url"):
        setattr(org, field, valid.get(field, ""))
    if not org.title:
        org.title = org.name
    if "state" in valid:
        org.state = valid["state"]


def _update(session: Session, actor: User | None, data: dict, *, patch: bool) -> dict:
    org = get_organization(session, require(data, "id", alt="name"), active=False)
    if not permissions.can_manage_organization(session, actor, org):
        raise PermissionDenied(f"User not authorized to edit organization {org.name}")
    if patch:
        data = {**organization_dict(org), **data}
    data = {**data, "name": data.get("name") or org.name}
    valid = load(GroupSchema(), {k: v for k, v in data.items() if k != "id"})
    check_name_free(session, Organization, valid["name"], org.id)
    if valid.get("state") == "deleted" and org.state != "deleted":
        raise ValidationError({"state": ["Use organization_delete to delete an OPD."]})
    org.name = valid["name"]
    _fill(org, valid)
    if "users" in valid:
        set_members(session, org, valid["users"])
    session.flush()
    permissions.forget_roles(actor)
    # Search documents carry the OPD's name and title.
    indexing.enqueue_many(
        session, list(session.scalars(select(Dataset.id).where(Dataset.owner_org == org.id)))
    )
    result = organization_dict(org)
    activities.record(
        session, actor, "changed organization", "organization", org.id, {"group": result}
    )
    return result


@action("organization_update", write=True)
def organization_update(session: Session, actor: User | None, data: dict) -> dict:
    return _update(session, actor, data, patch=False)


@action("organization_patch", write=True)
def organization_patch(session: Session, actor: User | None, data: dict) -> dict:
    return _update(session, actor, data, patch=True)


@action("organization_delete", write=True)
def organization_delete(session: Session, actor: User | None, data: dict) -> None:
    """Soft-delete an OPD that no longer owns any dataset (its datasets are never orphaned)."""
    org = get_organization(session, require(data, "id", alt="name"))
    if not permissions.can_delete_organization(actor):
        raise PermissionDenied(f"User not authorized to delete organization {org.name}")
    owned = session.scalar(
        select(func.count())
        .select_from(Dataset)
        .where(Dataset.owner_org == org.id, Dataset.state != "deleted")
    )
    if owned:
        raise Conflict(
            f"Organization {org.name} still owns {owned} dataset(s); move or delete them first."
        )
    org.state = "deleted"
    session.flush()
    activities.record(
        session,
        actor,
        "deleted organization",
        "organization",
        org.id,
        {"group": organization_dict(org)},
    )
    return None


@action("organization_show", write=False)
def organization_show(session: Session, actor: User | None, data: dict) -> dict:
    org = get_organization(session, require(data, "id", alt="name"))
    return _org_detail(session, actor, org, data)


@action("organization_list", write=False)
def organization_list(session: Session, actor: User | None, data: dict) -> list:
    """OPD names, or full dicts with ``all_fields``; sort by ``name`` or ``title`` (asc/desc)."""
    field, descending = sort_spec(data, "title asc")
    column = {"name": Organization.name, "title": Organization.title}.get(field, Organization.title)
    order = column.desc() if descending else column.asc()
    query = select(Organization).where(Organization.state == "active").order_by(order)
    limit = as_int(data, "limit", 0, maximum=1000)
    query = query.offset(as_int(data, "offset", 0))
    if limit:
        query = query.limit(limit)
    wanted = data.get("organizations")
    if isinstance(wanted, str):
        wanted = [w.strip() for w in wanted.split(",") if w.strip()]
    if wanted is not None and not (
        isinstance(wanted, list) and all(isinstance(w, str) for w in wanted)
    ):
        raise ValidationError({"organizations": ["Must be a list of OPD names."]})
    if wanted:
        query = query.where(Organization.name.in_(wanted))
    orgs = list(session.scalars(query))
    if not as_bool(data, "all_fields"):
        return [org.name for org in orgs]
    counts = _count_datasets(session, actor, [o.id for o in orgs])
    return [organization_dict(org, package_count=counts.get(org.id, 0)) for org in orgs]


def _member_target(session: Session, actor: User | None, data: dict) -> tuple[Organization, User]:
    org = get_organization(session, require(data, "id"))
    if not permissions.can_manage_organization(session, actor, org):
        raise PermissionDenied(f"User not authorized to manage members of {org.name}")
    try:
        user = get_user(session, require(data, "username"))
    except NotFound:
        raise ValidationError({"username": ["User not found"]}) from None
    return org, user


@action("organization_member_create", write=True)
def organization_member_create(session: Session, actor: User | None, data: dict) -> dict:
    """Give a user a role (admin, editor, member) in an OPD; an existing role is changed."""
    valid = load(MemberSchema(), data)
    org, user = _member_target(session, actor, valid)
    membership = next((m for m in org.memberships if m.user_id == user.id), None)
    if membership is None:
        membership = Membership(user_id=user.id, role=valid["role"])
        org.memberships.append(membership)
    membership.role = valid["role"]
    _membership_changed(
        session, actor, org, user, {"member": {"user": user.name, "role": valid["role"]}}
    )
    return {
        "group_id": org.id,
        "table_name": "user",
        "table_id": user.id,
        "capacity": membership.role,
        "state": "active",
    }


@action("organization_member_delete", write=True)
def organization_member_delete(session: Session, actor: User | None, data: dict) -> None:
    org, user = _member_target(session, actor, data)
    membership = next((m for m in org.memberships if m.user_id == user.id), None)
    if membership is None:
        raise NotFound("User is not a member of this organization")
    org.memberships.remove(membership)
    _membership_changed(session, actor, org, user, {"member_removed": {"user": user.name}})
    return None


def _membership_changed(
    session: Session, actor: User | None, org: Organization, user: User, change: dict
) -> None:
    """Write the change, drop the user's cached roles, and record it in the OPD's stream."""
    session.flush()
    permissions.forget_roles(user)
    activities.record(session, actor, "changed organization", "organization", org.id, change)
