"""Read a ``multipart/form-data`` body as a stream, so an uploaded file never sits in memory.

Werkzeug's own form parser reads the whole body before the view runs (spooling files to
temporary files). Tepian instead reads the form fields that come *before* the file, hands the
file to the action as a readable stream, and lets the action decide (after checking permission
and the fields) whether to read it at all. The bytes then go straight from the socket to the
storage backend, which hashes and counts them on the way::

    body = MultipartBody(request.stream, boundary, content_length=request.content_length)
    fields, upload = body.read_until_file()      # {"package_id": "...", ...}, Upload | None
    storage.put(key, upload.stream, max_size=limit)
    body.finish()                                # {} unless fields followed the file

This is how ``ckanapi`` and CKAN's JavaScript client send uploads (all fields, then the file
under ``upload``). Fields sent *after* the file are reported by :meth:`MultipartBody.finish`
so the action can refuse them instead of silently ignoring them.

Pure stream handling: no Flask, no storage. Malformed or truncated bodies raise
:class:`catalog.errors.ValidationError` naming ``upload`` (or ``__root__``).
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any, BinaryIO

from werkzeug.sansio.multipart import NEED_DATA, Data, Epilogue, Event, File, MultipartDecoder
from werkzeug.sansio.multipart import Field as FieldEvent

from catalog.errors import ValidationError

#: How much is read from the socket at a time.
READ_SIZE = 64 * 1024
#: Largest total size of the text fields (descriptions can be long, files go elsewhere).
MAX_FIELDS_BYTES = 10 * 1024 * 1024
#: The file field's name, as CKAN and ckanapi use it.
UPLOAD_FIELD = "upload"


def _refuse(message: str, key: str = "__root__") -> ValidationError:
    return ValidationError({key: [message]})


@dataclass
class Upload:
    """A file part being received: its name as sent, its declared type and its byte stream.

    ``remaining`` is how many body bytes were still unread when the file started (the file
    plus the closing boundary), or None without a ``Content-Length``; an action may use it to
    refuse a file that is certainly too large before reading any of it.
    """

    filename: str
    content_type: str
    stream: BinaryIO
    remaining: int | None = None
    body: MultipartBody | None = field(default=None, repr=False)


class MultipartBody:
    """A pull parser over a multipart body (see the module docstring)."""

    def __init__(
        self,
        stream: BinaryIO,
        boundary: str | bytes,
        *,
        content_length: int | None = None,
        max_fields_bytes: int = MAX_FIELDS_BYTES,
    ) -> None:
        if isinstance(boundary, str):
            boundary = boundary.encode("latin-1")
        if not boundary:
            raise _refuse("The multipart body has no boundary.")
        self._stream = stream
        self._decoder = MultipartDecoder(boundary)
        self._content_length = content_length
        self._consumed = 0
        self._eof = False
        self._max_fields = max_fields_bytes
        self._fields_size = 0
        self._in_file = False
        self.finished = False

    # -- the event pump ----------------------------------------------------------------------

    def _next(self) -> Event:
        while True:
            try:
                event = self._decoder.next_event()
            except ValueError as exc:  # the body ended (or broke) in the middle of a part
                raise _refuse(
                    f"The request body ended before the form was complete ({exc}); "
                    "was the upload interrupted?",
                    UPLOAD_FIELD if self._in_file else "__root__",
                ) from None
            if event is not NEED_DATA:
                return event
            chunk = b"" if self._eof else self._stream.read(READ_SIZE)
            if chunk:
                self._consumed += len(chunk)
                self._decoder.receive_data(chunk)
            else:
                self._eof = True
                self._decoder.receive_data(None)

    def _field_value(self, name: str) -> str:
        parts: list[bytes] = []
        while True:
            event = self._next()
            if not isinstance(event, Data):
                raise _refuse("The multipart body is malformed.")
            self._fields_size += len(event.data)
            if self._fields_size > self._max_fields:
                raise _refuse(f"The form fields are larger than {self._max_fields} bytes.")
            parts.append(event.data)
            if not event.more_data:
                break
        try:
            return b"".join(parts).decode("utf-8")
        except UnicodeDecodeError:
            raise _refuse("Must be UTF-8 text.", name) from None

    # -- the public steps --------------------------------------------------------------------

    def read_until_file(self) -> tuple[dict[str, Any], Upload | None]:
        """Read fields up to the first non-empty file; return them and that file (or None).

        A repeated field becomes a list, as it does for a query string. A file input left
        empty by a browser (``filename=""``) is skipped.
        """
        fields: dict[str, Any] = {}
        while True:
            event = self._next()
            if isinstance(event, FieldEvent):
                value = self._field_value(event.name)
                if event.name in fields:
                    previous = fields[event.name]
                    fields[event.name] = (
                        [*previous, value]
                        if isinstance(previous, list)
                        else [
                            previous,
                            value,
                        ]
                    )
                else:
                    fields[event.name] = value
            elif isinstance(event, File):
                if not event.filename:
                    self._skip_part()
                    continue
                if event.name != UPLOAD_FIELD:
                    raise _refuse(
                        f"Send the file in the field {UPLOAD_FIELD!r} (got {event.name!r}).",
                        UPLOAD_FIELD,
                    )
                return fields, self._upload(event)
            elif isinstance(event, Epilogue):
                self.finished = True
                return fields, None
            # a Preamble: nothing to do

    def _skip_part(self) -> None:
        while True:
            event = self._next()
            if not isinstance(event, Data) or not event.more_data:
                return

    def _upload(self, event: File) -> Upload:
        remaining = None
        if self._content_length is not None:
            # Bytes not yet taken from the socket, plus those the decoder holds.
            remaining = self._content_length - self._consumed + len(self._decoder.buffer)
        self._in_file = True
        stream = io.BufferedReader(_FileStream(self), buffer_size=READ_SIZE)
        return Upload(
            filename=event.filename,
            content_type=event.headers.get("Content-Type", "application/octet-stream"),
            stream=stream,  # type: ignore[arg-type]
            remaining=remaining,
            body=self,
        )

    def finish(self) -> dict[str, Any]:
        """Read what follows the file; return any fields found there (they were not used).

        Call it after the file was read to its end. A second file raises ``ValidationError``.
        """
        trailing: dict[str, Any] = {}
        while not self.finished:
            event = self._next()
            if isinstance(event, FieldEvent):
                trailing[event.name] = self._field_value(event.name)
            elif isinstance(event, File):
                raise _refuse("Send only one file per request.", UPLOAD_FIELD)
            elif isinstance(event, Epilogue):
                self.finished = True
        return trailing


class _FileStream(io.RawIOBase):
    """The bytes of the current file part, ending where its boundary starts."""

    def __init__(self, body: MultipartBody) -> None:
        super().__init__()
        self._body = body
        self._pending = memoryview(b"")
        self._done = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer).cast("B")
        while not self._pending and not self._done:
            event = self._body._next()
            if not isinstance(event, Data):
                raise _refuse("The multipart body is malformed.", UPLOAD_FIELD)
            self._pending = memoryview(event.data)
            if not event.more_data:
                self._done = True
                self._body._in_file = False
        n = min(len(view), len(self._pending))
        view[:n] = self._pending[:n]
        self._pending = self._pending[n:]
        return n
