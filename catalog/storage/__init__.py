"""File storage for resource uploads: a local folder or S3, behind one interface.

The application builds one ``Storage`` at start-up from ``TEPIAN_STORAGE_URL``::

    storage = make_storage(config.get("TEPIAN_STORAGE_URL"), app.instance_path)

and services use it through the methods of ``Storage`` (see ``base.py`` and docs/storage.md).
This package imports nothing from the rest of ``catalog``.
"""

from __future__ import annotations

import os
from typing import Any
from urllib.parse import urlsplit

from .base import (
    EmptyFile,
    InvalidRange,
    NotFoundInStorage,
    Storage,
    StorageError,
    StorageException,
    StoredObject,
    TooLarge,
    object_key,
)
from .files import SNIFF_BYTES, Sniffed, content_disposition, peek, safe_filename, sniff
from .local import LocalStorage

__all__ = [
    "SNIFF_BYTES",
    "EmptyFile",
    "InvalidRange",
    "LocalStorage",
    "NotFoundInStorage",
    "Sniffed",
    "Storage",
    "StorageError",
    "StorageException",
    "StoredObject",
    "TooLarge",
    "content_disposition",
    "make_storage",
    "object_key",
    "peek",
    "safe_filename",
    "sniff",
]


def make_storage(url: str | None, instance_path: str, **options: Any) -> Storage:
    """Build the storage named by ``url``.

    - ``None`` or ``""``: the folder ``<instance_path>/storage``;
    - ``file:///srv/tepian/files`` or a plain path: that folder (relative paths are taken
      from ``instance_path``);
    - ``s3://bucket/prefix``: S3 through boto3, configured by the ``AWS_*`` variables;
      ``options`` (e.g. ``create_bucket=True``) go to ``S3Storage``.

    Anything else raises ``ValueError`` naming the accepted forms.
    """
    if not url:
        return LocalStorage(os.path.join(instance_path, "storage"))
    parts = urlsplit(url)
    if parts.scheme == "s3":
        from .s3 import S3Storage  # boto3 is only imported when S3 is configured

        return S3Storage.from_url(url, **options)
    if parts.scheme == "file":
        return LocalStorage(parts.path)
    if not parts.scheme or len(parts.scheme) == 1:  # a plain path (or a Windows drive)
        return LocalStorage(os.path.join(instance_path, url))
    raise ValueError(
        f"unsupported TEPIAN_STORAGE_URL {url!r}: use s3://bucket/prefix, file:///path, "
        "a folder path, or leave it unset for <instance>/storage"
    )
