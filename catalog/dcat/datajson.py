"""Package dicts to a DCAT-US 1.1 (Project Open Data) ``data.json`` catalog.

``data.json`` is one JSON document, so :func:`datajson_chunks` yields it in pieces from an
iterable of package dicts: the web layer feeds it page after page of ``package_search`` and
memory stays bounded by one page, however large the catalog::

    for chunk in datajson_chunks(site, packages):
        response.write(chunk)

``bureauCode`` and ``programCode`` (US federal budget codes, required by the schema for US
agencies) are left out: Indonesian regional governments have no such codes.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from catalog.dcat import vocab
from catalog.dcat.graph import period
from catalog.dcat.site import Site

CONFORMS_TO = "https://project-open-data.cio.gov/v1.1/schema"
DESCRIBED_BY = "https://project-open-data.cio.gov/v1.1/schema/catalog.json"
CONTEXT = "https://project-open-data.cio.gov/v1.1/schema/catalog.jsonld"


def _stamp(value: str | None) -> str | None:
    """A package dict timestamp (naive UTC) as ``2024-03-01T08:00:00Z``."""
    return value[:19] + "Z" if value and len(value) >= 19 else value


def _contact(site: Site, pkg: dict) -> dict[str, str]:
    org_title = (pkg.get("organization") or {}).get("title")
    contact = {
        "@type": "vcard:Contact",
        "fn": pkg.get("maintainer") or pkg.get("author") or org_title or site.publisher,
    }
    email = pkg.get("maintainer_email") or pkg.get("author_email") or site.contact_email
    if email:
        contact["hasEmail"] = f"mailto:{email}"
    return contact


def _distribution(site: Site, pkg: dict, resource: dict) -> dict[str, Any]:
    label, _code, media = vocab.file_format(resource)
    item: dict[str, Any] = {"@type": "dcat:Distribution"}
    page = site.uri("dataset", pkg["name"], "resource", resource["id"])
    # The schema wants a mediaType beside every downloadURL; without one, link the page.
    if resource.get("url") and media:
        item["downloadURL"] = resource["url"]
        item["mediaType"] = media
    else:
        item["accessURL"] = resource.get("url") or page
    if label:
        item["format"] = label
    if resource.get("name"):
        item["title"] = resource["name"]
    if resource.get("description"):
        item["description"] = resource["description"]
    return item


def dataset_entry(site: Site, pkg: dict) -> dict[str, Any]:
    """One package dict as a data.json dataset."""
    org = pkg.get("organization") or {}
    publisher: dict[str, Any] = {
        "@type": "org:Organization",
        "name": org.get("title") or org.get("name") or site.publisher,
    }
    if site.publisher and site.publisher != publisher["name"]:
        publisher["subOrganizationOf"] = {"@type": "org:Organization", "name": site.publisher}
    themes = [g.get("title") or g["name"] for g in pkg.get("groups") or []]
    keywords = [t["name"] for t in pkg.get("tags") or []] or themes or [publisher["name"]]
    entry: dict[str, Any] = {
        "@type": "dcat:Dataset",
        "identifier": pkg["id"],
        "title": pkg.get("title") or pkg["name"],
        "description": pkg.get("notes") or pkg.get("title") or pkg["name"],
        "keyword": keywords,
        "modified": _stamp(pkg.get("metadata_modified")),
        "issued": _stamp(pkg.get("metadata_created")),
        "publisher": publisher,
        "contactPoint": _contact(site, pkg),
        "accessLevel": vocab.ACCESS_LEVELS.get(pkg.get("klasifikasi") or "terbuka", "public"),
        "landingPage": site.uri("dataset", pkg["name"]),
        "language": [site.language],
    }
    licence = vocab.LICENSES.get(pkg.get("license_id") or "")
    if licence:
        entry["license"] = licence[0]
    elif pkg.get("license_url"):
        entry["license"] = pkg["license_url"]
    if pkg.get("cakupan_wilayah") or pkg.get("kode_wilayah"):
        entry["spatial"] = pkg.get("cakupan_wilayah") or pkg["kode_wilayah"]
    start, end = period(pkg)
    if start and end:
        entry["temporal"] = f"{start.isoformat()}/{end.isoformat()}"
    if frequency := vocab.ISO_FREQUENCIES.get(pkg.get("frekuensi") or ""):
        entry["accrualPeriodicity"] = frequency
    if themes:
        entry["theme"] = themes
    resources = [r for r in pkg.get("resources") or [] if r.get("state", "active") == "active"]
    if resources:
        entry["distribution"] = [_distribution(site, pkg, r) for r in resources]
    return {key: value for key, value in entry.items() if value not in (None, "")}


def catalog_head(site: Site) -> dict[str, Any]:
    """The catalog object without its ``dataset`` list."""
    return {
        "@context": CONTEXT,
        "@id": site.uri("data.json"),
        "@type": "dcat:Catalog",
        "conformsTo": CONFORMS_TO,
        "describedBy": DESCRIBED_BY,
    }


def datajson_chunks(site: Site, packages: Iterable[dict]) -> Iterator[str]:
    """Yield the data.json document in pieces, one dataset at a time."""
    head = json.dumps(catalog_head(site), ensure_ascii=False)
    yield head[:-1] + ', "dataset": ['
    for index, pkg in enumerate(packages):
        yield ("," if index else "") + json.dumps(dataset_entry(site, pkg), ensure_ascii=False)
    yield "]}"


def datajson(site: Site, packages: Iterable[dict]) -> dict[str, Any]:
    """The whole catalog as one dict (for tests and small catalogs)."""
    return json.loads("".join(datajson_chunks(site, packages)))
