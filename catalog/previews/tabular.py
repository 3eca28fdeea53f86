"""Table previews of CSV/TSV, XLSX and JSON arrays of objects.

Every reader returns the same shape (see :func:`table_result`)::

    {"kind": "table", "columns": [{"name": "Kecamatan", "type": "text", "count": 10, ...}],
     "rows": [["Samarinda Ulu", "1.234"], ...], "rows_scanned": 350, "truncated": False,
     "encoding": "utf-8", "delimiter": ","}

``rows`` holds the first ``max_rows`` rows as text; column statistics cover every row read
(``rows_scanned``), which is bounded by the bytes the caller passed in.
"""

from __future__ import annotations

import csv
import io
import json
import warnings
import zipfile
from typing import Any

from catalog.previews.columns import as_text, describe_column

MAX_COLUMNS = 100
MAX_CELL_CHARS = 500
#: Rows read for statistics, beyond the ones shown.
MAX_SCAN_ROWS = 10_000
#: Largest uncompressed XLSX content accepted (a zip bomb guard).
MAX_XLSX_UNCOMPRESSED = 200 * 1024 * 1024


class PreviewError(ValueError):
    """The content cannot be previewed; the message says why, in words for people."""


def table_result(
    header: list[str], rows: list[list[str]], *, max_rows: int, truncated: bool, **extra: Any
) -> dict[str, Any]:
    """Describe ``rows`` under ``header`` as a table preview."""
    width = min(max([len(header), *(len(r) for r in rows)] or [0]), MAX_COLUMNS)
    names = [(header[i] if i < len(header) else "") or f"kolom_{i + 1}" for i in range(width)]
    padded = [[*(r[:width]), *([""] * (width - len(r)))] for r in rows]
    columns = [
        {"name": name, **describe_column([row[i] for row in padded])}
        for i, name in enumerate(names)
    ]
    shown = [[cell[:MAX_CELL_CHARS] for cell in row] for row in padded[:max_rows]]
    return {
        "kind": "table",
        "columns": columns,
        "rows": shown,
        "rows_scanned": len(padded),
        "truncated": truncated or len(padded) > max_rows,
        **extra,
    }


def decode_text(data: bytes, *, complete: bool) -> tuple[str, str]:
    """Decode ``data`` as UTF-8 (with or without a BOM), else as Windows-1252.

    When ``data`` is only the start of a file (``complete=False``), a character cut in half
    at the end is dropped instead of failing the whole decode.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        if not complete and exc.start >= len(data) - 3:
            return data[: exc.start].decode("utf-8"), "utf-8"
    return data.decode("cp1252", errors="replace"), "cp1252"


def _delimiter(sample: str, hint: str | None) -> str:
    if hint:
        return hint
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t|").delimiter
    except csv.Error:
        first = sample.split("\n", 1)[0]
        counts = {d: first.count(d) for d in ",;\t|"}
        best = max(counts, key=lambda d: counts[d])
        return best if counts[best] else ","


def csv_preview(
    data: bytes, *, complete: bool, max_rows: int, delimiter: str | None = None
) -> dict[str, Any]:
    """Preview delimited text; ``complete=False`` means ``data`` is only the file's start."""
    text, encoding = decode_text(data, complete=complete)
    if not complete and "\n" in text:
        text = text[: text.rindex("\n")]  # the last line may be cut
    if not text.strip():
        raise PreviewError("The file has no rows.")
    sep = _delimiter(text[:20_000], delimiter)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep)
    rows: list[list[str]] = []
    try:
        for row in reader:
            if not any(cell.strip() for cell in row):
                continue
            rows.append(row)
            if len(rows) > MAX_SCAN_ROWS:
                break
    except csv.Error as exc:
        if not rows:
            raise PreviewError(f"The file is not readable as a table: {exc}") from None
    header, body = rows[0], rows[1 : MAX_SCAN_ROWS + 1]
    truncated = not complete or len(rows) > MAX_SCAN_ROWS
    return table_result(
        [h.strip() for h in header],
        body,
        max_rows=max_rows,
        truncated=truncated,
        encoding=encoding,
        delimiter=sep,
    )


def xlsx_preview(data: bytes, *, max_rows: int) -> dict[str, Any]:
    """Preview the first sheet of a whole XLSX file (openpyxl, read-only, values only)."""
    import openpyxl

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            total = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise PreviewError("The file is not a valid XLSX workbook.") from None
    if total > MAX_XLSX_UNCOMPRESSED:
        raise PreviewError("The workbook is too large to preview.")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl warns about styles and extensions
        try:
            book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds for broken files
            raise PreviewError(f"The workbook cannot be read: {type(exc).__name__}") from None
        try:
            sheet = book.worksheets[0]
            rows: list[list[str]] = []
            for values in sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS):
                row = [as_text(v) for v in values]
                while row and row[-1] == "":
                    row.pop()
                if row:
                    rows.append(row)
                if len(rows) > MAX_SCAN_ROWS:
                    break
            title = sheet.title
        finally:
            book.close()
    if not rows:
        raise PreviewError("The first sheet is empty.")
    return table_result(
        rows[0],
        rows[1 : MAX_SCAN_ROWS + 1],
        max_rows=max_rows,
        truncated=len(rows) > MAX_SCAN_ROWS,
        sheet=title,
    )


def records_preview(items: list[Any], *, max_rows: int) -> dict[str, Any]:
    """Preview a JSON array of objects: keys (in first-seen order) become columns."""
    records = [item for item in items[:MAX_SCAN_ROWS] if isinstance(item, dict)]
    if not records or len(records) < len(items[:MAX_SCAN_ROWS]) / 2:
        raise PreviewError("The JSON is not an array of objects.")
    header: list[str] = []
    for record in records:
        for key in record:
            if key not in header and len(header) < MAX_COLUMNS:
                header.append(str(key))
    rows = [[_json_cell(record.get(key)) for key in header] for record in records]
    return table_result(header, rows, max_rows=max_rows, truncated=len(items) > MAX_SCAN_ROWS)


def _json_cell(value: Any) -> str:
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)[:MAX_CELL_CHARS]
    return as_text(value)
