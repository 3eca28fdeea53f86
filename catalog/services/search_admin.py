"""Search actions beside package_search: suggestions for the search box, the synonym list
(sysadmins edit it), and the index's health and drift."""

from __future__ import annotations

import random

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from catalog.auth import permissions
from catalog.errors import PermissionDenied, ValidationError
from catalog.models import Dataset, User
from catalog.services import action, indexing
from catalog.services.common import as_int
from catalog.services.dictize import iso
from search import SearchError

SAMPLE = 200


@action("search_suggest", write=False)
def search_suggest(session: Session, actor: User | None, data: dict) -> list[dict]:
    """Completions for the search box: dataset titles, tags and OPD names (typo tolerant)."""
    text = str(data.get("q") or "").strip()
    limit = as_int(data, "limit", 8, minimum=1, maximum=20)
    engine = indexing.backend()
    if not text or engine is None:
        return []
    try:
        found = engine.suggest(text, limit=limit, labels=permissions.user_labels(session, actor))
    except SearchError:
        return []
    return [{"text": s.text, "kind": s.kind, "value": s.value} for s in found]


@action("package_autocomplete", write=False)
def package_autocomplete(session: Session, actor: User | None, data: dict) -> list[dict]:
    """CKAN's dataset autocomplete: ``q`` -> [{name, title, match_field, match_displayed}]."""
    rows = search_suggest(session, actor, {"q": data.get("q"), "limit": data.get("limit", 10)})
    return [
        {
            "name": s["value"],
            "title": s["text"],
            "match_field": "title",
            "match_displayed": s["text"],
        }
        for s in rows
        if s["kind"] == "dataset"
    ]


def _require_sysadmin(actor: User | None) -> None:
    if not permissions.is_sysadmin(actor):
        raise PermissionDenied("Only sysadmins manage search")


def _engine():
    engine = indexing.backend()
    if engine is None:
        raise ValidationError({"search": ["Search is answered from the database: no index."]})
    return engine


@action("search_synonyms_show", write=False)
def search_synonyms_show(session: Session, actor: User | None, data: dict) -> list[str]:
    """The synonym lines (Solr format: ``a, b, c`` or ``a => b``)."""
    return list(_engine().synonyms().lines)


@action("search_synonyms_update", write=True)
def search_synonyms_update(session: Session, actor: User | None, data: dict) -> list[str]:
    """Replace the synonym list (sysadmins); ``synonyms`` is a list of lines or one text."""
    _require_sysadmin(actor)
    lines = data.get("synonyms")
    if isinstance(lines, str):
        lines = lines.splitlines()
    if not isinstance(lines, list) or not all(isinstance(line, str) for line in lines):
        raise ValidationError(
            {"synonyms": ["Must be a list of lines such as 'dishub, dinas perhubungan'."]}
        )
    cleaned = [line.strip() for line in lines if line.strip() and not line.strip().startswith("#")]
    bad = [line for line in cleaned if "," not in line and "=>" not in line]
    if bad:
        raise ValidationError({"synonyms": [f"Not a synonym line: {bad[0]!r}"]})
    engine = _engine()
    try:
        engine.set_synonyms(cleaned)
    except SearchError as exc:
        raise ValidationError(
            {"synonyms": [f"The search engine refused the list: {exc}"]}
        ) from None
    return cleaned


def search_status(session: Session) -> dict:
    """Backlog, engine health and drift between the database and the index."""
    engine = indexing.backend()
    db_count = session.scalar(select(func.count()).select_from(Dataset)) or 0
    status = {"backlog": indexing.backlog(session), "db_count": db_count, "engine": None}
    if engine is None:
        return status
    try:
        stats = engine.stats()
        status.update(
            engine=stats.get("engine"), health=stats.get("health"), index_count=stats.get("count")
        )
        ids = list(session.execute(select(Dataset.id, Dataset.metadata_modified)))
        sample = random.sample(ids, min(SAMPLE, len(ids)))
        indexed = engine.get_modified([i for i, _ in sample])
        stale = [
            i for i, modified in sample if indexed.get(i, "")[:19] != (iso(modified) or "")[:19]
        ]
        status["sample_size"] = len(sample)
        status["stale_sample"] = stale[:20]
        status["stale_count_in_sample"] = len(stale)
    except SearchError as exc:
        status.update(health="unreachable", error=str(exc))
    return status


@action("search_status_show", write=False)
def search_status_show(session: Session, actor: User | None, data: dict) -> dict:
    _require_sysadmin(actor)
    return search_status(session)
