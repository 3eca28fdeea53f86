"""Site-wide read actions: status_show, site_read, license_list, tag_list."""

from __future__ import annotations

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from catalog.auth import permissions
from catalog.licenses import LICENSES
from catalog.models import Dataset, Tag, User, dataset_tag
from catalog.services import action
from catalog.services.common import as_bool, as_int

TEPIAN_VERSION = "0.1.0"
# The CKAN version whose API Tepian follows; clients pick features by it.
CKAN_API_VERSION = "2.10.4"


@action("status_show", write=False)
def status_show(session: Session, actor: User | None, data: dict) -> dict:
    config = current_app.config
    return {
        "site_title": config["SITE_TITLE"],
        "site_description": config["SITE_DESCRIPTION"],
        "site_url": config["SITE_URL"],
        "ckan_version": CKAN_API_VERSION,
        "tepian_version": TEPIAN_VERSION,
        "error_emails_to": None,
        "locale_default": "id",
        "extensions": ["satu_data", "harvest"],
    }


@action("site_read", write=False)
def site_read(session: Session, actor: User | None, data: dict) -> bool:
    return True


@action("license_list", write=False)
def license_list(session: Session, actor: User | None, data: dict) -> list[dict]:
    return [dict(lic) for lic in LICENSES]


@action("tag_list", write=False)
def tag_list(session: Session, actor: User | None, data: dict) -> list:
    """Tags used by datasets the caller can see; ``query`` filters by a substring."""
    query = (
        select(Tag.name, Tag.id)
        .join(dataset_tag, dataset_tag.c.tag_id == Tag.id)
        .join(Dataset, Dataset.id == dataset_tag.c.dataset_id)
        .where(permissions.dataset_visibility(session, actor))
        .group_by(Tag.name, Tag.id)
        .order_by(Tag.name)
    )
    text = data.get("query") or data.get("q")
    if text:
        query = query.where(func.lower(Tag.name).like(f"%{str(text).lower()}%"))
    limit = as_int(data, "limit", 0, maximum=10000)
    if limit:
        query = query.limit(limit).offset(as_int(data, "offset", 0))
    rows = session.execute(query).all()
    if as_bool(data, "all_fields"):
        return [
            {"id": tag_id, "name": name, "display_name": name, "vocabulary_id": None}
            for name, tag_id in rows
        ]
    return [name for name, _ in rows]
