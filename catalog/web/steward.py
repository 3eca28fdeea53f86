"""The stewards' workbench: my OPDs' datasets, dataset and resource forms, OPD members.

Login is required for every page here. Writes go through the actions (``package_create``,
``package_patch``, ``resource_create``, ``organization_member_*``); a ValidationError comes
back as messages next to the form's fields, a PermissionDenied as a 403 page.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required

from catalog import errors
from catalog.auth import permissions
from catalog.db import get_session
from catalog.web import forms
from catalog.web.helpers import (
    act,
    actor,
    broken_links,
    field_errors,
    has_action,
    missing_fields,
    show_or_404,
    stale_days,
)

bp = Blueprint("steward", __name__)


@bp.before_request
@login_required
def _login_first() -> None:
    """Every workbench page needs a logged-in user (anonymous visitors go to /user/login)."""


def my_orgs(*, edit_only: bool = False) -> list[dict]:
    """The OPDs the current user belongs to (all OPDs for a sysadmin), with ``role``."""
    user = actor()
    orgs = act("organization_list", {"all_fields": True})
    if permissions.is_sysadmin(user):
        return [{**o, "role": "admin"} for o in orgs]
    roles = permissions.roles_of(get_session(), user)
    mine = [{**o, "role": roles[o["id"]]} for o in orgs if o["id"] in roles]
    if edit_only:
        mine = [o for o in mine if o["role"] in permissions.EDIT_ROLES]
    return mine


@bp.route("/dashboard")
def dashboard():
    """My OPDs' datasets with what needs attention: drafts, private, late, broken, incomplete."""
    orgs = my_orgs()
    labels = {f.name: f.label for f in forms.DATASET_FIELDS}
    rows: list[dict] = []
    if orgs:
        data = {
            "rows": 1000,
            "include_private": True,
            "include_drafts": True,
            "sort": "title_string asc",
        }
        if not permissions.is_sysadmin(actor()):
            names = " OR ".join(f'"{o["name"]}"' for o in orgs)
            data["fq"] = f"organization:({names})"
        for pkg in act("package_search", data)["results"]:
            rows.append(
                {
                    "pkg": pkg,
                    "stale": stale_days(pkg),
                    "missing": [labels[name] for name in missing_fields(pkg)],
                    "broken": broken_links(pkg),
                }
            )
    checks = {
        "draft": lambda r: r["pkg"]["state"] == "draft",
        "private": lambda r: bool(r["pkg"]["private"]),
        "stale": lambda r: r["stale"] is not None,
        "broken": lambda r: bool(r["broken"]),
        "incomplete": lambda r: bool(r["missing"]),
    }
    summary = {
        "total": len(rows),
        **{k: sum(check(r) for r in rows) for k, check in checks.items()},
    }
    show = request.args.get("show", "")
    if show in checks:
        rows = [r for r in rows if checks[show](r)]
    editable = {o["id"] for o in orgs if o["role"] in permissions.EDIT_ROLES}
    return render_template(
        "steward/dashboard.html",
        orgs=orgs,
        rows=rows,
        summary=summary,
        show=show,
        editable=editable,
    )


def _form_page(pkg: dict | None, values: dict, errs: dict, status: int = 200):
    orgs = my_orgs(edit_only=True)
    return (
        render_template(
            "steward/dataset_form.html",
            pkg=pkg,
            values=values,
            errors=errs,
            orgs=orgs,
            licenses=act("license_list"),
            groups=act("group_list", {"all_fields": True}),
            fields=forms,
        ),
        status,
    )


@bp.route("/dataset/new", methods=["GET", "POST"])
def dataset_new():
    """Create a dataset in one of my OPDs; then add its files."""
    if request.method == "GET":
        orgs = my_orgs(edit_only=True)
        if not orgs:
            abort(403)
        values = {"owner_org": request.args.get("organization") or orgs[0]["id"]}
        values.update({"klasifikasi": "terbuka", "license_id": "cc-by-4.0", "private": False})
        return _form_page(None, values, {})
    data = forms.dataset_data(request.form)
    try:
        pkg = act("package_create", data)
    except errors.ValidationError as exc:
        return _form_page(None, forms.form_values(request.form), field_errors(exc), 400)
    except errors.PermissionDenied:
        abort(403)
    flash(_("Dataset dibuat. Sekarang tambahkan berkas atau tautan datanya."), "success")
    return redirect(url_for("steward.resource_new", ref=pkg["name"]))


def _editable(ref: str) -> dict:
    pkg = show_or_404("package_show", {"id": ref})
    user = actor()
    role = permissions.org_role(get_session(), user, pkg.get("owner_org"))
    if not (permissions.is_sysadmin(user) or role in permissions.EDIT_ROLES):
        abort(403)
    return pkg


@bp.route("/dataset/edit/<ref>", methods=["GET", "POST"])
def dataset_edit(ref: str):
    """Edit a dataset of my OPD (fields only; files are managed on the resource pages)."""
    pkg = _editable(ref)
    if request.method == "GET":
        return _form_page(pkg, forms.dataset_values(pkg), {})
    data = {"id": pkg["id"], **forms.dataset_data(request.form)}
    try:
        pkg = act("package_patch", data)
    except errors.ValidationError as exc:
        return _form_page(pkg, forms.form_values(request.form), field_errors(exc), 400)
    except errors.PermissionDenied:
        abort(403)
    flash(_("Perubahan disimpan."), "success")
    return redirect(url_for("public.dataset_read", ref=pkg["name"]))


@bp.route("/dataset/delete/<ref>", methods=["POST"])
def dataset_delete(ref: str):
    pkg = _editable(ref)
    try:
        act("package_delete", {"id": pkg["id"]})
    except errors.PermissionDenied:
        abort(403)
    flash(_("Dataset dihapus."), "success")
    return redirect(url_for("steward.dashboard"))


@bp.route("/dataset/<ref>/resource/new", methods=["GET", "POST"])
def resource_new(ref: str):
    """Add a link or upload a file. With JavaScript, uploads go by XHR with a progress bar."""
    pkg = _editable(ref)
    uploads = has_action("resource_preview_show")  # arrives with file uploads
    values: dict = {}
    errs: dict = {}
    status = 200
    if request.method == "POST":
        values = {
            k: request.form.get(k, "").strip() for k in ("name", "description", "format", "url")
        }
        data = {"package_id": pkg["id"], **values}
        upload = request.files.get("upload")
        if upload is not None and upload.filename and uploads:
            data["upload"] = upload
            data.pop("url")
        try:
            act("resource_create", data)
        except errors.ValidationError as exc:
            errs, status = field_errors(exc), 400
        except errors.PermissionDenied:
            abort(403)
        else:
            flash(_("Berkas ditambahkan."), "success")
            return redirect(url_for("public.dataset_read", ref=pkg["name"]))
    return (
        render_template(
            "steward/resource_form.html",
            pkg=pkg,
            values=values,
            errors=errs,
            uploads=uploads,
            fields=forms.RESOURCE_FIELDS,
        ),
        status,
    )


@bp.route("/organization/members/<name>", methods=["GET", "POST"])
def members(name: str):
    """OPD admins add members, change their role or remove them."""
    org = show_or_404("organization_show", {"id": name})
    user = actor()
    role = permissions.org_role(get_session(), user, org["id"])
    if not (permissions.is_sysadmin(user) or role == "admin"):
        abort(403)
    errs: dict = {}
    status = 200
    if request.method == "POST":
        username = request.form.get("username", "").strip()
        try:
            if request.form.get("action") == "remove":
                act("organization_member_delete", {"id": org["id"], "username": username})
                flash(_("Anggota %(name)s dikeluarkan.", name=username), "success")
            else:
                new_role = request.form.get("role", "member")
                act(
                    "organization_member_create",
                    {"id": org["id"], "username": username, "role": new_role},
                )
                flash(_("Peran %(name)s disimpan.", name=username), "success")
            return redirect(url_for("steward.members", name=org["name"]))
        except errors.ValidationError as exc:
            errs, status = field_errors(exc), 400
        except errors.NotFound:
            errs, status = {"username": _("Pengguna tidak ditemukan.")}, 400
        except errors.PermissionDenied:
            abort(403)
        org = show_or_404("organization_show", {"id": name})
    return render_template("steward/members.html", org=org, errors=errs), status
