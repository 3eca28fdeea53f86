"""Flask-Login wiring: the session cookie for pages, API tokens for programs."""

from __future__ import annotations

from flask import Flask, request
from flask_login import LoginManager, current_user

from catalog.auth.tokens import token_from_header
from catalog.db import get_session, transaction
from catalog.models import User

login_manager = LoginManager()
login_manager.login_view = "auth.login"
login_manager.login_message = None


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    user = get_session().get(User, user_id)
    return user if user is not None and user.is_active else None


@login_manager.request_loader
def load_user_from_token(req) -> User | None:
    """An API token in ``Authorization`` (what ckanapi sends) or ``X-CKAN-API-Key``."""
    token = token_from_header(req.headers.get("Authorization")) or token_from_header(
        req.headers.get("X-CKAN-API-Key")
    )
    if not token:
        return None
    from catalog.services.users import authenticate_token

    with transaction() as session:
        user = authenticate_token(session, token)
    if user is not None:
        request.environ["tepian.token_auth"] = True
    return user


def current_actor() -> User | None:
    """The logged-in user, or None for anonymous callers."""
    user = current_user._get_current_object() if current_user else None
    return user if user is not None and user.is_authenticated else None


def init_app(app: Flask) -> None:
    login_manager.init_app(app)
