"""The shared backend suite through the official ``elasticsearch`` client (Elasticsearch 8)."""

from __future__ import annotations

import pytest
from search_suite import *  # noqa: F403
from search_suite_results import *  # noqa: F403

from search.engine_client import detect_engine

pytestmark = pytest.mark.elasticsearch


def test_engine_is_detected_as_elasticsearch(elasticsearch_url, backend):
    assert detect_engine(elasticsearch_url) == "elasticsearch"
    assert backend.engine == "elasticsearch"
    assert type(backend.client.raw).__module__.startswith("elasticsearch")
