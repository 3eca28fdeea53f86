"""What only the local backend does: its file layout, disk errors, temp files, make_storage."""

from __future__ import annotations

import io
import os
import stat
import time
from pathlib import Path

import pytest

from catalog.storage import StorageError, make_storage, object_key
from catalog.storage.local import TEMP_PREFIX, LocalStorage

KEY = object_key("ab12cd34-0000-4000-8000-000000000000", 3)


def test_object_is_a_readable_file_under_its_key(storage: LocalStorage) -> None:
    storage.put(KEY, io.BytesIO(b"isi"), max_size=10)
    path = storage.root / "resources" / "ab" / "ab12cd34-0000-4000-8000-000000000000" / "3"
    assert path.read_bytes() == b"isi"
    assert stat.S_IMODE(path.stat().st_mode) == 0o644


def test_local_storage_has_no_download_url(storage: LocalStorage) -> None:
    storage.put(KEY, io.BytesIO(b"isi"), max_size=10)
    assert storage.url_for_download(KEY, "isi.txt") is None


def test_health_reports_root_and_free_space(storage: LocalStorage) -> None:
    health = storage.health()
    assert health["root"] == str(storage.root)
    assert health["free_bytes"] > 0


def test_unwritable_root_is_storage_error(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the storage folder should be")
    store = LocalStorage(blocker)
    with pytest.raises(StorageError, match="not-a-folder"):
        store.put(KEY, io.BytesIO(b"x"), max_size=10)
    with pytest.raises(StorageError, match="not usable"):
        store.health()


def test_stale_temp_files_are_removed(storage: LocalStorage) -> None:
    storage.put(KEY, io.BytesIO(b"x"), max_size=10)
    folder = storage.root / "resources" / "ab"
    old, fresh = folder / f"{TEMP_PREFIX}old", folder / f"{TEMP_PREFIX}fresh"
    old.write_bytes(b"partial")
    fresh.write_bytes(b"in progress")
    os.utime(old, (time.time() - 7200, time.time() - 7200))
    assert storage.remove_stale_temp_files(older_than=3600) == 1
    assert not old.exists() and fresh.exists()
    assert storage.exists(KEY)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (None, "instance/storage"),
        ("", "instance/storage"),
        ("berkas", "instance/berkas"),
        ("file:///srv/tepian/files", "/srv/tepian/files"),
    ],
)
def test_make_storage_builds_local_folders(tmp_path: Path, url: str | None, expected: str) -> None:
    store = make_storage(url, str(tmp_path / "instance"))
    assert isinstance(store, LocalStorage)
    assert store.root == (tmp_path / expected if not expected.startswith("/") else Path(expected))


def test_make_storage_refuses_unknown_scheme(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="TEPIAN_STORAGE_URL"):
        make_storage("ftp://files.example.go.id/data", str(tmp_path))
