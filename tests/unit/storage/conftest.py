"""Fixtures for the local backend; the shared suite is in storage_contract.py."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from catalog.storage.local import TEMP_PREFIX, LocalStorage


@pytest.fixture
def storage(tmp_path: Path) -> LocalStorage:
    """An empty local storage in a fresh folder (created on first write)."""
    return LocalStorage(tmp_path / "storage")


@pytest.fixture
def leftovers(storage: LocalStorage) -> Callable[[], list[str]]:
    """List temporary files that a put left behind."""

    def find() -> list[str]:
        if not storage.root.exists():
            return []
        return sorted(
            str(p.relative_to(storage.root)) for p in storage.root.rglob(f"{TEMP_PREFIX}*")
        )

    return find


@pytest.fixture
def memory_budget() -> int:
    """A local put holds a chunk or two of 1 MiB at a time (about 3 MiB measured)."""
    return 6 * 1024 * 1024
