"""What a botocore failure means for Tepian: this package's errors, with actionable messages.

The S3 backend wraps every call in ``translate_errors``, so callers only ever see
``NotFoundInStorage``, ``InvalidRange`` or ``StorageError``, never a botocore exception::

    with translate_errors("read a file", key, endpoint=endpoint, bucket=bucket):
        client.get_object(Bucket=bucket, Key=key)
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from botocore.exceptions import BotoCoreError, ClientError, HTTPClientError, NoCredentialsError
from botocore.exceptions import ConnectionError as S3ConnectionError

from .base import InvalidRange, NotFoundInStorage, StorageError

MISSING = {"404", "NoSuchKey", "NotFound"}
DENIED = {"403", "AccessDenied", "InvalidAccessKeyId", "SignatureDoesNotMatch"}


def error_code(exc: ClientError) -> str:
    """The S3 error code of a ``ClientError`` (``NoSuchKey``, ``404``, ``AccessDenied``...)."""
    return str(exc.response.get("Error", {}).get("Code", ""))


@contextlib.contextmanager
def translate_errors(action: str, key: str | None, *, endpoint: str, bucket: str) -> Iterator[None]:
    """Re-raise botocore's exceptions as this package's.

    ``action`` completes "failed to ..." in messages; ``key`` is None for bucket-level calls,
    where a 404 means the bucket is missing rather than the object.
    """
    where = f"at {endpoint} (bucket {bucket!r})"
    try:
        yield
    except ClientError as exc:
        code = error_code(exc)
        if key is not None and code in MISSING:
            raise NotFoundInStorage(key) from None
        if code == "InvalidRange":
            raise InvalidRange(f"byte range is outside the object {key!r}") from None
        if code == "NoSuchBucket" or (key is None and code in MISSING):
            raise StorageError(f"S3 bucket {bucket!r} does not exist {where}") from exc
        if code in DENIED:
            raise StorageError(
                f"S3 storage {where} refused access to {action} ({code}): "
                "check AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY and the bucket policy"
            ) from exc
        raise StorageError(f"S3 storage {where} failed to {action}: {exc}") from exc
    except NoCredentialsError as exc:
        raise StorageError(
            "S3 storage has no credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY"
        ) from exc
    except (S3ConnectionError, HTTPClientError) as exc:
        raise StorageError(f"S3 storage is unreachable {where}: {exc}") from exc
    except BotoCoreError as exc:
        raise StorageError(f"S3 storage {where} failed to {action}: {exc}") from exc
