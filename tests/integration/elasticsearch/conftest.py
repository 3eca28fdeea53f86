"""Fixtures for the Elasticsearch 8 client path: the shared suite against a real Elasticsearch.

The test command does not start Elasticsearch (it is not on the package registries this project
installs from); set ``ELASTICSEARCH_URL=http://host:9200`` to run these. Without it they skip
with that reason, also under CI.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

SUITE_DIR = Path(__file__).resolve().parents[2] / "unit" / "search"
if str(SUITE_DIR) not in sys.path:
    sys.path.insert(0, str(SUITE_DIR))

from engine_fixtures import engine_fixtures  # noqa: E402


@pytest.fixture(scope="session")
def elasticsearch_url() -> str:
    url = os.environ.get("ELASTICSEARCH_URL")
    if not url:
        pytest.skip(
            "ELASTICSEARCH_URL is unset: the Elasticsearch 8 client tests need a real "
            "Elasticsearch node, which the test command does not start"
        )
    return url


backend, new_backend, embedded = engine_fixtures("elasticsearch_url")
