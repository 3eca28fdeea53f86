"""Lookups and parameter parsing shared by the action modules."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from catalog.auth import permissions
from catalog.errors import NotFound, PermissionDenied, ValidationError
from catalog.models import Dataset, Group, Organization, Resource, User


def require(data: dict, key: str, *, alt: str | None = None) -> str:
    """A required string parameter (``id`` may also be sent as ``name``, like CKAN)."""
    value = data.get(key)
    if (value is None or value == "") and alt:
        value = data.get(alt)
    if value is None or value == "":
        raise ValidationError({key: ["Missing value"]})
    if not isinstance(value, str):
        raise ValidationError({key: ["Must be a string."]})
    if "\x00" in value or len(value) > 1000:
        raise ValidationError({key: ["Not a valid id or name."]})
    return value.strip()


MAX_INT = 2**31 - 1


def as_int(
    data: dict, key: str, default: int, *, minimum: int = 0, maximum: int | None = None
) -> int:
    value = data.get(key, default)
    if value in (None, ""):
        return default
    if isinstance(value, float | bool) or (isinstance(value, str) and len(value) > 12):
        raise ValidationError({key: ["Must be a whole number."]})
    try:
        number = int(value)
    except (TypeError, ValueError, OverflowError):
        raise ValidationError({key: ["Must be a whole number."]}) from None
    maximum = MAX_INT if maximum is None else maximum
    if number < minimum:
        raise ValidationError({key: [f"Must be at least {minimum}."]})
    if maximum is not None and number > maximum:
        raise ValidationError({key: [f"Must be at most {maximum}."]})
    return number


def sort_spec(data: dict, default: str) -> tuple[str, bool]:
    """``sort`` as ``(field, descending)``, e.g. "title desc" -> ("title", True)."""
    value = data.get("sort") or default
    if not isinstance(value, str):
        raise ValidationError({"sort": ["Must be a string such as 'title asc'."]})
    parts = value.strip().split() or default.split()
    return parts[0], len(parts) > 1 and parts[1].lower() == "desc"


def as_bool(data: dict, key: str, default: bool = False) -> bool:
    value = data.get(key, default)
    if isinstance(value, bool):
        return value
    if value in (None, ""):
        return default
    text = str(value).strip().lower()
    if text in {"true", "1", "yes", "on"}:
        return True
    if text in {"false", "0", "no", "off"}:
        return False
    raise ValidationError({key: ["Must be true or false."]})


def require_login(actor: User | None) -> User:
    if actor is None:
        raise PermissionDenied("You must be logged in.")
    return actor


def _by_id_or_name(session: Session, model: Any, ref: str) -> Any:
    """The object whose id is ``ref``, else the one whose name is ``ref`` (ids win, as in CKAN)."""
    found = session.get(model, ref)
    if found is None:
        found = session.scalars(select(model).where(model.name == ref)).first()
    return found


def get_dataset(session: Session, ref: str) -> Dataset:
    ds = _by_id_or_name(session, Dataset, ref)
    if ds is None:
        raise NotFound("Dataset not found")
    return ds


def editable_dataset(session: Session, actor: User | None, ref: str) -> Dataset:
    """The dataset ``ref`` if the actor may edit it; NotFound if they may not even see it."""
    ds = get_dataset(session, ref)
    if not permissions.can_read_dataset(session, actor, ds):
        raise NotFound("Dataset not found")
    if not permissions.can_edit_dataset(session, actor, ds):
        raise PermissionDenied(f"User not authorized to edit dataset {ds.name}")
    return ds


def get_organization(session: Session, ref: str, *, active: bool = True) -> Organization:
    org = _by_id_or_name(session, Organization, ref)
    if org is None or (active and org.state != "active"):
        raise NotFound("Organization not found")
    return org


def get_group(session: Session, ref: str, *, active: bool = True) -> Group:
    group = _by_id_or_name(session, Group, ref)
    if group is None or (active and group.state != "active"):
        raise NotFound("Group not found")
    return group


def get_user(session: Session, ref: str) -> User:
    user = _by_id_or_name(session, User, ref)
    if user is None:
        raise NotFound("User not found")
    return user


def get_resource(session: Session, ref: str) -> Resource:
    res = session.get(Resource, ref)
    if res is None or res.state != "active":
        raise NotFound("Resource not found")
    return res
