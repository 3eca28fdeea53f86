"""``tepian links check``: check every external link resource and record what answered.

Run it from cron (e.g. nightly). Each URL gets a HEAD request (a one-byte GET when HEAD is
refused), at most one request per second per host by default, and the SSRF guard; results
are stored per resource and shown in the resource dict (``link_status``) and in the OPD's
``resource_link_report``::

    tepian links check                       # every link, least recently checked first
    tepian links check --organization dinkes --limit 200
"""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext


@click.group("links")
def links() -> None:
    """External links of resources."""


@links.command("check")
@click.option("--organization", "-o", default=None, help="Only this OPD (id or name).")
@click.option("--limit", type=int, default=None, help="Check at most this many links.")
@click.option("--timeout", type=float, default=10.0, show_default=True)
@click.option("--per-host-delay", type=float, default=1.0, show_default=True)
@with_appcontext
def check(organization: str | None, limit: int | None, timeout: float, per_host_delay: float):
    """Check link resources (HEAD, ranged GET fallback) and store the results."""
    from catalog.db import transaction
    from catalog.services.links import LinkChecker, link_targets, record_link_check

    with transaction() as session:
        targets = link_targets(session, organization=organization, limit=limit)
    checker = LinkChecker(
        timeout=timeout,
        per_host_delay=per_host_delay,
        allow_private=bool(current_app.config.get("FETCH_ALLOW_PRIVATE")),
    )
    broken = 0
    try:
        for resource_id, url in targets:
            result = checker.check(url)  # no transaction is open while waiting on the network
            with transaction() as session:
                record_link_check(session, resource_id, url, result)
            if not result.ok:
                broken += 1
                click.echo(f"broken {url} ({result.error})")
    finally:
        checker.close()
    click.echo(f"Checked {len(targets)} links, {broken} broken.")
