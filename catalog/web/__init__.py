"""Page blueprints: the public portal, the stewards' workbench, sysadmin pages, accounts.

:func:`init_app` registers them with the languages (Flask-Babel) and the error pages.
"""

from __future__ import annotations

from datetime import UTC, datetime

from flask import Flask, render_template, request
from flask_babel import lazy_gettext as _l

from catalog.web.auth_views import bp as auth_bp
from catalog.web.public import bp as public_bp

__all__ = ["auth_bp", "init_app", "public_bp"]


def _error_page(status: int):
    def handler(exc):
        if request.path.startswith("/api/"):
            return exc
        return render_template("error.html", status=status), status

    return handler


def _labels() -> dict:
    """Labels of coded values (frekuensi, klasifikasi) in the page's language."""
    from catalog.services import ACTIONS
    from catalog.web.forms import CLASSIFICATION_LABELS, FREQUENCY_LABELS

    activities = {
        "new package": _l("membuat dataset"),
        "changed package": _l("mengubah dataset"),
        "deleted package": _l("menghapus dataset"),
    }
    roles = {"admin": _l("Admin"), "editor": _l("Editor"), "member": _l("Anggota")}
    return {
        "has_harvest": "harvest_source_list" in ACTIONS,
        "role_label": lambda role: roles.get(role, role),
        "activity_label": lambda kind: activities.get(kind, kind),
        "now_date": datetime.now(UTC),
        "frequency_label": lambda code: FREQUENCY_LABELS.get(code or "", code or ""),
        "classification_label": lambda code: CLASSIFICATION_LABELS.get(code or "", code or ""),
    }


def init_app(app: Flask) -> None:
    """Register every page blueprint, the languages, and HTML error pages for the pages."""
    from catalog.web import admin, browse, i18n, steward

    i18n.init_app(app)
    app.context_processor(_labels)
    for bp in (public_bp, browse.bp, steward.bp, admin.bp):
        app.register_blueprint(bp)
    for status in (403, 404):
        app.register_error_handler(status, _error_page(status))
    app.before_request(_refuse_nul)


def _refuse_nul() -> None:
    """A NUL in a page's path or query is never a real request (and PostgreSQL refuses it)."""
    from flask import abort, request

    if request.path.startswith("/api/"):
        return  # the API answers in its own envelope
    if "\x00" in request.path or any("\x00" in v for v in request.args.values()):
        abort(400)
