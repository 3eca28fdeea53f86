"""Public pages: home, dataset search, a dataset and one of its resources.

Every page reads through the actions (:func:`catalog.web.helpers.act`), so what a visitor sees
is exactly what the API would show them: private datasets stay hidden, counts agree.
"""

from __future__ import annotations

from flask import Blueprint, abort, current_app, jsonify, render_template, request, url_for

from catalog import errors
from catalog.web.helpers import (
    act,
    actor,
    clean_highlight,
    has_action,
    last_updated,
    render_markdown,
    show_or_404,
    stale_days,
)
from catalog.web.search_form import FACETS, ROWS, SORTS, SearchForm, relaxations, run_search

bp = Blueprint("public", __name__)


@bp.route("/")
def home():
    """Search box, counts, OPDs, themes, the newest and the recently updated datasets."""
    updated = act("package_search", {"rows": 6, "sort": "metadata_modified desc"})
    newest = act("package_search", {"rows": 6, "sort": "metadata_created desc"})
    orgs = act("organization_list", {"all_fields": True})
    groups = act("group_list", {"all_fields": True})
    return render_template(
        "home.html",
        updated=updated,
        newest=newest,
        orgs=sorted(orgs, key=lambda o: -o.get("package_count", 0)),
        groups=groups,
    )


def search_page(template: str, fixed: dict[str, str] | None = None, **context):
    """Render a dataset search (the search page, an OPD's or a theme's page)."""
    form = SearchForm.from_request(fixed)
    error = None
    try:
        result = run_search(form)
    except errors.SearchQueryError as exc:
        result, error = {"count": 0, "results": [], "search_facets": {}}, exc.message
    except errors.ValidationError as exc:
        result, error = {"count": 0, "results": [], "search_facets": {}}, str(exc.errors)
    facets = result.get("search_facets") or {}
    names = {
        (name, item["name"]): item.get("display_name") or item["name"]
        for name, facet in facets.items()
        for item in facet.get("items", [])
    }
    help_options = relaxations(form) if not result["count"] and not error else []
    pages = max((result["count"] + ROWS - 1) // ROWS, 1)
    highlights = {
        pkg["id"]: {
            k: clean_highlight(v[0]) for k, v in (pkg.get("_highlights") or {}).items() if v
        }
        for pkg in result["results"]
    }
    return render_template(
        template,
        form=form,
        result=result,
        facets=facets,
        facet_labels=FACETS,
        facet_names=names,
        sorts=SORTS,
        error=error,
        help_options=help_options,
        pages=pages,
        highlights=highlights,
        **context,
    )


@bp.route("/dataset")
def dataset_list():
    return search_page("dataset_list.html")


@bp.route("/search/suggest")
def suggest():
    """Suggestions for the search box, as JSON: ``[{"text", "kind", "url"}]``.

    Uses the search engine's ``search_suggest`` (titles, tags and OPDs, typo tolerant) when it
    answers; otherwise dataset titles that match the words typed so far.
    """
    text = request.args.get("q", "").strip()[:100]
    if len(text) < 2:
        return jsonify([])
    items: list[dict] = []
    try:
        if has_action("search_suggest"):
            items = [_suggestion(e) for e in act("search_suggest", {"q": text, "limit": 8})]
        if not items:
            # The last word is still being typed: match it as a prefix.
            found = act("package_search", {"q": text.rstrip("*") + "*", "rows": 6})
            items = [
                {"text": p["title"] or p["name"], "kind": "dataset", "url": _dataset_url(p["name"])}
                for p in found["results"]
            ]
    except (errors.SearchQueryError, errors.ValidationError):
        items = []
    return jsonify([i for i in items if i])


def _dataset_url(name: str) -> str:
    return url_for("public.dataset_read", ref=name)


def _suggestion(entry) -> dict:
    if isinstance(entry, str):
        return {"text": entry, "kind": "query", "url": url_for("public.dataset_list", q=entry)}
    if not isinstance(entry, dict):
        return {}
    kind = entry.get("kind") or "dataset"
    value = entry.get("value") or entry.get("name") or entry.get("text") or ""
    text = entry.get("text") or entry.get("title") or value
    if kind == "organization":
        url = url_for("public.dataset_list", organization=value)
    elif kind == "tag":
        url = url_for("public.dataset_list", q=f'tags:"{value}"')
    else:
        url = _dataset_url(value)
    return {"text": text, "kind": kind, "url": url}


def _user_names(acts: list[dict]) -> dict[str, str]:
    names: dict[str, str] = {}
    for user_id in {a.get("user_id") for a in acts if a.get("user_id")}:
        try:
            names[user_id] = act("user_show", {"id": user_id})["display_name"]
        except errors.NotFound:
            names[user_id] = "?"
    return names


def _dcat_url(pkg: dict) -> str | None:
    """The dataset's DCAT export, when the export is installed."""
    for rule in current_app.url_map.iter_rules():
        if rule.rule.startswith("/dataset/<") and rule.rule.endswith((".rdf", ".jsonld", ".ttl")):
            return rule.rule.split("<")[0] + pkg["name"] + "." + rule.rule.rsplit(".", 1)[1]
    return None


@bp.route("/dataset/<ref>")
def dataset_read(ref: str):
    """A dataset: description, Satu Data fields, resources, activity, API/DCAT links, citation."""
    pkg = show_or_404("package_show", {"id": ref})
    activity = act("package_activity_list", {"id": pkg["id"], "limit": 10})
    editable = _can_edit(pkg)
    site = current_app.config["SITE_URL"]
    return render_template(
        "dataset.html",
        pkg=pkg,
        notes_html=render_markdown(pkg.get("notes")),
        activity=activity,
        user_names=_user_names(activity),
        stale=stale_days(pkg),
        updated=last_updated(pkg),
        editable=editable,
        dcat_url=_dcat_url(pkg),
        page_url=f"{site}{url_for('public.dataset_read', ref=pkg['name'])}",
        has_preview=has_action("resource_preview_show"),
    )


def _can_edit(pkg: dict) -> bool:
    user = actor()
    if user is None:
        return False
    from catalog.auth import permissions
    from catalog.db import get_session

    session = get_session()
    return permissions.is_sysadmin(user) or (
        permissions.org_role(session, user, pkg.get("owner_org")) in permissions.EDIT_ROLES
    )


@bp.route("/dataset/<ref>/resource/<rid>")
def resource_read(ref: str, rid: str):
    """One resource: its details, download button and a preview when one can be made."""
    pkg = show_or_404("package_show", {"id": ref})
    res = next((r for r in pkg["resources"] if r["id"] == rid), None)
    if res is None:
        abort(404)
    preview = {"kind": "none"}
    if has_action("resource_preview_show"):
        try:
            preview = act("resource_preview_show", {"id": rid}) or preview
        except Exception:  # noqa: BLE001 - a broken preview must not break the page
            preview = {"kind": "none"}
    return render_template(
        "resource.html", pkg=pkg, res=res, preview=preview, editable=_can_edit(pkg)
    )
