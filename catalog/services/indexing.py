"""Search index jobs: every dataset write queues one in the same transaction (the outbox)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from catalog.models import SearchOutbox


def enqueue(session: Session, dataset_id: str, op: str = "index") -> None:
    """Queue the dataset's search document to be rebuilt (or removed) after commit."""
    session.add(SearchOutbox(dataset_id=dataset_id, op=op))
