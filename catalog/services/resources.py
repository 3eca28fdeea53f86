"""Resource actions: resource_create, _update, _patch, _delete, _show.

Each changes its dataset, so each bumps the dataset's ``metadata_modified``, records a
"changed package" activity and re-queues the dataset for the search index.

A resource is either a link (``url``) or an uploaded file (``upload``, sent as multipart the
way ``ckanapi`` sends it). The file is streamed into storage after permission and fields have
been checked, and before the row is written (see :mod:`catalog.services.uploads`); its URL,
size, sha256 ``hash``, ``mimetype`` and ``format`` are then the server's, not the client's.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from catalog.auth import permissions
from catalog.db import utcnow
from catalog.errors import NotFound, ValidationError
from catalog.models import Dataset, Resource, User
from catalog.models._types import new_id
from catalog.schemas import load
from catalog.schemas.resource import ResourceSchema
from catalog.services import action
from catalog.services.common import editable_dataset, get_resource, require
from catalog.services.dictize import package_dict, resource_dict, resource_url
from catalog.services.uploads import (
    FileSettings,
    StoredFile,
    current_settings,
    delete_after_commit,
    download_url,
    store_upload,
    take_upload,
)

RESOURCE_FIELDS = ("name", "description", "format", "url", "url_type", "mimetype", "size", "hash")
#: Keys the server computes for the resource dict; a client sending them back must not turn
#: them into resource extras.
COMPUTED_KEYS = frozenset({"download_count", "link_status", "link_status_code", "link_checked"})
#: Detected formats too generic to overrule the format a steward typed.
_GENERIC_FORMATS = frozenset({"TXT", "BIN"})


def _parse_time(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).replace(tzinfo=None)
    except ValueError:
        raise ValidationError({"last_modified": ["Must be an ISO 8601 date and time."]}) from None


def _keeps_file(res: Resource, valid: dict) -> bool:
    """An uploaded resource stays one unless the client gives it a different URL."""
    if not res.storage_key:
        return False
    url = valid.get("url") or ""
    return url in ("", res.url, resource_url(res)) or valid.get("url_type") == "upload"


def _fill(res: Resource, valid: dict, *, replace: bool) -> None:
    kept = None
    if _keeps_file(res, valid):
        # The file's URL, size, hash and type are the server's: whatever a client sends back
        # (often the dict it just read) cannot change them.
        kept = (res.url, res.size, res.hash, res.mimetype, res.format)
    for field in RESOURCE_FIELDS:
        if field in valid:
            setattr(res, field, valid[field])
        elif replace:
            setattr(res, field, None if field == "size" else "")
    if kept is not None:
        res.url, res.size, res.hash, res.mimetype, old_format = kept
        res.url_type = "upload"
        res.format = res.format or old_format
    elif res.storage_key or not res.url_type:
        # A file resource given another URL becomes a link; its object stays attached to
        # the row until a new upload replaces it.
        res.url_type = "link" if res.url else ""
    if "last_modified" in valid:
        res.last_modified = _parse_time(valid["last_modified"])
    extras = {k: v for k, v in (valid.get("extras") or {}).items() if k not in COMPUTED_KEYS}
    res.extras = extras if replace else {**(res.extras or {}), **extras}
    res.metadata_modified = utcnow()


def _attach_file(
    res: Resource, ds: Dataset, stored: StoredFile, settings: FileSettings, typed_format: str
) -> None:
    """Point the resource at a freshly stored file."""
    res.storage_key = stored.key
    res.file_version = stored.version
    res.upload_filename = stored.filename
    res.url = download_url(settings.site_url, ds.id, res.id, stored.filename)
    res.url_type = "upload"
    res.size = stored.size
    res.hash = stored.sha256
    res.mimetype = stored.mimetype
    keep_typed = typed_format and stored.format in _GENERIC_FORMATS
    res.format = typed_format if keep_typed else stored.format
    res.last_modified = utcnow()
    if not res.name:
        res.name = stored.filename


def _replace_file(session: Session, res: Resource, ds: Dataset, upload: object, fmt: str) -> None:
    """Store a new version of the file; the old object goes once the new row is committed."""
    settings = current_settings()
    old_key = res.storage_key
    stored = store_upload(
        session, settings, upload, resource_id=res.id, version=(res.file_version or 0) + 1
    )
    _attach_file(res, ds, stored, settings, fmt)
    if old_key and old_key != stored.key:
        delete_after_commit(session, settings.storage, old_key)


def apply_resource_list(
    session: Session, ds: Dataset, items: list[dict], *, may_choose_ids: bool = False
) -> None:
    """Make ``ds``'s resources exactly ``items``: known ids update, others are added, the
    rest are soft-deleted (state ``deleted``). Only sysadmins may give new resources an id."""
    current = {r.id: r for r in ds.resources}
    keep: list[Resource] = []
    for position, item in enumerate(items):
        res = current.get(item.get("id") or "")
        if res is None:
            if item.get("id") and (
                not may_choose_ids or session.get(Resource, item["id"]) is not None
            ):
                raise ValidationError(
                    {"resources": [{"id": [f"Resource id {item['id']} is not this dataset's."]}]}
                )
            res = Resource(dataset_id=ds.id)
            if item.get("id"):
                res.id = item["id"]
            session.add(res)
        _fill(res, item, replace=True)
        res.position = position
        keep.append(res)
    for res in current.values():
        if res not in keep:
            res.state = "deleted"
    ds.resources = keep


def _touch(session: Session, actor: User | None, ds: Dataset, before: dict) -> None:
    from catalog.services.datasets import _save

    _save(session, actor, ds, before, "changed package")


@action("resource_create", write=True)
def resource_create(session: Session, actor: User | None, data: dict) -> dict:
    """Add a link (``url``) or an uploaded file (``upload``) to a dataset."""
    upload = take_upload(data)
    ds = editable_dataset(session, actor, require(data, "package_id"))
    valid = load(ResourceSchema(), data)
    before = package_dict(ds)
    if valid.get("id") and not permissions.is_sysadmin(actor):
        raise ValidationError({"id": ["Only sysadmins may choose a resource's id."]})
    if valid.get("id") and session.get(Resource, valid["id"]) is not None:
        raise ValidationError({"id": ["Resource id already exists"]})
    position = session.scalar(
        select(func.count())
        .select_from(Resource)
        .where(Resource.dataset_id == ds.id, Resource.state == "active")
    )
    res = Resource(id=valid.get("id") or new_id(), dataset_id=ds.id, position=position or 0)
    _fill(res, valid, replace=True)
    if upload is not None:
        _replace_file(session, res, ds, upload, valid.get("format", ""))
    session.add(res)
    session.flush()
    _touch(session, actor, ds, before)
    return resource_dict(res)


def _editable_resource(
    session: Session, actor: User | None, data: dict
) -> tuple[Resource, Dataset]:
    res = get_resource(session, require(data, "id"))
    ds = editable_dataset(session, actor, res.dataset_id)
    return res, ds


@action("resource_update", write=True)
def resource_update(session: Session, actor: User | None, data: dict) -> dict:
    """Replace a resource's fields; with ``upload``, store a new version of its file."""
    upload = take_upload(data)
    res, ds = _editable_resource(session, actor, data)
    valid = load(ResourceSchema(), data)
    before = package_dict(ds)
    _fill(res, valid, replace=True)
    if upload is not None:
        _replace_file(session, res, ds, upload, valid.get("format", ""))
    _touch(session, actor, ds, before)
    return resource_dict(res)


@action("resource_patch", write=True)
def resource_patch(session: Session, actor: User | None, data: dict) -> dict:
    """Change only the fields sent; with ``upload``, store a new version of the file."""
    upload = take_upload(data)
    res, ds = _editable_resource(session, actor, data)
    merged = {**resource_dict(res), **data}
    valid = load(ResourceSchema(), merged)
    before = package_dict(ds)
    _fill(res, valid, replace=True)
    if upload is not None:
        _replace_file(session, res, ds, upload, data.get("format", "") and valid["format"])
    _touch(session, actor, ds, before)
    return resource_dict(res)


@action("resource_delete", write=True)
def resource_delete(session: Session, actor: User | None, data: dict) -> None:
    """Soft-delete a resource: it leaves the dataset's list but its row stays."""
    res, ds = _editable_resource(session, actor, data)
    before = package_dict(ds)
    res.state = "deleted"
    session.flush()
    session.expire(ds, ["resources"])
    for position, other in enumerate(ds.resources):
        other.position = position
    _touch(session, actor, ds, before)
    return None


@action("resource_show", write=False)
def resource_show(session: Session, actor: User | None, data: dict) -> dict:
    res = get_resource(session, require(data, "id"))
    ds = session.get(Dataset, res.dataset_id)
    if ds is None or not permissions.can_read_dataset(session, actor, ds):
        raise NotFound("Resource not found")
    return resource_dict(res)


# The file-related actions live next door; importing them registers them.
from catalog.services import links, previews  # noqa: E402,F401
