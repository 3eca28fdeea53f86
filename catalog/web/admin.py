"""Sysadmin pages (``/admin``): site statistics, OPDs, accounts, harvest sources, search.

Harvesting and the search engine arrive as their own actions; their sections appear when those
actions are installed (``harvest_source_*``, ``harvest_job_*``, ``search_*status``/``reindex``).
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required

from catalog import errors
from catalog.auth import permissions
from catalog.services import ACTIONS
from catalog.web.helpers import act, actor, field_errors, has_action, show_or_404

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.before_request
@login_required
def _sysadmin_only():
    if not permissions.is_sysadmin(actor()):
        abort(403)
    return None


def _search_action(word: str) -> str | None:
    return next((n for n in sorted(ACTIONS) if n.startswith("search_") and word in n), None)


@bp.route("/", methods=["GET", "POST"])
def index():
    """Site statistics and the search index's status (reindex on request)."""
    status_action, reindex_action = _search_action("status"), _search_action("reindex")
    if request.method == "POST" and reindex_action:
        try:
            act(reindex_action, {})
            flash(_("Indeks pencarian dibangun ulang."), "success")
        except errors.CatalogError as exc:
            flash(exc.message, "error")
        return redirect(url_for("admin.index"))
    fields = ["organization", "res_format", "frekuensi", "license_id"]
    everything = {"rows": 0, "include_private": True, "include_drafts": True, "facet.field": fields}
    stats = act("package_search", everything)
    public = act("package_search", {"rows": 0})["count"]
    search_status = None
    if status_action:
        try:
            search_status = act(status_action, {})
        except errors.CatalogError as exc:
            search_status = {"error": exc.message}
    return render_template(
        "admin/index.html",
        stats=stats,
        public=public,
        users=act("user_list", {"all_fields": False}),
        orgs=act("organization_list", {}),
        groups=act("group_list", {}),
        search_status=search_status,
        can_reindex=bool(reindex_action),
        harvest=has_action("harvest_source_list"),
    )


@bp.route("/organizations", methods=["GET", "POST"])
def organizations():
    """Every OPD, and a form to add one."""
    errs: dict = {}
    values: dict = {}
    status = 200
    if request.method == "POST":
        values = {k: request.form.get(k, "").strip() for k in ("name", "title", "description")}
        try:
            act("organization_create", values)
        except errors.ValidationError as exc:
            errs, status = field_errors(exc), 400
        else:
            flash(
                _("OPD %(title)s ditambahkan.", title=values["title"] or values["name"]), "success"
            )
            return redirect(url_for("admin.organizations"))
    orgs = act("organization_list", {"all_fields": True})
    page = render_template("admin/organizations.html", orgs=orgs, errors=errs, values=values)
    return page, status


@bp.route("/users", methods=["GET", "POST"])
def users():
    """Accounts (issued by the walidata: there is no self-registration)."""
    errs: dict = {}
    values: dict = {}
    status = 200
    if request.method == "POST":
        values = {k: request.form.get(k, "").strip() for k in ("name", "fullname", "email")}
        data = {**values, "password": request.form.get("password", "")}
        data["sysadmin"] = request.form.get("sysadmin") == "1"
        try:
            act("user_create", data)
        except errors.ValidationError as exc:
            errs, status = field_errors(exc), 400
        else:
            flash(_("Akun %(name)s dibuat.", name=values["name"]), "success")
            return redirect(url_for("admin.users"))
    accounts = act("user_list", {"all_fields": True})
    page = render_template("admin/users.html", accounts=accounts, errors=errs, values=values)
    return page, status


def _need_harvest() -> None:
    if not has_action("harvest_source_list"):
        abort(404)


@bp.route("/harvest", methods=["GET", "POST"])
def harvest():
    """Harvest sources, and a form to add one."""
    _need_harvest()
    errs: dict = {}
    values: dict = {}
    status = 200
    if request.method == "POST":
        keys = ("name", "title", "url", "source_type", "owner_org", "frequency", "config")
        values = {k: request.form.get(k, "").strip() for k in keys}
        try:
            act("harvest_source_create", {k: v for k, v in values.items() if v})
        except errors.ValidationError as exc:
            errs, status = field_errors(exc), 400
        else:
            flash(_("Sumber panen ditambahkan."), "success")
            return redirect(url_for("admin.harvest"))
    sources = act("harvest_source_list", {})
    if isinstance(sources, dict):
        sources = sources.get("results", [])
    orgs = act("organization_list", {"all_fields": True})
    page = render_template(
        "admin/harvest.html", sources=sources, orgs=orgs, errors=errs, values=values
    )
    return page, status


@bp.route("/harvest/<source_id>", methods=["GET", "POST"])
def harvest_source(source_id: str):
    """One source: run it now, and its job history with per-record errors."""
    _need_harvest()
    source = show_or_404("harvest_source_show", {"id": source_id})
    if request.method == "POST":
        try:
            act("harvest_job_create", {"source_id": source["id"], "run": True})
            flash(_("Panen dijadwalkan."), "success")
        except errors.CatalogError as exc:
            flash(exc.message, "error")
        return redirect(url_for("admin.harvest_source", source_id=source_id))
    jobs = act("harvest_job_list", {"source_id": source["id"]})
    # The newest jobs in full: their per-record errors (guid and reason).
    details = {job["id"]: act("harvest_job_show", {"id": job["id"]}) for job in jobs[:5]}
    return render_template("admin/harvest_source.html", source=source, jobs=jobs, details=details)
