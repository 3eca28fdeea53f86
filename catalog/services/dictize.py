"""Turn models into the dicts CKAN clients expect (package_show's shape and its relatives)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from flask import current_app, has_app_context

from catalog.licenses import LICENSES_BY_ID, license_is_open, license_title
from catalog.models import Activity, Dataset, Group, Organization, Resource, Tag, User
from catalog.schemas.dataset import SATU_DATA_FIELDS


def iso(value: datetime | date | None) -> str | None:
    return value.isoformat() if value is not None else None


def organization_summary(org: Organization) -> dict:
    """The ``organization`` object embedded in a package dict."""
    return {
        "id": org.id,
        "name": org.name,
        "title": org.title,
        "type": "organization",
        "description": org.description,
        "image_url": org.image_url,
        "created": iso(org.created),
        "is_organization": True,
        "approval_status": "approved",
        "state": org.state,
    }


def group_summary(group: Group | Organization, *, is_organization: bool = False) -> dict:
    return {
        "id": group.id,
        "name": group.name,
        "title": group.title,
        "display_name": group.title or group.name,
        "description": group.description,
        "image_url": group.image_url,
        "image_display_url": group.image_url,
        "created": iso(group.created),
        "is_organization": is_organization,
        "type": "organization" if is_organization else "group",
        "state": group.state,
        "approval_status": "approved",
    }


def tag_dict(tag: Tag) -> dict:
    return {
        "id": tag.id,
        "name": tag.name,
        "display_name": tag.name,
        "state": "active",
        "vocabulary_id": None,
    }


def resource_url(res: Resource) -> str:
    """An uploaded file's URL under the site's current address (it may move after upload)."""
    if res.url_type == "upload" and res.storage_key and res.upload_filename and has_app_context():
        from catalog.services.uploads import download_url

        site = str(current_app.config.get("SITE_URL", "")).rstrip("/")
        return download_url(site, res.dataset_id, res.id, res.upload_filename)
    return res.url


def resource_dict(res: Resource) -> dict:
    data: dict[str, Any] = dict(res.extras or {})
    data.update(
        {
            "id": res.id,
            "package_id": res.dataset_id,
            "name": res.name,
            "description": res.description,
            "format": res.format,
            "url": resource_url(res),
            "url_type": res.url_type or None,
            "mimetype": res.mimetype or None,
            "mimetype_inner": None,
            "size": res.size,
            "hash": res.hash,
            "created": iso(res.created),
            "last_modified": iso(res.last_modified),
            "metadata_modified": iso(res.metadata_modified),
            "position": res.position,
            "state": res.state,
            "cache_url": None,
            "cache_last_updated": None,
            "datastore_active": False,
            "resource_type": None,
            "download_count": res.download_count or 0,
            **link_status(res),
        }
    )
    return data


def link_status(res: Resource) -> dict[str, Any]:
    """The latest link check of a link resource (all None until one ran, or for uploads)."""
    check = res.link_check if res.url_type != "upload" else None
    if check is None or check.url != res.url:
        return {"link_status": None, "link_status_code": None, "link_checked": None}
    return {
        "link_status": "ok" if check.ok else "broken",
        "link_status_code": check.status,
        "link_checked": iso(check.checked_at),
    }


def satu_data(ds: Dataset) -> dict[str, str | None]:
    values = {field: getattr(ds, field) for field in SATU_DATA_FIELDS}
    values["temporal_start"] = iso(ds.temporal_start)
    values["temporal_end"] = iso(ds.temporal_end)
    return values


def package_dict(ds: Dataset) -> dict:
    """The dataset as ``package_show`` returns it, Satu Data fields at top level and in extras."""
    sd = satu_data(ds)
    extras = [{"key": e.key, "value": e.value} for e in ds.extras]
    extras += [{"key": k, "value": v} for k, v in sd.items() if v]
    extras.sort(key=lambda e: e["key"])
    lic = LICENSES_BY_ID.get(ds.license_id)
    result = {
        "id": ds.id,
        "name": ds.name,
        "title": ds.title,
        "type": ds.type,
        "notes": ds.notes,
        "url": ds.url,
        "version": ds.version,
        "author": ds.author,
        "author_email": ds.author_email,
        "maintainer": ds.maintainer,
        "maintainer_email": ds.maintainer_email,
        "license_id": ds.license_id,
        "license_title": license_title(ds.license_id) if ds.license_id else None,
        "isopen": license_is_open(ds.license_id),
        "state": ds.state,
        "private": ds.private,
        "owner_org": ds.owner_org,
        "organization": organization_summary(ds.organization) if ds.organization else None,
        "creator_user_id": ds.creator_user_id,
        "metadata_created": iso(ds.metadata_created),
        "metadata_modified": iso(ds.metadata_modified),
        "tags": [tag_dict(t) for t in ds.tags],
        "num_tags": len(ds.tags),
        "groups": [group_summary(g) for g in ds.groups if g.state == "active"],
        "extras": extras,
        "resources": [resource_dict(r) for r in ds.resources],
        "num_resources": len(ds.resources),
        "relationships_as_object": [],
        "relationships_as_subject": [],
        **sd,
    }
    if lic and lic["url"]:
        result["license_url"] = lic["url"]
    return result


def organization_dict(org: Organization, *, package_count: int = 0, is_org: bool = True) -> dict:
    data = group_summary(org, is_organization=is_org)
    data["package_count"] = package_count
    return data


def user_dict(user: User, *, private: bool = False) -> dict:
    data = {
        "id": user.id,
        "name": user.name,
        "fullname": user.fullname,
        "display_name": user.fullname or user.name,
        "about": user.about,
        "created": iso(user.created),
        "sysadmin": user.sysadmin,
        "state": user.state,
        "image_display_url": "",
    }
    if private:
        data["email"] = user.email
    return data


def activity_dict(act: Activity) -> dict:
    return {
        "id": act.id,
        "timestamp": iso(act.timestamp),
        "user_id": act.user_id,
        "object_id": act.object_id,
        "activity_type": act.activity_type,
        "data": act.data,
    }
