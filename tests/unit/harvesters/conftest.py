"""Fixtures for harvester tests: the fake remote server (see harvest_remote.py) and sources."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from harvest_remote import RemoteServer

from harvesters.base import SourceConfig

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def remote() -> Iterator[RemoteServer]:
    server = RemoteServer()
    server.thread.start()
    try:
        yield server
    finally:
        server.httpd.shutdown()
        server.httpd.server_close()
        server.thread.join(timeout=5)


@pytest.fixture
def fixture_bytes() -> Callable[[str], bytes]:
    return lambda name: (FIXTURES / name).read_bytes()


@pytest.fixture
def make_source(remote: RemoteServer) -> Callable[..., SourceConfig]:
    """Build a SourceConfig pointing at the fake remote, with private addresses allowed."""

    def make(source_type: str, path: str, **config: Any) -> SourceConfig:
        return SourceConfig(
            name="uji",
            url=remote.url(path),
            source_type=source_type,
            config=config,
            allow_private=True,
        )

    return make
