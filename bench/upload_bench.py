"""Upload and download a large file through Tepian's API over real HTTP, on each backend.

It starts a real ``tepian serve`` (and, for S3, moto's S3 server) on loopback, uploads a
generated file of ``--size-mb`` with a streaming multipart request (as ``ckanapi`` would, but
without ``requests`` building the whole body in memory first), downloads it again, compares
sha256 checksums, and reports throughput and the *server's* peak resident memory (``VmHWM``
of the server process, from ``/proc``). Streaming means that peak stays flat whatever the
file size; the budget is 150 MiB::

    python bench/upload_bench.py --size-mb 1024                 # local and S3 (moto)
    python bench/upload_bench.py --size-mb 256 --backends local

Linux only (``/proc``). Moto keeps objects in memory, so the S3 run needs a few GiB free.
"""

from __future__ import annotations

import argparse
import hashlib
import http.client
import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
MiB = 1024 * 1024
BOUNDARY = "tepianBench7MA4YWxkTrZu0gW"
BUDGET_MIB = 150


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, process: subprocess.Popen, what: str) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"{what} exited early")
        try:
            urllib.request.urlopen(url, timeout=2).read()
            return
        except OSError as exc:
            if getattr(exc, "code", None):  # any HTTP answer means it is up
                return
            time.sleep(0.2)
    raise SystemExit(f"{what} did not answer within 60 s")


def memory_mib(pid: int, field: str) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return 0.0


def blocks(size: int):
    """``size`` bytes from a repeated random block, produced as they are sent."""
    block = random.Random(7).randbytes(MiB + 13)
    sent = 0
    while sent < size:
        offset = sent % len(block)
        chunk = block[offset : offset + min(MiB, size - sent)]
        sent += len(chunk)
        yield chunk


def tepian(env: dict, *args: str) -> str:
    proc = subprocess.run(
        [sys.executable, "-m", "catalog", *args], env=env, capture_output=True, text=True
    )
    if proc.returncode != 0:
        raise SystemExit(f"tepian {' '.join(args)} failed:\n{proc.stdout}{proc.stderr}")
    return proc.stdout


def api(base: str, token: str, action: str, data: dict) -> dict:
    request = urllib.request.Request(
        f"{base}/api/3/action/{action}",
        data=json.dumps(data).encode(),
        headers={"Content-Type": "application/json", "Authorization": token},
    )
    with urllib.request.urlopen(request, timeout=60) as resp:
        return json.load(resp)["result"]


def upload(base: str, token: str, package_id: str, size: int) -> tuple[dict, str, float]:
    """Stream a multipart resource_create; return the resource, the sent sha256, seconds."""
    head = (
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="package_id"\r\n\r\n'
        f"{package_id}\r\n--{BOUNDARY}\r\n"
        'Content-Disposition: form-data; name="upload"; filename="bench.bin"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n"
    ).encode()
    tail = f"\r\n--{BOUNDARY}--\r\n".encode()
    parts = urlsplit(base)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=600)
    digest = hashlib.sha256()
    start = time.monotonic()
    conn.putrequest("POST", "/api/3/action/resource_create")
    conn.putheader("Content-Type", f"multipart/form-data; boundary={BOUNDARY}")
    conn.putheader("Content-Length", str(len(head) + size + len(tail)))
    conn.putheader("Authorization", token)
    conn.endheaders()
    conn.send(head)
    for chunk in blocks(size):
        digest.update(chunk)
        conn.send(chunk)
    conn.send(tail)
    body = json.loads(conn.getresponse().read())
    elapsed = time.monotonic() - start
    conn.close()
    if not body.get("success"):
        raise SystemExit(f"upload failed: {body}")
    return body["result"], digest.hexdigest(), elapsed


def download(url: str) -> tuple[str, int, float]:
    digest, size = hashlib.sha256(), 0
    start = time.monotonic()
    with urllib.request.urlopen(url, timeout=600) as resp:  # follows an S3 redirect
        while chunk := resp.read(MiB):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size, time.monotonic() - start


def run(backend: str, size: int, workdir: Path) -> dict:
    instance = workdir / backend / "instance"
    instance.mkdir(parents=True)
    env = {
        **os.environ,
        "TEPIAN_INSTANCE_PATH": str(instance),
        "TEPIAN_DATABASE_URL": f"sqlite:///{instance / 'tepian.db'}",
        "TEPIAN_MAX_UPLOAD_BYTES": str(size + MiB),
        "PYTHONPATH": str(ROOT),
    }
    helpers: list[subprocess.Popen] = []
    if backend == "s3":
        port = free_port()
        moto = subprocess.Popen(
            [str(Path(sys.executable).parent / "moto_server"), "-H", "127.0.0.1", "-p", str(port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        helpers.append(moto)
        wait_for(f"http://127.0.0.1:{port}/", moto, "moto")
        env.update(
            {
                "AWS_ENDPOINT_URL": f"http://127.0.0.1:{port}",
                "AWS_ACCESS_KEY_ID": "bench",
                "AWS_SECRET_ACCESS_KEY": "bench",
                "AWS_DEFAULT_REGION": "us-east-1",
                "TEPIAN_STORAGE_URL": "s3://tepian-bench/files",
            }
        )
        import boto3

        boto3.client(
            "s3",
            endpoint_url=env["AWS_ENDPOINT_URL"],
            region_name="us-east-1",
            aws_access_key_id="bench",
            aws_secret_access_key="bench",
        ).create_bucket(Bucket="tepian-bench")
    try:
        tepian(env, "db", "upgrade", "--revision", "heads")
        tepian(
            env,
            "user",
            "create",
            "bench",
            "--email",
            "b@x.go.id",
            "--password",
            "bench-password-1",
            "--sysadmin",
        )
        token = tepian(env, "token", "create", "bench").strip().splitlines()[-1]
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        env["TEPIAN_SITE_URL"] = base
        server = subprocess.Popen(
            [sys.executable, "-m", "catalog", "serve", "--port", str(port)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            cwd=workdir,
        )
        helpers.append(server)
        wait_for(f"{base}/api/3/action/site_read", server, "tepian serve")
        idle = memory_mib(server.pid, "VmRSS")
        api(base, token, "organization_create", {"name": "bench", "title": "Bench"})
        ds = api(base, token, "package_create", {"name": "bench", "owner_org": "bench"})
        res, sent_sha, up_s = upload(base, token, ds["id"], size)
        got_sha, got_size, down_s = download(res["url"])
        peak = memory_mib(server.pid, "VmHWM")
    finally:
        for process in reversed(helpers):
            process.terminate()
            process.wait(timeout=30)
    return {
        "backend": backend,
        "size_mib": size / MiB,
        "upload_mib_s": size / MiB / up_s,
        "download_mib_s": got_size / MiB / down_s,
        "server_idle_rss_mib": idle,
        "server_peak_rss_mib": peak,
        "checksums_match": sent_sha == res["hash"] == got_sha and got_size == size,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--size-mb", type=int, default=1024)
    parser.add_argument("--backends", default="local,s3")
    args = parser.parse_args()
    size = args.size_mb * MiB
    ok = True
    with tempfile.TemporaryDirectory(prefix="tepian-upload-bench-") as tmp:
        for backend in args.backends.split(","):
            r = run(backend, size, Path(tmp))
            print(
                f"{r['backend']:5}  {r['size_mib']:.0f} MiB  "
                f"upload {r['upload_mib_s']:.1f} MiB/s  download {r['download_mib_s']:.1f} MiB/s  "
                f"server RSS idle {r['server_idle_rss_mib']:.1f} MiB, "
                f"peak {r['server_peak_rss_mib']:.1f} MiB (budget {BUDGET_MIB})  "
                f"checksums {'match' if r['checksums_match'] else 'DIFFER'}",
                flush=True,
            )
            ok = ok and r["checksums_match"] and r["server_peak_rss_mib"] < BUDGET_MIB
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
