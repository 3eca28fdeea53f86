"""Fixtures for the OpenSearch backend; the shared suite lives in tests/unit/search.

Needs a real node: ``TEPIAN_TEST_OPENSEARCH_URL`` (the ``opensearch_url`` fixture skips
without it). Every session uses its own index prefix and deletes its indices afterwards.
"""

from __future__ import annotations

import sys
import uuid
from pathlib import Path

import pytest

SUITE_DIR = Path(__file__).resolve().parents[2] / "unit" / "search"
if str(SUITE_DIR) not in sys.path:
    sys.path.insert(0, str(SUITE_DIR))

from search_catalog import CATALOG  # noqa: E402

from search.embedded import EmbeddedBackend  # noqa: E402
from search.engine import EngineBackend  # noqa: E402

SESSION_PREFIX = f"tepian-test-{uuid.uuid4().hex[:8]}"


@pytest.fixture(scope="session")
def backend(opensearch_url):
    """The fixture catalog in OpenSearch (read-only for tests)."""
    loaded = EngineBackend(opensearch_url, index_prefix=f"{SESSION_PREFIX}-shared")
    loaded.reindex(CATALOG)
    yield loaded
    loaded.drop()


@pytest.fixture
def new_backend(opensearch_url):
    """An empty OpenSearch index behind a fresh alias, for tests that write."""
    empty = EngineBackend(opensearch_url, index_prefix=f"{SESSION_PREFIX}-{uuid.uuid4().hex[:6]}")
    empty.ensure_index()
    yield empty
    empty.drop()


@pytest.fixture(scope="session")
def embedded():
    """The same catalog in the embedded backend, to compare answers."""
    loaded = EmbeddedBackend(":memory:")
    loaded.index(CATALOG)
    yield loaded
    loaded.close()
