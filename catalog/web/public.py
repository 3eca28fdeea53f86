"""Public pages: home, dataset list and dataset page (read through the services)."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request

from catalog import errors
from catalog.auth.login import current_actor
from catalog.db import transaction
from catalog.services import call

bp = Blueprint("public", __name__)


@bp.route("/")
def home():
    with transaction() as session:
        actor = current_actor()
        recent = call(
            "package_search", session, actor, {"rows": 8, "sort": "metadata_modified desc"}
        )
        orgs = call("organization_list", session, actor, {"all_fields": True})
        groups = call("group_list", session, actor, {"all_fields": True})
    return render_template("home.html", recent=recent, orgs=orgs, groups=groups)


@bp.route("/dataset")
def dataset_list():
    params = {
        "q": request.args.get("q", ""),
        "rows": 20,
        "start": max(request.args.get("page", 1, type=int) - 1, 0) * 20,
        "facet.field": ["organization", "groups", "res_format", "frekuensi"],
    }
    fq = [
        f'{k}:"{v}"'
        for k in ("organization", "groups", "res_format", "frekuensi")
        for v in request.args.getlist(k)
    ]
    if fq:
        params["fq_list"] = fq
    try:
        with transaction() as session:
            result = call("package_search", session, current_actor(), params)
        error = None
    except errors.SearchQueryError as exc:
        result, error = {"count": 0, "results": [], "search_facets": {}}, exc.message
    return render_template("dataset_list.html", result=result, q=params["q"], error=error)


@bp.route("/dataset/<ref>")
def dataset_read(ref: str):
    try:
        with transaction() as session:
            pkg = call("package_show", session, current_actor(), {"id": ref})
    except errors.NotFound:
        abort(404)
    return render_template("dataset.html", pkg=pkg)
