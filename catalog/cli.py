"""The ``tepian`` command: serve, migrate, manage accounts, load the demo catalog."""

from __future__ import annotations

import sys

import click
from flask import Flask, current_app
from flask.cli import FlaskGroup, with_appcontext

from catalog import errors


def _create_app() -> Flask:
    from catalog import create_app

    return create_app()


@click.group(cls=FlaskGroup, create_app=_create_app, add_default_commands=False)
def main() -> None:
    """Tepian: the open data catalog of every OPD."""


def _fail(exc: errors.CatalogError) -> None:
    detail = getattr(exc, "errors", None)
    click.echo(f"Error: {exc.message}" + (f" {detail}" if detail else ""), err=True)
    sys.exit(1)


@main.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--debug", is_flag=True, help="Reload on code changes (development only).")
@with_appcontext
def serve(host: str, port: int, debug: bool) -> None:
    """Serve Tepian over HTTP (threaded; put a production WSGI server in front for load)."""
    from werkzeug.serving import run_simple

    app = current_app._get_current_object()
    click.echo(f"Tepian at http://{host}:{port}/ (Ctrl-C to stop)")
    run_simple(host, port, app, use_reloader=debug, use_debugger=debug, threaded=True)


@main.group("db")
def db_group() -> None:
    """Database schema."""


@db_group.command("upgrade")
@click.option("--revision", default="head", show_default=True)
@with_appcontext
def db_upgrade(revision: str) -> None:
    """Migrate the database to the newest schema (safe to run repeatedly)."""
    from catalog.migrate import upgrade

    upgrade(current_app.config["DATABASE_URL"], revision)
    click.echo("Database is at the newest schema.")


@main.group("user")
def user_group() -> None:
    """Accounts."""


@user_group.command("create")
@click.argument("name")
@click.option("--email", required=True)
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
@click.option("--fullname", default="")
@click.option("--sysadmin", is_flag=True)
@with_appcontext
def user_create(name: str, email: str, password: str, fullname: str, sysadmin: bool) -> None:
    """Create an account (the operator's way in: no sysadmin needed)."""
    from catalog.db import transaction
    from catalog.services.users import create_account

    data = {"name": name, "email": email, "password": password, "fullname": fullname}
    data["sysadmin"] = sysadmin
    try:
        with transaction() as session:
            user = create_account(session, None, data)
    except errors.CatalogError as exc:
        _fail(exc)
    click.echo(f"Created user {user.name}{' (sysadmin)' if user.sysadmin else ''}.")


@main.group("token")
def token_group() -> None:
    """API tokens."""


@token_group.command("create")
@click.argument("user")
@click.option("--name", default="cli", show_default=True)
@with_appcontext
def token_create(user: str, name: str) -> None:
    """Create an API token for USER and print it (it is shown only once)."""
    from catalog.db import transaction
    from catalog.services import call
    from catalog.services.common import get_user

    try:
        with transaction() as session:
            owner = get_user(session, user)
            result = call("api_token_create", session, owner, {"user": owner.id, "name": name})
    except errors.CatalogError as exc:
        _fail(exc)
    click.echo(result["token"])


@main.command("seed-demo")
@click.option("--admin-password", default=None, help="Password of the demo sysadmin `admin`.")
@with_appcontext
def seed_demo(admin_password: str | None) -> None:
    """Load the demo catalog of Kota Samarinda (skipped when it is already there)."""
    from catalog.demo import load_demo

    summary = load_demo(admin_password=admin_password)
    click.echo(summary)


def init_app(app: Flask) -> None:
    """Also expose the commands as ``flask --app catalog`` commands."""
    for command in (serve, db_group, user_group, token_group, seed_demo):
        app.cli.add_command(command)


from catalog.cli_harvest import harvest as _harvest  # noqa: E402

main.add_command(_harvest)

from catalog.cli_links import links as _links  # noqa: E402

main.add_command(_links)

from catalog.cli_search import search as _search  # noqa: E402

main.add_command(_search)
