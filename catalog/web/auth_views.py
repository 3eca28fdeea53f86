"""Log in and log out (``/user/login``, ``/user/logout``), as CKAN's URLs."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_user, logout_user

from catalog.db import transaction
from catalog.services.users import authenticate_password

bp = Blueprint("auth", __name__)


def _safe_next(target: str | None) -> str:
    """Only redirect within the site after login."""
    if (
        target
        and not urlsplit(target).netloc
        and target.startswith("/")
        and not target.startswith("//")
    ):
        return target
    return url_for("public.home")


@bp.route("/user/login", methods=["GET", "POST"])
def login():
    errors: dict[str, str] = {}
    login_name = ""
    if request.method == "POST":
        login_name = request.form.get("login", "").strip()
        password = request.form.get("password", "")
        if not login_name:
            errors["login"] = _("Isi nama pengguna atau email.")
        if not password:
            errors["password"] = _("Isi kata sandi.")
        if not errors:
            with transaction() as session:
                user = authenticate_password(session, login_name, password)
            if user is None:
                errors["password"] = _("Nama pengguna atau kata sandi salah.")
            else:
                login_user(user, remember=bool(request.form.get("remember")))
                return redirect(
                    _safe_next(request.args.get("next") or url_for("steward.dashboard"))
                )
    status = 400 if errors else 200
    return render_template("auth/login.html", errors=errors, login=login_name), status


@bp.route("/user/logout", methods=["POST"])
def logout():
    logout_user()
    return redirect(url_for("public.home"))
