"""Fixtures shared by the engine test folders (OpenSearch, Elasticsearch): the fixture catalog
loaded into a real cluster, an empty index for writing tests, and the embedded backend with the
same catalog to compare answers. Each folder's conftest binds them to its cluster's address."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator

import pytest
from search_catalog import CATALOG

from search.embedded import EmbeddedBackend
from search.engine import EngineBackend


def engine_fixtures(url_fixture: str) -> tuple[Callable, Callable, Callable]:
    """``backend``, ``new_backend`` and ``embedded`` fixtures for the cluster at ``url_fixture``."""
    prefix = f"tepian-test-{uuid.uuid4().hex[:8]}"

    @pytest.fixture(scope="session")
    def backend(request) -> Iterator[EngineBackend]:
        """The fixture catalog in the cluster (read-only for tests)."""
        loaded = EngineBackend(
            request.getfixturevalue(url_fixture), index_prefix=f"{prefix}-shared"
        )
        loaded.reindex(CATALOG)
        yield loaded
        loaded.drop()

    @pytest.fixture
    def new_backend(request) -> Iterator[EngineBackend]:
        """An empty index behind a fresh alias, for tests that write."""
        url = request.getfixturevalue(url_fixture)
        empty = EngineBackend(url, index_prefix=f"{prefix}-{uuid.uuid4().hex[:6]}")
        empty.ensure_index()
        yield empty
        empty.drop()

    @pytest.fixture(scope="session")
    def embedded() -> Iterator[EmbeddedBackend]:
        """The same catalog in the embedded backend, to compare answers."""
        loaded = EmbeddedBackend(":memory:")
        loaded.index(CATALOG)
        yield loaded
        loaded.close()

    return backend, new_backend, embedded
