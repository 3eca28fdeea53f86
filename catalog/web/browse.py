"""Browsing pages: OPDs, themes and the developers' page (``/api``)."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template

from catalog.web.helpers import act, actor, render_markdown, show_or_404
from catalog.web.public import search_page

bp = Blueprint("browse", __name__)


@bp.route("/organization")
def organization_list():
    """Every OPD with its number of datasets."""
    orgs = act("organization_list", {"all_fields": True})
    return render_template("organization_list.html", orgs=orgs)


@bp.route("/organization/<name>")
def organization_read(name: str):
    """An OPD: who it is and a search over its datasets."""
    org = show_or_404("organization_show", {"id": name})
    user = actor()
    role = next((u["capacity"] for u in org.get("users", []) if user and u["id"] == user.id), None)
    return search_page(
        "organization.html",
        fixed={"organization": org["name"]},
        org=org,
        description_html=render_markdown(org.get("description")),
        role=role,
    )


@bp.route("/group")
def group_list():
    groups = act("group_list", {"all_fields": True})
    return render_template("group_list.html", groups=groups)


@bp.route("/group/<name>")
def group_read(name: str):
    group = show_or_404("group_show", {"id": name})
    return search_page(
        "group.html",
        fixed={"groups": group["name"]},
        group=group,
        description_html=render_markdown(group.get("description")),
    )


@bp.route("/api")
def api_page():
    """How to use the Action API, with examples that work against this site's datasets."""
    sample = act("package_search", {"rows": 1, "sort": "metadata_modified desc"})
    dataset = sample["results"][0] if sample["results"] else None
    orgs = act("organization_list", {"limit": 1})
    return render_template(
        "api.html",
        site=current_app.config["SITE_URL"],
        dataset=dataset,
        org_name=orgs[0] if orgs else "dinkes",
    )
