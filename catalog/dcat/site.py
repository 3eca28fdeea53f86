"""What the exports need to know about the portal itself, and about the page being served.

Both are plain frozen dataclasses, filled in by the web layer from the app's config and the
request, so that :mod:`catalog.dcat` stays free of Flask and of the database.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

#: DCAT-AP profiles the RDF export can follow; they differ only where the standards disagree
#: (``dcat:byteSize`` is ``xsd:decimal`` in 2.1.1 and ``xsd:nonNegativeInteger`` in 3.0.1).
PROFILES = ("dcat_ap_3", "dcat_ap_2")
DEFAULT_PROFILE = "dcat_ap_3"


@dataclass(frozen=True)
class Site:
    """The catalog's own description.

    ``url`` is the public base URL without a trailing slash (``TEPIAN_SITE_URL``); every URI
    in the export is built under it. ``publisher`` is the walidata that publishes the catalog.
    """

    url: str
    title: str
    description: str
    publisher: str
    language: str = "id"
    contact_email: str | None = None

    def uri(self, *parts: str) -> str:
        """``site.uri("dataset", id)`` -> ``https://data.example.go.id/dataset/<id>``."""
        return "/".join([self.url.rstrip("/"), *parts])


@dataclass(frozen=True)
class Paging:
    """One page of a Hydra-paged catalog.

    ``base`` is the page URL without ``page``; ``params`` are the other query parameters to
    keep in the links (``q``, ``fq``, ``modified_since``, ``profiles``).

        >>> p = Paging("http://x/catalog.ttl", page=2, per_page=100, total=250)
        >>> p.last, p.link(p.next)
        (3, 'http://x/catalog.ttl?page=3')
    """

    base: str
    page: int
    per_page: int
    total: int
    params: tuple[tuple[str, str], ...] = ()

    @property
    def last(self) -> int:
        return max((self.total + self.per_page - 1) // self.per_page, 1)

    @property
    def next(self) -> int | None:
        return self.page + 1 if self.page < self.last else None

    @property
    def previous(self) -> int | None:
        return self.page - 1 if self.page > 1 else None

    @property
    def start(self) -> int:
        """The offset of this page's first dataset (for ``package_search``'s ``start``)."""
        return (self.page - 1) * self.per_page

    def link(self, page: int | None) -> str | None:
        """The URL of ``page`` (None stays None), keeping the other parameters."""
        if page is None:
            return None
        return f"{self.base}?{urlencode([*self.params, ('page', str(page))])}"
