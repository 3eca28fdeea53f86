"""Settings from ``TEPIAN_*`` environment variables, with embedded defaults.

Every setting has a default that runs Tepian on one machine with nothing else installed:
SQLite in the instance folder, files in the instance folder, the embedded search index.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path


def _bool(value: str | None, default: bool = False) -> bool:
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def load_config(instance_path: str) -> dict:
    """Read the environment into a Flask config mapping."""
    env = os.environ
    instance = Path(instance_path)
    secret = env.get("TEPIAN_SECRET_KEY")
    if not secret:
        # A stable key per instance, so sessions survive a restart of the embedded default.
        key_file = instance / "secret_key"
        if key_file.exists():
            secret = key_file.read_text().strip()
        else:
            instance.mkdir(parents=True, exist_ok=True)
            secret = secrets.token_hex(32)
            key_file.write_text(secret)
            key_file.chmod(0o600)
    return {
        "SECRET_KEY": secret,
        "DATABASE_URL": env.get("TEPIAN_DATABASE_URL") or f"sqlite:///{instance / 'tepian.db'}",
        "SEARCH_URL": env.get("TEPIAN_SEARCH_URL") or None,
        "SEARCH_INDEX": env.get("TEPIAN_SEARCH_INDEX") or "tepian",
        # Apply index jobs right after each commit; 0 leaves them to `tepian search worker`.
        "SEARCH_INLINE": _bool(env.get("TEPIAN_SEARCH_INLINE"), default=True),
        "STORAGE_URL": env.get("TEPIAN_STORAGE_URL") or None,
        "SITE_URL": (env.get("TEPIAN_SITE_URL") or "http://127.0.0.1:5000").rstrip("/"),
        "SITE_TITLE": env.get("TEPIAN_SITE_TITLE") or "Tepian: Satu Data Kota Samarinda",
        "SITE_DESCRIPTION": env.get("TEPIAN_SITE_DESCRIPTION") or "Portal data terpadu seluruh OPD",
        # The walidata publishing the catalog (DCAT publisher), and its contact address.
        "SITE_WALIDATA": env.get("TEPIAN_SITE_WALIDATA")
        or "Dinas Komunikasi dan Informatika Kota Samarinda",
        "SITE_CONTACT_EMAIL": env.get("TEPIAN_SITE_CONTACT_EMAIL") or None,
        "DCAT_DATASETS_PER_PAGE": int(env.get("TEPIAN_DCAT_PAGE_SIZE") or 100),
        "FETCH_ALLOW_PRIVATE": _bool(env.get("TEPIAN_FETCH_ALLOW_PRIVATE")),
        "MAX_UPLOAD_BYTES": int(env.get("TEPIAN_MAX_UPLOAD_BYTES") or 2 * 1024**3),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "WTF_CSRF_TIME_LIMIT": None,
    }
