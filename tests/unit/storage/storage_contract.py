"""The behaviour every storage backend promises, as tests run against each backend.

This module is not collected by itself (its name does not start with ``test_``): each backend's
test module star-imports it, and that directory's ``conftest.py`` provides the fixtures:

- ``storage``: an empty ``Storage`` of that backend;
- ``leftovers``: a function listing partial state (temporary files, unfinished multipart
  uploads), which must be empty after every failed ``put``;
- ``memory_budget``: how many bytes ``put`` may hold at once (one chunk, or one S3 part).
"""

from __future__ import annotations

import hashlib
import io
import random
import tracemalloc
from collections.abc import Callable

import pytest

from catalog.storage import (
    EmptyFile,
    InvalidRange,
    NotFoundInStorage,
    Storage,
    StoredObject,
    TooLarge,
    object_key,
)

MiB = 1024 * 1024
KEY = object_key("5b1e2d3c-0d4f-4a6b-8c9d-0e1f2a3b4c5d", 1)
OTHER = object_key("5b1e2d3c-0d4f-4a6b-8c9d-0e1f2a3b4c5d", 2)
DIGITS = b"0123456789" * 10  # 100 bytes whose slices are easy to read


class GeneratedStream(io.RawIOBase):
    """``size`` pseudo-random bytes made on demand, so the test never holds the whole file.

    It remembers the largest read asked of it and refuses ``read()`` of everything, and can
    call ``at_byte[n]()`` once ``n`` bytes have been produced (to look at the storage
    mid-upload, or to raise like a client that disconnects).
    """

    def __init__(self, size: int, at_byte: dict[int, Callable[[], None]] | None = None) -> None:
        super().__init__()
        self.size = size
        self.position = 0
        self.largest_read = 0
        self.at_byte = dict(at_byte or {})
        self.sha256 = hashlib.sha256()
        self._block = random.Random(size).randbytes(MiB + 7)  # odd length: no aligned repeats

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        for mark in sorted(self.at_byte):
            if self.position >= mark:
                self.at_byte.pop(mark)()
        want = min(len(buffer), self.size - self.position)
        self.largest_read = max(self.largest_read, len(buffer))
        block, done = memoryview(self._block), 0
        while done < want:  # copy from the repeating block without building new bytes
            offset = (self.position + done) % len(block)
            take = min(want - done, len(block) - offset)
            buffer[done : done + take] = block[offset : offset + take]
            done += take
        self.sha256.update(buffer[:want])
        self.position += want
        return want

    def read(self, size: int = -1) -> bytes:  # type: ignore[override]
        assert size is not None and size >= 0, "put() must read in chunks, never everything"
        return super().read(size) or b""


def raise_(exc: BaseException) -> Callable[[], None]:
    def fail() -> None:
        raise exc

    return fail


def read_all(storage: Storage, key: str) -> bytes:
    with storage.open(key) as f:
        return f.read()


def streamed_sha256(storage: Storage, key: str) -> str:
    digest = hashlib.sha256()
    with storage.open(key) as f:
        while chunk := f.read(MiB):
            digest.update(chunk)
    return digest.hexdigest()


def test_put_then_open_returns_same_bytes_and_checksum(storage: Storage) -> None:
    stored = storage.put(KEY, io.BytesIO(DIGITS), max_size=1000, content_type="text/csv")
    assert stored == StoredObject(KEY, 100, hashlib.sha256(DIGITS).hexdigest(), "text/csv")
    assert read_all(storage, KEY) == DIGITS
    assert storage.size(KEY) == 100
    assert storage.exists(KEY)


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (0, 0, DIGITS[0:1]),
        (0, 9, DIGITS[0:10]),
        (10, 19, DIGITS[10:20]),
        (95, None, DIGITS[95:]),
        (90, 10_000, DIGITS[90:]),
        (99, 99, DIGITS[99:]),
    ],
)
def test_open_range_reads_inclusive_byte_range(
    storage: Storage, start: int, end: int | None, expected: bytes
) -> None:
    storage.put(KEY, io.BytesIO(DIGITS), max_size=1000)
    with storage.open_range(KEY, start, end) as f:
        assert f.read() == expected


@pytest.mark.parametrize(("start", "end"), [(100, None), (150, 200), (-1, 5), (10, 5)])
def test_open_range_outside_object_is_invalid(storage: Storage, start: int, end: int) -> None:
    storage.put(KEY, io.BytesIO(DIGITS), max_size=1000)
    with pytest.raises(InvalidRange):
        storage.open_range(KEY, start, end)


@pytest.mark.parametrize("action", ["open", "open_range", "size"])
def test_missing_object_is_not_found(storage: Storage, action: str) -> None:
    args = {"open": (KEY,), "open_range": (KEY, 0, 1), "size": (KEY,)}[action]
    with pytest.raises(NotFoundInStorage):
        getattr(storage, action)(*args)
    assert not storage.exists(KEY)


def test_delete_is_idempotent(storage: Storage) -> None:
    storage.put(KEY, io.BytesIO(DIGITS), max_size=1000)
    storage.put(OTHER, io.BytesIO(DIGITS), max_size=1000)
    storage.delete(KEY)
    storage.delete(KEY)
    assert not storage.exists(KEY)
    assert storage.exists(OTHER)


@pytest.mark.parametrize("key", ["../etc/passwd", "/abs/key", "a//b", "a/../b", ".tmp-x", ""])
def test_malformed_key_is_refused(storage: Storage, key: str) -> None:
    with pytest.raises(ValueError):
        storage.put(key, io.BytesIO(b"x"), max_size=10)
    with pytest.raises(ValueError):
        storage.exists(key)


def test_large_file_streams_in_bounded_memory(storage: Storage, memory_budget: int) -> None:
    size = 30 * MiB + 123
    stream = GeneratedStream(size)
    tracemalloc.start()
    try:
        stored = storage.put(KEY, stream, max_size=100 * MiB)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert stream.largest_read <= 8 * MiB
    assert peak < memory_budget < size
    assert (stored.size, stored.sha256) == (size, stream.sha256.hexdigest())
    assert storage.size(KEY) == size
    assert streamed_sha256(storage, KEY) == stored.sha256


def test_exactly_max_size_is_accepted(storage: Storage) -> None:
    assert storage.put(KEY, io.BytesIO(DIGITS), max_size=100).size == 100


def test_too_large_stops_early_and_stores_nothing(
    storage: Storage, leftovers: Callable[[], list[str]]
) -> None:
    stream = GeneratedStream(40 * MiB)
    with pytest.raises(TooLarge) as info:
        storage.put(KEY, stream, max_size=11 * MiB)
    assert info.value.max_size == 11 * MiB
    assert stream.position <= 11 * MiB + 1, "the limit must be enforced while streaming"
    assert not storage.exists(KEY)
    assert leftovers() == []


def test_one_byte_over_max_size_is_too_large(storage: Storage) -> None:
    with pytest.raises(TooLarge):
        storage.put(KEY, io.BytesIO(DIGITS), max_size=99)
    assert not storage.exists(KEY)


def test_empty_file_is_refused(storage: Storage, leftovers: Callable[[], list[str]]) -> None:
    with pytest.raises(EmptyFile):
        storage.put(KEY, io.BytesIO(b""), max_size=1000)
    assert not storage.exists(KEY)
    assert leftovers() == []


@pytest.mark.parametrize(
    "error", [OSError("client disconnected"), KeyboardInterrupt()], ids=["oserror", "interrupt"]
)
def test_interrupted_stream_leaves_no_object_and_no_partial_upload(
    storage: Storage, leftovers: Callable[[], list[str]], error: BaseException
) -> None:
    during: list[list[str]] = []

    def fail() -> None:
        during.append(leftovers())
        raise error

    stream = GeneratedStream(20 * MiB, at_byte={12 * MiB: fail})
    with pytest.raises(type(error)) as info:
        storage.put(KEY, stream, max_size=100 * MiB)
    assert info.value is error, "the stream's own exception reaches the caller"
    assert during[0], "partial state existed mid-upload (a temp file or a multipart upload)"
    assert not storage.exists(KEY)
    assert leftovers() == []


def test_replace_keeps_old_object_until_new_one_is_complete(storage: Storage) -> None:
    storage.put(KEY, io.BytesIO(b"old version"), max_size=100 * MiB)
    seen: list[bytes] = []
    stream = GeneratedStream(
        12 * MiB, at_byte={11 * MiB: lambda: seen.append(read_all(storage, KEY))}
    )
    stored = storage.put(KEY, stream, max_size=100 * MiB)
    assert seen == [b"old version"]
    assert streamed_sha256(storage, KEY) == stored.sha256


def test_failed_replace_keeps_old_object(
    storage: Storage, leftovers: Callable[[], list[str]]
) -> None:
    storage.put(KEY, io.BytesIO(b"old version"), max_size=100 * MiB)
    stream = GeneratedStream(20 * MiB, at_byte={12 * MiB: raise_(OSError("reset"))})
    with pytest.raises(OSError):
        storage.put(KEY, stream, max_size=100 * MiB)
    with pytest.raises(TooLarge):
        storage.put(KEY, GeneratedStream(3 * MiB), max_size=2 * MiB)
    assert read_all(storage, KEY) == b"old version"
    assert leftovers() == []


def test_health_describes_backend(storage: Storage) -> None:
    assert storage.health()["backend"] == storage.name
