"""Run real Tepian processes for end-to-end tests (the same command an operator runs)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def tepian(instance: Path, *args: str, env: dict | None = None, check: bool = True) -> str:
    """Run ``tepian ARGS`` against an instance folder and return its output."""
    full_env = {**os.environ, "TEPIAN_INSTANCE_PATH": str(instance), **(env or {})}
    full_env.pop("TEPIAN_DATABASE_URL", None) if "TEPIAN_DATABASE_URL" not in (env or {}) else None
    proc = subprocess.run(
        [sys.executable, "-m", "catalog", *args],
        env=full_env,
        capture_output=True,
        text=True,
        timeout=300,
        cwd=instance.parent,
    )
    if check and proc.returncode != 0:
        raise AssertionError(f"tepian {' '.join(args)} failed:\n{proc.stdout}\n{proc.stderr}")
    return proc.stdout + proc.stderr


@dataclass
class Server:
    url: str
    process: subprocess.Popen

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def serve(instance: Path, env: dict | None = None) -> Server:
    """Start ``tepian serve`` on a free loopback port and wait until it answers."""
    port = free_port()
    full_env = {**os.environ, "TEPIAN_INSTANCE_PATH": str(instance), **(env or {})}
    full_env["TEPIAN_SITE_URL"] = f"http://127.0.0.1:{port}"
    process = subprocess.Popen(
        [sys.executable, "-m", "catalog", "serve", "--port", str(port)],
        env=full_env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=instance.parent,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"{url}/api/3/action/site_read", timeout=2).read()
            return Server(url, process)
        except OSError:
            if process.poll() is not None:
                raise AssertionError("tepian serve exited early") from None
            time.sleep(0.2)
    process.kill()
    raise AssertionError("tepian serve did not answer within 30 s")
