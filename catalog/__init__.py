"""Tepian: an open data catalog for Indonesian regional governments.

:func:`create_app` is the one place that wires configuration, the database, accounts, the API,
the pages and the CLI together.
"""

from __future__ import annotations

import os
from pathlib import Path

from flask import Flask

ROOT = Path(__file__).resolve().parent.parent


def create_app(test_config: dict | None = None) -> Flask:
    """Create the Tepian app; ``test_config`` overrides settings read from the environment."""
    instance_path = os.environ.get("TEPIAN_INSTANCE_PATH") or str(Path.cwd() / "instance")
    if test_config and test_config.get("INSTANCE_PATH"):
        instance_path = test_config["INSTANCE_PATH"]
    app = Flask(
        __name__,
        instance_path=str(Path(instance_path).resolve()),
        template_folder=str(ROOT / "templates"),
    )
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)

    from catalog.config import load_config

    app.config.update(load_config(app.instance_path))
    if test_config:
        app.config.update(test_config)

    from flask_wtf.csrf import CSRFProtect

    from catalog import cli, db
    from catalog.api import bp as api_bp
    from catalog.auth import login
    from catalog.web import auth_bp
    from catalog.web import init_app as init_web

    db.init_app(app)
    init_search(app)
    from catalog.storage import make_storage

    # One storage per app; services receive it explicitly (catalog.services.uploads).
    app.extensions["tepian.storage"] = make_storage(
        app.config.get("STORAGE_URL"), app.instance_path, **app.config.get("STORAGE_OPTIONS", {})
    )
    login.init_app(app)
    csrf = CSRFProtect(app)
    # The API authenticates programs by token; cookie-authenticated writes are checked there.
    csrf.exempt(api_bp)
    app.register_blueprint(api_bp)
    app.register_blueprint(auth_bp)
    init_web(app)
    from catalog.web.downloads import bp as downloads_bp

    app.register_blueprint(downloads_bp)
    app.register_blueprint(__import__("catalog.web.dcat").web.dcat.bp)  # DCAT export
    cli.init_app(app)
    return app


def init_search(app: Flask) -> None:
    """Attach the search backend (``SEARCH_URL`` unset: embedded) and the inline indexer.

    ``SEARCH_URL = "database"`` answers searches from the database alone (no index).
    """
    from catalog.services.indexing import drain_after_commit
    from search import make_backend

    url = app.config.get("SEARCH_URL")
    if url == "database":
        app.extensions["tepian.search"] = None
    else:
        embedded = str(Path(app.instance_path) / "search.sqlite")
        app.extensions["tepian.search"] = make_backend(url, embedded, app.config["SEARCH_INDEX"])
    app.extensions["tepian.after_commit"] = drain_after_commit
