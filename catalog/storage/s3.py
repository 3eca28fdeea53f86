"""Resource files in S3, MinIO or any S3 API, through boto3.

Configured by a URL ``s3://bucket/prefix`` plus the usual ``AWS_*`` variables (credentials,
``AWS_DEFAULT_REGION``, ``AWS_ENDPOINT_URL`` for MinIO and the like)::

    storage = S3Storage.from_url("s3://tepian-files/prod")
    stored = storage.put(object_key(rid, 1), upload, max_size=500 * 1024 * 1024)
    url = storage.url_for_download(stored.key, "penduduk-2024.csv")  # presigned GET

Small files go up in one ``PutObject``; anything larger than one part uses a multipart upload
that is aborted on any error or interruption, so S3 never shows a partial object and keeps no
orphan upload. Network failures become ``StorageError`` quickly: timeouts are short and
retries few, because an upload form should fail in seconds, not minutes.
"""

from __future__ import annotations

import contextlib
import io
import os
from collections.abc import Iterator
from contextlib import AbstractContextManager
from typing import Any, BinaryIO
from urllib.parse import urlsplit

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

from .base import (
    InvalidRange,
    LimitedReader,
    Meter,
    NotFoundInStorage,
    Storage,
    StoredObject,
    check_key,
)
from .files import content_disposition
from .s3_errors import MISSING, error_code, translate_errors

#: Bytes per multipart part (S3 requires at least 5 MiB for all parts but the last).
PART_SIZE = 8 * 1024 * 1024
MIN_PART_SIZE = 5 * 1024 * 1024


class S3Storage(Storage):
    """Objects under ``prefix/`` in one bucket.

    ``endpoint_url`` defaults to ``AWS_ENDPOINT_URL_S3`` or ``AWS_ENDPOINT_URL``; with one set,
    path-style addressing is used, which MinIO and most S3 look-alikes need. ``public_endpoint_url``
    signs download URLs for a different host than the one the server talks to, for when the
    application reaches MinIO on an internal address. ``create_bucket=True`` creates a missing
    bucket at start-up (development and tests); otherwise the bucket must exist.
    """

    name = "s3"

    def __init__(
        self,
        bucket: str,
        prefix: str = "",
        *,
        endpoint_url: str | None = None,
        public_endpoint_url: str | None = None,
        region: str | None = None,
        create_bucket: bool = False,
        part_size: int = PART_SIZE,
        connect_timeout: float = 5,
        read_timeout: float = 60,
        max_attempts: int = 3,
    ) -> None:
        # boto3 reads AWS_ENDPOINT_URL itself, but we need to know whether one is set.
        endpoint_url = endpoint_url or os.environ.get("AWS_ENDPOINT_URL_S3")
        endpoint_url = endpoint_url or os.environ.get("AWS_ENDPOINT_URL")
        if part_size < MIN_PART_SIZE:
            raise ValueError(f"part_size must be at least {MIN_PART_SIZE} bytes")
        self.bucket = bucket
        self.prefix = prefix.strip("/")
        self.part_size = part_size
        config = Config(
            connect_timeout=connect_timeout,
            read_timeout=read_timeout,
            retries={"max_attempts": max_attempts, "mode": "standard"},
            signature_version="s3v4",
            s3={"addressing_style": "path" if endpoint_url or public_endpoint_url else "auto"},
        )
        session = boto3.session.Session(region_name=region)
        self.client = session.client("s3", endpoint_url=endpoint_url, config=config)
        self._signer = self.client
        if public_endpoint_url:
            self._signer = session.client("s3", endpoint_url=public_endpoint_url, config=config)
        self.endpoint = self.client.meta.endpoint_url
        if create_bucket:
            self.ensure_bucket()

    @classmethod
    def from_url(cls, url: str, **options: Any) -> S3Storage:
        """Build from ``s3://bucket[/prefix]``; keyword options go to the constructor."""
        parts = urlsplit(url)
        if parts.scheme != "s3" or not parts.netloc:
            raise ValueError(f"not an S3 storage URL (expected s3://bucket/prefix): {url!r}")
        return cls(parts.netloc, parts.path, **options)

    # -- helpers -----------------------------------------------------------------------------

    def _key(self, key: str) -> str:
        check_key(key)
        return f"{self.prefix}/{key}" if self.prefix else key

    def _errors(self, action: str, key: str | None = None) -> AbstractContextManager[None]:
        return translate_errors(action, key, endpoint=self.endpoint, bucket=self.bucket)

    def ensure_bucket(self) -> None:
        """Create the bucket if it does not exist yet."""
        with self._errors("check the bucket"):
            try:
                self.client.head_bucket(Bucket=self.bucket)
                return
            except ClientError as exc:
                if error_code(exc) not in MISSING | {"NoSuchBucket"}:
                    raise
            region = self.client.meta.region_name
            extra: dict[str, Any] = {}
            if region and region != "us-east-1":
                extra["CreateBucketConfiguration"] = {"LocationConstraint": region}
            try:
                self.client.create_bucket(Bucket=self.bucket, **extra)
            except ClientError as exc:  # another process created it meanwhile
                if error_code(exc) != "BucketAlreadyOwnedByYou":
                    raise

    # -- writing -----------------------------------------------------------------------------

    def put(
        self, key: str, stream: BinaryIO, *, max_size: int, content_type: str | None = None
    ) -> StoredObject:
        """Upload ``stream``: one request when it fits in a part, else a multipart upload."""
        s3_key = self._key(key)
        meter = Meter(stream, max_size=max_size)
        chunks = meter.chunks()
        extra = {"ContentType": content_type} if content_type else {}
        first = _take(chunks, self.part_size)
        if len(first) < self.part_size:  # the whole file fits in one request
            with self._errors("store the file", key):
                self.client.put_object(Bucket=self.bucket, Key=s3_key, Body=first, **extra)
            return meter.result(key, content_type)
        with self._errors("start an upload", key):
            upload_id = self.client.create_multipart_upload(
                Bucket=self.bucket, Key=s3_key, **extra
            )["UploadId"]
        try:
            parts: list[dict[str, Any]] = []
            part = first
            while part:
                with self._errors("upload a part", key):
                    response = self.client.upload_part(
                        Bucket=self.bucket,
                        Key=s3_key,
                        UploadId=upload_id,
                        PartNumber=len(parts) + 1,
                        Body=part,
                    )
                parts.append({"PartNumber": len(parts) + 1, "ETag": response["ETag"]})
                del part  # let the previous buffer go before filling the next one
                part = _take(chunks, self.part_size)
            with self._errors("complete the upload", key):
                self.client.complete_multipart_upload(
                    Bucket=self.bucket,
                    Key=s3_key,
                    UploadId=upload_id,
                    MultipartUpload={"Parts": parts},
                )
        except BaseException:
            # TooLarge, the caller's stream failing, a lost connection, a KeyboardInterrupt:
            # abort so S3 keeps no invisible, billable parts. If even the abort fails, a
            # bucket lifecycle rule (AbortIncompleteMultipartUpload) or
            # ``abort_stale_uploads`` cleans up later.
            with contextlib.suppress(Exception):
                self.client.abort_multipart_upload(
                    Bucket=self.bucket, Key=s3_key, UploadId=upload_id
                )
            raise
        return meter.result(key, content_type)

    def abort_stale_uploads(self) -> int:
        """Abort every unfinished multipart upload under the prefix; return how many.

        Only safe when no upload is in progress (e.g. at start-up), or use a bucket
        lifecycle rule instead.
        """
        aborted = 0
        prefix = f"{self.prefix}/" if self.prefix else ""
        with self._errors("list unfinished uploads"):
            pages = self.client.get_paginator("list_multipart_uploads")
            for page in pages.paginate(Bucket=self.bucket, Prefix=prefix):
                for upload in page.get("Uploads", []):
                    self.client.abort_multipart_upload(
                        Bucket=self.bucket, Key=upload["Key"], UploadId=upload["UploadId"]
                    )
                    aborted += 1
        return aborted

    def delete(self, key: str) -> None:
        """Delete the object (S3 already treats deleting a missing key as success)."""
        with self._errors("delete a file", key):
            self.client.delete_object(Bucket=self.bucket, Key=self._key(key))

    # -- reading -----------------------------------------------------------------------------

    def open(self, key: str) -> BinaryIO:
        """Stream the object's body."""
        with self._errors("read a file", key):
            response = self.client.get_object(Bucket=self.bucket, Key=self._key(key))
        return self._reader(response, key)

    def open_range(self, key: str, start: int, end: int | None) -> BinaryIO:
        """Stream bytes ``start``..``end`` (inclusive) with an HTTP Range request."""
        if start < 0 or (end is not None and end < start):
            raise InvalidRange(f"invalid byte range {start}-{end}")
        # S3 clamps an end past the object and answers 416 InvalidRange for a start past it.
        with self._errors("read a file", key):
            response = self.client.get_object(
                Bucket=self.bucket,
                Key=self._key(key),
                Range=f"bytes={start}-{'' if end is None else end}",
            )
        return self._reader(response, key)

    def _reader(self, response: dict[str, Any], key: str) -> BinaryIO:
        raw = _BodyReader(response["Body"], response["ContentLength"], self, key)
        return io.BufferedReader(raw, buffer_size=256 * 1024)

    def size(self, key: str) -> int:
        """Return the object's size from a HEAD request."""
        with self._errors("look up a file", key):
            return int(
                self.client.head_object(Bucket=self.bucket, Key=self._key(key))["ContentLength"]
            )

    def exists(self, key: str) -> bool:
        """Tell whether the object exists (a HEAD request)."""
        try:
            self.size(key)
        except NotFoundInStorage:
            return False
        return True

    def url_for_download(
        self, key: str, filename: str, expires: int = 300, *, content_type: str | None = None
    ) -> str | None:
        """Presign a GET that answers with ``Content-Disposition: attachment; filename=...``.

        No request is made: the URL is signed locally and is valid for ``expires`` seconds.
        ``content_type`` overrides the stored Content-Type in the response.
        """
        params = {
            "Bucket": self.bucket,
            "Key": self._key(key),
            "ResponseContentDisposition": content_disposition(filename),
        }
        if content_type:
            params["ResponseContentType"] = content_type
        with self._errors("sign a download URL", key):
            url: str = self._signer.generate_presigned_url(
                "get_object", Params=params, ExpiresIn=expires
            )
        return url

    def health(self) -> dict[str, Any]:
        """HEAD the bucket; raise ``StorageError`` with the reason when that fails."""
        with self._errors("check the bucket"):
            self.client.head_bucket(Bucket=self.bucket)
        return {
            "backend": self.name,
            "endpoint": self.endpoint,
            "bucket": self.bucket,
            "prefix": self.prefix,
        }


class _BodyReader(LimitedReader):
    """A botocore body as a raw stream, whose network errors become ``StorageError``."""

    def __init__(self, body: Any, length: int, storage: S3Storage, key: str) -> None:
        super().__init__(body, length)
        self._storage = storage
        self._key = key

    def readinto(self, buffer: Any) -> int:
        with self._storage._errors("read a file", self._key):
            return super().readinto(buffer)


def _take(chunks: Iterator[bytes], size: int) -> bytearray:
    """Collect chunks until ``size`` bytes (or the end of the stream) into one buffer."""
    buffer = bytearray()
    for chunk in chunks:
        buffer += chunk
        if len(buffer) >= size:
            break
    return buffer
