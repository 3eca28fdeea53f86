"""Helpers for page tests: a browser-like client per logged-in user.

The ``api`` fixture's client stays anonymous (it calls the API with tokens); a page test that
needs a session gets its own client from ``login(name)``, as a second browser would be.
"""

from __future__ import annotations

import pytest


@pytest.fixture
def login(app):
    """``login(name)`` returns a test client logged in as ``name`` (factory password)."""

    def do(name: str):
        browser = app.test_client()
        resp = browser.post("/user/login", data={"login": name, "password": "kata-sandi-rahasia"})
        assert resp.status_code == 302, resp.get_data(as_text=True)
        return browser

    return do
