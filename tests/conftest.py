"""Shared pytest fixtures.

Real services (PostgreSQL, OpenSearch, an S3 API server, Chromium) are started by the test
command (`make test`, see scripts/testenv.py), which passes their addresses in environment
variables. A test that needs one asks for its fixture: without the service it is skipped with a
reason, except under ``CI=true``, where a missing service fails the run.
"""

from __future__ import annotations

import os

import pytest

SERVICES = {
    "postgres": ("TEPIAN_TEST_POSTGRES_URL", "PostgreSQL"),
    "opensearch": ("TEPIAN_TEST_OPENSEARCH_URL", "OpenSearch"),
    "s3": ("TEPIAN_TEST_S3_ENDPOINT", "an S3 API server"),
    "chromium": ("TEPIAN_TEST_CHROMIUM", "headless Chromium"),
}


def require_service(key: str) -> str:
    """Return the address of a real service, or skip (fail under CI=true) when it is absent."""
    var, label = SERVICES[key]
    value = os.environ.get(var)
    if value:
        return value
    reason = f"{label} is not available: {var} is unset (the test command `make test` starts it)"
    if os.environ.get("CI") == "true":
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def postgres_url() -> str:
    return require_service("postgres")


@pytest.fixture(scope="session")
def opensearch_url() -> str:
    return require_service("opensearch")


@pytest.fixture(scope="session")
def s3_endpoint() -> str:
    return require_service("s3")
