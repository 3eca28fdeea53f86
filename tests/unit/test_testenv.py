"""The launcher of real services for the tests (scripts/testenv.py), without the slow services.

Most tests run the launcher as a subprocess, as the test command does; the ones that need a
service use the S3 server (moto), which starts in about a second.
"""

from __future__ import annotations

import importlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPTS = ROOT / "scripts"
LAUNCHER = SCRIPTS / "testenv.py"
SERVICE_VARS = (
    "TEPIAN_TEST_POSTGRES_URL",
    "TEPIAN_TEST_OPENSEARCH_URL",
    "TEPIAN_TEST_S3_ENDPOINT",
    "TEPIAN_TEST_CHROMIUM",
)
PRINT_ENV = "import json, os; print(json.dumps(dict(os.environ)))"


@pytest.fixture
def testenv(monkeypatch):
    monkeypatch.syspath_prepend(str(SCRIPTS))
    return importlib.import_module("testenv")


@pytest.fixture
def base_env() -> dict[str, str]:
    """Our environment without CI, the override and any service a surrounding run exported."""
    drop = {"CI", "TEPIAN_TESTENV_UNAVAILABLE", *SERVICE_VARS}
    return {name: value for name, value in os.environ.items() if name not in drop}


def launch(args: list[str], env: dict[str, str], **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(LAUNCHER), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        **kwargs,
    )


def answers(url: str) -> bool:
    host, port = url.removeprefix("http://").split(":")
    try:
        socket.create_connection((host, int(port)), timeout=1).close()
    except OSError:
        return False
    return True


def test_free_ports_are_distinct_and_free(testenv):
    from testenv_base import free_ports

    ports = free_ports(3)
    assert len(set(ports)) == 3
    for port in ports:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", port))


def test_export_lines_survive_the_shell(testenv):
    exports = {"A": "two words", "B": "it's $HOME; `x`"}
    script = "\n".join(testenv.export_lines(exports)) + '\nprintf "%s\\n" "$A" "$B"'
    out = subprocess.run(["sh", "-c", script], capture_output=True, text=True, check=True)
    assert out.stdout.splitlines() == list(exports.values())


def test_arguments_split_at_double_dash(testenv):
    args, services, command = testenv.parse_args(
        ["--services", "s3, postgres,s3", "--", "pytest", "--services", "-x"]
    )
    assert services == ["s3", "postgres"]
    assert command == ["pytest", "--services", "-x"]
    assert not args.print_env


@pytest.mark.parametrize(
    "argv",
    [
        ["--services", "mysql", "--", "true"],
        ["--services", "s3"],
        ["--services", "s3", "--print-env", "--", "true"],
    ],
    ids=["unknown-service", "no-command", "command-and-print-env"],
)
def test_bad_arguments_exit_2(testenv, argv, capsys):
    assert testenv.main(argv) == testenv.EXIT_USAGE
    assert "usage:" in capsys.readouterr().err


def test_signal_deaths_map_to_shell_exit_codes(testenv):
    assert testenv.exit_code(5) == 5
    assert testenv.exit_code(-signal.SIGTERM) == 143


def test_error_line_picks_the_line_naming_the_error(testenv):
    from testenv_base import error_line

    output = "creating dirs\ninitdb: error: directory exists\nhint: remove it\n"
    assert error_line(output) == "initdb: error: directory exists"
    assert error_line("first\nlast\n") == "last"


def test_failed_service_variable_is_not_inherited(testenv):
    from testenv_services import S3

    class Stub(S3):
        def __init__(self) -> None:
            pass

    environ = {"TEPIAN_TEST_S3_ENDPOINT": "http://outer", "PATH": "/bin"}
    assert testenv.command_env(environ, [Stub()], {}) == {"PATH": "/bin"}


@pytest.mark.parametrize("services", [[], ["--services", ""]], ids=["omitted", "empty"])
def test_command_exit_code_is_propagated(base_env, services):
    done = launch([*services, "--", sys.executable, "-c", "raise SystemExit(7)"], base_env)
    assert done.returncode == 7


def test_missing_command_exits_127(base_env):
    assert launch(["--", "no-such-command-tepian"], base_env).returncode == 127


def test_unavailable_service_under_ci_fails_before_command(base_env, tmp_path):
    marker = tmp_path / "ran"
    env = dict(base_env, CI="true", TEPIAN_TESTENV_UNAVAILABLE="postgres")
    cmd = [sys.executable, "-c", f"open({str(marker)!r}, 'w')"]
    done = launch(["--services", "postgres", "--", *cmd], env)
    assert done.returncode == 3
    assert not marker.exists()
    assert "testenv: postgres unavailable: made unavailable by TEPIAN_TESTENV_UNAVAILABLE\n" in (
        done.stderr
    )


def test_unavailable_service_outside_ci_runs_command_without_its_variable(base_env):
    env = dict(
        base_env,
        TEPIAN_TESTENV_UNAVAILABLE="postgres",
        TEPIAN_TEST_POSTGRES_URL="postgresql+psycopg://outer/db",
    )
    done = launch(["--services", "postgres", "--", sys.executable, "-c", PRINT_ENV], env)
    assert done.returncode == 0, done.stderr
    assert "TEPIAN_TEST_POSTGRES_URL" not in json.loads(done.stdout)
    assert "postgres unavailable" in done.stderr


def test_sigterm_stops_command_and_exits_143(base_env, tmp_path):
    started = tmp_path / "started"
    child = f"import time; open({str(started)!r}, 'w').close(); time.sleep(60)"
    proc = subprocess.Popen(
        [sys.executable, str(LAUNCHER), "--", sys.executable, "-c", child],
        env=base_env,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 30
    while not started.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    proc.send_signal(signal.SIGTERM)
    _, stderr = proc.communicate(timeout=30)
    assert proc.returncode == 143, stderr


def test_stale_run_of_a_killed_launcher_is_reaped(testenv, tmp_path):
    from testenv_base import RUN_MARKER, reap_stale_runs

    dead_owner = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    stale = tmp_path / f"{dead_owner}-1"
    live = tmp_path / f"{os.getpid()}-1"
    stale.mkdir()
    live.mkdir()
    leftover = subprocess.Popen(
        [sys.executable, "-c", "import time; time.sleep(60)"],
        env=dict(os.environ, **{RUN_MARKER: str(stale)}),
    )
    try:
        reap_stale_runs(tmp_path)
        assert leftover.wait(timeout=10) == -signal.SIGKILL
    finally:
        leftover.kill()
        leftover.wait()
    assert not stale.exists()
    assert live.exists()


@pytest.fixture
def moto_installed():
    pytest.importorskip("moto.server", reason="moto[server] (the test extra) is not installed")


def test_s3_is_exported_and_stopped_afterwards(base_env, moto_installed):
    done = launch(["--services", "s3", "--", sys.executable, "-c", PRINT_ENV], base_env)
    assert done.returncode == 0, done.stderr
    env = json.loads(done.stdout)
    assert env["TEPIAN_TEST_S3_ENDPOINT"].startswith("http://127.0.0.1:")
    assert env["AWS_ACCESS_KEY_ID"] == env["AWS_SECRET_ACCESS_KEY"] == "testing"
    assert f"s3 started at {env['TEPIAN_TEST_S3_ENDPOINT']}, took" in done.stderr
    assert not answers(env["TEPIAN_TEST_S3_ENDPOINT"])


def test_print_env_serves_until_terminated(base_env, moto_installed):
    proc = subprocess.Popen(
        [sys.executable, str(LAUNCHER), "--services", "s3", "--print-env"],
        env=base_env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        lines = [proc.stdout.readline() for _ in range(4)]
        exports = dict(line.removeprefix("export ").strip().split("=", 1) for line in lines)
        endpoint = exports["TEPIAN_TEST_S3_ENDPOINT"]
        assert answers(endpoint)
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=30) == 0
    finally:
        proc.kill()
        proc.wait()
        proc.stdout.close()
    assert not answers(endpoint)
