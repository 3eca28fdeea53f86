"""The ``resource_preview_show`` action: a preview of a resource's file, computed once.

The first request for a version of an uploaded file reads its start from storage, runs
:func:`catalog.previews.make_preview` (bounded in bytes and rows, never executing anything)
and keeps the answer in ``resource_preview`` keyed by resource and ``file_version``; later
requests read that row. A new upload is a new version, so it gets a fresh preview without
anything to invalidate.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from catalog.auth import permissions
from catalog.errors import NotFound
from catalog.models import Dataset, Resource, ResourcePreview, User
from catalog.previews import make_preview, none
from catalog.services import action
from catalog.services.common import get_resource, require
from catalog.storage import Storage, StorageException


@action("resource_preview_show", write=False)
def resource_preview_show(session: Session, actor: User | None, data: dict) -> dict:
    """Return ``{"kind": "table"|"geojson"|"pdf"|"image"|"none", ...}`` for a resource."""
    from catalog.services.uploads import current_settings

    res = get_resource(session, require(data, "id"))
    ds = session.get(Dataset, res.dataset_id)
    if ds is None or not permissions.can_read_dataset(session, actor, ds):
        raise NotFound("Resource not found")
    if res.url_type != "upload" or not res.storage_key:
        return none("Only uploaded files are previewed; this resource is a link.")
    return preview_for(session, current_settings().storage, res)


def preview_for(session: Session, storage: Storage, res: Resource) -> dict[str, Any]:
    """The cached preview of the resource's current file, computing it if needed."""
    cached = session.get(ResourcePreview, (res.id, res.file_version))
    if cached is None:
        try:
            with storage.open(res.storage_key) as stream:
                result = make_preview(stream, format=res.format)
        except StorageException as exc:
            return none(f"The file cannot be read right now: {exc}")  # not cached: retry later
        cached = ResourcePreview(
            resource_id=res.id,
            file_version=res.file_version,
            kind=result["kind"],
            data={k: v for k, v in result.items() if k != "kind"},
        )
        try:
            with session.begin_nested():  # a concurrent request may have stored it first
                session.add(cached)
        except IntegrityError:
            pass
    answer: dict[str, Any] = {"kind": cached.kind, **cached.data}
    answer["file_version"] = res.file_version
    if cached.kind in ("pdf", "image"):
        answer["url"] = f"{res.url}?inline=1"
    return answer
