"""Fixtures for the embedded backend: the shared suite in search_suite.py runs against them."""

from __future__ import annotations

import pytest
from search_catalog import CATALOG

from search.embedded import EmbeddedBackend


@pytest.fixture(scope="session")
def backend():
    """The fixture catalog in an in-memory embedded backend (read-only for tests)."""
    loaded = EmbeddedBackend(":memory:")
    loaded.index(CATALOG)
    yield loaded
    loaded.close()


@pytest.fixture
def new_backend(tmp_path):
    """An empty embedded backend in a file, for tests that write."""
    empty = EmbeddedBackend(str(tmp_path / "search.sqlite"))
    yield empty
    empty.close()
