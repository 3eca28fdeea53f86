"""Column helpers shared by the models."""

from __future__ import annotations

import uuid


def new_id() -> str:
    """A new UUID in its canonical text form (CKAN ids are such strings)."""
    return str(uuid.uuid4())
