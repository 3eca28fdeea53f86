"""A programmable HTTP server on loopback that plays a remote portal in harvester tests.

A test routes paths to replies::

    remote.route("/data.json", Reply.json({...}))                            # fixed reply
    remote.route("/api/3/action/package_search", lambda req: Reply(...))    # per request

Every request is recorded in ``remote.requests`` (path, query, headers, arrival time).
"""

from __future__ import annotations

import gzip
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit


@dataclass
class Reply:
    """What the fake remote answers: status, headers, body, and ways to misbehave."""

    body: bytes | str = b""
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds before answering (slow servers)
    gzip: bool = False
    declare_length: bool = True

    @classmethod
    def json(cls, data: Any, **kwargs: Any) -> Reply:
        headers = {"Content-Type": "application/json; charset=utf-8", **kwargs.pop("headers", {})}
        return cls(json.dumps(data), headers=headers, **kwargs)


@dataclass
class Request:
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    time: float


class RemoteServer:
    """A loopback HTTP server whose routes tests set."""

    def __init__(self) -> None:
        self.routes: dict[str, Reply | Callable[[Request], Reply]] = {}
        self.requests: list[Request] = []
        remote = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:  # keep test output quiet
                pass

            def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
                parts = urlsplit(self.path)
                query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
                request = Request(parts.path, query, dict(self.headers), time.monotonic())
                remote.requests.append(request)
                route = remote.routes.get(parts.path)
                if route is None:
                    reply = Reply("not found", status=404)
                else:
                    reply = route(request) if callable(route) else route
                if reply.delay:
                    time.sleep(reply.delay)
                body = reply.body.encode("utf-8") if isinstance(reply.body, str) else reply.body
                if reply.gzip:
                    body = gzip.compress(body)
                self.send_response(reply.status)
                for key, value in reply.headers.items():
                    self.send_header(key, value)
                if reply.gzip:
                    self.send_header("Content-Encoding", "gzip")
                if reply.declare_length:
                    self.send_header("Content-Length", str(len(body)))
                else:
                    self.send_header("Connection", "close")
                self.end_headers()
                try:
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up on purpose (size limit tests)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    def url(self, path: str = "/") -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}{path}"

    def route(self, path: str, reply: Reply | Callable[[Request], Reply]) -> None:
        self.routes[path] = reply

    def hits(self, path: str) -> list[Request]:
        return [r for r in self.requests if r.path == path]
