"""The Tepian package dict that every source type produces, and the last steps shared by all.

Source modules fill a dict from :func:`new_package` and hand it to :func:`finish_package`,
which applies the source's ``field_mapping``, ``default_tags`` and ``default_groups``, cleans
tags, groups, extras and resources, and guarantees the shape below (every key present)::

    {"name", "title", "notes", "license_id", "author", "author_email", "maintainer",
     "maintainer_email", "version", "url",                          # str or None
     "tags": [{"name"}], "groups": [{"name"}], "extras": [{"key", "value": str}],
     "resources": [{"name", "description", "format", "url", "mimetype", "size": int | None}],
     "produsen_data", "walidata", "frekuensi", "tahun", "temporal_start", "temporal_end",
     "cakupan_wilayah", "kode_wilayah", "satuan", "klasifikasi",     # str or None
     "remote_url", "remote_modified"}                                # str (ISO 8601) or None
"""

from __future__ import annotations

import json
import mimetypes
import posixpath
from typing import Any
from urllib.parse import unquote, urlsplit

from harvesters.base import SourceConfig
from harvesters.mapping import (
    FREQUENCIES,
    KLASIFIKASI,
    clean_tags,
    map_frequency,
    map_klasifikasi,
    parse_date,
    slugify,
    text,
)

CORE_FIELDS = (
    "name",
    "title",
    "notes",
    "license_id",
    "author",
    "author_email",
    "maintainer",
    "maintainer_email",
    "version",
    "url",
)
SATU_DATA_FIELDS = (
    "produsen_data",
    "walidata",
    "frekuensi",
    "tahun",
    "temporal_start",
    "temporal_end",
    "cakupan_wilayah",
    "kode_wilayah",
    "satuan",
    "klasifikasi",
)
SCALAR_FIELDS = CORE_FIELDS + SATU_DATA_FIELDS + ("remote_url", "remote_modified")
LIST_FIELDS = ("tags", "groups", "extras", "resources")
RESOURCE_FIELDS = ("name", "description", "format", "url", "mimetype", "size")
_FORMAT_BY_MIME = {
    "text/csv": "CSV",
    "application/json": "JSON",
    "application/geo+json": "GeoJSON",
    "application/vnd.geo+json": "GeoJSON",
    "application/pdf": "PDF",
    "application/xml": "XML",
    "text/xml": "XML",
    "application/zip": "ZIP",
    "text/html": "HTML",
    "application/vnd.ms-excel": "XLS",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "XLSX",
    "application/rdf+xml": "RDF",
    "text/turtle": "TTL",
    "application/ld+json": "JSON-LD",
}
_CANONICAL_CASE = {"GEOJSON": "GeoJSON", "JSONLD": "JSON-LD", "SHAPEFILE": "SHP"}


def new_package() -> dict[str, Any]:
    """Return an empty package dict with every key of the shape above."""
    package: dict[str, Any] = dict.fromkeys(SCALAR_FIELDS)
    package.update({key: [] for key in LIST_FIELDS})
    return package


def add_extra(package: dict[str, Any], key: str, value: Any) -> None:
    """Append an extra; non-string values are JSON-encoded, empty values skipped."""
    if value is None or value == "" or value == [] or value == {}:
        return
    if not isinstance(value, str):
        value = json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    package["extras"].append({"key": text(key), "value": value.strip()})


def format_label(fmt: Any, url: Any = None, mimetype: Any = None) -> str:
    """Clean a resource format: ``" csv "`` → ``"CSV"``; guessed from the media type or URL."""
    label = text(fmt).lstrip(".")
    if "/" in label and label.startswith("http"):
        label = label.rstrip("/").rsplit("/", 1)[-1]  # an EU file-type URI ends in the format
    if label and "/" in label:
        return _FORMAT_BY_MIME.get(label.lower(), label.rsplit("/", 1)[-1].upper())
    if not label and mimetype and text(mimetype).lower() in _FORMAT_BY_MIME:
        return _FORMAT_BY_MIME[text(mimetype).lower()]
    if not label and url:
        ext = posixpath.splitext(urlsplit(text(url)).path)[1].lstrip(".")
        label = ext if 1 <= len(ext) <= 8 and ext.isalnum() else ""
    if label.isalnum() and len(label) <= 8:
        label = label.upper()
    return _CANONICAL_CASE.get(label, label)


def new_resource(
    url: Any,
    *,
    name: Any = None,
    description: Any = None,
    fmt: Any = None,
    mimetype: Any = None,
    size: Any = None,
) -> dict[str, Any]:
    """Build a resource dict; a missing name comes from the URL's file name or the format."""
    link = text(url)
    mime = text(mimetype).rstrip("/").split("media-types/")[-1] or None
    label = format_label(fmt, link, mime)
    if not mime and label:
        mime = mimetypes.guess_type("x." + label.lower())[0]
    title = text(name)
    if not title:
        title = unquote(posixpath.basename(urlsplit(link).path)) or label or "Berkas"
    try:
        byte_size = int(float(text(size))) if text(size) else None
    except ValueError:
        byte_size = None
    return {
        "name": title,
        "description": text(description) or None,
        "format": label or None,
        "url": link or None,
        "mimetype": mime,
        "size": byte_size,
    }


def matches_filters(
    source: SourceConfig, *, organizations: list[str], groups: list[str], tags: list[str]
) -> bool:
    """Apply the ``organizations`` / ``groups`` / ``tags`` filters of a source's config.

    Each configured list must share one value with the record (compared as slugs, so
    "Dinas Kesehatan" matches "dinas-kesehatan"); an unconfigured filter lets everything pass.
    """
    for key, values in (("organizations", organizations), ("groups", groups), ("tags", tags)):
        wanted = {slugify(item) for item in source.get_list(key)}
        if wanted and not wanted & {slugify(value) for value in values}:
            return False
    return True


def finish_package(package: dict[str, Any], source: SourceConfig) -> dict[str, Any]:
    """Apply the source's config to a parsed package and normalise its shape; return it."""
    mapping = source.config.get("field_mapping") or {}
    extras: list[dict[str, str]] = []
    for extra in package.get("extras", []):
        key = mapping.get(extra["key"], extra["key"])
        if key in SCALAR_FIELDS and key != "name":
            package[key] = extra["value"]
        elif key in ("tags", "groups"):
            package[key] = list(package.get(key) or []) + _names(extra["value"])
        else:
            extras.append({"key": key, "value": extra["value"]})
    seen: dict[str, dict[str, str]] = {}
    for extra in extras:
        if extra["key"] and extra["key"] not in SCALAR_FIELDS + LIST_FIELDS:
            seen[extra["key"]] = extra  # the last value of a repeated key wins
    package["extras"] = list(seen.values())
    package["tags"] = clean_tags(list(package.get("tags") or []) + source.get_list("default_tags"))
    group_names = [g["name"] if isinstance(g, dict) else g for g in package.get("groups") or []]
    groups = [slugify(g) for g in group_names + source.get_list("default_groups")]
    package["groups"] = [{"name": g} for g in dict.fromkeys(groups) if g]
    package["resources"] = [
        {key: resource.get(key) for key in RESOURCE_FIELDS}
        for resource in package.get("resources") or []
        if resource.get("url")
    ]
    for key in SCALAR_FIELDS:
        value = package.get(key)
        package[key] = text(value) or None if value is not None else None
    _normalise_codes(package)
    for key in LIST_FIELDS:
        package.setdefault(key, [])
    return {key: package[key] for key in SCALAR_FIELDS + LIST_FIELDS}


def _normalise_codes(package: dict[str, Any]) -> None:
    """Values that arrived through ``field_mapping`` still need Tepian's codes and ISO dates."""
    for key, codes, mapper in (
        ("frekuensi", FREQUENCIES, map_frequency),
        ("klasifikasi", KLASIFIKASI, map_klasifikasi),
    ):
        raw = package[key]
        if raw and raw not in codes:
            package[key] = mapper(raw)
            if package[key] is None:
                package["extras"].append({"key": f"{key}_asal", "value": raw})
    for key in ("temporal_start", "temporal_end"):
        day = parse_date(package[key], end=key == "temporal_end")
        package[key] = day.isoformat() if day else None


def _names(value: str) -> list[str]:
    try:
        decoded = json.loads(value)
    except ValueError:
        decoded = value
    if isinstance(decoded, list):
        return [text(item) for item in decoded]
    return [item.strip() for item in str(decoded).replace(";", ",").split(",")]
