"""The Fetcher against a live loopback server: safety checks, limits, retries, rate limit."""

from __future__ import annotations

import gzip
import ipaddress
import socket

import pytest
from harvest_remote import RemoteServer, Reply

from harvesters import netguard
from harvesters.http import Fetcher, FetchError, env_allows_private


def quick(**kwargs: object) -> Fetcher:
    """A fetcher with tiny delays, allowed to reach the loopback test server."""
    options: dict = {"allow_private": True, "backoff": 0.01, "timeout": 2.0, **kwargs}
    return Fetcher(**options)


@pytest.fixture
def loopback_is_public(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pretend 127.0.0.1 is a public address, so redirects *from* the test server are checked."""
    original = netguard.address_kind
    monkeypatch.setattr(
        netguard, "address_kind", lambda ip: None if str(ip) == "127.0.0.1" else original(ip)
    )


def test_get_json_decodes_gzip(remote: RemoteServer) -> None:
    remote.route("/data.json", Reply.json({"judul": "Jumlah Penduduk"}, gzip=True))
    with quick() as fetcher:
        assert fetcher.get_json(remote.url("/data.json")) == {"judul": "Jumlah Penduduk"}
    assert "gzip" in remote.hits("/data.json")[0].headers["Accept-Encoding"]


def test_loopback_refused_without_allow_private(remote: RemoteServer) -> None:
    remote.route("/x", Reply("rahasia"))
    with Fetcher() as fetcher, pytest.raises(FetchError) as err:
        fetcher.get(remote.url("/x"))
    assert remote.url("/x") in str(err.value)
    assert "loopback" in str(err.value) and "TEPIAN_FETCH_ALLOW_PRIVATE" in str(err.value)
    assert remote.requests == []


def test_loopback_allowed_with_allow_private(remote: RemoteServer) -> None:
    remote.route("/x", Reply("terbuka"))
    with Fetcher(allow_private=True) as fetcher:
        assert fetcher.get_text(remote.url("/x")) == "terbuka"


@pytest.mark.parametrize(
    "target, kind",
    [
        ("http://169.254.169.254/latest/meta-data/", "link-local"),
        ("http://10.1.2.3/admin", "private"),
        ("http://[::ffff:192.168.1.1]/", "private"),
        ("http://127.0.0.2:9/", "loopback"),
    ],
)
def test_redirect_to_private_address_refused(
    remote: RemoteServer, loopback_is_public: None, target: str, kind: str
) -> None:
    remote.route("/pindah", Reply(status=302, headers={"Location": target}))
    with Fetcher(retries=0) as fetcher, pytest.raises(FetchError) as err:
        fetcher.get(remote.url("/pindah"))
    assert kind in str(err.value) and target.split("/")[2].split(":")[0].strip("[]") in str(
        err.value
    )
    assert len(remote.requests) == 1


def test_dns_rebinding_refused_at_connect(
    remote: RemoteServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The name resolves to a public address for the check, then to loopback for the socket."""
    real = socket.getaddrinfo
    port = remote.httpd.server_address[1]
    answers = iter(["93.184.216.34"])

    def rebinding(host: str, *args: object, **kwargs: object) -> list:
        if host != "rebind.example":
            return real(host, *args, **kwargs)
        address = next(answers, "127.0.0.1")
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port))]

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    with Fetcher(retries=0) as fetcher, pytest.raises(FetchError) as err:
        fetcher.get(f"http://rebind.example:{port}/x")
    assert "connected to 127.0.0.1" in str(err.value)
    assert remote.requests == []


@pytest.mark.parametrize("url", ["ftp://example.org/data.csv", "file:///etc/passwd", "gopher://x"])
def test_only_http_and_https(url: str) -> None:
    with Fetcher(allow_private=True) as fetcher, pytest.raises(FetchError, match="only http"):
        fetcher.get(url)


@pytest.mark.parametrize(
    "address, kind",
    [
        ("127.0.0.1", "loopback"),
        ("::1", "loopback"),
        ("::ffff:127.0.0.1", "loopback"),
        ("::ffff:10.0.0.1", "private"),
        ("2002:7f00:1::", "loopback"),
        ("10.0.0.1", "private"),
        ("172.16.5.4", "private"),
        ("192.168.0.10", "private"),
        ("fc00::1", "private"),
        ("169.254.169.254", "link-local"),
        ("fe80::1", "link-local"),
        ("224.0.0.1", "multicast"),
        ("ff02::1", "multicast"),
        ("0.0.0.0", "unspecified"),
        ("::", "unspecified"),
        ("240.0.0.1", "reserved"),
        ("100.64.0.1", "non-public"),
        ("8.8.8.8", None),
        ("2001:4860:4860::8888", None),
        ("::ffff:8.8.8.8", None),
    ],
)
def test_address_kind(address: str, kind: str | None) -> None:
    assert netguard.address_kind(ipaddress.ip_address(address)) == kind


def test_declared_oversized_body_refused(remote: RemoteServer) -> None:
    remote.route("/besar", Reply(b"x" * 5000))
    with quick(max_bytes=1000) as fetcher, pytest.raises(FetchError, match="too large: 5000"):
        fetcher.get(remote.url("/besar"))


def test_streamed_oversized_body_refused(remote: RemoteServer) -> None:
    remote.route("/besar", Reply(b"x" * 300_000, declare_length=False))
    with quick(max_bytes=100_000) as fetcher, pytest.raises(FetchError, match="over 100000"):
        fetcher.get(remote.url("/besar"))


def test_gzip_bomb_refused_after_decompression(remote: RemoteServer) -> None:
    bomb = gzip.compress(b"0" * 2_000_000)
    remote.route("/bom", Reply(bomb, headers={"Content-Encoding": "gzip"}))
    assert len(bomb) < 100_000
    with quick(max_bytes=100_000) as fetcher, pytest.raises(FetchError, match="too large"):
        fetcher.get(remote.url("/bom"))


def test_server_error_then_success_is_retried(remote: RemoteServer) -> None:
    replies = iter([Reply("down", status=500), Reply("down", status=503)])
    remote.route("/api", lambda req: next(replies, Reply.json({"ok": True})))
    with quick(retries=3) as fetcher:
        assert fetcher.get_json(remote.url("/api")) == {"ok": True}
    assert len(remote.hits("/api")) == 3


def test_backoff_doubles(remote: RemoteServer) -> None:
    remote.route("/api", Reply("down", status=502))
    delays: list[float] = []
    with quick(retries=3, backoff=0.5, sleep=delays.append) as fetcher:
        with pytest.raises(FetchError, match="HTTP 502 after 4 attempts"):
            fetcher.get(remote.url("/api"))
    assert [round(d, 1) for d in delays] == [0.5, 1.0, 2.0] or all(
        0.5 * 2**i <= d <= 0.55 * 2**i for i, d in enumerate(delays)
    )
    assert len(remote.hits("/api")) == 4


def test_retry_after_is_honoured_and_bounded(remote: RemoteServer) -> None:
    replies = iter([Reply(status=429, headers={"Retry-After": "3600"})])
    remote.route("/api", lambda req: next(replies, Reply("ok")))
    delays: list[float] = []
    with quick(max_retry_after=2.5, sleep=delays.append) as fetcher:
        assert fetcher.get_text(remote.url("/api")) == "ok"
    assert delays == [2.5]


def test_connection_refused_fails_after_retries() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # closed again before the request
    with quick(retries=2) as fetcher, pytest.raises(FetchError) as err:
        fetcher.get(f"http://127.0.0.1:{port}/")
    assert "connection failed" in str(err.value) and "after 3 attempts" in str(err.value)


def test_slow_response_times_out(remote: RemoteServer) -> None:
    remote.route("/lambat", Reply("ok", delay=0.6))
    with quick(timeout=0.2, retries=1) as fetcher, pytest.raises(FetchError, match="timed out"):
        fetcher.get(remote.url("/lambat"))


def test_rate_limit_spaces_requests(remote: RemoteServer) -> None:
    remote.route("/api", Reply("ok"))
    with quick(rate_limit=20) as fetcher:
        for _ in range(4):
            fetcher.get(remote.url("/api"))
    times = [r.time for r in remote.hits("/api")]
    assert all(b - a >= 0.045 for a, b in zip(times, times[1:], strict=False))


def test_relative_redirects_are_followed(remote: RemoteServer) -> None:
    remote.route("/lama", Reply(status=301, headers={"Location": "/antara"}))
    remote.route("/antara", Reply(status=307, headers={"Location": remote.url("/baru")}))
    remote.route("/baru", Reply("sampai"))
    with quick() as fetcher:
        fetched = fetcher.get(remote.url("/lama"))
    assert fetched.content == b"sampai" and fetched.url == remote.url("/baru")
    assert fetched.history == [remote.url("/lama"), remote.url("/antara")]


def test_redirect_loop_is_bounded(remote: RemoteServer) -> None:
    remote.route("/putar", Reply(status=302, headers={"Location": "/putar"}))
    with quick(max_redirects=3) as fetcher, pytest.raises(FetchError, match="too many redirects"):
        fetcher.get(remote.url("/putar"))
    assert len(remote.hits("/putar")) == 4


def test_http_error_names_status_and_url(remote: RemoteServer) -> None:
    with quick() as fetcher, pytest.raises(FetchError) as err:
        fetcher.get(remote.url("/hilang"))
    assert err.value.status == 404 and str(err.value).startswith(remote.url("/hilang"))


def test_invalid_json_is_a_fetch_error(remote: RemoteServer) -> None:
    remote.route("/rusak", Reply("<html>Maintenance</html>"))
    with quick() as fetcher, pytest.raises(FetchError, match="not valid JSON"):
        fetcher.get_json(remote.url("/rusak"))


def test_env_flag(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TEPIAN_FETCH_ALLOW_PRIVATE", "1")
    assert env_allows_private()
    monkeypatch.setenv("TEPIAN_FETCH_ALLOW_PRIVATE", "0")
    assert not env_allows_private()
