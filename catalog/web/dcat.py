"""DCAT endpoints, at ckanext-dcat's URLs, so CKAN harvesters and Satu Data portals find them.

==================================  ========================================================
``/catalog.{ttl,rdf,xml,jsonld}``   the catalog, 100 datasets a page, Hydra paging links;
                                    ``?page=N``, ``?modified_since=ISO``, ``?q=``, ``?fq=``,
                                    ``?profiles=euro_dcat_ap_2|euro_dcat_ap_3``
``/catalog``                        the same, in the format the ``Accept`` header asks for
``/dataset/<id>.{ttl,rdf,...}``     one dataset (by id or name)
``/data.json``                      DCAT-US 1.1, every public dataset, streamed page by page
==================================  ========================================================

Every read goes through ``package_search`` / ``package_show`` **as an anonymous caller**, so
only public, active datasets appear, whoever is logged in: a harvest feed is public.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

from flask import Blueprint, Response, abort, current_app, request, stream_with_context
from rdflib import Graph

from catalog import errors
from catalog.db import transaction
from catalog.dcat import (
    DEFAULT_PROFILE,
    FORMATS,
    MEDIA_TYPES,
    Paging,
    Site,
    catalog_graph,
    datajson_chunks,
    dataset_graph,
    serialize,
)
from catalog.services import call

bp = Blueprint("dcat", __name__)

PER_PAGE = 100
#: Rows per package_search call while streaming data.json (the action's maximum).
DATAJSON_CHUNK = 1000
#: Oldest first, then by id: new datasets land on the last page, so paging stays stable.
SORT = "metadata_created asc, id asc"
PROFILE_NAMES = {
    "euro_dcat_ap_3": "dcat_ap_3",
    "dcat_ap_3": "dcat_ap_3",
    "euro_dcat_ap_2": "dcat_ap_2",
    "dcat_ap_2": "dcat_ap_2",
}


def site() -> Site:
    """The portal's description, from the app's config."""
    config = current_app.config
    return Site(
        url=config["SITE_URL"],
        title=config["SITE_TITLE"],
        description=config.get("SITE_DESCRIPTION") or "Portal data terpadu seluruh OPD",
        publisher=config.get("SITE_WALIDATA") or config["SITE_TITLE"],
        language="id",
        contact_email=config.get("SITE_CONTACT_EMAIL"),
    )


def anonymous(action: str, data: dict) -> dict:
    """Run a read action as an anonymous caller in one unit of work."""
    with transaction() as session:
        return call(action, session, None, data)


def bad_request(message: str) -> Response:
    """A ``400`` with a one-line plain-text reason (harvesters log it as it is)."""
    return Response(message + "\n", status=400, mimetype="text/plain")


def _profile() -> str:
    name = request.args.get("profiles") or request.args.get("profile") or DEFAULT_PROFILE
    profile = PROFILE_NAMES.get(name.split(",")[0].strip())
    if profile is None:
        abort(bad_request(f"Unknown profile {name!r}; use one of {', '.join(PROFILE_NAMES)}"))
    return profile


def _search_params() -> tuple[dict, tuple[tuple[str, str], ...]]:
    """package_search parameters from q, fq and modified_since, and the ones to keep in links."""
    keys = ("q", "fq", "modified_since", "profiles", "profile")
    keep = [(key, request.args[key]) for key in keys if request.args.get(key)]
    fq = [request.args["fq"]] if request.args.get("fq") else []
    since = request.args.get("modified_since")
    if since:
        try:
            moment = datetime.fromisoformat(since.replace("Z", "+00:00"))
        except ValueError:
            abort(bad_request("modified_since must be an ISO 8601 date or date-time"))
        if moment.tzinfo is not None:
            moment = moment.astimezone(UTC).replace(tzinfo=None)
        fq.append(f"metadata_modified:[{moment.isoformat()}Z TO *]")
    return {"q": request.args.get("q") or "", "fq_list": fq}, tuple(keep)


def _search(params: dict, rows: int, start: int) -> dict:
    try:
        return anonymous(
            "package_search", {**params, "rows": rows, "start": start, "sort": SORT, "facet": False}
        )
    except (errors.SearchQueryError, errors.ValidationError) as exc:
        abort(bad_request(f"Invalid search: {exc}"))


def _rdf_response(graph: Graph, extension: str) -> Response:
    text, media_type = serialize(graph, extension)
    return Response(text, content_type=f"{media_type}; charset=utf-8")


def catalog_page(extension: str) -> Response:
    """One page of the catalog in ``extension``'s syntax."""
    profile = _profile()
    try:
        page = int(request.args.get("page", "1"))
    except ValueError:
        return bad_request("page must be a whole number")
    if page < 1:
        return bad_request("page must be 1 or more")
    per_page = int(current_app.config.get("DCAT_DATASETS_PER_PAGE") or PER_PAGE)
    params, keep = _search_params()
    base = request.base_url.replace(request.host_url.rstrip("/"), current_app.config["SITE_URL"])
    paging = Paging(base, page, per_page, 0, keep)
    result = _search(params, per_page, paging.start)
    paging = Paging(base, page, per_page, result["count"], keep)
    if page > paging.last:
        abort(404)
    graph = catalog_graph(site(), result["results"], paging=paging, profile=profile)
    return _rdf_response(graph, extension)


def _catalog_view(extension: str):
    def view() -> Response:
        return catalog_page(extension)

    view.__name__ = f"catalog_{extension}"
    return view


def _dataset_view(extension: str):
    def view(ref: str) -> Response:
        profile = _profile()
        try:
            pkg = anonymous("package_show", {"id": ref})
        except errors.NotFound:
            abort(404)
        if pkg.get("private") or pkg.get("state") != "active":
            abort(404)
        return _rdf_response(dataset_graph(site(), pkg, profile), extension)

    view.__name__ = f"dataset_{extension}"
    return view


for _ext in FORMATS:
    bp.add_url_rule(f"/catalog.{_ext}", view_func=_catalog_view(_ext))
    bp.add_url_rule(f"/dataset/<ref>.{_ext}", view_func=_dataset_view(_ext))


@bp.route("/catalog")
def catalog_negotiated() -> Response:
    """The catalog in the syntax the ``Accept`` header prefers (Turtle when it names none)."""
    best = request.accept_mimetypes.best_match(list(MEDIA_TYPES))
    response = catalog_page(MEDIA_TYPES.get(best or "", "ttl"))
    response.vary.add("Accept")
    return response


def _all_public(params: dict) -> Iterator[dict]:
    """Every public dataset, DATAJSON_CHUNK at a time (memory holds one chunk)."""
    start = 0
    while True:
        result = _search(params, DATAJSON_CHUNK, start)
        yield from result["results"]
        start += DATAJSON_CHUNK
        if not result["results"] or start >= result["count"]:
            return


@bp.route("/data.json")
def data_json() -> Response:
    """The DCAT-US 1.1 catalog of every public dataset, streamed."""
    params = {"q": "", "fq_list": []}
    described = site()
    _search(params, 0, 0)  # fail with a status now, not halfway through the stream
    body = stream_with_context(datajson_chunks(described, _all_public(params)))
    return Response(body, content_type="application/json; charset=utf-8")
