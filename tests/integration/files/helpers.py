"""Raw multipart bodies and streams for the upload tests (what a client really sends)."""

from __future__ import annotations

import io
from typing import Any

BOUNDARY = "tepianBoundary7MA4YWxkTrZu0gW"


def multipart(
    before: dict[str, str],
    filename: str,
    content: bytes,
    after: dict[str, str] | None = None,
    *,
    field: str = "upload",
    close: bool = True,
) -> bytes:
    """A multipart/form-data body: ``before`` fields, one file, ``after`` fields."""
    out = io.BytesIO()

    def text_part(name: str, value: str) -> None:
        out.write(f"--{BOUNDARY}\r\n".encode())
        out.write(f'Content-Disposition: form-data; name="{name}"\r\n\r\n'.encode())
        out.write(value.encode() + b"\r\n")

    for name, value in before.items():
        text_part(name, value)
    out.write(f"--{BOUNDARY}\r\n".encode())
    out.write(f'Content-Disposition: form-data; name="{field}"; filename="{filename}"\r\n'.encode())
    out.write(b"Content-Type: application/octet-stream\r\n\r\n")
    out.write(content + b"\r\n")
    for name, value in (after or {}).items():
        text_part(name, value)
    if close:
        out.write(f"--{BOUNDARY}--\r\n".encode())
    return out.getvalue()


class CountingStream(io.BytesIO):
    """A request body that counts what the server read, and may stop early (a dropped client)."""

    def __init__(self, data: bytes, *, stop_after: int | None = None) -> None:
        super().__init__(data)
        self._stop = stop_after
        self.read_bytes = 0

    def _allowed(self, size: int | None) -> int:
        left = (self._stop if self._stop is not None else len(self.getbuffer())) - self.read_bytes
        return max(0, left if size is None or size < 0 else min(size, left))

    def read(self, size: int | None = -1) -> bytes:
        chunk = super().read(self._allowed(size))
        self.read_bytes += len(chunk)
        return chunk

    def read1(self, size: int | None = -1) -> bytes:
        return self.read(size)

    def readinto(self, buffer: Any) -> int:
        chunk = self.read(len(buffer))
        buffer[: len(chunk)] = chunk
        return len(chunk)

    def readline(self, size: int | None = -1) -> bytes:
        line = super().readline(self._allowed(size))
        self.read_bytes += len(line)
        return line


def post_raw(api: Any, action: str, body: bytes, *, user: str, stream: Any = None, **kw: Any):
    """POST ``body`` (or ``stream`` declared as ``len(body)`` bytes) as multipart."""
    return api.client.post(
        f"/api/3/action/{action}",
        input_stream=stream if stream is not None else io.BytesIO(body),
        content_length=len(body),
        content_type=f"multipart/form-data; boundary={BOUNDARY}",
        headers={"Authorization": api.tokens[user]},
        **kw,
    )
