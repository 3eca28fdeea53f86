"""Link health: the checker against a real HTTP server on loopback, the CLI and the report."""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from catalog.cli_links import links
from catalog.services.links import LinkChecker


class Handler(BaseHTTPRequestHandler):
    hits: list[tuple[str, str]] = []

    def log_message(self, *_args) -> None:
        pass

    def _answer(self, body: bool) -> None:
        Handler.hits.append((self.command, self.path))
        path = self.path
        if path == "/ok.csv":
            self.send_response(200)
            self.send_header("Content-Type", "text/csv; charset=utf-8")
            self.send_header("Content-Length", "1234")
            self.end_headers()
            if body:
                self.wfile.write(b"x" * 1234)
        elif path == "/nohead.csv" and self.command == "HEAD":
            self.send_response(405)
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif path == "/nohead.csv":
            assert self.headers["Range"] == "bytes=0-0"
            self.send_response(206)
            self.send_header("Content-Range", "bytes 0-0/5000")
            self.send_header("Content-Length", "1")
            self.end_headers()
            self.wfile.write(b"x")
        elif path in ("/moved", "/loop"):
            self.send_response(302)
            self.send_header("Location", "/ok.csv" if path == "/moved" else "/loop")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif path == "/slow":
            time.sleep(1.5)
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()
        else:
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()

    def do_HEAD(self) -> None:  # noqa: N802
        self._answer(False)

    def do_GET(self) -> None:  # noqa: N802
        self._answer(True)


@pytest.fixture
def backend() -> str:
    return "local"  # link checks do not touch file storage


@pytest.fixture
def site():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    Handler.hits = []
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def checker():
    checker = LinkChecker(allow_private=True, per_host_delay=0, timeout=1)
    yield checker
    checker.close()


def test_working_link_is_ok_with_type_and_size(site, checker):
    result = checker.check(f"{site}/ok.csv")
    assert (result.ok, result.status, result.content_type, result.size) == (
        True,
        200,
        "text/csv",
        1234,
    )
    assert Handler.hits == [("HEAD", "/ok.csv")]


def test_head_refused_falls_back_to_a_one_byte_get(site, checker):
    result = checker.check(f"{site}/nohead.csv")
    assert (result.ok, result.status, result.size) == (True, 206, 5000)
    assert Handler.hits == [("HEAD", "/nohead.csv"), ("GET", "/nohead.csv")]


def test_missing_page_is_broken(site, checker):
    result = checker.check(f"{site}/hilang.csv")
    assert (result.ok, result.status, result.error) == (False, 404, "HTTP 404")


def test_redirects_are_followed_but_bounded(site, checker):
    assert checker.check(f"{site}/moved").ok
    looped = checker.check(f"{site}/loop")
    assert not looped.ok and "redirects" in looped.error


def test_slow_server_times_out(site, checker):
    result = checker.check(f"{site}/slow")
    assert not result.ok and "timed out" in result.error


def test_private_addresses_are_refused_without_a_request(site):
    guarded = LinkChecker(per_host_delay=0)
    result = guarded.check(f"{site}/ok.csv")
    assert not result.ok and result.error.startswith("refused")
    assert Handler.hits == []


def test_requests_to_one_host_are_spaced(site):
    waits: list[float] = []
    polite = LinkChecker(allow_private=True, per_host_delay=5, sleep=waits.append)
    polite.check(f"{site}/ok.csv")
    polite.check(f"{site}/ok.csv")
    assert len(waits) == 1 and 4 < waits[0] <= 5


@pytest.fixture
def linked(api, steward, site, app):
    app.config["FETCH_ALLOW_PRIVATE"] = True
    ds = steward["dataset"]
    good = api.ok(
        "resource_create", {"package_id": ds["id"], "url": f"{site}/ok.csv"}, user="petugas"
    )
    bad = api.ok(
        "resource_create", {"package_id": ds["id"], "url": f"{site}/hilang.csv"}, user="petugas"
    )
    return good, bad


def test_cli_records_link_status_in_the_resource(api, app, linked):
    good, bad = linked
    result = app.test_cli_runner().invoke(links, ["check", "--per-host-delay", "0"])
    assert result.exit_code == 0, result.output
    assert "Checked 2 links, 1 broken." in result.output
    shown = api.ok("resource_show", {"id": bad["id"]})
    assert shown["link_status"] == "broken" and shown["link_status_code"] == 404
    assert shown["link_checked"]
    assert api.ok("resource_show", {"id": good["id"]})["link_status"] == "ok"
    # A new URL makes the old check stale.
    changed = api.ok(
        "resource_patch", {"id": bad["id"], "url": "https://x.go.id/a"}, user="petugas"
    )
    assert changed["link_status"] is None


def test_link_report_lists_broken_links_for_the_opd_editors(api, app, linked, steward):
    app.test_cli_runner().invoke(links, ["check", "--per-host-delay", "0"])
    report = api.ok("resource_link_report", {"id": steward["org"]["name"]}, user="petugas")
    assert (report["links"], report["checked"], report["broken_count"]) == (2, 2, 1)
    assert report["broken"][0]["resource_id"] == linked[1]["id"]
    assert report["broken"][0]["status"] == 404
    api.user("orang-luar")
    assert api.call("resource_link_report", {"id": "dinkes"}, user="orang-luar").status == 403
    assert api.call("resource_link_report", {"id": "dinkes"}).status == 403
    assert (
        api.ok("resource_link_report", {"id": "dinkes"}, user=api.sysadmin())["broken_count"] == 1
    )
