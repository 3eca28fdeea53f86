"""Harvest a DCAT-US / Project Open Data 1.1 ``data.json`` catalog.

The whole catalog is one file, so ``gather`` downloads it once and every :class:`RemoteRef`
carries its dataset. The guid is the dataset's ``identifier``. Real files are untidy, so the
mapping tolerates: a bare list of datasets (POD 1.0), a missing ``@type``, a null or
interval-valued ``modified``, ``keyword`` given as one string, ``distribution`` given as one
object, ``accessURL`` without ``downloadURL``, a licence given as a web page URL, ``publisher``
nested through ``subOrganizationOf``, ``temporal`` as an ISO interval and ``accrualPeriodicity``
as an ISO 8601 repeat (``R/P1Y``) or ``irregular``.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from harvesters.base import (
    HarvestedPackage,
    Harvester,
    HarvestError,
    RecordError,
    RemoteRecord,
    RemoteRef,
    SourceConfig,
)
from harvesters.mapping import (
    iso,
    map_frequency,
    map_klasifikasi,
    map_license,
    package_name,
    parse_datetime,
    parse_temporal,
    slugify,
    split_list,
    text,
    years_label,
)
from harvesters.package import add_extra, finish_package, matches_filters, new_package, new_resource
from harvesters.registry import register

log = logging.getLogger(__name__)

#: Dataset keys mapped to package fields; any other key is kept as an extra.
MAPPED = frozenset(
    {
        "@type",
        "title",
        "description",
        "keyword",
        "modified",
        "publisher",
        "contactPoint",
        "identifier",
        "accessLevel",
        "license",
        "spatial",
        "temporal",
        "accrualPeriodicity",
        "distribution",
        "landingPage",
        "theme",
    }
)


def publisher_chain(publisher: Any) -> list[str]:
    """Return publisher names from the dataset's own up through ``subOrganizationOf``."""
    names: list[str] = []
    while isinstance(publisher, dict) and len(names) < 10:
        name = text(publisher.get("name"))
        if name:
            names.append(name)
        publisher = publisher.get("subOrganizationOf")
    if isinstance(publisher, str) and text(publisher):
        names.append(text(publisher))
    return names


def as_list(value: Any) -> list[Any]:
    """A value that may be one item or a list, as a list."""
    if value is None or value == "":
        return []
    return value if isinstance(value, list) else [value]


@register
class DcatJsonHarvester(Harvester):
    """A DCAT-US (Project Open Data 1.1) ``data.json`` file."""

    name = "dcat_json"
    title = "DCAT-US data.json"
    description = "A Project Open Data 1.1 data.json catalog (DCAT-US), as US agencies publish."

    def gather(self, source: SourceConfig, since: datetime | None) -> Iterator[RemoteRef]:
        """Yield the catalog's datasets; ``since`` is not used, as the file is read whole."""
        catalog = self.fetcher(source).get_json(source.url)
        datasets = catalog.get("dataset") if isinstance(catalog, dict) else catalog
        if not isinstance(datasets, list):
            raise HarvestError(f"{source.url}: no 'dataset' list in the data.json file")
        seen: set[str] = set()
        for index, dataset in enumerate(datasets, start=1):
            if not isinstance(dataset, dict):
                continue
            if not matches_filters(
                source,
                organizations=publisher_chain(dataset.get("publisher")),
                groups=split_list(dataset.get("theme")),
                tags=split_list(dataset.get("keyword")),
            ):
                continue
            guid = text(dataset.get("identifier")) or f"#dataset-{index}"
            if guid in seen:
                log.warning("%s: identifier %r appears twice; the first is used", source.url, guid)
                continue
            seen.add(guid)
            landing = text(dataset.get("landingPage")) or None
            yield RemoteRef(guid, parse_datetime(dataset.get("modified")), dataset, landing)

    def parse(self, source: SourceConfig, record: RemoteRecord) -> HarvestedPackage:
        """Map one data.json dataset to a Tepian package."""
        remote = record.content
        if not isinstance(remote, dict):
            raise RecordError("the dataset is not a JSON object")
        if not text(remote.get("identifier")):
            raise RecordError(f"dataset {text(remote.get('title'))!r} has no identifier")
        if not text(remote.get("title")):
            raise RecordError(f"dataset {record.guid} has no title")
        warnings: list[str] = []
        package = new_package()
        package["title"] = text(remote["title"])
        package["name"] = package_name(None, remote["title"], record.guid)
        package["notes"] = text(remote.get("description"))
        package["url"] = text(remote.get("landingPage"))
        package["tags"] = split_list(remote.get("keyword"))
        package["groups"] = [slugify(theme) for theme in split_list(remote.get("theme"))]

        licence = text(remote.get("license"))
        package["license_id"] = map_license(licence) or "notspecified"
        if licence and package["license_id"] == "notspecified":
            add_extra(package, "remote_license", licence)

        contact = remote.get("contactPoint")
        if isinstance(contact, dict):
            package["maintainer"] = text(contact.get("fn"))
            email = text(contact.get("hasEmail"))
            package["maintainer_email"] = email.removeprefix("mailto:")

        publishers = publisher_chain(remote.get("publisher"))
        organization = None
        if publishers:
            package["produsen_data"] = publishers[0]
            organization = {"name": slugify(publishers[0]), "title": publishers[0]}
            if len(publishers) > 1:
                add_extra(package, "publisher_hierarchy", " > ".join(reversed(publishers)))

        package["klasifikasi"] = map_klasifikasi(remote.get("accessLevel"))
        self._frequency(package, remote.get("accrualPeriodicity"), warnings)
        start, end = parse_temporal(remote.get("temporal"))
        package["temporal_start"], package["temporal_end"] = iso(start), iso(end)
        package["tahun"] = years_label(start, end)
        spatial = remote.get("spatial")
        if isinstance(spatial, str) and spatial.strip().isdigit():
            package["kode_wilayah"] = spatial.strip()
        elif spatial:
            package["cakupan_wilayah"] = spatial if isinstance(spatial, str) else None
            if not isinstance(spatial, str):
                add_extra(package, "spatial", spatial)

        for dist in as_list(remote.get("distribution")):
            if not isinstance(dist, dict):
                continue
            url = text(dist.get("downloadURL")) or text(dist.get("accessURL"))
            package["resources"].append(
                new_resource(
                    url,
                    name=dist.get("title"),
                    description=dist.get("description"),
                    fmt=dist.get("format"),
                    mimetype=dist.get("mediaType"),
                )
            )
        for key, value in remote.items():
            if key not in MAPPED:
                add_extra(package, key.lstrip("@"), value)

        modified = record.modified or parse_datetime(remote.get("modified"))
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
    def _frequency(package: dict[str, Any], value: Any, warnings: list[str]) -> None:
        raw = text(value)
        if not raw:
            return
        package["frekuensi"] = map_frequency(raw)
        if package["frekuensi"] is None:
            warnings.append(f"accrualPeriodicity {raw!r} has no Tepian frequency")
            add_extra(package, "accrualPeriodicity", raw)
