"""Stream a generated file through a storage backend and report throughput and peak memory.

The file is produced on the fly, so the process never holds it; if ``put`` or ``open`` read
whole files into memory, the peak RSS would grow with ``--size-mb``. Run it with different
sizes and compare the "peak RSS" lines::

    python bench/storage_bench.py --size-mb 1024                       # local, temp folder
    python bench/storage_bench.py --url s3://tepian-bench/run --create-bucket --size-mb 256
        # with AWS_ENDPOINT_URL (MinIO, moto) and AWS_* credentials in the environment

The RSS figures come from ``resource.getrusage`` (Linux reports KiB).
"""

from __future__ import annotations

import argparse
import hashlib
import io
import os
import random
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import BinaryIO, cast

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from catalog.storage import Storage, make_storage, object_key  # noqa: E402

MiB = 1024 * 1024


class GeneratedFile(io.RawIOBase):
    """``size`` bytes repeated from a random block, produced as they are read."""

    def __init__(self, size: int) -> None:
        super().__init__()
        self.size, self.position = size, 0
        self.block = memoryview(random.Random(42).randbytes(MiB + 7))

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        want, done = min(len(buffer), self.size - self.position), 0
        while done < want:
            offset = (self.position + done) % len(self.block)
            take = min(want - done, len(self.block) - offset)
            buffer[done : done + take] = self.block[offset : offset + take]
            done += take
        self.position += want
        return want


def peak_rss_mib() -> float:
    """The process's peak resident set size so far, in MiB."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1024 if sys.platform != "darwin" else peak / MiB


def run(storage: Storage, size: int) -> None:
    key = object_key("bench000-0000-4000-8000-000000000000", int(time.time()))
    print(
        f"backend {storage.name}, {size / MiB:.0f} MiB, peak RSS before: {peak_rss_mib():.1f} MiB"
    )

    started = time.perf_counter()
    stream = cast(BinaryIO, GeneratedFile(size))
    stored = storage.put(key, stream, max_size=size, content_type="text/plain")
    put_seconds = time.perf_counter() - started
    print(f"put:  {put_seconds:7.2f} s  {size / MiB / put_seconds:8.1f} MiB/s")

    started = time.perf_counter()
    digest = hashlib.sha256()
    with storage.open(key) as f:
        while chunk := f.read(MiB):
            digest.update(chunk)
    open_seconds = time.perf_counter() - started
    print(f"open: {open_seconds:7.2f} s  {size / MiB / open_seconds:8.1f} MiB/s (read + sha256)")

    assert digest.hexdigest() == stored.sha256, "read back different bytes"
    storage.delete(key)
    print(f"checksum ok; peak RSS after: {peak_rss_mib():.1f} MiB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size-mb", type=int, default=1024, help="file size in MiB (1024)")
    parser.add_argument(
        "--url",
        default=os.environ.get("TEPIAN_STORAGE_URL"),
        help="TEPIAN_STORAGE_URL form; default: a local temporary folder",
    )
    parser.add_argument("--create-bucket", action="store_true", help="S3: create the bucket")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="tepian-bench-") as instance:
        options = {"create_bucket": True} if args.create_bucket else {}
        storage = make_storage(args.url, instance, **options)
        run(storage, args.size_mb * MiB)


if __name__ == "__main__":
    main()
