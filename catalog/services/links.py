"""Link health: is the URL of each external link resource still there?

:class:`LinkChecker` asks each URL with ``HEAD`` and, when a server refuses or mishandles
``HEAD``, with a one-byte ``GET`` (``Range: bytes=0-0``), so nothing large is downloaded. It
follows at most ``max_redirects`` redirects, waits ``per_host_delay`` seconds between requests
to one host, times out, and refuses loopback, private and link-local addresses on every hop
(the SSRF guard of :mod:`harvesters.netguard`) unless ``TEPIAN_FETCH_ALLOW_PRIVATE=1``.

``tepian links check`` (``catalog/cli_links.py``) runs it over every link resource and stores
each answer in ``link_check``; stewards read the broken ones with ``resource_link_report``::

    checker = LinkChecker(allow_private=False)
    result = checker.check("https://data.example.go.id/penduduk.csv")
    result.ok, result.status, result.content_type, result.size
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

import requests
from sqlalchemy import select
from sqlalchemy.orm import Session

from catalog.auth import permissions
from catalog.db import utcnow
from catalog.errors import PermissionDenied
from catalog.models import Dataset, LinkCheck, Resource, User
from catalog.services import action
from catalog.services.common import get_organization, require
from catalog.services.dictize import iso
from harvesters.netguard import GuardedAdapter, UnsafeURL, check_url

USER_AGENT = "Tepian-LinkChecker/0.1"
_REDIRECTS = frozenset({301, 302, 303, 307, 308})


@dataclass(frozen=True)
class LinkResult:
    """What a check found: HTTP status (None if no answer), and the error in words."""

    ok: bool
    status: int | None = None
    error: str = ""
    content_type: str = ""
    size: int | None = None


class LinkChecker:
    """A small, polite HTTP client that only asks whether URLs answer."""

    def __init__(
        self,
        *,
        timeout: float = 10.0,
        max_redirects: int = 5,
        per_host_delay: float = 1.0,
        allow_private: bool = False,
        sleep: Any = time.sleep,
    ) -> None:
        self.timeout = timeout
        self.max_redirects = max_redirects
        self.per_host_delay = per_host_delay
        self.allow_private = allow_private
        self._sleep = sleep
        self._next_turn: dict[str, float] = {}
        self._lock = threading.Lock()
        self.session = requests.Session()
        self.session.trust_env = False  # proxies would bypass the address check
        self.session.headers["User-Agent"] = USER_AGENT
        if not allow_private:
            self.session.mount("http://", GuardedAdapter())
            self.session.mount("https://", GuardedAdapter())

    def close(self) -> None:
        self.session.close()

    def check(self, url: str) -> LinkResult:
        """Check one URL: HEAD first, then a one-byte ranged GET if HEAD did not succeed."""
        head = self._ask("HEAD", url)
        if head.ok or (head.status is None and head.error.startswith("refused")):
            return head
        got = self._ask("GET", url)
        return got if got.ok or got.status is not None or head.status is None else head

    def _wait(self, host: str) -> None:
        with self._lock:
            now = time.monotonic()
            turn = self._next_turn.get(host, now)
            self._next_turn[host] = max(turn, now) + self.per_host_delay
        if turn > now:
            self._sleep(turn - now)

    def _ask(self, method: str, url: str) -> LinkResult:
        current = url
        headers = {"Range": "bytes=0-0"} if method == "GET" else {}
        for _hop in range(self.max_redirects + 1):
            try:
                check_url(current, allow_private=self.allow_private)
                self._wait(urlsplit(current).hostname or "")
                response = self.session.request(
                    method,
                    current,
                    headers=headers,
                    timeout=self.timeout,
                    allow_redirects=False,
                    stream=True,
                )
            except UnsafeURL as exc:
                return LinkResult(False, error=str(exc))
            except requests.Timeout:
                return LinkResult(False, error=f"timed out after {self.timeout:g} s")
            except requests.RequestException as exc:
                return LinkResult(False, error=f"connection failed: {type(exc).__name__}")
            with response:
                if response.status_code in _REDIRECTS and response.headers.get("Location"):
                    current = urljoin(current, response.headers["Location"])
                    continue
                return _result(response)
        return LinkResult(False, error=f"more than {self.max_redirects} redirects")


def _result(response: requests.Response) -> LinkResult:
    status = response.status_code
    content_type = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
    size = None
    total = response.headers.get("Content-Range", "").rpartition("/")[2]
    length = response.headers.get("Content-Length", "")
    if status == 206 and total.isdigit():
        size = int(total)
    elif status == 200 and length.isdigit():
        size = int(length)
    ok = 200 <= status < 300
    return LinkResult(ok, status, "" if ok else f"HTTP {status}", content_type[:200], size)


# -- the database side --------------------------------------------------------------------------


def link_targets(
    session: Session, *, organization: str | None = None, limit: int | None = None
) -> list[tuple[str, str]]:
    """``(resource id, url)`` of active link resources in active datasets, least recently
    checked first (never-checked ones lead)."""
    query = (
        select(Resource.id, Resource.url)
        .join(Dataset, Dataset.id == Resource.dataset_id)
        .outerjoin(LinkCheck, LinkCheck.resource_id == Resource.id)
        .where(
            Resource.state == "active",
            Dataset.state == "active",
            Resource.url_type != "upload",
            Resource.url.like("http%"),
        )
        .order_by(LinkCheck.checked_at.is_not(None), LinkCheck.checked_at, Resource.id)
    )
    if organization:
        query = query.where(Dataset.owner_org == get_organization(session, organization).id)
    if limit:
        query = query.limit(limit)
    return [(rid, url) for rid, url in session.execute(query)]


def record_link_check(session: Session, resource_id: str, url: str, result: LinkResult) -> None:
    """Store the latest check of a resource's link (replacing the previous one)."""
    row = session.get(LinkCheck, resource_id) or LinkCheck(resource_id=resource_id)
    row.url = url
    row.status = result.status
    row.ok = result.ok
    row.error = result.error[:2000]
    row.content_type = result.content_type
    row.size = result.size
    row.checked_at = utcnow()
    session.add(row)
    session.flush()


@action("resource_link_report", write=False)
def resource_link_report(session: Session, actor: User | None, data: dict) -> dict:
    """Broken links of one OPD's datasets, for its editors and admins (and sysadmins).

    ``id``: the OPD's id or name. Returns counts and, per broken link, the resource, its
    dataset, the URL, the status or error and when it was checked.
    """
    org = get_organization(session, require(data, "id", alt="organization"))
    if not permissions.can_create_dataset(session, actor, org):
        raise PermissionDenied(f"Only editors of {org.name} may see its link report")
    rows = session.execute(
        select(Resource, Dataset, LinkCheck)
        .join(Dataset, Dataset.id == Resource.dataset_id)
        .outerjoin(LinkCheck, LinkCheck.resource_id == Resource.id)
        .where(
            Dataset.owner_org == org.id,
            Dataset.state != "deleted",
            Resource.state == "active",
            Resource.url_type != "upload",
            Resource.url.like("http%"),
        )
        .order_by(Dataset.name, Resource.position)
    ).all()
    checked = [(r, d, c) for r, d, c in rows if c is not None and c.url == r.url]
    broken = [
        {
            "resource_id": r.id,
            "resource_name": r.name,
            "package_id": d.id,
            "package_name": d.name,
            "url": r.url,
            "status": c.status,
            "error": c.error,
            "checked_at": iso(c.checked_at),
        }
        for r, d, c in checked
        if not c.ok
    ]
    return {
        "organization": org.name,
        "links": len(rows),
        "checked": len(checked),
        "broken_count": len(broken),
        "broken": broken,
    }
