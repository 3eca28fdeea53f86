"""``package_search``: CKAN's search action.

Answered by the search backend (embedded SQLite FTS5 or Elasticsearch/OpenSearch); when the
engine is down the same question is answered from the database, with a ``search_notice`` in the
result, so the public never sees an error because of the engine.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from catalog.auth import permissions
from catalog.errors import SearchQueryError, ValidationError
from catalog.licenses import license_title
from catalog.models import (
    Dataset,
    Group,
    Organization,
    Resource,
    Tag,
    User,
    dataset_group,
    dataset_tag,
)
from catalog.schemas.dataset import FREQUENCIES
from catalog.services import action, dbquery, indexing
from catalog.services.common import as_bool, as_int
from catalog.services.dictize import package_dict
from search import QueryError, SearchError, SearchQuery

MAX_ROWS = 1000
DEFAULT_SORT = "score desc, metadata_modified desc"
SORT_COLUMNS = {
    "metadata_modified": Dataset.metadata_modified,
    "metadata_created": Dataset.metadata_created,
    "name": Dataset.name,
    "title_string": func.lower(Dataset.title),
    "title": func.lower(Dataset.title),
    "id": Dataset.id,
    "num_resources": (
        select(func.count())
        .where(Resource.dataset_id == Dataset.id, Resource.state == "active")
        .correlate(Dataset)
        .scalar_subquery()
    ),
    "num_tags": (
        select(func.count())
        .where(dataset_tag.c.dataset_id == Dataset.id)
        .correlate(Dataset)
        .scalar_subquery()
    ),
}


def _sort(sort: str) -> list:
    order = []
    for part in sort.split(","):
        bits = part.strip().split()
        if not bits:
            continue
        field = bits[0]
        direction = bits[1].lower() if len(bits) > 1 else "asc"
        if direction not in ("asc", "desc"):
            raise SearchQueryError(f"Sort direction must be asc or desc, not {direction!r}")
        if field == "score":
            continue  # no relevance score in the database: the next key orders ties
        column = SORT_COLUMNS.get(field)
        if column is None:
            raise SearchQueryError(f"Cannot sort by {field!r}")
        order.append(column.desc() if direction == "desc" else column.asc())
    order.append(Dataset.name.asc())
    return order


def _facet(
    session: Session, field: str, ids, limit: int, mincount: int
) -> dict[str, tuple[int, str]]:
    """Counts of one facet over the matching datasets: value -> (count, display name)."""
    if field in ("years", "year", "tahun"):
        return _year_facet(session, ids, limit, mincount)
    if field in ("private", "capacity"):
        label = {True: "private", False: "public"} if field == "capacity" else None
        rows = session.execute(
            select(Dataset.private, func.count())
            .where(Dataset.id.in_(ids))
            .group_by(Dataset.private)
        ).all()
        counts = {(label[p] if label else str(p).lower()): n for p, n in rows if n >= mincount}
        return {k: (n, k) for k, n in counts.items()}
    if field == "organization":
        query = (
            select(Organization.name, Organization.title, func.count())
            .join(Dataset, Dataset.owner_org == Organization.id)
            .where(Dataset.id.in_(ids))
            .group_by(Organization.name, Organization.title)
        )
    elif field == "groups":
        query = (
            select(Group.name, Group.title, func.count())
            .join(dataset_group, dataset_group.c.group_id == Group.id)
            .where(dataset_group.c.dataset_id.in_(ids), Group.state == "active")
            .group_by(Group.name, Group.title)
        )
    elif field == "tags":
        query = (
            select(Tag.name, Tag.name, func.count())
            .join(dataset_tag, dataset_tag.c.tag_id == Tag.id)
            .where(dataset_tag.c.dataset_id.in_(ids))
            .group_by(Tag.name)
        )
    elif field == "res_format":
        fmt = func.upper(Resource.format)
        query = (
            select(fmt, fmt, func.count(func.distinct(Resource.dataset_id)))
            .where(Resource.dataset_id.in_(ids), Resource.state == "active", Resource.format != "")
            .group_by(fmt)
        )
    elif field in dbquery.COLUMN_FIELDS and field not in dbquery.DATE_FIELDS:
        column = dbquery.COLUMN_FIELDS[field]
        query = (
            select(column, column, func.count())
            .where(Dataset.id.in_(ids), column.is_not(None), column != "")
            .group_by(column)
        )
    else:
        raise SearchQueryError(f"Cannot facet on field {field!r}")
    rows = session.execute(query).all()
    rows = [r for r in rows if r[2] >= mincount]
    rows.sort(key=lambda r: (-r[2], str(r[0])))
    if limit >= 0:
        rows = rows[:limit]
    return {str(value): (count, _display(field, value, title)) for value, title, count in rows}


def _year_facet(session: Session, ids, limit: int, mincount: int) -> dict[str, tuple[int, str]]:
    """Years covered, counted from ``tahun`` as the index does (``parse_years``)."""
    from search.documents import parse_years

    counts: dict[int, int] = {}
    for tahun in session.scalars(select(Dataset.tahun).where(Dataset.id.in_(ids))):
        for year in parse_years(tahun):
            counts[year] = counts.get(year, 0) + 1
    rows = sorted(
        ((y, n) for y, n in counts.items() if n >= mincount), key=lambda r: (-r[1], -r[0])
    )
    if limit >= 0:
        rows = rows[:limit]
    return {str(y): (n, str(y)) for y, n in rows}


def _display(field: str, value, title) -> str:
    if field == "license_id":
        return license_title(value)
    if field == "frekuensi":
        return FREQUENCIES.get(value, value)
    return str(title or value)


def _fq_strings(data: dict) -> list[str]:
    fq = data.get("fq") or ""
    if not isinstance(fq, str):
        raise ValidationError({"fq": ["Must be a string."]})
    items = [fq] if fq.strip() else []
    fq_list = data.get("fq_list") or []
    if isinstance(fq_list, str):
        fq_list = [fq_list]
    items.extend(str(f) for f in fq_list if str(f).strip())
    return items


def _facet_fields(data: dict) -> list[str]:
    value = data.get("facet.field")
    if value in (None, ""):
        return []
    if isinstance(value, str):
        import json

        try:
            value = json.loads(value)
        except ValueError:
            value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValidationError({"facet.field": ["Must be a list of field names."]})
    return value


@action("package_search", write=False)
def package_search(session: Session, actor: User | None, data: dict) -> dict:
    """Search datasets with CKAN's parameters; counts and facets respect permissions."""
    params = _params(data)
    engine = indexing.backend()
    if engine is not None:
        try:
            return _engine_search(session, actor, engine, params)
        except QueryError as exc:
            raise SearchQueryError(str(exc)) from None
        except SearchError as exc:
            result = _db_search(session, actor, params)
            result["search_notice"] = (
                f"Search engine unavailable, answered from the database: {exc}"
            )
            return result
    return _db_search(session, actor, params)


def _params(data: dict) -> dict:
    q = data.get("q") or ""
    if not isinstance(q, str):
        raise ValidationError({"q": ["Must be a string."]})
    return {
        "q": q,
        "fq": _fq_strings(data),
        "rows": min(as_int(data, "rows", 10, minimum=0), MAX_ROWS),  # CKAN caps, not refuses
        "start": as_int(data, "start", 0),
        "sort": str(data.get("sort") or DEFAULT_SORT),
        "facet": as_bool(data, "facet", True),
        "facet_fields": _facet_fields(data),
        "facet_limit": as_int(data, "facet.limit", 50, minimum=-1),
        "mincount": as_int(data, "facet.mincount", 1, minimum=0),
        "include_private": as_bool(data, "include_private", False),
        "include_drafts": as_bool(data, "include_drafts", False),
        "include_deleted": as_bool(data, "include_deleted", False),
        "highlight": as_bool(data, "hl", False),
    }


def _engine_search(session: Session, actor: User | None, engine, params: dict) -> dict:
    indexing.catch_up(session, engine)
    labels = permissions.user_labels(session, actor)
    states = ["active"]
    if params["include_drafts"]:
        states.append("draft")
    if params["include_deleted"]:
        states.append("deleted")
    fq = list(params["fq"])
    if not params["include_private"]:
        fq.append("capacity:public")
    result = engine.search(
        SearchQuery(
            q=params["q"],
            fq=fq,
            facet_fields=params["facet_fields"] if params["facet"] else [],
            facet_limit=params["facet_limit"],
            facet_mincount=max(params["mincount"], 1),
            sort=params["sort"],
            rows=params["rows"],
            start=params["start"],
            labels=labels,
            states=states,
            highlight=params["highlight"],
        )
    )
    for pkg in result.results:
        pkg.pop("permission_labels", None)
    results, hidden = _still_visible(session, actor, params, result.results)
    facets = {field: dict(counts) for field, counts in result.facets.items()}
    return _result(session, result.count - hidden, results, facets, params["sort"])


def _visible(session: Session, actor: User | None, params: dict):
    """What the caller may see under the request's include_* flags."""
    return permissions.dataset_visibility(
        session,
        actor,
        include_private=params["include_private"],
        include_drafts=params["include_drafts"],
        include_deleted=params["include_deleted"],
    )


def _still_visible(
    session: Session, actor: User | None, params: dict, results: list[dict]
) -> tuple[list[dict], int]:
    """Drop results the database says the caller may not see now.

    The index can lag behind the database (an engine that failed a moment ago, a backlog not
    yet drained); a dataset made private must not stay public through a stale document.
    """
    if not results:
        return results, 0
    visible = set(
        session.scalars(
            select(Dataset.id).where(
                Dataset.id.in_([r["id"] for r in results]),
                _visible(session, actor, params),
            )
        )
    )
    kept = [r for r in results if r["id"] in visible]
    return kept, len(results) - len(kept)


def _db_search(session: Session, actor: User | None, params: dict) -> dict:
    where = [
        _visible(session, actor, params),
        dbquery.parse(params["q"]),
    ]
    where.extend(dbquery.parse(fq) for fq in params["fq"])
    ids = select(Dataset.id).where(*where)
    count = session.scalar(select(func.count()).select_from(ids.subquery()))
    results = []
    if params["rows"]:
        page = session.scalars(
            select(Dataset)
            .where(Dataset.id.in_(ids))
            .order_by(*_sort(params["sort"]))
            .offset(params["start"])
            .limit(params["rows"])
        )
        results = [package_dict(ds) for ds in page]
    facets = {}
    if params["facet"]:
        for field in params["facet_fields"]:
            counts = _facet(session, field, ids, params["facet_limit"], params["mincount"])
            facets[field] = {value: count for value, (count, _) in counts.items()}
    return _result(session, count, results, facets, params["sort"])


def _result(session: Session, count: int, results: list, facets: dict, sort: str) -> dict:
    titles = _facet_titles(session, facets)
    search_facets = {
        field: {
            "title": field,
            "items": [
                {
                    "name": value,
                    "display_name": titles.get((field, value)) or _display(field, value, None),
                    "count": n,
                }
                for value, n in counts.items()
            ],
        }
        for field, counts in facets.items()
    }
    return {
        "count": count,
        "results": results,
        "facets": facets,
        "search_facets": search_facets,
        "sort": sort,
    }


def _facet_titles(session: Session, facets: dict) -> dict:
    """Display names of OPD and theme facet values, looked up once per search."""
    titles: dict = {}
    for field, model in (("organization", Organization), ("groups", Group)):
        names = list(facets.get(field, {}))
        if names:
            rows = session.execute(select(model.name, model.title).where(model.name.in_(names)))
            titles.update({(field, name): title for name, title in rows})
    return titles
