"""Uploads that go wrong: storage down, a dropped client, a database error after the put."""

from __future__ import annotations

import socket

import pytest

from catalog.storage import LocalStorage
from tests.integration.files.helpers import CountingStream, multipart, post_raw

CSV = b"a,b\n1,2\n"


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def broken_storage(app, backend, tmp_path):
    """Replace the app's storage with one of the same kind that cannot be reached."""
    if backend == "local":
        blocker = tmp_path / "not-a-folder"
        blocker.write_text("a file where the storage folder should be")
        broken = LocalStorage(blocker / "storage")
    else:
        from catalog.storage.s3 import S3Storage

        broken = S3Storage(
            "tepian", "x", endpoint_url=f"http://127.0.0.1:{_closed_port()}", max_attempts=1
        )
    app.extensions["tepian.storage"] = broken
    return broken


def test_storage_down_gives_a_clear_error_and_no_resource(api, steward, upload, broken_storage):
    resp = upload("resource_create", {"package_id": steward["dataset"]["id"]}, CSV, user="petugas")
    assert resp.status_code == 409
    error = resp.get_json()["error"]
    assert error["message"] == "File storage is not available"
    assert "nothing was saved" in error["upload"][0]
    assert api.ok("package_show", {"id": steward["dataset"]["id"]})["num_resources"] == 0


def test_interrupted_upload_leaves_no_object_and_no_resource(
    api, steward, app, stored_objects, backend
):
    # Large enough for a multipart upload on S3 (parts of 8 MiB), so an abort is exercised.
    app.config["MAX_UPLOAD_BYTES"] = 64 * 1024**2
    body = multipart({"package_id": steward["dataset"]["id"]}, "a.csv", b"1,2\n" * (3 * 1024**2))
    stream = CountingStream(body, stop_after=len(body) - 4096)
    resp = post_raw(api, "resource_create", body, user="petugas", stream=stream)
    assert resp.status_code in (400, 409)
    assert stream.read_bytes == len(body) - 4096
    assert stored_objects() == []
    assert api.ok("package_show", {"id": steward["dataset"]["id"]})["num_resources"] == 0


def test_truncated_body_is_refused_naming_the_upload(api, steward, stored_objects):
    body = multipart({"package_id": steward["dataset"]["id"]}, "a.csv", CSV * 1000, close=False)
    resp = post_raw(api, "resource_create", body, user="petugas")
    assert resp.status_code == 409
    assert "interrupted" in resp.get_json()["error"]["upload"][0]
    assert stored_objects() == []


def test_database_error_after_the_put_removes_the_object(
    api, steward, upload, stored_objects, monkeypatch
):
    from catalog.services import resources

    def fail(*_args, **_kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(resources, "_touch", fail)
    resp = upload("resource_create", {"package_id": steward["dataset"]["id"]}, CSV, user="petugas")
    assert resp.status_code == 500
    assert resp.get_json()["error"]["__type"] == "Internal Error"
    assert stored_objects() == []
    monkeypatch.undo()
    assert api.ok("package_show", {"id": steward["dataset"]["id"]})["num_resources"] == 0


def test_failed_replacement_keeps_the_old_file(api, steward, upload, stored_objects, app):
    first = upload(
        "resource_create", {"package_id": steward["dataset"]["id"]}, CSV, user="petugas"
    ).get_json()["result"]
    before = stored_objects()
    resp = upload("resource_update", {"id": first["id"]}, b"", user="petugas")
    assert resp.status_code == 409
    assert stored_objects() == before
    shown = api.ok("resource_show", {"id": first["id"]})
    assert shown["hash"] == first["hash"]
    got = api.client.get(first["url"].replace("http://tepian.test", ""))
    assert got.status_code in (200, 302)
