"""Safe HTTP for harvesters: timeouts, retries, rate limits, size limits and SSRF protection.

Every request a harvester makes to a remote system goes through a :class:`Fetcher`. A source URL
is typed in by a steward, so it must not become a way to reach the server's own network: the
host is resolved first and loopback, private, link-local, multicast, reserved and unspecified
addresses are refused, on the first request and again on every redirect hop. The check is
repeated when the socket connects (see :mod:`harvesters.netguard`), so a name that resolves to a
public address first and a private one a moment later (DNS rebinding) is refused too.

Usage::

    fetcher = Fetcher(rate_limit=2.0, max_bytes=20_000_000)
    data = fetcher.get_json("https://data.example.go.id/api/3/action/package_search",
                            params={"rows": 100})

Errors are :class:`FetchError`; their message names the URL and the reason, because it ends up
in job reports that stewards read.
"""

from __future__ import annotations

import json
import os
import random
import re
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urljoin

import requests

from harvesters.netguard import GuardedAdapter, UnsafeURL, check_url

__all__ = ["FetchError", "Fetched", "Fetcher", "env_allows_private", "UnsafeURL"]

USER_AGENT = "Tepian-Harvester/0.1 (+https://github.com/tepian)"
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})


class FetchError(Exception):
    """A remote request failed; ``str(err)`` reads ``"<url>: <reason>"``."""

    def __init__(self, url: str, reason: str, status: int | None = None) -> None:
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.reason = reason
        self.status = status


def env_allows_private() -> bool:
    """Return True when ``TEPIAN_FETCH_ALLOW_PRIVATE=1`` lets fetches reach private addresses."""
    return os.environ.get("TEPIAN_FETCH_ALLOW_PRIVATE", "").strip() == "1"


@dataclass
class Fetched:
    """A complete, size-checked response: the final URL after redirects, status, headers, body."""

    url: str
    status: int
    headers: Mapping[str, str]
    content: bytes
    history: list[str] = field(default_factory=list)

    @property
    def content_type(self) -> str:
        """The media type without parameters, lowercased (``"text/csv"``)."""
        return self.headers.get("Content-Type", "").split(";")[0].strip().lower()

    @property
    def charset(self) -> str | None:
        """The ``charset`` parameter of Content-Type, if the server sent one."""
        for part in self.headers.get("Content-Type", "").split(";")[1:]:
            key, _, value = part.partition("=")
            if key.strip().lower() == "charset" and value.strip():
                return value.strip().strip('"')
        return None


class Fetcher:
    """A polite, bounded HTTP client for one harvest source.

    :param timeout: seconds to connect and to wait for each read (a number or a pair).
    :param max_bytes: largest body accepted, counted after decompression while streaming.
    :param retries: further attempts after a connection error, a timeout, a 5xx or a 429.
    :param backoff: first retry delay in seconds; doubled each attempt, capped at ``max_backoff``.
    :param max_retry_after: the longest ``Retry-After`` honoured; longer ones are capped.
    :param rate_limit: requests per second for this source (``None``: no limit).
    :param max_redirects: redirect hops followed, each one checked like the first URL.
    :param allow_private: allow loopback/private targets (tests and on-premise deployments).
    :param total_timeout: longest time for one response body to arrive, in seconds.
    """

    def __init__(
        self,
        *,
        timeout: float | tuple[float, float] = (10.0, 60.0),
        max_bytes: int = 100 * 1024 * 1024,
        retries: int = 3,
        backoff: float = 1.0,
        max_backoff: float = 30.0,
        max_retry_after: float = 120.0,
        rate_limit: float | None = None,
        max_redirects: int = 5,
        allow_private: bool = False,
        total_timeout: float | None = 600.0,
        user_agent: str = USER_AGENT,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.timeout = timeout if isinstance(timeout, tuple) else (float(timeout), float(timeout))
        self.max_bytes = max_bytes
        self.retries = max(0, retries)
        self.backoff = backoff
        self.max_backoff = max_backoff
        self.max_retry_after = max_retry_after
        self.min_interval = 1.0 / rate_limit if rate_limit and rate_limit > 0 else 0.0
        self.max_redirects = max_redirects
        self.allow_private = allow_private
        self.total_timeout = total_timeout
        self._sleep = sleep
        self._lock = threading.Lock()
        self._last_request = 0.0
        self.session = requests.Session()
        # Environment proxies and .netrc would bypass the address check and leak credentials.
        self.session.trust_env = False
        self.session.headers.update({"User-Agent": user_agent, "Accept-Encoding": "gzip, deflate"})
        if not allow_private:
            adapter = GuardedAdapter()
            self.session.mount("http://", adapter)
            self.session.mount("https://", adapter)

    def close(self) -> None:
        """Close pooled connections."""
        self.session.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- the public helpers ------------------------------------------------------------------

    def get(
        self,
        url: str,
        *,
        params: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> Fetched:
        """GET ``url`` and return the whole body, following redirects; raise :class:`FetchError`."""
        current = requests.Request("GET", url, params=params).prepare().url or url
        history: list[str] = []
        for _hop in range(self.max_redirects + 1):
            self._check(current)
            response = self._send_with_retries(current, headers)
            if response.status_code in REDIRECT_STATUSES and "Location" in response.headers:
                location = response.headers["Location"]
                response.close()
                history.append(current)
                current = urljoin(current, location)
                continue
            with response:
                if response.status_code >= 400:
                    raise FetchError(
                        current,
                        f"HTTP {response.status_code} {response.reason or ''}".strip(),
                        status=response.status_code,
                    )
                body = self._read_limited(current, response)
                return Fetched(current, response.status_code, response.headers, body, history)
        raise FetchError(url, f"too many redirects (more than {self.max_redirects})")

    def get_bytes(self, url: str, **kwargs: Any) -> bytes:
        """GET ``url`` and return the body as bytes."""
        return self.get(url, **kwargs).content

    def get_text(self, url: str, **kwargs: Any) -> str:
        """GET ``url`` and decode it with the declared charset, else UTF-8 (BOM tolerated)."""
        fetched = self.get(url, **kwargs)
        try:
            return fetched.content.decode(fetched.charset or "utf-8-sig")
        except (LookupError, UnicodeDecodeError) as exc:
            raise FetchError(fetched.url, f"response is not valid text: {exc}") from None

    def get_json(self, url: str, **kwargs: Any) -> Any:
        """GET ``url`` and parse it as JSON."""
        headers = {"Accept": "application/json", **dict(kwargs.pop("headers", None) or {})}
        fetched = self.get(url, headers=headers, **kwargs)
        try:
            return json.loads(fetched.content.decode(fetched.charset or "utf-8-sig"))
        except (LookupError, UnicodeDecodeError, ValueError) as exc:
            raise FetchError(fetched.url, f"response is not valid JSON: {exc}") from None

    # -- the machinery -----------------------------------------------------------------------

    def _check(self, url: str) -> None:
        try:
            check_url(url, allow_private=self.allow_private)
        except UnsafeURL as exc:
            raise FetchError(url, str(exc)) from None

    def _wait_for_turn(self) -> None:
        if not self.min_interval:
            return
        with self._lock:
            wait = self._last_request + self.min_interval - time.monotonic()
            if wait > 0:
                self._sleep(wait)
            self._last_request = time.monotonic()

    def _send_with_retries(self, url: str, headers: Mapping[str, str] | None) -> requests.Response:
        attempt = 0
        while True:
            self._wait_for_turn()
            delay: float | None = None
            status: int | None = None
            try:
                response = self.session.get(
                    url,
                    headers=dict(headers or {}),
                    timeout=self.timeout,
                    allow_redirects=False,
                    stream=True,
                )
            except UnsafeURL as exc:
                raise FetchError(url, str(exc)) from None
            except requests.Timeout as exc:
                failure = f"timed out ({type(exc).__name__})"
            except requests.ConnectionError as exc:
                failure = f"connection failed ({_short(exc)})"
            except requests.RequestException as exc:
                raise FetchError(url, f"request failed ({_short(exc)})") from None
            else:
                if response.status_code not in RETRY_STATUSES:
                    return response
                status = response.status_code
                failure = f"HTTP {status}"
                delay = self._retry_after(response.headers.get("Retry-After"))
                response.close()
            if attempt >= self.retries:
                raise FetchError(url, f"{failure} after {attempt + 1} attempts", status=status)
            if delay is None:
                delay = min(self.backoff * (2**attempt), self.max_backoff)
                delay *= 1 + random.uniform(0, 0.1)  # jitter spreads retries of parallel jobs
            self._sleep(delay)
            attempt += 1

    def _retry_after(self, value: str | None) -> float | None:
        if not value:
            return None
        value = value.strip()
        try:
            seconds = float(value)
        except ValueError:
            try:
                seconds = parsedate_to_datetime(value).timestamp() - time.time()
            except (TypeError, ValueError, IndexError, OverflowError):
                return None
        return max(0.0, min(seconds, self.max_retry_after))

    def _read_limited(self, url: str, response: requests.Response) -> bytes:
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > self.max_bytes:
            raise FetchError(url, f"response too large: {declared} bytes (limit {self.max_bytes})")
        deadline = time.monotonic() + self.total_timeout if self.total_timeout else None
        chunks: list[bytes] = []
        size = 0
        try:
            for chunk in response.iter_content(chunk_size=64 * 1024):
                size += len(chunk)
                if size > self.max_bytes:
                    raise FetchError(url, f"response too large: over {self.max_bytes} bytes")
                if deadline and time.monotonic() > deadline:
                    raise FetchError(url, f"download took longer than {self.total_timeout} s")
                chunks.append(chunk)
        except requests.RequestException as exc:
            raise FetchError(url, f"download failed ({_short(exc)})") from None
        return b"".join(chunks)


def _short(exc: BaseException) -> str:
    """A steward-readable reason: the OS error ("[Errno 111] Connection refused") if any."""
    text = str(exc) or type(exc).__name__
    errno = re.search(r"\[Errno -?\d+\] [^'\")(]+", text)
    if errno:
        return errno.group(0).strip()
    if "NameResolutionError" in text or "Failed to resolve" in text:
        return "cannot resolve the host name"
    return text if len(text) <= 200 else text[:197] + "..."
