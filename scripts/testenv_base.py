"""What every service of scripts/testenv.py shares: processes, ports, waiting, apt, clean-up.

Stdlib only: this runs before the project is importable.
"""

from __future__ import annotations

import glob
import os
import shutil
import signal
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STATE = ROOT / ".services"

# Set in every service process's environment, so that processes left behind by a launcher that
# was killed (SIGKILL) can be found and stopped by the next run.
RUN_MARKER = "TEPIAN_TESTENV_RUN"


class ServiceUnavailable(Exception):
    """A service could not be installed or started; the message is the one-line reason."""


def free_ports(count: int, host: str = "127.0.0.1") -> list[int]:
    """Return ``count`` distinct TCP ports on ``host`` that nothing listens on (the kernel picks).

    The sockets stay bound until all are picked, so the ports differ from each other.
    """
    sockets = [socket.socket(socket.AF_INET, socket.SOCK_STREAM) for _ in range(count)]
    try:
        for sock in sockets:
            sock.bind((host, 0))
        return [sock.getsockname()[1] for sock in sockets]
    finally:
        for sock in sockets:
            sock.close()


def free_port(host: str = "127.0.0.1") -> int:
    """Return a TCP port on ``host`` that nothing listens on right now."""
    return free_ports(1, host)[0]


def is_root() -> bool:
    return os.geteuid() == 0


def http_status(url: str, data: bytes | None = None, timeout: float = 2.0) -> tuple[int, bytes]:
    """Return (status, body) of a request, or (0, b"") when nothing answers."""
    headers = {"Content-Type": "application/json"} if data is not None else {}
    request = urllib.request.Request(url, data=data, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()
    except (OSError, ValueError):
        return 0, b""


def log_tail(path: Path, lines: int = 3) -> str:
    """The last lines of a log, joined on one line, for an error message."""
    try:
        text = path.read_text(errors="replace").strip().splitlines()
    except OSError:
        return ""
    return " | ".join(line.strip() for line in text[-lines:])


_apt_lock = threading.Lock()
_apt_updated = False


def apt_install(*packages: str) -> None:
    """Install Debian packages (as root only); one apt run at a time, `apt-get update` once."""
    global _apt_updated
    if not is_root():
        raise ServiceUnavailable(f"{' '.join(packages)} missing and not root, cannot apt-get it")
    if not shutil.which("apt-get"):
        raise ServiceUnavailable(f"{' '.join(packages)} missing and there is no apt-get")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    steps = [] if _apt_updated else [["apt-get", "update", "-qq"]]
    steps.append(["apt-get", "install", "-y", "-qq", "--no-install-recommends", *packages])
    with _apt_lock:
        for step in steps:
            done = subprocess.run(step, env=env, capture_output=True, text=True, timeout=1200)
            if done.returncode != 0:
                raise ServiceUnavailable(f"`{' '.join(step)}` failed: {error_line(done.stderr)}")
        _apt_updated = True


class Service:
    """One service. ``start()`` installs what is missing, starts the server, waits for it and
    returns the variables to export; ``signal_stop()`` then ``wait_stopped()`` end its processes.
    """

    name = ""
    variable = ""
    timeout = 60.0
    stop_signal = signal.SIGTERM

    def __init__(self, run_dir: Path, stopping: threading.Event) -> None:
        self.run_dir = run_dir
        self.stopping = stopping
        self.processes: list[subprocess.Popen] = []
        self.log = run_dir / f"{self.name}.log"

    def start(self) -> dict[str, str]:
        raise NotImplementedError

    def address(self, env: dict[str, str]) -> str:
        return env[self.variable]

    def spawn(self, cmd: list[str], cwd: Path | None = None) -> subprocess.Popen:
        """Start a server process in its own process group, logging to the service's log."""
        env = dict(os.environ, **{RUN_MARKER: str(self.run_dir)})
        with open(self.log, "ab") as log:
            proc = subprocess.Popen(
                cmd,
                cwd=cwd or self.run_dir,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.processes.append(proc)
        return proc

    def wait_until(self, ready, what: str, proc: subprocess.Popen | None = None) -> None:
        """Poll ``ready()`` until true; fail on timeout, on an exited server or when stopping."""
        deadline = time.monotonic() + self.timeout
        while True:
            if self.stopping.is_set():
                raise ServiceUnavailable("interrupted while starting")
            if proc is not None and proc.poll() is not None:
                code = proc.returncode
                raise ServiceUnavailable(
                    f"{what} exited ({code}) while starting: {log_tail(self.log)}"
                )
            if ready():
                return
            if time.monotonic() > deadline:
                raise ServiceUnavailable(
                    f"{what} did not answer within {self.timeout:.0f} s: {log_tail(self.log)}"
                )
            time.sleep(0.2)

    def signal_stop(self) -> None:
        """Ask every process group of the service to stop (without waiting)."""
        for proc in self.processes:
            if proc.poll() is None:
                _killpg(proc.pid, self.stop_signal)

    def wait_stopped(self, timeout: float = 30.0) -> None:
        """Wait for the service's process groups to end; SIGKILL whatever outlives ``timeout``."""
        deadline = time.monotonic() + timeout
        for proc in self.processes:
            try:
                proc.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                pass
            while _group_alive(proc.pid) and time.monotonic() < deadline:
                time.sleep(0.1)
            if _group_alive(proc.pid):
                _killpg(proc.pid, signal.SIGKILL)
                proc.wait()


def _killpg(pgid: int, sig: int) -> None:
    try:
        os.killpg(pgid, sig)
    except (ProcessLookupError, PermissionError):
        pass


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def run_checked(cmd: list[str], what: str, timeout: float = 120, **kwargs) -> str:
    """Run a setup step; its last line of error output becomes the ServiceUnavailable reason."""
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, **kwargs)
    if done.returncode != 0:
        raise ServiceUnavailable(f"{what} failed: {error_line(done.stderr + done.stdout)}")
    return done.stdout


def error_line(output: str) -> str:
    """The line of a tool's output that says what went wrong: the first naming an error."""
    lines = [line.strip() for line in output.splitlines() if line.strip()]
    errors = [line for line in lines if "error" in line.lower()]
    return (errors or lines or ["no output"])[-1 if not errors else 0]


def reap_stale_runs(runs: Path) -> None:
    """Stop processes and remove directories of earlier runs whose launcher is gone.

    A launcher killed with SIGKILL cannot stop its services; they carry RUN_MARKER in their
    environment, so the next run finds them under /proc.
    """
    for run_dir in runs.glob("*"):
        owner = run_dir.name.split("-", 1)[0]
        if owner.isdigit() and _pid_alive(int(owner)):
            continue
        marker = f"{RUN_MARKER}={run_dir}".encode()
        for environ in glob.glob("/proc/[0-9]*/environ"):
            try:
                if marker in Path(environ).read_bytes().split(b"\0"):
                    os.kill(int(environ.split("/")[2]), signal.SIGKILL)
            except (OSError, ValueError):
                continue
        remove_run_dir(run_dir)


def remove_run_dir(run_dir: Path) -> None:
    """Delete a run's directory, and the cluster it moved to the temp directory, if any."""
    moved = run_dir / "postgres-dir"
    if moved.exists():
        shutil.rmtree(moved.read_text().strip(), ignore_errors=True)
    shutil.rmtree(run_dir, ignore_errors=True)


def _pid_alive(pid: int) -> bool:
    """Whether ``pid`` runs (a zombie, a launcher killed but not yet reaped, does not)."""
    if not os.path.isdir("/proc"):
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            pass
        return True
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[-1].split()[0] != "Z"
