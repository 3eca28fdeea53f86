"""Browser tests: headless Chromium (Playwright) against a real ``tepian serve`` process.

The server runs the demo catalog of Kota Samarinda in a fresh instance folder. Chromium is
Debian's, passed by the test command in ``TEPIAN_TEST_CHROMIUM``; without it these tests are
skipped (failed under ``CI=true``), like every other real service.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import require_service
from tests.servers import Server, serve, tepian

PASSWORD = "kata-sandi-demo-e2e"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def chromium_path() -> str:
    return require_service("chromium")


@pytest.fixture(scope="session")
def demo_server(chromium_path, tmp_path_factory) -> Iterator[Server]:
    """``tepian serve`` with the demo catalog (accounts ``admin`` and ``petugas-dinkes``)."""
    instance = tmp_path_factory.mktemp("e2e") / "instance"
    env = {"TEPIAN_SECRET_KEY": "e2e-secret", "TEPIAN_FETCH_ALLOW_PRIVATE": "1"}
    env.pop("TEPIAN_DATABASE_URL", None)
    tepian(instance, "db", "upgrade", "--revision", "heads", env=env)
    tepian(instance, "seed-demo", "--admin-password", PASSWORD, env=env)
    server = serve(instance, env=env)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser_context(chromium_path, tmp_path_factory):
    """One Chromium with a fresh profile for the whole session."""
    from playwright.sync_api import sync_playwright

    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            str(profile),
            executable_path=chromium_path,
            headless=True,
            args=CHROMIUM_ARGS,
            viewport={"width": 1280, "height": 800},
            locale="id-ID",
            accept_downloads=True,
        )
        context.set_default_timeout(15_000)
        yield context
        context.close()


@pytest.fixture
def page(browser_context, demo_server):
    """A new tab, logged out, with the base URL of the demo server on ``page.base``."""
    browser_context.clear_cookies()
    tab = browser_context.new_page()
    tab.set_viewport_size({"width": 1280, "height": 800})
    tab.base = demo_server.url
    yield tab
    tab.close()


def login(page, user: str = "petugas-dinkes") -> None:
    page.goto(f"{page.base}/user/login")
    page.get_by_label("Nama pengguna atau email").fill(user)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url("**/dashboard")


def screenshot(page, name: str) -> None:
    """Save the visible part of the page at 360 px and 1280 px wide (small PNGs)."""
    if os.environ.get("TEPIAN_E2E_SCREENSHOTS", "1") == "0":
        return
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for width, height in ((360, 740), (1280, 800)):
        page.set_viewport_size({"width": width, "height": height})
        page.screenshot(path=str(SCREENSHOTS / f"{name}-{width}.png"))
    page.set_viewport_size({"width": 1280, "height": 800})


def serious_violations(page) -> list[str]:
    """axe-core's serious and critical violations on the current page (bundled axe, offline)."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v.get("impact") in ("serious", "critical")
    ]
