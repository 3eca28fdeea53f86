"""The storage interface every backend implements, its errors, and its object keys.

A resource's file is written once under a key that Tepian chooses (never the uploaded file
name) and read back by the public. Two backends exist: a local folder (``local.py``, the
embedded default) and S3 or any S3 API (``s3.py``). Services talk to this interface only::

    key = object_key(resource.id, resource.file_version)
    stored = storage.put(key, upload.stream, max_size=limit, content_type=sniffed.mimetype)
    resource.size, resource.hash = stored.size, stored.sha256

The guarantees are the same on both backends: an object becomes visible only once it is
complete, a rejected or interrupted upload leaves nothing behind, and replacing a key keeps
the old bytes readable until the new ones are in place.

This package imports nothing from ``catalog``.
"""

from __future__ import annotations

import abc
import hashlib
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, BinaryIO

#: How much ``put`` reads from the input at a time.
CHUNK_SIZE = 1024 * 1024

_KEY_SEGMENT = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,127}")


class StorageException(Exception):
    """Base class of every error this package raises."""


class StorageError(StorageException):
    """The backend cannot do its job: unreachable, misconfigured or refusing access.

    The message says what failed and where, in words an operator can act on, e.g.
    ``S3 storage is unreachable at http://minio:9000 (bucket 'tepian'): ...``.
    """


class TooLarge(StorageException):
    """The input grew past ``max_size`` while it was being stored; nothing was kept."""

    def __init__(self, max_size: int) -> None:
        super().__init__(f"file is larger than the limit of {max_size} bytes")
        self.max_size = max_size


class EmptyFile(StorageException):
    """The input had no bytes at all; nothing was kept."""

    def __init__(self) -> None:
        super().__init__("file is empty")


class NotFoundInStorage(StorageException, LookupError):
    """No object is stored under this key."""

    def __init__(self, key: str) -> None:
        super().__init__(f"no stored object under key {key!r}")
        self.key = key


class InvalidRange(StorageException, ValueError):
    """A byte range that does not overlap the object (HTTP would answer 416)."""


@dataclass(frozen=True)
class StoredObject:
    """What ``put`` stored: the key, the byte count, the hex sha256 and the content type."""

    key: str
    size: int
    sha256: str
    content_type: str | None = None


def object_key(resource_id: str, version: int | str) -> str:
    """Return the storage key of one version of a resource's file.

    Keys spread objects over 256 folders by the first two characters of the id, and never
    contain the uploaded file name::

        >>> object_key("3f2a9c1e-0000-4000-8000-000000000000", 2)
        'resources/3f/3f2a9c1e-0000-4000-8000-000000000000/2'
    """
    key = f"resources/{str(resource_id)[:2]}/{resource_id}/{version}"
    return check_key(key)


def check_key(key: str) -> str:
    """Return ``key`` if it is a well-formed storage key, else raise ``ValueError``.

    A key is one or more ``/``-separated segments of letters, digits, ``.``, ``_`` and ``-``
    that start with a letter or digit, so no key can climb out of the storage root (``..``),
    be absolute, or collide with a backend's hidden temporary files (which start with ``.``).
    """
    if not isinstance(key, str) or not key or len(key) > 512:
        raise ValueError(f"invalid storage key {key!r}")
    if not all(_KEY_SEGMENT.fullmatch(part) for part in key.split("/")):
        raise ValueError(f"invalid storage key {key!r}")
    return key


def check_range(start: int, end: int | None, size: int) -> tuple[int, int]:
    """Clamp an inclusive byte range like HTTP does and return ``(start, end)``.

    ``end=None`` means "to the last byte"; an ``end`` past the object is clamped to its last
    byte. A ``start`` at or past the end of the object raises ``InvalidRange``.
    """
    if start < 0 or (end is not None and end < start):
        raise InvalidRange(f"invalid byte range {start}-{end}")
    if start >= size:
        raise InvalidRange(f"byte range {start}-{end} is outside an object of {size} bytes")
    last = size - 1 if end is None else min(end, size - 1)
    return start, last


class Meter:
    """Reads a stream in chunks, hashing and counting the bytes as they pass.

    ``chunks()`` raises ``TooLarge`` as soon as more than ``max_size`` bytes have been read, so
    a backend stops writing early, and ``EmptyFile`` when the stream had no bytes at all::

        meter = Meter(stream, max_size=10_000_000)
        for chunk in meter.chunks():
            out.write(chunk)
        meter.size, meter.sha256
    """

    def __init__(self, stream: BinaryIO, *, max_size: int, chunk_size: int = CHUNK_SIZE) -> None:
        if max_size < 1:
            raise ValueError("max_size must be at least 1")
        self.stream = stream
        self.max_size = max_size
        self.chunk_size = chunk_size
        self.size = 0
        self._hash = hashlib.sha256()

    @property
    def sha256(self) -> str:
        """The hex sha256 of the bytes read so far."""
        return self._hash.hexdigest()

    def chunks(self) -> Iterator[bytes]:
        """Yield the stream's bytes in chunks of at most ``chunk_size``."""
        while True:
            # Asking for one byte past the limit is enough to tell "too large" from "exactly".
            want = min(self.chunk_size, self.max_size - self.size + 1)
            chunk = self.stream.read(want)
            if not chunk:
                break
            if len(chunk) > want:  # a stream that ignores its argument
                raise ValueError("stream.read(n) returned more than n bytes")
            self.size += len(chunk)
            if self.size > self.max_size:
                raise TooLarge(self.max_size)
            self._hash.update(chunk)
            yield bytes(chunk)
        if self.size == 0:
            raise EmptyFile()

    def result(self, key: str, content_type: str | None) -> StoredObject:
        """The ``StoredObject`` describing everything read."""
        return StoredObject(key, self.size, self.sha256, content_type)


class LimitedReader(io.RawIOBase):
    """A read-only stream over at most ``length`` bytes of another stream, closing it after."""

    def __init__(self, raw: Any, length: int) -> None:
        super().__init__()
        self._raw = raw
        self._left = length

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self._left <= 0:
            return 0
        view = memoryview(buffer).cast("B")
        data = self._raw.read(min(len(view), self._left))
        n = len(data)
        view[:n] = data
        self._left -= n
        return n

    def close(self) -> None:
        if not self.closed:
            self._raw.close()
        super().close()


class Storage(abc.ABC):
    """Where resource files live. Every method takes a key made by ``object_key``."""

    #: A short name for logs and the status page ("local", "s3").
    name: str = "storage"

    @abc.abstractmethod
    def put(
        self, key: str, stream: BinaryIO, *, max_size: int, content_type: str | None = None
    ) -> StoredObject:
        """Store everything ``stream`` yields under ``key`` and describe what was stored.

        The stream is read in chunks, never whole. More than ``max_size`` bytes raises
        ``TooLarge`` as soon as the limit is crossed, no bytes at all raises ``EmptyFile``, and
        an exception from the stream itself propagates unchanged; in all three cases nothing
        new is left stored and an object already under ``key`` is untouched. On success the
        new object replaces the old one in a single step.
        """

    @abc.abstractmethod
    def open(self, key: str) -> BinaryIO:
        """Open the object for streaming reads; close it when done (``with`` works)."""

    @abc.abstractmethod
    def open_range(self, key: str, start: int, end: int | None) -> BinaryIO:
        """Open bytes ``start`` to ``end`` *inclusive*, as in an HTTP ``Range`` header.

        ``end=None`` or an ``end`` past the object reads to its last byte; a ``start`` past
        the end raises ``InvalidRange`` (a ``ValueError``).
        """

    @abc.abstractmethod
    def size(self, key: str) -> int:
        """Return the object's size in bytes, or raise ``NotFoundInStorage``."""

    @abc.abstractmethod
    def exists(self, key: str) -> bool:
        """Tell whether an object is stored under ``key``."""

    @abc.abstractmethod
    def delete(self, key: str) -> None:
        """Remove the object; removing a missing object is not an error."""

    @abc.abstractmethod
    def url_for_download(
        self, key: str, filename: str, expires: int = 300, *, content_type: str | None = None
    ) -> str | None:
        """Return a short-lived URL that downloads the object as an attachment, or ``None``.

        ``None`` means the backend has no such URL and the caller streams the file itself
        (the local backend). ``filename`` should already have passed ``safe_filename``.
        """

    @abc.abstractmethod
    def health(self) -> dict[str, Any]:
        """Check the backend can be used and describe it; raise ``StorageError`` if not."""
