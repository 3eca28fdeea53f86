"""SSRF protection: which URLs and addresses a harvester may reach.

Two checks, both needed:

1. :func:`check_url` before each request (and each redirect hop): only ``http``/``https``, and
   every address the host name resolves to must be public. This gives a clear message early.
2. :class:`GuardedAdapter` checks the address the socket actually connected to, so a DNS answer
   that changes between the check and the connection (DNS rebinding) is still refused.

Non-public means loopback, private (RFC 1918, ULA), link-local, multicast, reserved, unspecified,
or otherwise not globally routable (shared address space, documentation ranges). IPv4 addresses
embedded in IPv6 (IPv4-mapped ``::ffff:127.0.0.1``, 6to4, Teredo) are checked as IPv4.
"""

from __future__ import annotations

import ipaddress
import socket
from typing import Any
from urllib.parse import urlsplit

from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
HINT = "set TEPIAN_FETCH_ALLOW_PRIVATE=1 to allow private addresses"


class UnsafeURL(ValueError):
    """The URL may not be fetched: wrong scheme, or a host that is not on the public internet."""


def address_kind(ip: IPAddress) -> str | None:
    """Return why ``ip`` is not public (``"loopback"``, ``"private"`` ...), or None if it is."""
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = ip.ipv4_mapped or ip.sixtofour or (ip.teredo[1] if ip.teredo else None)
        if embedded is not None:
            return address_kind(embedded)
    for kind in ("loopback", "unspecified", "link_local", "multicast", "reserved", "private"):
        if getattr(ip, f"is_{kind}"):
            return kind.replace("_", "-")
    if not ip.is_global:
        return "non-public"
    return None


def check_url(url: str, *, allow_private: bool = False) -> None:
    """Raise :class:`UnsafeURL` unless ``url`` is http(s) and its host resolves to public addresses.

    >>> check_url("ftp://example.org/x")
    Traceback (most recent call last):
    ...
    harvesters.netguard.UnsafeURL: only http and https URLs can be fetched (got 'ftp')
    """
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise UnsafeURL(f"only http and https URLs can be fetched (got {scheme or 'no scheme'!r})")
    host = parts.hostname
    if not host:
        raise UnsafeURL("the URL has no host name")
    if allow_private:
        return
    try:
        port = parts.port or (443 if scheme == "https" else 80)
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except ValueError:
        raise UnsafeURL("the URL has an invalid port") from None
    except (socket.gaierror, UnicodeError) as exc:
        raise UnsafeURL(f"cannot resolve host {host!r} ({exc})") from None
    for info in infos:
        ip = ipaddress.ip_address(str(info[4][0]).split("%")[0])
        kind = address_kind(ip)
        if kind:
            raise UnsafeURL(f"refused: host {host!r} resolves to {ip}, a {kind} address ({HINT})")


def _check_peer(sock: socket.socket, host: str) -> None:
    try:
        peer = ipaddress.ip_address(str(sock.getpeername()[0]).split("%")[0])
    except (OSError, ValueError):
        return
    kind = address_kind(peer)
    if kind:
        sock.close()
        raise UnsafeURL(f"refused: host {host!r} connected to {peer}, a {kind} address ({HINT})")


class _GuardedHTTPConnection(HTTPConnection):
    def _new_conn(self) -> socket.socket:
        sock = super()._new_conn()
        _check_peer(sock, self.host)
        return sock


class _GuardedHTTPSConnection(HTTPSConnection):
    def _new_conn(self) -> socket.socket:
        sock = super()._new_conn()
        _check_peer(sock, self.host)
        return sock


class _GuardedHTTPPool(HTTPConnectionPool):
    ConnectionCls = _GuardedHTTPConnection


class _GuardedHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _GuardedHTTPSConnection


class GuardedAdapter(HTTPAdapter):
    """A requests adapter whose connections refuse non-public peer addresses."""

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {
            "http": _GuardedHTTPPool,
            "https": _GuardedHTTPSPool,
        }
