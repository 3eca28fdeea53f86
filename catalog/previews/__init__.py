"""Previews of resource files: pure functions from a byte stream to a small JSON-ready dict.

``make_preview`` reads at most a bounded number of bytes from the stream, never runs or
renders the content, and answers one of these ``kind`` s:

- ``table``: CSV, TSV, XLSX (first sheet), JSON arrays of objects; ``columns`` (name, type,
  statistics) and ``rows``;
- ``geojson``: GeoJSON (also JSON that is GeoJSON); ``feature_count``, ``bbox``, ``features``;
- ``pdf`` / ``image``: PDF; PNG, JPEG, GIF; nothing more, the page shows the file inline;
- ``none``: everything else, or a file that cannot be read; ``reason``.

::

    with storage.open(key) as stream:
        preview = make_preview(stream, format="CSV")
"""

from __future__ import annotations

import json
from typing import Any, BinaryIO

from catalog.previews.geo import geojson_preview, looks_like_geojson
from catalog.previews.tabular import PreviewError, csv_preview, records_preview, xlsx_preview

__all__ = ["PREVIEW_FORMATS", "PreviewError", "make_preview"]

#: Bytes read from a delimited text file (its first rows are enough).
TEXT_BYTES = 5 * 1024 * 1024
#: Bytes an XLSX file may have (a zip must be read entirely; rows are then streamed).
XLSX_BYTES = 20 * 1024 * 1024
#: Bytes a JSON or GeoJSON file may have: parsed whole, it takes about ten times as much memory.
JSON_BYTES = 5 * 1024 * 1024
MAX_ROWS = 100

PREVIEW_FORMATS = {
    "CSV": "table",
    "TSV": "table",
    "XLSX": "table",
    "JSON": "table",
    "GeoJSON": "geojson",
    "PDF": "pdf",
    "PNG": "image",
    "JPEG": "image",
    "GIF": "image",
}


def _read(stream: BinaryIO, limit: int) -> tuple[bytes, bool]:
    """Read up to ``limit`` bytes; tell whether the stream ended within them."""
    parts, size = [], 0
    while size <= limit:
        chunk = stream.read(min(1024 * 1024, limit + 1 - size))
        if not chunk:
            return b"".join(parts), True
        parts.append(chunk)
        size += len(chunk)
    return b"".join(parts)[:limit], False


def none(reason: str) -> dict[str, Any]:
    """The answer when there is nothing to show, with the reason for people."""
    return {"kind": "none", "reason": reason}


def make_preview(stream: BinaryIO, *, format: str, max_rows: int = MAX_ROWS) -> dict[str, Any]:
    """Preview a file of the given CKAN ``format`` (as ``sniff`` detected it)."""
    kind = PREVIEW_FORMATS.get(format)
    if kind is None:
        return none(f"No preview for the format {format or 'unknown'}.")
    if kind in ("pdf", "image"):
        return {"kind": kind}
    try:
        if format in ("CSV", "TSV"):
            data, complete = _read(stream, TEXT_BYTES)
            delimiter = "\t" if format == "TSV" else None
            return csv_preview(data, complete=complete, max_rows=max_rows, delimiter=delimiter)
        limit = XLSX_BYTES if format == "XLSX" else JSON_BYTES
        data, complete = _read(stream, limit)
        if not complete:
            return none(f"The file is too large to preview (over {limit // 1024**2} MiB).")
        if format == "XLSX":
            return xlsx_preview(data, max_rows=max_rows)
        return _json_preview(data, max_rows=max_rows)
    except PreviewError as exc:
        return none(str(exc))


def _json_preview(data: bytes, *, max_rows: int) -> dict[str, Any]:
    try:
        # NaN/Infinity are not JSON: read them as null so a preview is always valid JSON.
        doc = json.loads(data.decode("utf-8-sig"), parse_constant=lambda _name: None)
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise PreviewError("The file is not valid JSON.") from None
    if looks_like_geojson(doc):
        return geojson_preview(doc)
    if isinstance(doc, dict):
        # Common API envelopes: {"data": [...]}, {"result": [...]}, {"records": [...]}.
        for key in ("data", "result", "results", "records", "items"):
            if isinstance(doc.get(key), list):
                doc = doc[key]
                break
    if not isinstance(doc, list):
        raise PreviewError("The JSON is not an array of objects.")
    return records_preview(doc, max_rows=max_rows)
