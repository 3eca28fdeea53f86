"""Fixtures for resources' files: every test runs on the local folder and on S3 (moto).

``backend`` parametrizes the app's storage: ``local`` (a folder in the test's instance) and
``s3`` (a fresh bucket on the S3 API server the test command starts, ``TEPIAN_TEST_S3_ENDPOINT``;
skipped without it). With the database matrix of ``tests/conftest.py`` each test runs four
ways.
"""

from __future__ import annotations

import io
import os
import uuid
from collections.abc import Callable, Iterator

import pytest

from tests.conftest import require_service
from tests.factories import Api


@pytest.fixture
def s3_settings(request, monkeypatch: pytest.MonkeyPatch) -> Iterator[dict]:
    """A new bucket on the test S3 server, emptied and removed afterwards."""
    import boto3

    endpoint = require_service("s3")
    for name, value in [
        ("AWS_ACCESS_KEY_ID", "testing"),
        ("AWS_SECRET_ACCESS_KEY", "testing"),
        ("AWS_DEFAULT_REGION", "us-east-1"),
    ]:
        if name not in os.environ:
            monkeypatch.setenv(name, value)
    monkeypatch.setenv("AWS_ENDPOINT_URL", endpoint)
    bucket = f"tepian-files-{uuid.uuid4().hex[:12]}"
    client = boto3.client("s3", endpoint_url=endpoint)
    client.create_bucket(Bucket=bucket)
    yield {"STORAGE_URL": f"s3://{bucket}/berkas", "bucket": bucket, "client": client}
    for upload in client.list_multipart_uploads(Bucket=bucket).get("Uploads", []):
        client.abort_multipart_upload(Bucket=bucket, Key=upload["Key"], UploadId=upload["UploadId"])
    for page in client.get_paginator("list_objects_v2").paginate(Bucket=bucket):
        for obj in page.get("Contents", []):
            client.delete_object(Bucket=bucket, Key=obj["Key"])
    client.delete_bucket(Bucket=bucket)


@pytest.fixture(params=["local", pytest.param("s3", marks=pytest.mark.s3)])
def backend(request) -> str:
    return request.param


@pytest.fixture
def app_config(backend, request, tmp_path) -> dict:
    """Settings that differ per backend; tests may change them before ``app`` is built."""
    config: dict = {"MAX_UPLOAD_BYTES": 2 * 1024 * 1024}
    if backend == "s3":
        s3 = request.getfixturevalue("s3_settings")
        config["STORAGE_URL"] = s3["STORAGE_URL"]
        config["_s3"] = s3
    return config


@pytest.fixture
def storage(app):
    return app.extensions["tepian.storage"]


@pytest.fixture
def stored_objects(app, app_config) -> Callable[[], list[str]]:
    """Everything in storage: objects, temporary files and unfinished multipart uploads."""

    def find() -> list[str]:
        s3 = app_config.get("_s3")
        if s3 is None:
            root = app.extensions["tepian.storage"].root
            return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())
        client, bucket = s3["client"], s3["bucket"]
        found = [o["Key"] for o in client.list_objects_v2(Bucket=bucket).get("Contents", [])]
        uploads = client.list_multipart_uploads(Bucket=bucket).get("Uploads", [])
        return sorted(found + [f"unfinished upload of {u['Key']}" for u in uploads])

    return find


@pytest.fixture
def steward(api: Api) -> dict:
    """An editor of an OPD with one public dataset: ``{"user", "org", "dataset"}``."""
    api.user("petugas")
    org = api.org("dinkes", petugas="editor")
    return {"user": "petugas", "org": org, "dataset": api.dataset(org=org["name"])}


@pytest.fixture
def upload(api: Api):
    """POST an action as multipart, the way ckanapi sends it: fields first, then the file."""

    def send(action: str, fields: dict, content: bytes, filename: str = "data.csv", *, user: str):
        data = {k: str(v) for k, v in fields.items()}
        data["upload"] = (io.BytesIO(content), filename)
        resp = api.client.post(
            f"/api/3/action/{action}",
            data=data,
            headers={"Authorization": api.tokens[user]},
            content_type="multipart/form-data",
        )
        return resp

    return send
