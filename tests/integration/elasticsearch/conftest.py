"""Fixtures for the Elasticsearch 8 client path: the shared suite against a real Elasticsearch.

The test command does not start Elasticsearch (it is not on the package registries this project
installs from); set ``ELASTICSEARCH_URL=http://host:9200`` to run these. Without it they skip
with that reason, also under CI.
"""

from __future__ import annotations

import os
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

PREFIX = f"tepian-test-{uuid.uuid4().hex[:8]}"


@pytest.fixture(scope="session")
def elasticsearch_url() -> str:
    url = os.environ.get("ELASTICSEARCH_URL")
    if not url:
        pytest.skip(
            "ELASTICSEARCH_URL is unset: the Elasticsearch 8 client tests need a real "
            "Elasticsearch node, which the test command does not start"
        )
    return url


@pytest.fixture(scope="session")
def backend(elasticsearch_url):
    loaded = EngineBackend(elasticsearch_url, index_prefix=f"{PREFIX}-shared")
    loaded.reindex(CATALOG)
    yield loaded
    loaded.drop()


@pytest.fixture
def new_backend(elasticsearch_url):
    empty = EngineBackend(elasticsearch_url, index_prefix=f"{PREFIX}-{uuid.uuid4().hex[:6]}")
    empty.ensure_index()
    yield empty
    empty.drop()


@pytest.fixture(scope="session")
def embedded():
    loaded = EmbeddedBackend(":memory:")
    loaded.index(CATALOG)
    yield loaded
    loaded.close()
