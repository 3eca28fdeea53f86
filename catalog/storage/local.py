"""Resource files in a local folder: the embedded default.

Each key is a path under the root folder. A new object is written to a hidden temporary file
in the destination folder, flushed to disk with ``fsync`` and renamed over the key in one
atomic step, so readers see either the old file or the new one, never half of either::

    storage = LocalStorage("instance/storage")
    stored = storage.put(object_key(rid, 1), upload, max_size=100 * 1024 * 1024)

Downloads are served by the application itself (``url_for_download`` returns ``None``).
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from .base import (
    LimitedReader,
    Meter,
    NotFoundInStorage,
    Storage,
    StorageError,
    StoredObject,
    check_key,
    check_range,
)

#: Temporary files start with this, which no valid key segment does.
TEMP_PREFIX = ".tmp-"


class LocalStorage(Storage):
    """Objects as files under ``root``, which is created when missing."""

    name = "local"

    def __init__(self, root: str | os.PathLike[str]) -> None:
        self.root = Path(root).absolute()

    def _path(self, key: str) -> Path:
        return self.root.joinpath(*check_key(key).split("/"))

    def put(
        self, key: str, stream: BinaryIO, *, max_size: int, content_type: str | None = None
    ) -> StoredObject:
        """Write ``stream`` to a temporary file, fsync it, then rename it over ``key``."""
        path = self._path(key)
        meter = Meter(stream, max_size=max_size)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp_name = tempfile.mkstemp(prefix=TEMP_PREFIX, dir=path.parent)
        except OSError as exc:
            raise StorageError(f"local storage at {self.root} is not writable: {exc}") from exc
        try:
            with os.fdopen(fd, "wb") as out:
                for chunk in meter.chunks():  # errors from the caller's stream pass unchanged
                    with self._disk_errors():
                        out.write(chunk)
                with self._disk_errors():
                    out.flush()
                    os.fsync(out.fileno())
            with self._disk_errors():
                os.chmod(tmp_name, 0o644)  # mkstemp makes it 0600; a web server may read it
                os.replace(tmp_name, path)
        except BaseException:
            # Any failure, including a KeyboardInterrupt, removes the partial file; the
            # object already under ``key`` (if any) is untouched.
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp_name)
            raise
        _fsync_dir(path.parent)
        return meter.result(key, content_type)

    @contextlib.contextmanager
    def _disk_errors(self) -> Iterator[None]:
        try:
            yield
        except OSError as exc:
            raise StorageError(f"local storage at {self.root} failed to write: {exc}") from exc

    def open(self, key: str) -> BinaryIO:
        """Open the file for reading."""
        path = self._path(key)
        try:
            return open(path, "rb")  # the caller closes it
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
            raise NotFoundInStorage(key) from None
        except OSError as exc:
            raise StorageError(f"local storage at {self.root} cannot read {key}: {exc}") from exc

    def open_range(self, key: str, start: int, end: int | None) -> BinaryIO:
        """Open bytes ``start``..``end`` (inclusive) of the file."""
        f = self.open(key)
        try:
            first, last = check_range(start, end, os.fstat(f.fileno()).st_size)
            f.seek(first)
        except BaseException:
            f.close()
            raise
        return io.BufferedReader(LimitedReader(f, last - first + 1))

    def size(self, key: str) -> int:
        """Return the file's size."""
        path = self._path(key)
        try:
            if path.is_file():
                return path.stat().st_size
        except FileNotFoundError:
            pass
        raise NotFoundInStorage(key)

    def exists(self, key: str) -> bool:
        """Tell whether the file exists."""
        return self._path(key).is_file()

    def delete(self, key: str) -> None:
        """Remove the file if it is there."""
        path = self._path(key)
        try:
            os.unlink(path)
        except FileNotFoundError:
            pass
        except OSError as exc:
            raise StorageError(f"local storage at {self.root} cannot delete {key}: {exc}") from exc

    def url_for_download(
        self, key: str, filename: str, expires: int = 300, *, content_type: str | None = None
    ) -> str | None:
        """Always ``None``: the application streams local files itself."""
        return None

    def health(self) -> dict[str, Any]:
        """Make sure the root folder exists and is writable; report its free space."""
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            with tempfile.TemporaryFile(prefix=TEMP_PREFIX, dir=self.root):
                pass
            usage = shutil.disk_usage(self.root)
        except OSError as exc:
            raise StorageError(f"local storage at {self.root} is not usable: {exc}") from exc
        return {"backend": self.name, "root": str(self.root), "free_bytes": usage.free}

    def remove_stale_temp_files(self, older_than: float = 86400) -> int:
        """Delete temporary files left by a crashed process; return how many were removed.

        A put that is killed outright (power loss, ``kill -9``) cannot clean up after itself;
        run this now and then (for example from a periodic CLI job).
        """
        removed = 0
        cutoff = time.time() - older_than
        for tmp in self.root.rglob(f"{TEMP_PREFIX}*"):
            with contextlib.suppress(FileNotFoundError):
                if tmp.stat().st_mtime < cutoff:
                    tmp.unlink()
                    removed += 1
        return removed


def _fsync_dir(path: Path) -> None:
    """Persist a rename: fsync the directory that holds the new entry (POSIX only)."""
    if os.name != "posix":
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
