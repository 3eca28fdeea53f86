"""Harvest throughput: a full harvest and an unchanged re-harvest of a local CKAN-shaped source.

A fake CKAN portal with ``--datasets`` packages is served from loopback (the same one the
harvest tests use); Tepian harvests it twice through the real pipeline, committing per batch
as ``tepian harvest run`` does, and prints datasets per second for each run::

    python bench/harvest_bench.py                          # 10,000 datasets, temporary SQLite
    python bench/harvest_bench.py --database-url postgresql+psycopg://u@127.0.0.1/tepian_bench

The PostgreSQL database is migrated first and should be empty (a throwaway database).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ["TEPIAN_FETCH_ALLOW_PRIVATE"] = "1"

from catalog import create_app  # noqa: E402
from catalog.cli_harvest import _commit_for  # noqa: E402
from catalog.db import get_session, transaction  # noqa: E402
from catalog.migrate import upgrade  # noqa: E402
from catalog.models import HarvestSource  # noqa: E402
from catalog.services import call  # noqa: E402
from catalog.services.harvest_jobs import harvest_actor  # noqa: E402
from harvesters.scheduler import run_source  # noqa: E402
from tests.integration.harvest.remote import CkanPortal, RemoteServer, ckan_package  # noqa: E402


def harvest_once(app, source_id: str, label: str, *, full: bool, verbose: bool) -> float:
    """Run one job of the source; print and return datasets per second."""
    with app.app_context():
        session = get_session()
        source = session.get(HarvestSource, source_id)
        started = time.perf_counter()
        marks = [started]

        def progress(job) -> None:
            done = job.added + job.updated + job.unchanged
            if verbose and done and done % 1000 == 0:
                now = time.perf_counter()
                print(f"  {done:>6} records, last 1000 in {now - marks[-1]:.2f} s", flush=True)
                marks.append(now)

        outcome = run_source(
            session,
            source,
            commit=_commit_for(session),
            worker="bench",
            full=full,
            batch_size=200,
            allow_private=True,
            progress=progress,
        )
        seconds = time.perf_counter() - started
        job = outcome.job
        assert job is not None and job.status == "Finished", job and job.gather_errors
        count = job.added + job.updated + job.unchanged
        rate = count / seconds if seconds else float("inf")
        print(
            f"{label:<10} {count:>6} datasets in {seconds:7.2f} s = {rate:8.1f} datasets/s "
            f"({job.added} added, {job.updated} updated, {job.unchanged} unchanged)"
        )
        return rate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--datasets", type=int, default=10_000)
    parser.add_argument("--rows", type=int, default=1000, help="package_search page size")
    parser.add_argument("--database-url", default=None, help="default: a temporary SQLite file")
    parser.add_argument("--verbose", action="store_true", help="time every 1000 records")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="tepian-harvest-bench-"))
    url = args.database_url or f"sqlite:///{workdir / 'tepian.db'}"
    upgrade(url, "heads")
    app = create_app(
        {"DATABASE_URL": url, "INSTANCE_PATH": str(workdir / "instance"), "SECRET_KEY": "bench"}
    )
    remote = RemoteServer()
    remote.thread.start()
    portal = CkanPortal(remote, [ckan_package(i) for i in range(args.datasets)])
    try:
        with app.app_context(), transaction() as session:
            bot = harvest_actor(session)
            stamp = str(int(time.time()))
            call("organization_create", session, bot, {"name": f"bench-{stamp}"})
            source = call(
                "harvest_source_create",
                session,
                bot,
                {
                    "name": f"bench-{stamp}",
                    "url": portal.url,
                    "source_type": "ckan",
                    "owner_org": f"bench-{stamp}",
                    "config": {"rows": args.rows},
                },
            )
        print(f"database: {url.split('@')[-1]}; remote: {portal.url} ({args.datasets} datasets)")
        harvest_once(app, source["id"], "full", full=True, verbose=args.verbose)
        harvest_once(app, source["id"], "unchanged", full=True, verbose=args.verbose)
    finally:
        remote.httpd.shutdown()
        remote.httpd.server_close()
        app.extensions["tepian.engine"].dispose()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
