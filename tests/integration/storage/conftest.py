"""Fixtures for the S3 backend against a real S3 API server (moto's, in the test command).

Each test gets its own bucket, emptied and removed afterwards, so tests cannot see each
other's objects or unfinished uploads.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator

import pytest

from catalog.storage.s3 import MIN_PART_SIZE, S3Storage


@pytest.fixture
def s3_env(s3_endpoint: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """The endpoint, with test credentials unless real ones are already set."""
    for name, value in [
        ("AWS_ACCESS_KEY_ID", "testing"),
        ("AWS_SECRET_ACCESS_KEY", "testing"),
        ("AWS_DEFAULT_REGION", "us-east-1"),
    ]:
        if name not in os.environ:
            monkeypatch.setenv(name, value)
    return s3_endpoint


@pytest.fixture
def storage(s3_env: str) -> Iterator[S3Storage]:
    """An empty S3 storage in a new bucket, with the smallest part size S3 allows."""
    bucket = f"tepian-test-{uuid.uuid4().hex[:12]}"
    store = S3Storage(
        bucket, "files", endpoint_url=s3_env, create_bucket=True, part_size=MIN_PART_SIZE
    )
    yield store
    client = store.client
    for upload in client.list_multipart_uploads(Bucket=bucket).get("Uploads", []):
        client.abort_multipart_upload(Bucket=bucket, Key=upload["Key"], UploadId=upload["UploadId"])
    for page in client.get_paginator("list_objects_v2").paginate(Bucket=bucket):
        for obj in page.get("Contents", []):
            client.delete_object(Bucket=bucket, Key=obj["Key"])
    client.delete_bucket(Bucket=bucket)


@pytest.fixture
def leftovers(storage: S3Storage) -> Callable[[], list[str]]:
    """List multipart uploads that were started and neither completed nor aborted."""

    def find() -> list[str]:
        response = storage.client.list_multipart_uploads(Bucket=storage.bucket)
        return sorted(f"upload of {u['Key']}" for u in response.get("Uploads", []))

    return find


@pytest.fixture
def memory_budget() -> int:
    """An S3 put holds one part being filled and one being sent, plus client overhead."""
    return 4 * MIN_PART_SIZE
