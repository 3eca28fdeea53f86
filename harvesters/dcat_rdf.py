"""Harvest a DCAT / DCAT-AP catalog published as Turtle, RDF/XML or JSON-LD.

``gather`` reads the catalog URL, follows Hydra paging (the old ``hydra:PagedCollection`` /
``hydra:nextPage`` that ckanext-dcat writes, and the new ``hydra:PartialCollectionView`` /
``hydra:next``) up to ``max_pages`` (default 100), and yields each ``dcat:Dataset`` as a plain
dict (see :mod:`harvesters.rdf_extract`). The guid is ``dct:identifier``, else the dataset URI.

The RDF syntax comes from the Content-Type, else from the URL's extension, else it is sniffed.
JSON-LD documents that name a remote ``@context`` get a local one instead: fetching a context
would be a request that bypasses the fetcher's address checks and size limits.
"""

from __future__ import annotations

import json
import logging
import warnings
from collections.abc import Iterator
from datetime import datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

from rdflib import Graph

from harvesters.base import (
    HarvestedPackage,
    Harvester,
    HarvestError,
    RecordError,
    RemoteRecord,
    RemoteRef,
    SourceConfig,
)
from harvesters.http import Fetched
from harvesters.mapping import (
    iso,
    map_frequency,
    map_klasifikasi,
    map_license,
    package_name,
    parse_date,
    parse_datetime,
    parse_temporal,
    slugify,
    text,
    years_label,
)
from harvesters.package import add_extra, finish_package, matches_filters, new_package, new_resource
from harvesters.rdf_extract import dataset_dict, datasets_in, next_page, pick, pick_all
from harvesters.registry import register

log = logging.getLogger(__name__)
ACCEPT = (
    "text/turtle, application/rdf+xml;q=0.9, application/ld+json;q=0.8, "
    "application/xml;q=0.5, */*;q=0.1"
)
FORMATS = {
    "text/turtle": "turtle",
    "application/x-turtle": "turtle",
    "text/n3": "n3",
    "application/n-triples": "nt",
    "application/rdf+xml": "xml",
    "application/xml": "xml",
    "text/xml": "xml",
    "application/ld+json": "json-ld",
    "application/json": "json-ld",
}
EXTENSIONS = {
    ".ttl": "turtle",
    ".rdf": "xml",
    ".xml": "xml",
    ".owl": "xml",
    ".jsonld": "json-ld",
    ".json": "json-ld",
    ".nt": "nt",
    ".n3": "n3",
}
LOCAL_CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "dcterms": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "hydra": "http://www.w3.org/ns/hydra/core#",
    "schema": "http://schema.org/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "adms": "http://www.w3.org/ns/adms#",
    "locn": "http://www.w3.org/ns/locn#",
}


def rdf_format(content_type: str, url: str, data: bytes) -> str:
    """Choose the rdflib parser: from the media type, the URL's extension, or the content."""
    if content_type in FORMATS:
        return FORMATS[content_type]
    path = urlsplit(url).path.lower()
    for ext, fmt in EXTENSIONS.items():
        if path.endswith(ext):
            return fmt
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith((b"<?xml", b"<rdf:RDF", b"<RDF")):
        return "xml"
    if head.startswith((b"{", b"[")):
        return "json-ld"
    return "turtle"


def _local_contexts(node: Any) -> Any:
    if isinstance(node, dict):
        return {
            k: (_safe_context(v) if k == "@context" else _local_contexts(v))
            for k, v in node.items()
        }
    if isinstance(node, list):
        return [_local_contexts(item) for item in node]
    return node


def _safe_context(context: Any) -> Any:
    if isinstance(context, str):
        return LOCAL_CONTEXT
    if isinstance(context, list):
        return [_safe_context(item) for item in context]
    return context


def load_graph(fetched: Fetched) -> Graph:
    """Parse a fetched RDF document into a graph; raise :class:`HarvestError` if it is not RDF."""
    fmt = rdf_format(fetched.content_type, fetched.url, fetched.content)
    graph = Graph()
    try:
        if fmt == "json-ld":
            doc = _local_contexts(json.loads(fetched.content.decode("utf-8-sig")))
            with warnings.catch_warnings():  # rdflib's JSON-LD parser uses its own old API
                warnings.filterwarnings("ignore", "ConjunctiveGraph", DeprecationWarning)
                graph.parse(data=json.dumps(doc), format="json-ld", publicID=fetched.url)
        else:
            graph.parse(data=fetched.content, format=fmt, publicID=fetched.url)
    except Exception as exc:  # rdflib raises many unrelated types for bad input
        raise HarvestError(f"{fetched.url}: not a valid {fmt} document ({exc})") from None
    return graph


@register
class DcatRdfHarvester(Harvester):
    """A DCAT or DCAT-AP catalog in Turtle, RDF/XML or JSON-LD, paged with Hydra or not."""

    name = "dcat_rdf"
    title = "DCAT / DCAT-AP (RDF)"
    description = "A DCAT-AP catalog in Turtle, RDF/XML or JSON-LD, such as EU portals publish."

    def gather(self, source: SourceConfig, since: datetime | None) -> Iterator[RemoteRef]:
        """Yield every dataset of every page; raise after the last if ``max_pages`` cut it short."""
        url: str | None = source.url
        max_pages = int(source.config.get("max_pages", 100))
        visited: set[str] = set()
        seen: set[str] = set()
        while url and url not in visited:
            if len(visited) >= max_pages:
                raise HarvestError(f"{url}: stopped after {max_pages} pages (config max_pages)")
            visited.add(url)
            fetched = self.fetcher(source).get(url, headers={"Accept": ACCEPT})
            graph = load_graph(fetched)
            for node in datasets_in(graph):
                data = dataset_dict(graph, node)
                ref = self._ref(source, data, fetched.url)
                if ref is not None and ref.guid not in seen:
                    seen.add(ref.guid)
                    yield ref
            following = next_page(graph)
            url = urljoin(fetched.url, following) if following else None

    def _ref(self, source: SourceConfig, data: dict[str, Any], page: str) -> RemoteRef | None:
        langs = source.languages
        publisher = [pick(data.get("publisher", []), langs)]
        themes = data.get("theme_uri") or [v for _, v in data.get("theme", [])]
        if not matches_filters(
            source,
            organizations=publisher,
            groups=[t.rstrip("/").rsplit("/", 1)[-1] for t in themes],
            tags=pick_all(data.get("keyword", []), langs),
        ):
            return None
        guid = pick(data.get("identifier", []), langs) or data.get("uri")
        if not guid:
            guid = f"{page}#{slugify(pick(data.get('title', []), langs)) or 'untitled'}"
        modified = parse_datetime(pick(data.get("modified", []), langs))
        landing = (data.get("landing_page_uri") or [None])[0] or data.get("uri")
        return RemoteRef(guid, modified, data, landing)

    def parse(self, source: SourceConfig, record: RemoteRecord) -> HarvestedPackage:
        """Map one extracted dataset dict to a Tepian package."""
        data = record.content
        if not isinstance(data, dict):
            raise RecordError("the dataset record is not a dict")
        langs = source.languages
        title = pick(data.get("title", []), langs)
        if not title:
            raise RecordError(f"dataset {record.guid} has no dct:title")
        warnings: list[str] = []
        package = new_package()
        package.update(
            title=title,
            name=package_name(None, title, record.guid),
            notes=pick(data.get("description", []), langs),
            version=pick(data.get("version", []), langs),
            url=(data.get("landing_page_uri") or [None])[0],
        )
        package["tags"] = pick_all(data.get("keyword", []), langs)
        themes = data.get("theme_uri") or [v for _, v in data.get("theme", [])]
        package["groups"] = [slugify(t.rstrip("/").rsplit("/", 1)[-1]) for t in themes]
        self._licence(package, data)
        access = (data.get("access_rights_uri") or [""])[0] or pick(
            data.get("access_rights", []), langs
        )
        package["klasifikasi"] = map_klasifikasi(access)
        freq = (data.get("frequency_uri") or [""])[0] or pick(data.get("frequency", []), langs)
        package["frekuensi"] = map_frequency(freq)
        if freq and not package["frekuensi"]:
            warnings.append(f"dct:accrualPeriodicity {freq!r} has no Tepian frequency")
            add_extra(package, "accrual_periodicity", freq)
        organization = None
        publisher = pick(data.get("publisher", []), langs)
        if publisher and not publisher.startswith(("http://", "https://", "_:")):
            package["produsen_data"] = publisher
            organization = {"name": slugify(publisher), "title": publisher}
        contact = data.get("contact") or {}
        package["maintainer"] = pick(contact.get("name", []), langs)
        package["maintainer_email"] = pick(contact.get("email", []), langs).removeprefix("mailto:")
        self._coverage(package, data, langs)
        for dist in data.get("distributions", []):
            url = (dist.get("download_url") or dist.get("access_url") or [""])[0]
            package["resources"].append(
                new_resource(
                    url,
                    name=pick(dist.get("title", []), langs),
                    description=pick(dist.get("description", []), langs),
                    fmt=(dist.get("format_uri") or [""])[0] or pick(dist.get("format", []), langs),
                    mimetype=(dist.get("media_type_uri") or [""])[0]
                    or pick(dist.get("media_type", []), langs),
                    size=pick(dist.get("byte_size", []), langs),
                )
            )
        for key in ("uri", "identifier", "issued", "language", "conforms_to", "rights"):
            value = data.get(key)
            add_extra(
                package,
                key,
                value
                if isinstance(value, str) or value is None
                else ", ".join(v for _, v in value),
            )
        modified = record.modified or parse_datetime(pick(data.get("modified", []), langs))
        package["remote_url"] = record.url
        package["remote_modified"] = iso(modified)
        return HarvestedPackage(
            guid=record.guid,
            package=finish_package(package, source),
            remote_url=record.url,
            remote_modified=modified,
            organization=organization,
            warnings=warnings,
        )

    @staticmethod
    def _licence(package: dict[str, Any], data: dict[str, Any]) -> None:
        candidates = [*data.get("license_uri", []), *(v for _, v in data.get("license", []))]
        for dist in data.get("distributions", []):  # DCAT-AP puts licences on distributions
            candidates += [*dist.get("license_uri", []), *(v for _, v in dist.get("license", []))]
        for candidate in candidates:
            if licence := map_license(candidate):
                package["license_id"] = licence
                return
        package["license_id"] = "notspecified"
        if candidates:
            add_extra(package, "remote_license", candidates[0])

    @staticmethod
    def _coverage(package: dict[str, Any], data: dict[str, Any], langs: list[str]) -> None:
        for period in data.get("temporal", [])[:1]:
            start = parse_date(period.get("start"))
            end = parse_date(period.get("end"), end=True)
            if "/" in text(period.get("start")) and not period.get("end"):  # a literal interval
                start, end = parse_temporal(period["start"])
            package["temporal_start"], package["temporal_end"] = iso(start), iso(end)
            package["tahun"] = years_label(start, end)
        for spatial in data.get("spatial", [])[:1]:
            label = pick(spatial.get("labels", []), langs)
            code = pick(spatial.get("codes", []), langs)
            if label and not label.startswith(("http://", "https://")):
                package["cakupan_wilayah"] = label
            if code.isdigit():
                package["kode_wilayah"] = code
            if spatial.get("uri"):
                add_extra(package, "spatial_uri", spatial["uri"])
