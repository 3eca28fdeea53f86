"""The local-edits rule: what a harvest overwrites and what a steward's edits keep.

One rule, applied field by field when a harvested record changed upstream:

* **Fields** (title, notes, licence, the Satu Data fields ...): the source owns every field it
  gives a non-empty value; that value replaces the local one. A field the source leaves empty
  keeps the local (steward's) value.
* **Tags, groups, extras**: the source's, plus those a steward added locally, i.e. present on
  the dataset now but absent from the package the last run harvested. Ones the source dropped
  are dropped. For an extra both sides have, the source's value wins.
* **Resources**: the source's, matched to the dataset's by URL so they keep their ids (a matched
  resource takes the source's non-empty fields and keeps the rest), plus resources a steward
  added locally (their URL was not in the last harvested package).
* **Name, OPD, visibility**: always local; a harvest never renames or moves a dataset.

All functions here work on plain dicts: ``remote`` is the new harvested package (the shape of
:mod:`harvesters.package`), ``last`` the package the previous run harvested (None for a record
never harvested), ``current`` the dataset as ``package_show`` returns it.
"""

from __future__ import annotations

from typing import Any

from harvesters.package import CORE_FIELDS, RESOURCE_FIELDS, SATU_DATA_FIELDS

OWNED_FIELDS = tuple(f for f in CORE_FIELDS if f != "name") + SATU_DATA_FIELDS


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def _names(items: list[Any] | None) -> list[str]:
    return [i["name"] if isinstance(i, dict) else str(i) for i in items or []]


def _union_local(remote: list[str], last: list[str], current: list[str]) -> list[str]:
    """The source's names, then local additions (current, not in the last harvest)."""
    harvested = {n.lower() for n in last}
    result = list(dict.fromkeys(remote))
    seen = {n.lower() for n in result}
    for name in current:
        if name.lower() not in harvested and name.lower() not in seen:
            result.append(name)
            seen.add(name.lower())
    return result


def _extras(remote: dict, last: dict | None, current: dict) -> list[dict[str, str]]:
    own = {e["key"]: e["value"] for e in remote.get("extras") or []}
    harvested = {e["key"] for e in (last or {}).get("extras") or []}
    for extra in current.get("extras") or []:
        key = extra["key"]
        if key in SATU_DATA_FIELDS or key in own or key in harvested:
            continue
        own[key] = extra["value"]
    return [{"key": k, "value": v} for k, v in sorted(own.items())]


def _resources(remote: dict, last: dict | None, current: dict) -> list[dict[str, Any]]:
    existing = list(current.get("resources") or [])
    harvested_urls = {r.get("url") for r in (last or {}).get("resources") or []}
    used: set[str] = set()
    result: list[dict[str, Any]] = []
    for res in remote.get("resources") or []:
        match = next(
            (r for r in existing if r.get("url") == res.get("url") and r["id"] not in used), None
        )
        if match is None:
            result.append({k: res.get(k) for k in RESOURCE_FIELDS})
            continue
        used.add(match["id"])
        merged = dict(match)
        merged.update({k: res[k] for k in RESOURCE_FIELDS if not _empty(res.get(k))})
        result.append(merged)
    for res in existing:
        if res["id"] not in used and res.get("url") not in harvested_urls:
            result.append(res)  # added by a steward: kept
    return result


def merge_local_edits(remote: dict, last: dict | None, current: dict) -> dict[str, Any]:
    """Return the ``package_update`` data that applies ``remote`` over ``current``."""
    data: dict[str, Any] = {
        "id": current["id"],
        "name": current["name"],
        "owner_org": current.get("owner_org"),
        "private": current.get("private", False),
    }
    for field in OWNED_FIELDS:
        value = remote.get(field)
        data[field] = current.get(field) if _empty(value) else value
    data["tags"] = [
        {"name": n}
        for n in _union_local(
            _names(remote.get("tags")), _names((last or {}).get("tags")), _names(current["tags"])
        )
    ]
    data["groups"] = [
        {"name": n}
        for n in _union_local(
            _names(remote.get("groups")),
            _names((last or {}).get("groups")),
            _names(current.get("groups")),
        )
    ]
    data["extras"] = _extras(remote, last, current)
    data["resources"] = _resources(remote, last, current)
    return data


def _scalar(value: Any) -> str:
    return "" if value is None else str(value).strip()


def comparable(package: dict[str, Any]) -> dict[str, Any]:
    """A normalised view of a package for deciding whether an update would change anything."""
    return {
        "fields": {f: _scalar(package.get(f)) for f in OWNED_FIELDS},
        "tags": sorted(n.lower() for n in _names(package.get("tags"))),
        "groups": sorted(_names(package.get("groups"))),
        "extras": sorted(
            (e["key"], _scalar(e["value"]))
            for e in package.get("extras") or []
            if e["key"] not in SATU_DATA_FIELDS
        ),
        "resources": [
            (
                r.get("id"),
                *(
                    _scalar(r.get(k)).upper() if k == "format" else _scalar(r.get(k))
                    for k in RESOURCE_FIELDS
                ),
            )
            for r in package.get("resources") or []
        ],
    }
