"""The S3 backend's failures that need no server: refused connections, credentials, URLs."""

from __future__ import annotations

import io
import socket
import time
from pathlib import Path

import pytest

from catalog.storage import StorageError, object_key
from catalog.storage.s3 import S3Storage

KEY = object_key("0a1b2c3d-0000-4000-8000-00000000000a", 1)


@pytest.fixture
def aws_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Test credentials, no user config, and no instance-metadata lookups."""
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    monkeypatch.delenv("AWS_ENDPOINT_URL", raising=False)
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    monkeypatch.delenv("AWS_ENDPOINT_URL_S3", raising=False)


@pytest.fixture
def closed_endpoint() -> str:
    """An address on loopback where nothing listens, so connections are refused."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


@pytest.mark.parametrize(
    "call",
    [
        lambda s: s.health(),
        lambda s: s.exists(KEY),
        lambda s: s.size(KEY),
        lambda s: s.open(KEY),
        lambda s: s.delete(KEY),
        lambda s: s.put(KEY, io.BytesIO(b"x"), max_size=10),
    ],
    ids=["health", "exists", "size", "open", "delete", "put"],
)
def test_unreachable_endpoint_is_quick_clear_storage_error(
    aws_env: None, closed_endpoint: str, call
) -> None:
    store = S3Storage("tepian", endpoint_url=closed_endpoint, connect_timeout=1, max_attempts=2)
    started = time.monotonic()
    with pytest.raises(StorageError) as info:
        call(store)
    assert time.monotonic() - started < 5
    message = str(info.value)
    assert "unreachable" in message
    assert closed_endpoint in message
    assert "'tepian'" in message


def test_missing_credentials_say_which_variables_to_set(
    aws_env: None, closed_endpoint: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("AWS_ACCESS_KEY_ID")
    monkeypatch.delenv("AWS_SECRET_ACCESS_KEY")
    store = S3Storage("tepian", endpoint_url=closed_endpoint, max_attempts=1)
    with pytest.raises(StorageError, match="AWS_ACCESS_KEY_ID"):
        store.health()


def test_download_url_is_signed_for_public_endpoint(aws_env: None) -> None:
    store = S3Storage(
        "tepian",
        "files",
        endpoint_url="http://minio.internal:9000",
        public_endpoint_url="https://unduh.example.go.id",
    )
    url = store.url_for_download(KEY, "Data Penduduk.csv", expires=120)
    assert url is not None
    assert url.startswith(f"https://unduh.example.go.id/tepian/files/{KEY}?")
    assert "X-Amz-Expires=120" in url
    assert "response-content-disposition=attachment" in url


def test_endpoint_comes_from_aws_endpoint_url(
    aws_env: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AWS_ENDPOINT_URL", "http://minio.internal:9000")
    store = S3Storage.from_url("s3://tepian/files")
    assert store.endpoint == "http://minio.internal:9000"
    url = store.url_for_download(KEY, "x.csv") or ""
    assert url.startswith(f"http://minio.internal:9000/tepian/files/{KEY}?")  # path style


@pytest.mark.parametrize("url", ["s3://", "http://bucket/prefix", "s3:///prefix"])
def test_malformed_s3_url_is_refused(aws_env: None, url: str) -> None:
    with pytest.raises(ValueError, match="s3://bucket/prefix"):
        S3Storage.from_url(url)


def test_from_url_reads_bucket_and_prefix(aws_env: None) -> None:
    store = S3Storage.from_url("s3://tepian-files/kota/samarinda/")
    assert (store.bucket, store.prefix) == ("tepian-files", "kota/samarinda")


def test_part_size_below_s3_minimum_is_refused(aws_env: None) -> None:
    with pytest.raises(ValueError, match="part_size"):
        S3Storage("tepian", part_size=1024)
