"""Run a command with the real services the test suite needs, then stop them.

    python scripts/testenv.py --services postgres,opensearch,s3[,chromium] -- CMD ARGS...
    python scripts/testenv.py --services postgres,opensearch,s3 --print-env

The first form installs what is missing, starts each service on free loopback ports (concurrently),
waits until it answers, runs CMD with the services' addresses in its environment, stops them and
exits with CMD's exit code. The second prints ``export VAR=...`` lines and keeps the services
running until it is stopped (Ctrl-C, SIGTERM), for running pytest many times from another shell.

A service that cannot be installed or started is reported on one line and its variable is not
exported, so its tests skip; under ``CI=true`` the command is not run and the exit code is 3.
``TEPIAN_TESTENV_UNAVAILABLE=name,...`` makes services unavailable on purpose (for tests of this
script). Stdlib only: it runs before the project is importable. See docs/testing.md.
"""

from __future__ import annotations

import argparse
import os
import shlex
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor, as_completed

from testenv_base import STATE, Service, ServiceUnavailable, reap_stale_runs, remove_run_dir
from testenv_services import SERVICES

UNAVAILABLE_VAR = "TEPIAN_TESTENV_UNAVAILABLE"
EXIT_USAGE = 2
EXIT_SERVICE_MISSING = 3


class Terminated(Exception):
    """The launcher received SIGTERM or SIGHUP."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def say(message: str) -> None:
    print(f"testenv: {message}", file=sys.stderr, flush=True)


def parse_args(argv: list[str]) -> tuple[argparse.Namespace, list[str], list[str]]:
    """Split ``argv`` at ``--`` into options and the command; return (args, services, command)."""
    if "--" in argv:
        cut = argv.index("--")
        own, command = argv[:cut], argv[cut + 1 :]
    else:
        own, command = argv, []
    parser = argparse.ArgumentParser(
        prog="testenv.py",
        usage="%(prog)s --services NAME[,NAME...] (-- CMD ARGS... | --print-env)",
        description="Start real services for the tests, run CMD, stop them.",
    )
    parser.add_argument(
        "--services", default="", help=f"comma-separated, among: {', '.join(SERVICES)}"
    )
    parser.add_argument(
        "--print-env",
        action="store_true",
        help="print `export VAR=...` lines and keep the services running until stopped",
    )
    args = parser.parse_args(own)
    services = list(dict.fromkeys(s.strip() for s in args.services.split(",") if s.strip()))
    unknown = [s for s in services if s not in SERVICES]
    if unknown:
        parser.error(f"unknown service(s): {', '.join(unknown)}")
    if args.print_env and command:
        parser.error("give either --print-env or a command after --, not both")
    if not args.print_env and not command:
        parser.error("no command given after --")
    return args, services, command


def export_lines(env: dict[str, str]) -> list[str]:
    """Shell lines that set ``env``, quoted for sh/bash."""
    return [f"export {name}={shlex.quote(value)}" for name, value in env.items()]


def exit_code(returncode: int) -> int:
    """A child's return code as a shell would report it (128 + N when killed by signal N)."""
    return returncode if returncode >= 0 else 128 - returncode


def command_env(
    environ: Mapping[str, str], services: list[Service], exports: dict[str, str]
) -> dict[str, str]:
    """CMD's environment: ours with the exports, where a requested service that did not start
    has no variable (not even one inherited from an outer run), so its tests skip."""
    requested = {service.variable for service in services}
    env = {name: value for name, value in environ.items() if name not in requested}
    env.update(exports)
    return env


def start_services(
    services: list[Service], stopping: threading.Event, ci: bool
) -> tuple[dict[str, str], list[str]]:
    """Start ``services`` concurrently; return (exported variables, failure reasons)."""
    unavailable = {s.strip() for s in os.environ.get(UNAVAILABLE_VAR, "").split(",")}
    exports: dict[str, str] = {}
    failures: list[str] = []

    def start_one(service: Service) -> tuple[dict[str, str], float]:
        began = time.monotonic()
        if service.name in unavailable:
            raise ServiceUnavailable(f"made unavailable by {UNAVAILABLE_VAR}")
        return service.start(), time.monotonic() - began

    with ThreadPoolExecutor(max_workers=max(1, len(services))) as pool:
        try:
            futures = {pool.submit(start_one, service): service for service in services}
            for future in as_completed(futures):
                service = futures[future]
                try:
                    env, took = future.result()
                except Exception as exc:  # one line per service, whatever went wrong
                    reason = str(exc) if isinstance(exc, ServiceUnavailable) else repr(exc)
                    if not stopping.is_set():
                        say(f"{service.name} unavailable: {reason}")
                        failures.append(f"{service.name}: {reason}")
                    if ci:
                        stopping.set()  # CI fails anyway: do not wait for the others
                    continue
                exports.update(env)
                say(f"{service.name} started at {service.address(env)}, took {took:.1f} s")
        except BaseException:
            stopping.set()  # let the other threads give up before the pool joins them
            raise
    return exports, failures


def stop_services(services: list[Service]) -> None:
    """Signal every service first, then wait for each, so that they stop in parallel."""
    for service in services:
        service.signal_stop()
    for service in services:
        service.wait_stopped()


def run_command(command: list[str], env: dict[str, str]) -> int:
    """Run CMD in the foreground and return its exit code; pass interrupts on to it."""
    try:
        proc = subprocess.Popen(command, env=env)
    except FileNotFoundError:
        say(f"command not found: {command[0]}")
        return 127
    except PermissionError:
        say(f"command not executable: {command[0]}")
        return 126
    try:
        return exit_code(proc.wait())
    except KeyboardInterrupt:
        # Ctrl-C reached CMD too (same process group): give it time to finish its teardown.
        _stop_child(proc, [(5, None), (10, signal.SIGINT), (5, signal.SIGTERM)])
        return 128 + signal.SIGINT
    except Terminated as exc:
        _stop_child(proc, [(0, None), (10, signal.SIGTERM)])
        return 128 + exc.signum


def _stop_child(proc: subprocess.Popen, steps: list[tuple[float, int | None]]) -> None:
    """Send each signal in turn (None: none) and wait its grace period; SIGKILL at the end."""
    _ignore_interrupts()
    for grace, sig in steps:
        if sig is not None and proc.poll() is None:
            proc.send_signal(sig)
        try:
            proc.wait(grace)
            return
        except subprocess.TimeoutExpired:
            pass
    proc.kill()
    proc.wait()


def _raise_terminated(signum: int, _frame) -> None:
    raise Terminated(signum)


def _ignore_interrupts() -> None:
    """While cleaning up, a second Ctrl-C must not leave services behind."""
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, signal.SIG_IGN)


def serve(exports: dict[str, str], services: list[Service]) -> int:
    """--print-env: print the exports and keep the services up until stopped."""
    try:  # a stop request is normal from the moment the lines are out
        print("\n".join(export_lines(exports)), flush=True)
        pid = os.getpid()
        say(f"services are running (pid {pid}); stop them with Ctrl-C or `kill {pid}`")
        while True:
            for service in services:
                for proc in service.processes:
                    if proc.poll() is not None:
                        say(f"{service.name} exited with code {proc.returncode}; stopping")
                        return 1
            time.sleep(1)
    except (KeyboardInterrupt, Terminated):
        return 0


def main(argv: list[str] | None = None) -> int:
    """Start the services, run the command (or serve them), stop them; return the exit code."""
    try:
        args, names, command = parse_args(sys.argv[1:] if argv is None else argv)
    except SystemExit as exc:
        return EXIT_USAGE if exc.code else 0
    ci = os.environ.get("CI") == "true"
    signal.signal(signal.SIGTERM, _raise_terminated)
    signal.signal(signal.SIGHUP, _raise_terminated)

    runs = STATE / "run"
    runs.mkdir(parents=True, exist_ok=True)
    reap_stale_runs(runs)
    run_dir = runs / f"{os.getpid()}-{time.time_ns()}"
    run_dir.mkdir()
    stopping = threading.Event()
    services = [SERVICES[name](run_dir, stopping) for name in names]
    try:
        began = time.monotonic()
        exports, failures = start_services(services, stopping, ci)
        if failures and ci:
            say(f"CI=true: not running the command, {len(failures)} service(s) unavailable")
            return EXIT_SERVICE_MISSING
        if services:
            say(f"services ready in {time.monotonic() - began:.1f} s")
        if args.print_env:
            return serve(exports, services)
        return run_command(command, command_env(os.environ, services, exports))
    except KeyboardInterrupt:
        return 128 + signal.SIGINT
    except Terminated as exc:
        return 128 + exc.signum
    finally:
        _ignore_interrupts()
        stopping.set()
        began = time.monotonic()
        stop_services(services)
        remove_run_dir(run_dir)
        if any(service.processes for service in services):
            say(f"services stopped in {time.monotonic() - began:.1f} s")


if __name__ == "__main__":
    sys.exit(main())
