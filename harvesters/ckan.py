"""Harvest another CKAN portal (2.2 or later) through its Action API.

``gather`` pages through ``package_search`` with ``rows``/``start`` and ``sort=id asc`` (a stable
order, so paging does not skip or repeat datasets when others change meanwhile). With ``since``
it asks only for ``metadata_modified:[<since - margin>Z TO *]``; the ``organizations`` /
``groups`` / ``tags`` filters become ``fq`` clauses too. Search results already hold the whole
package dict, so ``fetch`` needs no further request.

Extra config keys: ``rows`` (page size, default 100, at most 1000), ``max_pages`` (default 1000),
``since_margin`` (seconds subtracted from ``since`` against clock skew, default 3600).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime, timedelta
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
    clean_tags,
    iso,
    map_frequency,
    map_klasifikasi,
    map_license,
    package_name,
    parse_date,
    parse_datetime,
    text,
)
from harvesters.package import (
    CORE_FIELDS,
    SATU_DATA_FIELDS,
    add_extra,
    finish_package,
    new_package,
    new_resource,
)
from harvesters.registry import register

#: Top-level keys of a CKAN package dict that are CKAN's own bookkeeping, not metadata.
CKAN_INTERNAL = frozenset(
    {
        "id",
        "owner_org",
        "organization",
        "private",
        "state",
        "type",
        "metadata_created",
        "metadata_modified",
        "num_resources",
        "num_tags",
        "isopen",
        "license_title",
        "license_url",
        "creator_user_id",
        "relationships_as_object",
        "relationships_as_subject",
        "tracking_summary",
        "revision_id",
        "revision_timestamp",
        "tags",
        "groups",
        "extras",
        "resources",
        "title_translated",
        "notes_translated",
    }
)


def api_base(url: str) -> str:
    """Return the portal's base URL from whatever the steward typed (``/api/3`` stripped)."""
    base = url.strip().rstrip("/")
    return re.sub(r"/api(/\d)?(/action)?(/package_search)?$", "", base)


def quote(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


@register
class CkanHarvester(Harvester):
    """A remote CKAN portal (CKAN 2.2+, Action API v3)."""

    name = "ckan"
    title = "CKAN"
    description = "Another CKAN portal, through its Action API (package_search)."

    def search_params(self, source: SourceConfig, since: datetime | None) -> dict[str, Any]:
        """Return the ``package_search`` parameters except paging."""
        fq: list[str] = []
        if since is not None:
            margin = timedelta(seconds=float(source.config.get("since_margin", 3600)))
            stamp = parse_datetime(since - margin)
            fq.append(f"metadata_modified:[{stamp:%Y-%m-%dT%H:%M:%S}Z TO *]")
        for key, field in (
            ("organizations", "organization"),
            ("groups", "groups"),
            ("tags", "tags"),
        ):
            values = source.get_list(key)
            if values:
                fq.append(f"{field}:(" + " OR ".join(quote(v) for v in values) + ")")
        params: dict[str, Any] = {"sort": "id asc"}
        if fq:
            params["fq"] = " AND ".join(fq)
        return params

    def gather(self, source: SourceConfig, since: datetime | None) -> Iterator[RemoteRef]:
        """Yield one :class:`RemoteRef` per remote package, with the package dict as content."""
        base = api_base(source.url)
        endpoint = f"{base}/api/3/action/package_search"
        rows = max(1, min(int(source.config.get("rows", 100)), 1000))
        max_pages = int(source.config.get("max_pages", 1000))
        params = self.search_params(source, since)
        seen: set[str] = set()
        start = 0
        for _page in range(max_pages):
            result = self._search(source, endpoint, {**params, "rows": rows, "start": start})
            packages = result.get("results") or []
            for package in packages:
                if not isinstance(package, dict) or not package.get("id"):
                    continue
                guid = str(package["id"])
                if guid in seen:  # a dataset that moved between pages while we read them
                    continue
                seen.add(guid)
                name = text(package.get("name")) or guid
                yield RemoteRef(
                    guid,
                    parse_datetime(package.get("metadata_modified")),
                    package,
                    f"{base}/dataset/{name}",
                )
            start += len(packages)
            count = result.get("count")
            if len(packages) < rows or (isinstance(count, int) and start >= count):
                return
        raise HarvestError(f"{endpoint}: stopped after {max_pages} pages (config max_pages)")

    def _search(self, source: SourceConfig, endpoint: str, params: dict[str, Any]) -> dict:
        body = self.fetcher(source).get_json(endpoint, params=params)
        if not isinstance(body, dict):
            raise HarvestError(f"{endpoint}: package_search did not return a JSON object")
        if body.get("success") is False:
            error = body.get("error") or {}
            message = error.get("message") if isinstance(error, dict) else error
            raise HarvestError(f"{endpoint}: package_search failed: {message or error}")
        result = body.get("result", body)
        if isinstance(result, list):  # some proxies and old versions return the list itself
            result = {"results": result}
        if not isinstance(result, dict):
            raise HarvestError(f"{endpoint}: package_search returned no result")
        return result

    def parse(self, source: SourceConfig, record: RemoteRecord) -> HarvestedPackage:
        """Map a remote CKAN package dict to a Tepian package."""
        remote = record.content
        if not isinstance(remote, dict):
            raise RecordError("the remote package is not a JSON object")
        if not text(remote.get("title")) and not text(remote.get("name")):
            raise RecordError("the remote package has neither a title nor a name")
        warnings: list[str] = []
        package = new_package()
        for key in CORE_FIELDS:
            package[key] = remote.get(key)
        package["name"] = package_name(remote.get("name"), remote.get("title"), record.guid)
        package["title"] = text(remote.get("title")) or text(remote.get("name"))
        package["license_id"] = self._license(remote, package)
        package["tags"] = clean_tags(
            t
            for t in remote.get("tags") or []
            if not isinstance(t, dict) or not t.get("vocabulary_id")
        )
        package["groups"] = [
            g.get("name") if isinstance(g, dict) else g for g in remote.get("groups") or []
        ]
        extras = remote.get("extras") or []
        if isinstance(extras, dict):  # the old REST API shape
            extras = [{"key": k, "value": v} for k, v in extras.items()]
        satu = {key: remote.get(key) for key in SATU_DATA_FIELDS}
        for extra in extras:
            if not isinstance(extra, dict) or extra.get("state") == "deleted":
                continue
            key = text(extra.get("key"))
            if key in SATU_DATA_FIELDS and satu.get(key) in (None, ""):
                satu[key] = extra.get("value")
            elif key:
                add_extra(package, key, extra.get("value"))
        for key, value in remote.items():
            if key not in CKAN_INTERNAL and key not in CORE_FIELDS and key not in satu:
                add_extra(package, key, value)
        self._satu_data(package, satu, warnings)
        package["resources"] = [
            new_resource(
                r.get("url"),
                name=r.get("name"),
                description=r.get("description"),
                fmt=r.get("format"),
                mimetype=r.get("mimetype"),
                size=r.get("size"),
            )
            for r in remote.get("resources") or []
            if isinstance(r, dict)
        ]
        package["remote_url"] = record.url
        modified = record.modified or parse_datetime(remote.get("metadata_modified"))
        package["remote_modified"] = modified.strftime("%Y-%m-%dT%H:%M:%SZ") if modified else None
        org = remote.get("organization")
        organization = None
        if isinstance(org, dict) and org.get("name"):
            organization = {
                "name": text(org["name"]),
                "title": text(org.get("title")) or text(org["name"]),
            }
        return HarvestedPackage(
            guid=record.guid,
            package=finish_package(package, source),
            remote_url=record.url,
            remote_modified=modified,
            organization=organization,
            deleted=text(remote.get("state")).lower() == "deleted",
            warnings=warnings,
        )

    @staticmethod
    def _license(remote: dict[str, Any], package: dict[str, Any]) -> str:
        for candidate in ("license_id", "license_url", "license_title"):
            licence = map_license(remote.get(candidate))
            if licence:
                return licence
        original = text(remote.get("license_id")) or text(remote.get("license_title"))
        add_extra(package, "remote_license", original)
        return "notspecified"

    @staticmethod
    def _satu_data(package: dict[str, Any], satu: dict[str, Any], warnings: list[str]) -> None:
        for key, value in satu.items():
            package[key] = text(value) or None
        for key in ("temporal_start", "temporal_end"):
            day = parse_date(package[key], end=key == "temporal_end")
            package[key] = iso(day) if day else None
        for key, mapper in (("frekuensi", map_frequency), ("klasifikasi", map_klasifikasi)):
            raw = package[key]
            if raw:
                package[key] = mapper(raw)
                if package[key] is None:
                    warnings.append(f"{key} {raw!r} is not a known value; kept as an extra")
                    add_extra(package, f"{key}_asal", raw)
