"""What only the S3 backend does: multipart uploads, presigned downloads, buckets, prefixes."""

from __future__ import annotations

import io
import uuid

import pytest
import requests

from catalog.storage import StorageError, content_disposition, make_storage, object_key
from catalog.storage.s3 import MIN_PART_SIZE, S3Storage

pytestmark = pytest.mark.s3

MiB = 1024 * 1024
KEY = object_key("9c0ffee0-1234-4abc-8def-000000000001", 1)


def etag(storage: S3Storage, key: str) -> str:
    return storage.client.head_object(Bucket=storage.bucket, Key=f"files/{key}")["ETag"]


def test_file_larger_than_a_part_goes_up_in_parts(storage: S3Storage) -> None:
    storage.put(KEY, io.BytesIO(b"a" * (2 * MIN_PART_SIZE + 10)), max_size=100 * MiB)
    assert etag(storage, KEY).strip('"').endswith("-3")  # S3's mark of a 3-part upload


def test_small_file_goes_up_in_one_request(storage: S3Storage) -> None:
    storage.put(KEY, io.BytesIO(b"kecamatan,jumlah\n"), max_size=MiB)
    assert "-" not in etag(storage, KEY)


def test_content_type_is_stored_with_object(storage: S3Storage) -> None:
    storage.put(KEY, io.BytesIO(b"a,b\n"), max_size=MiB, content_type="text/csv")
    head = storage.client.head_object(Bucket=storage.bucket, Key=f"files/{KEY}")
    assert head["ContentType"] == "text/csv"


@pytest.mark.parametrize(
    "filename", ["laporan.csv", "Penduduk – Samarinda 2024.csv", 'data "kutip";100%.csv']
)
def test_presigned_url_downloads_bytes_as_attachment(storage: S3Storage, filename: str) -> None:
    data = b"kode,nama\n6472,Samarinda\n"
    storage.put(KEY, io.BytesIO(data), max_size=MiB, content_type="text/html")
    url = storage.url_for_download(KEY, filename, expires=60)
    assert url is not None
    response = requests.get(url, timeout=10)
    assert response.status_code == 200
    assert response.content == data
    assert response.headers["Content-Disposition"] == content_disposition(filename)
    assert response.headers["Content-Disposition"].startswith("attachment;")


def test_presigned_url_can_override_content_type(storage: S3Storage) -> None:
    storage.put(KEY, io.BytesIO(b"<svg/>"), max_size=MiB, content_type="image/svg+xml")
    url = storage.url_for_download(KEY, "peta.svg", content_type="application/octet-stream")
    response = requests.get(url or "", timeout=10)
    assert response.headers["Content-Type"] == "application/octet-stream"


def test_prefixes_keep_objects_apart(storage: S3Storage, s3_env: str) -> None:
    other = S3Storage(storage.bucket, "other", endpoint_url=s3_env)
    storage.put(KEY, io.BytesIO(b"x"), max_size=10)
    assert not other.exists(KEY)
    keys = storage.client.list_objects_v2(Bucket=storage.bucket)["Contents"]
    assert [k["Key"] for k in keys] == [f"files/{KEY}"]


def test_missing_bucket_is_storage_error(s3_env: str) -> None:
    store = S3Storage(f"tepian-missing-{uuid.uuid4().hex[:8]}", endpoint_url=s3_env)
    with pytest.raises(StorageError, match="does not exist"):
        store.health()
    with pytest.raises(StorageError, match="does not exist"):
        store.put(KEY, io.BytesIO(b"x"), max_size=10)


def test_ensure_bucket_is_idempotent(storage: S3Storage) -> None:
    storage.ensure_bucket()
    storage.ensure_bucket()
    assert storage.health()["bucket"] == storage.bucket


def test_abort_stale_uploads_removes_unfinished_uploads(storage: S3Storage) -> None:
    storage.client.create_multipart_upload(Bucket=storage.bucket, Key=f"files/{KEY}")
    assert storage.abort_stale_uploads() == 1
    assert storage.client.list_multipart_uploads(Bucket=storage.bucket).get("Uploads", []) == []


def test_make_storage_builds_s3_from_url(s3_env: str, tmp_path: object) -> None:
    bucket = f"tepian-url-{uuid.uuid4().hex[:8]}"
    store = make_storage(
        f"s3://{bucket}/prod", str(tmp_path), endpoint_url=s3_env, create_bucket=True
    )
    assert isinstance(store, S3Storage)
    store.put(KEY, io.BytesIO(b"x"), max_size=10)
    assert store.client.head_object(Bucket=bucket, Key=f"prod/{KEY}")["ContentLength"] == 1
    store.delete(KEY)
    store.client.delete_bucket(Bucket=bucket)
