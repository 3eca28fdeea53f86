"""The one place that answers "may X do Y to Z".

Roles per OPD: ``admin`` (members and datasets), ``editor`` (datasets of their OPD), ``member``
(may read their OPD's private datasets). Sysadmins may do everything. Anonymous callers see
public, active datasets only. Services call these functions; nothing else decides access.
"""

from __future__ import annotations

from sqlalchemy import and_, false, or_, select, true
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from catalog.models import Dataset, Membership, Organization, User

EDIT_ROLES = ("admin", "editor")


def is_sysadmin(user: User | None) -> bool:
    return bool(user is not None and user.sysadmin and user.state == "active")


def roles_of(session: Session, user: User | None) -> dict[str, str]:
    """Map of organization id to the user's role there (cached on the user for the request)."""
    if user is None:
        return {}
    cached = getattr(user, "_tepian_roles", None)
    if cached is None:
        rows = session.execute(
            select(Membership.organization_id, Membership.role).where(Membership.user_id == user.id)
        )
        cached = {org_id: role for org_id, role in rows}
        user._tepian_roles = cached
    return cached


def forget_roles(user: User | None) -> None:
    """Drop the cached roles after a membership change."""
    if user is not None and hasattr(user, "_tepian_roles"):
        del user._tepian_roles


def org_role(session: Session, user: User | None, org_id: str | None) -> str | None:
    if org_id is None:
        return None
    return roles_of(session, user).get(org_id)


def can_read_dataset(session: Session, user: User | None, ds: Dataset) -> bool:
    if is_sysadmin(user):
        return True
    role = org_role(session, user, ds.owner_org)
    if ds.state == "deleted":
        return role in EDIT_ROLES
    if ds.state == "draft":
        return role in EDIT_ROLES or (user is not None and ds.creator_user_id == user.id)
    if ds.private:
        return role is not None
    return True


def can_edit_dataset(session: Session, user: User | None, ds: Dataset) -> bool:
    return is_sysadmin(user) or org_role(session, user, ds.owner_org) in EDIT_ROLES


def can_create_dataset(session: Session, user: User | None, org: Organization) -> bool:
    return is_sysadmin(user) or org_role(session, user, org.id) in EDIT_ROLES


def can_manage_organization(session: Session, user: User | None, org: Organization) -> bool:
    """Update an OPD's details and manage its members."""
    return is_sysadmin(user) or org_role(session, user, org.id) == "admin"


def can_create_organization(user: User | None) -> bool:
    return is_sysadmin(user)


def can_delete_organization(user: User | None) -> bool:
    return is_sysadmin(user)


def can_manage_groups(user: User | None) -> bool:
    """Themes are shared by every OPD, so only sysadmins create, change or delete them."""
    return is_sysadmin(user)


def can_see_members(session: Session, user: User | None, org: Organization) -> bool:
    return is_sysadmin(user) or org_role(session, user, org.id) is not None


def can_manage_users(user: User | None) -> bool:
    return is_sysadmin(user)


def can_update_user(actor: User | None, target: User) -> bool:
    return is_sysadmin(actor) or (actor is not None and actor.id == target.id)


def can_see_private_user_fields(actor: User | None, target: User) -> bool:
    return can_update_user(actor, target)


def can_manage_harvest_source(session: Session, user: User | None, org_id: str | None) -> bool:
    """Create, change, run or delete a harvest source of the OPD ``org_id`` (and see its jobs).

    A source writes into its OPD's catalog, so only sysadmins and that OPD's admins may manage
    it; editors publish datasets by hand but do not configure what is imported.
    """
    return is_sysadmin(user) or org_role(session, user, org_id) == "admin"


def harvest_source_org_ids(session: Session, user: User | None) -> list[str] | None:
    """OPD ids whose harvest sources ``user`` manages, or None for a sysadmin (all of them)."""
    if is_sysadmin(user):
        return None
    return [org for org, role in roles_of(session, user).items() if role == "admin"]


def dataset_visibility(
    session: Session,
    user: User | None,
    *,
    include_private: bool = False,
    include_drafts: bool = False,
    include_deleted: bool = False,
) -> ColumnElement[bool]:
    """A WHERE clause selecting exactly the datasets ``user`` may see, given the include flags.

    Mirrors :func:`can_read_dataset`, so lists, counts and facets agree with ``package_show``.
    """
    admin = is_sysadmin(user)
    roles = roles_of(session, user)
    member_orgs = list(roles)
    edit_orgs = [org for org, role in roles.items() if role in EDIT_ROLES]

    public_active = and_(Dataset.state == "active", Dataset.private.is_(False))
    clauses = [public_active]
    if include_private:
        if admin:
            clauses.append(Dataset.state == "active")
        elif member_orgs:
            clauses.append(and_(Dataset.state == "active", Dataset.owner_org.in_(member_orgs)))
    if include_drafts:
        if admin:
            clauses.append(Dataset.state == "draft")
        elif user is not None:
            clauses.append(
                and_(
                    Dataset.state == "draft",
                    or_(
                        Dataset.owner_org.in_(edit_orgs) if edit_orgs else false(),
                        Dataset.creator_user_id == user.id,
                    ),
                )
            )
    if include_deleted:
        if admin:
            clauses.append(Dataset.state == "deleted")
        elif edit_orgs:
            clauses.append(and_(Dataset.state == "deleted", Dataset.owner_org.in_(edit_orgs)))
    return or_(*clauses) if len(clauses) > 1 else (clauses[0] if clauses else true())


def permission_labels(ds: Dataset) -> list[str]:
    """Labels a search document carries; a caller sees it when they hold one of them."""
    if ds.state == "active" and not ds.private:
        return ["public"]
    labels = []
    if ds.owner_org:
        labels.append(
            f"member-{ds.owner_org}" if ds.state == "active" else f"editor-{ds.owner_org}"
        )
    if ds.state == "draft" and ds.creator_user_id:
        labels.append(f"creator-{ds.creator_user_id}")
    return labels


def user_labels(session: Session, user: User | None) -> list[str] | None:
    """Labels a caller holds, or None for a sysadmin, who sees everything."""
    if is_sysadmin(user):
        return None
    labels = ["public"]
    if user is not None:
        labels.append(f"creator-{user.id}")
        for org_id, role in roles_of(session, user).items():
            labels.append(f"member-{org_id}")
            if role in EDIT_ROLES:
                labels.append(f"editor-{org_id}")
    return labels
