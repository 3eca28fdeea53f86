"""Search documents and the outbox that keeps the index equal to the database.

Every dataset write calls :func:`enqueue` in its own transaction, so the intent to re-index is
committed together with the change. After the commit the outbox is drained (inline by default,
or by ``tepian search worker``); a search engine that is down leaves the rows in place and the
next drain catches up, so nothing is lost.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator

from flask import current_app
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session, selectinload

from catalog.auth.permissions import permission_labels
from catalog.models import Dataset, SearchOutbox
from catalog.services.dictize import package_dict
from search import SearchBackend

log = logging.getLogger(__name__)
BATCH = 500


def enqueue(session: Session, dataset_id: str, op: str = "index") -> None:
    """Queue the dataset's search document to be rebuilt (or removed) after commit."""
    session.add(SearchOutbox(dataset_id=dataset_id, op=op))
    session.info["tepian.outbox"] = True


def backend() -> SearchBackend | None:
    """The app's search backend, or None when search is answered from the database."""
    return current_app.extensions.get("tepian.search")


def search_document(ds: Dataset) -> dict:
    """What the index stores for a dataset: its package dict plus who may see it."""
    doc = package_dict(ds)
    doc["permission_labels"] = permission_labels(ds)
    return doc


def _load(session: Session, ids: list[str]) -> list[Dataset]:
    return list(
        session.scalars(
            select(Dataset)
            .where(Dataset.id.in_(ids))
            .options(
                selectinload(Dataset.tags),
                selectinload(Dataset.groups),
                selectinload(Dataset.extras),
                selectinload(Dataset.resources),
            )
        )
    )


def drain(session: Session, engine: SearchBackend, *, limit: int = BATCH) -> int:
    """Apply up to ``limit`` outbox rows to the index and delete them; return how many.

    On PostgreSQL the rows are claimed with ``FOR UPDATE SKIP LOCKED``, so several workers can
    drain together without applying a row twice. Raises :class:`search.SearchError` (leaving the
    rows for the next attempt) when the engine cannot take the documents.
    """
    query = select(SearchOutbox).order_by(SearchOutbox.id).limit(limit)
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    rows = list(session.scalars(query))
    if not rows:
        return 0
    ids = sorted({row.dataset_id for row in rows})
    datasets = {ds.id: ds for ds in _load(session, ids)}
    present = [search_document(datasets[i]) for i in ids if i in datasets]
    gone = [i for i in ids if i not in datasets]
    if present:
        engine.index(present)
    if gone:
        engine.delete(gone)
    session.execute(delete(SearchOutbox).where(SearchOutbox.id.in_([r.id for r in rows])))
    return len(rows)


def drain_all(make_session: Callable[[], Session], engine: SearchBackend) -> int:
    """Drain until the outbox is empty, one committed batch at a time."""
    total = 0
    while True:
        with make_session() as session:
            done = drain(session, engine)
            session.commit()
        total += done
        if done < BATCH:
            return total


def drain_after_commit(session: Session) -> None:
    """The inline indexer: runs after a transaction that queued outbox rows."""
    if not session.info.pop("tepian.outbox", False):
        return
    engine = backend()
    if engine is None or not current_app.config.get("SEARCH_INLINE", True):
        return
    try:
        drain_all(current_app.extensions["tepian.sessionmaker"], engine)
    except Exception as exc:  # noqa: BLE001 - the write is committed whatever the index says
        # The change is committed; the outbox keeps the work until the engine is back.
        log.warning("search index not updated now, outbox keeps the work: %s", exc)


def catch_up(session: Session, engine: SearchBackend) -> None:
    """Before answering a search, apply index jobs left by an earlier failure (inline mode)."""
    if not current_app.config.get("SEARCH_INLINE", True) or not backlog(session):
        return
    try:
        drain_all(current_app.extensions["tepian.sessionmaker"], engine)
    except Exception as exc:  # noqa: BLE001 - searching goes on; results are checked anyway
        log.warning("search backlog not applied: %s", exc)


def backlog(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(SearchOutbox)) or 0


def all_documents(session: Session, batch: int = BATCH) -> Iterator[dict]:
    """Every dataset's document, read in batches (for a full reindex)."""
    ids = list(session.scalars(select(Dataset.id).order_by(Dataset.id)))
    for start in range(0, len(ids), batch):
        for ds in _load(session, ids[start : start + batch]):
            yield search_document(ds)
        session.expunge_all()


def enqueue_many(session: Session, dataset_ids: list[str]) -> None:
    """Re-index several datasets, e.g. all of an OPD's after its title changed."""
    for dataset_id in dataset_ids:
        enqueue(session, dataset_id)
