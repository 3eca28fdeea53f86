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


# --- the app on each database ------------------------------------------------------------------

import shutil  # noqa: E402
from pathlib import Path  # noqa: E402

from sqlalchemy import create_engine, text  # noqa: E402

from tests.factories import Api  # noqa: E402

_TEMPLATE_DB: dict[str, Path] = {}


def _sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Migrate one SQLite file per session and copy it for each test (fast, and real)."""
    if "path" not in _TEMPLATE_DB:
        from catalog.migrate import upgrade

        path = tmp_path_factory.mktemp("template") / "tepian.db"
        upgrade(f"sqlite:///{path}")
        _TEMPLATE_DB["path"] = path
    return _TEMPLATE_DB["path"]


_PG_MIGRATED: dict[str, bool] = {}


def _postgres_clean(url: str) -> None:
    """Migrate once per session; empty every table before each test."""
    from catalog.migrate import upgrade

    engine = create_engine(url)
    try:
        if not _PG_MIGRATED:
            with engine.begin() as conn:
                conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
            upgrade(url)
            _PG_MIGRATED["done"] = True
        with engine.begin() as conn:
            tables = conn.execute(
                text(
                    "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
                    "AND tablename <> 'alembic_version'"
                )
            ).scalars()
            names = ", ".join(f'"{t}"' for t in tables)
            if names:
                conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    finally:
        engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request, tmp_path, tmp_path_factory) -> str:
    """Each test that uses the app runs on SQLite and on a real PostgreSQL."""
    if request.param == "sqlite":
        path = tmp_path / "tepian.db"
        shutil.copy(_sqlite_template(tmp_path_factory), path)
        return f"sqlite:///{path}"
    url = require_service("postgres")
    _postgres_clean(url)
    return url


@pytest.fixture
def app_config() -> dict:
    """Extra settings for the app; a test folder overrides this fixture to change them
    (keys starting with ``_`` are for the tests themselves and not passed to the app)."""
    return {}


@pytest.fixture
def app(database_url, tmp_path, app_config):
    from catalog import create_app

    settings = {k: v for k, v in app_config.items() if not k.startswith("_")}
    app = create_app(
        {
            "TESTING": True,
            "INSTANCE_PATH": str(tmp_path / "instance"),
            "DATABASE_URL": database_url,
            "SECRET_KEY": "test-secret",
            "SITE_URL": "http://tepian.test",
            # Form tests that exercise CSRF switch it back on (see test_web_auth.py).
            "WTF_CSRF_ENABLED": False,
            **settings,
        }
    )
    yield app
    app.extensions["tepian.engine"].dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def api(app, client) -> Api:
    """Call actions over HTTP as anonymous or as a user (by API token), and make fixtures."""
    return Api(app, client)
