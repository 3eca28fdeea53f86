"""Fixtures for the harvest pipeline tests: a fake remote on loopback, an OPD with an admin
and an editor, and helpers that create a source and run it through the API."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

import harvesters.base
from harvesters.base import SourceConfig
from harvesters.http import Fetcher
from tests.factories import Api
from tests.integration.harvest.remote import CkanPortal, RemoteServer, ckan_package


@pytest.fixture(autouse=True)
def _allow_loopback(monkeypatch: pytest.MonkeyPatch) -> None:
    """Serve remotes on loopback, and retry fast so a source that is down fails quickly."""
    monkeypatch.setenv("TEPIAN_FETCH_ALLOW_PRIVATE", "1")

    def quick_fetcher(source: SourceConfig) -> Fetcher:
        return Fetcher(allow_private=True, retries=1, backoff=0.01, timeout=5.0)

    monkeypatch.setattr(harvesters.base, "default_fetcher", quick_fetcher)


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


@dataclass
class Harvest:
    """An OPD (``dinkes``) with an admin and an editor, and harvest helpers over the API."""

    api: Api

    def source(self, url: str, source_type: str = "ckan", **config: Any) -> dict:
        data = {
            "name": f"sumber-{source_type.replace('_', '-')}",
            "title": "Portal Remote",
            "url": url,
            "source_type": source_type,
            "owner_org": "dinkes",
            "config": config,
        }
        return self.api.ok("harvest_source_create", data, user="admin-opd")

    def run(self, source: dict, **extra: Any) -> dict:
        """Run a job now (in the request) and return harvest_job_show's dict."""
        job = self.api.ok(
            "harvest_job_create", {"source_id": source["id"], "run": True, **extra}, user="admin"
        )
        return self.api.ok("harvest_job_show", {"id": job["id"]}, user="admin")

    def show(self, guid_or_name: str) -> dict:
        return self.api.ok("package_show", {"id": guid_or_name}, user="admin")

    def stats(self, job: dict) -> tuple[int, int, int, int, int]:
        s = job["stats"]
        return s["added"], s["updated"], s["unchanged"], s["withdrawn"], s["errored"]


@pytest.fixture
def harvest(api: Api) -> Harvest:
    api.sysadmin()
    api.user("admin-opd")
    api.user("editor-opd")
    api.org("dinkes", **{"admin-opd": "admin", "editor-opd": "editor"})
    return Harvest(api)


@pytest.fixture
def portal(remote: RemoteServer) -> CkanPortal:
    """A remote CKAN with 20 datasets."""
    return CkanPortal(remote, [ckan_package(i) for i in range(20)])
