"""Fixtures for the OpenSearch backend; the shared suite lives in tests/unit/search.

Needs a real node: ``TEPIAN_TEST_OPENSEARCH_URL`` (the ``opensearch_url`` fixture skips
without it). Every session uses its own index prefix and deletes its indices afterwards.
"""

from __future__ import annotations

import sys
from pathlib import Path

SUITE_DIR = Path(__file__).resolve().parents[2] / "unit" / "search"
if str(SUITE_DIR) not in sys.path:
    sys.path.insert(0, str(SUITE_DIR))

from engine_fixtures import engine_fixtures  # noqa: E402

backend, new_backend, embedded = engine_fixtures("opensearch_url")
