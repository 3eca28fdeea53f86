"""The Alembic chain on SQLite and PostgreSQL, and the ``tepian`` command."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect

import catalog.models  # noqa: F401
from catalog.db import Base
from catalog.migrate import downgrade, upgrade
from tests.servers import tepian


def test_migrations_reach_head_and_match_models(database_url):
    upgrade(database_url)  # idempotent on a migrated database
    engine = create_engine(database_url)
    try:
        with engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
            assert diff == []
            assert {"dataset", "resource", "organization", "activity"} <= set(
                inspect(conn).get_table_names()
            )
    finally:
        engine.dispose()


def test_downgrade_below_first_revision_refuses_to_drop_data(database_url, monkeypatch):
    monkeypatch.delenv("TEPIAN_ALLOW_DESTRUCTIVE_DOWNGRADE", raising=False)
    with pytest.raises(RuntimeError, match="deletes all catalog data"):
        downgrade(database_url, "base")
    engine = create_engine(database_url)
    try:
        assert "dataset" in inspect(engine).get_table_names()
    finally:
        engine.dispose()


def test_cli_user_token_and_demo(tmp_path):
    instance = tmp_path / "instance"
    tepian(instance, "db", "upgrade")
    out = tepian(
        instance,
        "user",
        "create",
        "walidata",
        "--email",
        "w@x.go.id",
        "--password",
        "rahasia-123",
        "--sysadmin",
    )
    assert "walidata" in out and "sysadmin" in out
    bad = tepian(
        instance,
        "user",
        "create",
        "Bad Name",
        "--email",
        "x",
        "--password",
        "rahasia-123",
        check=False,
    )
    assert "must be purely lowercase" in bad.lower() and "email" in bad.lower()
    token = tepian(instance, "token", "create", "walidata").strip().splitlines()[-1]
    assert token.startswith("tpn_")
    assert "Loaded 14 OPDs, 10 themes, 61 datasets" in tepian(instance, "seed-demo")
    assert "already has datasets" in tepian(instance, "seed-demo")
