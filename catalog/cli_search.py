"""``tepian search``: rebuild the index, show its status, run the outbox worker."""

from __future__ import annotations

import json
import time

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import func, select

from catalog.models import Dataset


@click.group("search")
def search() -> None:
    """The search index."""


def _engine():
    engine = current_app.extensions.get("tepian.search")
    if engine is None:
        raise click.ClickException("Search is answered from the database (no index to manage).")
    return engine


@search.command("reindex")
@with_appcontext
def reindex() -> None:
    """Rebuild the index from the database; searches keep answering while it runs."""
    from catalog.services.indexing import all_documents

    engine = _engine()
    make_session = current_app.extensions["tepian.sessionmaker"]
    with make_session() as session:
        total = session.scalar(select(func.count()).select_from(Dataset)) or 0
        with click.progressbar(
            length=total, label="Reindexing", file=click.get_text_stream("stderr")
        ) as bar:

            def counted():
                for doc in all_documents(session):
                    bar.update(1)
                    yield doc

            count = engine.reindex(counted())
    click.echo(f"Indexed {count} datasets.")


@search.command("status")
@click.option("--json", "as_json", is_flag=True, help="Print the status as JSON.")
@with_appcontext
def status(as_json: bool) -> None:
    """Backlog, engine health and drift (database vs index, and a sample of stale documents)."""
    from catalog.services.search_admin import search_status

    with current_app.extensions["tepian.sessionmaker"]() as session:
        result = search_status(session)
    if as_json:
        click.echo(json.dumps(result, indent=2))
        return
    click.echo(f"engine:   {result.get('engine') or 'database only'} ({result.get('health', '-')})")
    click.echo(f"backlog:  {result['backlog']} index jobs waiting")
    click.echo(
        f"datasets: {result['db_count']} in the database, {result.get('index_count', '-')} indexed"
    )
    if "sample_size" in result:
        click.echo(
            f"drift:    {result['stale_count_in_sample']} stale of {result['sample_size']} sampled"
            + (f" ({', '.join(result['stale_sample'][:5])} ...)" if result["stale_sample"] else "")
        )
    if result.get("error"):
        click.echo(f"error:    {result['error']}")


@search.command("worker")
@click.option("--once", is_flag=True, help="Drain the outbox once and exit.")
@click.option("--interval", default=2.0, show_default=True, help="Seconds between polls.")
@with_appcontext
def worker(once: bool, interval: float) -> None:
    """Apply queued index jobs; several workers may run together on PostgreSQL."""
    from catalog.services.indexing import drain_all
    from search import SearchError

    engine = _engine()
    make_session = current_app.extensions["tepian.sessionmaker"]
    while True:
        try:
            done = drain_all(make_session, engine)
            if done:
                click.echo(f"Indexed {done} queued changes.")
        except SearchError as exc:
            click.echo(f"Search engine unavailable, will retry: {exc}", err=True)
        if once:
            return
        time.sleep(interval)
