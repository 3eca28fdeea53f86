"""Helpers for the upload and download paths: file names, Content-Disposition, format.

An uploaded file's name is only ever shown to people and offered back as the download name; it
never becomes a storage key or a path. ``safe_filename`` makes it harmless on every operating
system people download to::

    >>> safe_filename("..\\\\..\\\\C:\\\\laporan/Data Penduduk 2024.csv")
    'Data Penduduk 2024.csv'
    >>> safe_filename("CON.txt")
    '_CON.txt'

Format detection (``sniff``) lives in ``sniff.py`` and is re-exported here; ``peek`` reads the
head that ``sniff`` needs from a stream that cannot seek, without losing it for ``put``.
All are pure functions: no storage, no I/O beyond the stream they are given.
"""

from __future__ import annotations

import io
import re
import unicodedata
from typing import Any, BinaryIO
from urllib.parse import quote

from .sniff import SNIFF_BYTES, Sniffed, sniff

__all__ = ["SNIFF_BYTES", "Sniffed", "content_disposition", "peek", "safe_filename", "sniff"]

#: What ``safe_filename`` returns when nothing usable is left of a name.
FALLBACK_NAME = "berkas"
MAX_NAME_LENGTH = 150
_MAX_EXTENSION = 16

_RESERVED = {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"} | {
    f"{dev}{n}" for dev in ("COM", "LPT") for n in "0123456789¹²³"
}
_UNSAFE_CHARS = re.compile(r'[<>:"|?*]')
_SPACES = re.compile(r"\s+")
_SPACE_CATEGORIES = {"Zs", "Zl", "Zp"}
_DOTS = re.compile(r"\.{2,}")


def safe_filename(
    name: str, *, max_length: int = MAX_NAME_LENGTH, fallback: str = FALLBACK_NAME
) -> str:
    """Return ``name`` reduced to a file name that is safe to offer for download.

    It drops any folder part (``/`` and ``\\``), control and invisible formatting characters
    (including right-to-left overrides that disguise ``.exe``), characters Windows forbids,
    runs of dots, leading dots and trailing dots and spaces, and prefixes Windows device
    names (``CON``, ``nul.csv``, ``COM1``, ...) with ``_``. Letters of every script stay. A name
    longer than ``max_length`` characters is shortened, keeping its extension; when nothing is
    left, ``fallback`` ("berkas") is returned.
    """
    name = unicodedata.normalize("NFC", str(name or ""))
    name = "".join(
        " " if c in "\t\n\r\v\f" or unicodedata.category(c) in _SPACE_CATEGORIES else c
        for c in name
        if c in "\t\n\r\v\f" or not unicodedata.category(c).startswith("C")
    )
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = _UNSAFE_CHARS.sub("_", name)
    name = _SPACES.sub(" ", name)
    name = _DOTS.sub(".", name)
    name = name.lstrip(". ").rstrip(". ")
    if not name.strip("._ "):
        return fallback
    if name.split(".", 1)[0].rstrip(" ").upper() in _RESERVED:
        name = f"_{name}"
    return _shorten(name, max_length)


def _shorten(name: str, max_length: int) -> str:
    if len(name) <= max_length:
        return name
    stem, dot, ext = name.rpartition(".")
    if not dot or not stem or len(ext) > _MAX_EXTENSION or len(ext) + 2 > max_length:
        return name[:max_length].rstrip(". ")
    return f"{stem[: max_length - len(ext) - 1].rstrip('. ')}.{ext}"


def content_disposition(filename: str, disposition: str = "attachment") -> str:
    """Build a ``Content-Disposition`` value that carries any Unicode file name (RFC 6266).

    Old clients read the ASCII ``filename=``; current browsers prefer the UTF-8
    ``filename*=``::

        >>> content_disposition("Penduduk – Samarinda.csv")  # doctest: +NORMALIZE_WHITESPACE
        'attachment; filename="Penduduk - Samarinda.csv";
         filename*=UTF-8\\'\\'Penduduk%20%E2%80%93%20Samarinda.csv'
    """
    filename = safe_filename(filename)
    ascii_name = _ascii_fallback(filename)
    value = f'{disposition}; filename="{ascii_name}"'
    if ascii_name != filename:
        value += f"; filename*=UTF-8''{quote(filename, safe='')}"
    return value


def _ascii_fallback(filename: str) -> str:
    replaced = filename.replace("\u2013", "-").replace("\u2014", "-")
    ascii_name = unicodedata.normalize("NFKD", replaced).encode("ascii", "ignore").decode()
    ascii_name = ascii_name.replace("\\", "_").replace('"', "_").replace("%", "_")
    stem, dot, ext = ascii_name.rpartition(".")
    if dot and not stem.strip("._ "):
        return f"{FALLBACK_NAME}.{ext}"
    return ascii_name.strip() or FALLBACK_NAME


def peek(stream: BinaryIO, size: int = SNIFF_BYTES) -> tuple[bytes, BinaryIO]:
    """Read the first ``size`` bytes of a stream that cannot seek, and give them back.

    Returns the head (for ``sniff``) and a stream that yields the head and then the rest, to
    pass to ``Storage.put``::

        head, stream = peek(request.stream)
        found = sniff(head, filename)
        storage.put(key, stream, max_size=limit, content_type=found.mimetype)
    """
    parts, got = [], 0
    while got < size:
        chunk = stream.read(size - got)
        if not chunk:
            break
        parts.append(chunk)
        got += len(chunk)
    head = b"".join(parts)
    return head, _Replay(head, stream)  # type: ignore[return-value]


class _Replay(io.RawIOBase):
    """``head`` followed by whatever is left in ``rest``."""

    def __init__(self, head: bytes, rest: BinaryIO) -> None:
        super().__init__()
        self._head = memoryview(head)
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer).cast("B")
        if self._head:
            n = min(len(view), len(self._head))
            view[:n] = self._head[:n]
            self._head = self._head[n:]
            return n
        data = self._rest.read(len(view))
        view[: len(data)] = data
        return len(data)
