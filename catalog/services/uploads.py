"""Putting an uploaded file into storage on behalf of a resource action.

The resource actions (``resource_create``, ``_update``, ``_patch``) call :func:`store_upload`
after they have checked permission and validated the other fields, so a file that would be
refused anyway is never read. The file is streamed into storage under a new key (sha256 and
size computed on the way, the size limit enforced while streaming), and only then does the
action write the database row, in the same request's transaction::

    settings = FileSettings(storage, max_bytes=2 * 1024**3, site_url="https://data.go.id")
    stored = store_upload(session, settings, upload, resource_id=res.id, version=2)
    res.storage_key, res.size, res.hash = stored.key, stored.size, stored.sha256

If that transaction rolls back (a DB error, a later validation error), the new object is
deleted again; if it commits, the object it replaced is deleted. Either way no object is
left that no row points to, and no row points to an object that is not complete.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, BinaryIO

from sqlalchemy import event
from sqlalchemy.orm import Session, SessionTransaction

from catalog.errors import ValidationError
from catalog.storage import (
    EmptyFile,
    Storage,
    StorageError,
    TooLarge,
    object_key,
    peek,
    safe_filename,
    sniff,
)

log = logging.getLogger(__name__)

UPLOAD_FIELD = "upload"
#: Slack for the closing multipart boundary when judging a declared body length.
_BOUNDARY_SLACK = 1024
_HOOKS = "tepian.files.hooks"


@dataclass(frozen=True)
class FileSettings:
    """What the file actions need from the application: where files go and the limits."""

    storage: Storage
    max_bytes: int
    site_url: str


@dataclass(frozen=True)
class StoredFile:
    """A file that is now in storage, with what was learnt from it on the way."""

    key: str
    version: int
    filename: str
    size: int
    sha256: str
    format: str
    mimetype: str


def current_settings() -> FileSettings:
    """The running app's storage and limits (the one place services reach for the app)."""
    from flask import current_app

    return FileSettings(
        storage=current_app.extensions["tepian.storage"],
        max_bytes=int(current_app.config.get("MAX_UPLOAD_BYTES") or 2 * 1024**3),
        site_url=str(current_app.config.get("SITE_URL", "")).rstrip("/"),
    )


def download_url(site_url: str, dataset_id: str, resource_id: str, filename: str) -> str:
    """The public URL of an uploaded file, as CKAN builds it."""
    from urllib.parse import quote

    return f"{site_url}/dataset/{dataset_id}/resource/{resource_id}/download/{quote(filename)}"


def take_upload(data: dict) -> Any | None:
    """Remove the ``upload`` parameter from ``data`` and return it if it is a file.

    Accepts what the API's multipart reader produces, a Werkzeug ``FileStorage`` (forms) or
    any object with ``read`` (tests, the CLI). An empty string (a form's empty file input)
    means no file; any other text is refused, since a file must be sent as multipart.
    """
    value = data.pop(UPLOAD_FIELD, None)
    if value is None or value == "":
        return None
    if isinstance(value, str | bytes | int | float | list | dict):
        raise ValidationError(
            {UPLOAD_FIELD: ["Must be a file sent as multipart/form-data (or use url)."]}
        )
    return value


def _parts(upload: Any) -> tuple[BinaryIO, str, int | None]:
    stream = getattr(upload, "stream", None) or upload
    filename = getattr(upload, "filename", None) or getattr(upload, "name", None) or ""
    return stream, str(filename), getattr(upload, "remaining", None)


def store_upload(
    session: Session, settings: FileSettings, upload: Any, *, resource_id: str, version: int
) -> StoredFile:
    """Stream ``upload`` into storage as ``version`` of the resource's file.

    Raises ``ValidationError`` naming ``upload`` for an empty file, a file over the limit
    (before reading it when the request declared its length, else as soon as the limit is
    passed), an interrupted body, fields sent after the file, or storage that cannot be
    reached; nothing is left stored in any of these cases.
    """
    stream, filename, remaining = _parts(upload)
    limit = settings.max_bytes
    if remaining is not None and remaining > limit + _BOUNDARY_SLACK:
        raise ValidationError({UPLOAD_FIELD: [_too_large(limit)]})
    name = safe_filename(filename)
    head, replay = peek(stream)
    found = sniff(head, name)
    # A random part makes every upload's key unique, so two concurrent uploads to one
    # resource never overwrite each other's object.
    key = object_key(resource_id, f"{version}-{uuid.uuid4().hex[:12]}")
    try:
        stored = settings.storage.put(key, replay, max_size=limit, content_type=found.mimetype)
    except TooLarge:
        raise ValidationError({UPLOAD_FIELD: [_too_large(limit)]}) from None
    except EmptyFile:
        raise ValidationError({UPLOAD_FIELD: ["The file is empty."]}) from None
    except StorageError as exc:
        log.error("upload of resource %s failed: %s", resource_id, exc)
        raise ValidationError(
            {UPLOAD_FIELD: [f"File storage is not available, nothing was saved: {exc}"]},
            "File storage is not available",
        ) from None
    on_rollback(session, lambda: settings.storage.delete(key))
    body = getattr(upload, "body", None)
    if body is not None:
        trailing = body.finish()
        if trailing:
            raise ValidationError(
                {
                    UPLOAD_FIELD: [
                        "Send the file after all other fields; these came after it: "
                        + ", ".join(sorted(trailing))
                    ]
                }
            )
    return StoredFile(
        key=key,
        version=version,
        filename=name,
        size=stored.size,
        sha256=stored.sha256,
        format=found.format,
        mimetype=found.mimetype,
    )


def _too_large(limit: int) -> str:
    return f"The file is larger than the upload limit of {limit} bytes ({limit / 1024**2:.0f} MiB)."


def delete_after_commit(session: Session, storage: Storage, key: str) -> None:
    """Delete ``key`` from storage once the current transaction has committed."""
    if key:
        after_commit(session, lambda: storage.delete(key))


# -- running file clean-up with the transaction's outcome ---------------------------------------


def after_commit(session: Session, fn: Callable[[], None]) -> None:
    """Run ``fn`` once the session's current transaction commits (not if it rolls back)."""
    _hooks(session)["commit"].append(fn)


def on_rollback(session: Session, fn: Callable[[], None]) -> None:
    """Run ``fn`` if the session's current transaction ends without committing."""
    _hooks(session)["rollback"].append(fn)


def _hooks(session: Session) -> dict[str, list[Callable[[], None]]]:
    hooks = session.info.get(_HOOKS)
    if hooks is None:
        hooks = session.info[_HOOKS] = {"commit": [], "rollback": []}
        event.listen(session, "after_commit", _run_commit_hooks)
        event.listen(session, "after_transaction_end", _run_rollback_hooks)
    return hooks


def _run(fns: list[Callable[[], None]]) -> None:
    for fn in fns:
        try:
            fn()
        except Exception:  # clean-up must not turn a finished request into an error
            log.exception("file clean-up failed")


def _run_commit_hooks(session: Session) -> None:
    hooks = session.info.get(_HOOKS)
    if hooks:
        fns = hooks["commit"][:]
        hooks["commit"].clear()
        hooks["rollback"].clear()
        _run(fns)


def _run_rollback_hooks(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is not None or transaction.nested:
        return  # a savepoint or subtransaction: the outer transaction decides
    hooks = session.info.get(_HOOKS)
    if hooks:
        fns = hooks["rollback"][:]
        hooks["rollback"].clear()
        hooks["commit"].clear()
        _run(fns)
