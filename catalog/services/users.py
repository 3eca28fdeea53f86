"""Accounts and API tokens: user_create, _update, _show, _list, api_token_create, _revoke."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from catalog.auth import permissions
from catalog.auth.passwords import check_password, hash_password
from catalog.auth.tokens import hash_token, new_token
from catalog.db import utcnow
from catalog.errors import NotFound, PermissionDenied, ValidationError
from catalog.models import ApiToken, User
from catalog.schemas import load
from catalog.schemas.user import TokenSchema, UserSchema
from catalog.services import action, activities
from catalog.services.common import as_bool, as_int, get_user, require, require_login
from catalog.services.dictize import iso, user_dict


def _check_unique(session: Session, valid: dict, own_id: str | None) -> None:
    errors: dict[str, list[str]] = {}
    other = session.scalars(select(User).where(User.name == valid["name"])).first()
    if other is not None and other.id != own_id:
        errors["name"] = ["That login name is not available."]
    email = valid.get("email")
    if email:
        other = session.scalars(select(User).where(func.lower(User.email) == email.lower())).first()
        if other is not None and other.id != own_id:
            errors["email"] = [f"The email address '{email}' belongs to a registered user."]
    if errors:
        raise ValidationError(errors)


def create_account(session: Session, actor: User | None, data: dict) -> User:
    """Create an account; callers decide who may (the API: sysadmins; the CLI: the operator)."""
    valid = load(UserSchema(), data)
    if not valid.get("password"):
        raise ValidationError({"password": ["Missing value"]})
    _check_unique(session, valid, None)
    user = User(
        name=valid["name"],
        email=valid["email"],
        fullname=valid.get("fullname", ""),
        about=valid.get("about", ""),
        password_hash=hash_password(valid["password"]),
        sysadmin=bool(valid.get("sysadmin", False)),
    )
    session.add(user)
    session.flush()
    activities.record(
        session, actor or user, "new user", "user", user.id, {"user": user_dict(user)}
    )
    return user


@action("user_create", write=True)
def user_create(session: Session, actor: User | None, data: dict) -> dict:
    """Sysadmins create accounts (Tepian has no open self-registration)."""
    if not permissions.can_manage_users(actor):
        raise PermissionDenied("User not authorized to create users")
    return user_dict(create_account(session, actor, data), private=True)


@action("user_update", write=True)
def user_update(session: Session, actor: User | None, data: dict) -> dict:
    user = get_user(session, require(data, "id", alt="name"))
    if not permissions.can_update_user(actor, user):
        raise PermissionDenied(f"User not authorized to edit user {user.name}")
    merged = {"name": user.name, "email": user.email, **data}
    valid = load(UserSchema(), merged)
    if "sysadmin" in data and not permissions.is_sysadmin(actor):
        raise PermissionDenied("Only sysadmins may change the sysadmin flag")
    _check_unique(session, valid, user.id)
    user.name = valid["name"]
    user.email = valid["email"]
    for field in ("fullname", "about"):
        if field in valid:
            setattr(user, field, valid[field])
    if valid.get("password"):
        user.password_hash = hash_password(valid["password"])
    if "sysadmin" in valid:
        user.sysadmin = valid["sysadmin"]
    if "state" in valid:
        user.state = valid["state"]
    session.flush()
    activities.record(session, actor, "changed user", "user", user.id, {"user": user_dict(user)})
    return user_dict(user, private=True)


@action("user_show", write=False)
def user_show(session: Session, actor: User | None, data: dict) -> dict:
    user = get_user(session, require(data, "id", alt="name"))
    if user.state == "deleted" and not permissions.is_sysadmin(actor):
        raise NotFound("User not found")
    return user_dict(user, private=permissions.can_see_private_user_fields(actor, user))


@action("user_list", write=False)
def user_list(session: Session, actor: User | None, data: dict) -> list:
    query = select(User).where(User.state == "active")
    q = data.get("q")
    if q:
        pattern = f"%{str(q).lower()}%"
        query = query.where(
            or_(func.lower(User.name).like(pattern), func.lower(User.fullname).like(pattern))
        )
    order = str(data.get("order_by") or "name")
    query = query.order_by(User.created if order == "created" else User.name)
    limit = as_int(data, "limit", 0, maximum=1000)
    query = query.offset(as_int(data, "offset", 0))
    if limit:
        query = query.limit(limit)
    users = list(session.scalars(query))
    if not as_bool(data, "all_fields", True):
        return [u.name for u in users]
    return [user_dict(u, private=permissions.is_sysadmin(actor)) for u in users]


@action("api_token_create", write=True)
def api_token_create(session: Session, actor: User | None, data: dict) -> dict:
    """Create a token for yourself (sysadmins may for anyone); it is returned only now."""
    actor = require_login(actor)
    valid = load(TokenSchema(), data)
    user = get_user(session, valid["user"])
    if not permissions.can_update_user(actor, user):
        raise PermissionDenied("User not authorized to create tokens for this user")
    token, digest = new_token()
    record = ApiToken(user_id=user.id, name=valid["name"], token_hash=digest)
    if valid.get("expires_in"):
        record.expires_at = utcnow() + timedelta(seconds=valid["expires_in"] * valid["unit"])
    session.add(record)
    session.flush()
    return {"token": token, "id": record.id, "expires_at": iso(record.expires_at)}


@action("api_token_list", write=False)
def api_token_list(session: Session, actor: User | None, data: dict) -> list[dict]:
    actor = require_login(actor)
    user = get_user(
        session, require({"user": data.get("user_id") or data.get("user") or actor.id}, "user")
    )
    if not permissions.can_update_user(actor, user):
        raise PermissionDenied("User not authorized to list tokens of this user")
    return [
        {
            "id": t.id,
            "name": t.name,
            "user_id": t.user_id,
            "created_at": iso(t.created),
            "last_access": iso(t.last_access),
            "expires_at": iso(t.expires_at),
        }
        for t in sorted(user.tokens, key=lambda t: t.created)
    ]


@action("api_token_revoke", write=True)
def api_token_revoke(session: Session, actor: User | None, data: dict) -> None:
    """Revoke by the token itself (``token``) or by its id (``jti``)."""
    actor = require_login(actor)
    if data.get("token"):
        record = session.scalars(
            select(ApiToken).where(ApiToken.token_hash == hash_token(str(data["token"])))
        ).first()
    else:
        record = session.get(ApiToken, require(data, "jti"))
    if record is None:
        raise NotFound("Token not found")
    if not permissions.can_update_user(actor, record.user):
        raise PermissionDenied("User not authorized to revoke this token")
    session.delete(record)
    session.flush()
    return None


def authenticate_token(session: Session, token: str) -> User | None:
    """The active user owning ``token``, noting when it was last used; None if invalid."""
    record = session.scalars(
        select(ApiToken).where(ApiToken.token_hash == hash_token(token))
    ).first()
    if record is None or (record.expires_at is not None and record.expires_at < utcnow()):
        return None
    if record.user.state != "active":
        return None
    now = utcnow()
    if record.last_access is None or now - record.last_access > timedelta(minutes=1):
        record.last_access = now
    return record.user


def authenticate_password(session: Session, login: str, password: str) -> User | None:
    """The active user with this name or email and password; None otherwise."""
    user = session.scalars(
        select(User).where(or_(User.name == login, func.lower(User.email) == login.lower()))
    ).first()
    if user is None or user.state != "active" or not check_password(user.password_hash, password):
        return None
    return user
