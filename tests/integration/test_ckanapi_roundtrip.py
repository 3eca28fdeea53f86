"""The real ``ckanapi`` client against running Tepian servers: dump and load the demo catalog."""

from __future__ import annotations

import json
import os
import subprocess

import pytest

from tests.servers import BIN, serve, tepian

PASSWORD = "rahasia-demo-123"
# Fields the server sets itself; everything else must survive the round trip.
SERVER_SET = {"metadata_created", "metadata_modified", "creator_user_id"}


def ckanapi(*args: str, input_text: str | None = None) -> str:
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    proc = subprocess.run(
        [str(BIN / "ckanapi"), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        input=input_text,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc.stdout


def _instance(root, name, *, demo: bool) -> tuple:
    instance = root / name / "instance"
    instance.parent.mkdir()
    tepian(instance, "db", "upgrade")
    if demo:
        tepian(instance, "seed-demo", "--admin-password", PASSWORD)
    else:
        tepian(
            instance,
            "user",
            "create",
            "admin",
            "--email",
            "a@x.go.id",
            "--password",
            PASSWORD,
            "--sysadmin",
        )
        tepian(
            instance,
            "user",
            "create",
            "petugas-dinkes",
            "--email",
            "p@x.go.id",
            "--password",
            PASSWORD,
        )
    token = tepian(instance, "token", "create", "admin").strip().splitlines()[-1]
    return instance, token


def _load_lines(text: str) -> dict[str, dict]:
    records = [json.loads(line) for line in text.splitlines() if line.strip()]
    return {r["name"]: r for r in records}


def _comparable(pkg: dict) -> dict:
    pkg = {k: v for k, v in pkg.items() if k not in SERVER_SET}
    pkg["organization"] = {k: v for k, v in pkg["organization"].items() if k != "created"}
    # Tag ids are the server's own (tags are matched by name, as in CKAN).
    pkg["tags"] = [{k: v for k, v in t.items() if k != "id"} for t in pkg["tags"]]
    pkg["groups"] = [{k: v for k, v in g.items() if k != "created"} for g in pkg["groups"]]
    pkg["resources"] = [
        {k: v for k, v in r.items() if k not in ("created", "metadata_modified")}
        for r in pkg["resources"]
    ]
    return pkg


@pytest.mark.slow
def test_dump_and_load_round_trip_loses_nothing(tmp_path):
    source_dir, source_token = _instance(tmp_path, "source", demo=True)
    target_dir, target_token = _instance(tmp_path, "target", demo=False)
    source, target = serve(source_dir), serve(target_dir)
    try:
        src = ["-r", source.url, "-a", source_token]
        dst = ["-r", target.url, "-a", target_token]
        # ckanapi action / search against the source
        status = json.loads(ckanapi("action", "status_show", *src))
        assert status["ckan_version"].startswith("2.")
        hits = ckanapi("search", "datasets", "q=penduduk", "rows=100", *src)
        assert len(hits.splitlines()) >= 3
        assert all("penduduk" in json.dumps(json.loads(h)).lower() for h in hits.splitlines())

        dumped = {}
        for thing in ("organizations", "groups", "datasets"):
            extra = ["--include-private"] if thing == "datasets" else []
            out = tmp_path / f"{thing}.jsonl"
            ckanapi("dump", thing, "--all", "-O", str(out), "-p", "2", *extra, *src)
            dumped[thing] = out.read_text()
        datasets = _load_lines(dumped["datasets"])
        assert len(datasets) == 61 and any(p["private"] for p in datasets.values())

        for thing in ("organizations", "groups", "datasets"):
            log = ckanapi("load", thing, "-I", str(tmp_path / f"{thing}.jsonl"), "-p", "1", *dst)
            assert '"NotAuthorized"' not in log and "ValidationError" not in log, log

        out = tmp_path / "again.jsonl"
        ckanapi("dump", "datasets", "--all", "--include-private", "-O", str(out), *dst)
        loaded = _load_lines(out.read_text())
        assert loaded.keys() == datasets.keys()
        for name, original in datasets.items():
            assert _comparable(loaded[name]) == _comparable(original), name

        # Loading the same dump again updates in place: nothing duplicated.
        ckanapi("load", "datasets", "-I", str(tmp_path / "datasets.jsonl"), "-p", "1", *dst)
        names = json.loads(ckanapi("action", "package_list", "include_private=true", *dst))
        assert len(names) == 61
    finally:
        source.stop()
        target.stop()
