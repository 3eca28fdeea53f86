"""Column types and statistics for table previews.

Each column gets the most specific type that every non-empty value fits, tried in this
order: ``boolean``, ``integer``, ``decimal``, ``date``, ``text``. Numbers are read in both
the Indonesian style (``1.234.567``, ``1.234,5``) and the English style (``1,234,567``,
``1,234.5``); the style that reads every value of a column wins, and a column that reads
both ways (``1.234``, ``2.500``) is taken as Indonesian thousands, since that is what an
OPD's spreadsheet most likely means. Codes with a leading zero (``0812...``, ``01``) stay
text, as do values such as ``64.72.01``::

    >>> describe_column(["1.234,5", "2.000", ""])["type"]
    'decimal'
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

_ID_NUMBER = re.compile(r"[+-]?(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d+)?")
_EN_NUMBER = re.compile(r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")
_LEADING_ZERO = re.compile(r"[+-]?0\d")
_TRUE = {"true", "ya", "yes", "benar", "y"}
_FALSE = {"false", "tidak", "no", "salah", "n"}
_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%Y/%m/%d")
#: Distinct values are counted up to this many, then reported as "at least".
MAX_DISTINCT = 10_000


def _number(value: str, style: str) -> Decimal | None:
    text = value.strip().replace(" ", "")
    if _LEADING_ZERO.match(text):
        return None
    if style == "id":
        if not _ID_NUMBER.fullmatch(text):
            return None
        text = text.replace(".", "").replace(",", ".")
    else:
        if not _EN_NUMBER.fullmatch(text):
            return None
        text = text.replace(",", "")
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def _date(value: str) -> date | None:
    text = value.strip()
    if len(text) > 19:
        return None
    if "T" in text or (len(text) > 10 and ":" in text):
        try:
            return datetime.fromisoformat(text).date()
        except ValueError:
            return None
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def as_text(value: Any) -> str:
    """A cell as text (spreadsheet numbers without a spurious ``.0``, dates as ISO)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return (
            value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
        )
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _numbers(values: list[str]) -> tuple[str, list[Decimal]] | None:
    for style, decimal_mark in (("id", ","), ("en", ".")):
        parsed = [_number(v, style) for v in values]
        if all(p is not None for p in parsed):
            integer = not any(decimal_mark in v for v in values)
            return ("integer" if integer else "decimal"), [p for p in parsed if p is not None]
    return None


def _plain(number: Decimal) -> int | float:
    return int(number) if number == number.to_integral_value() else float(number)


def describe_column(values: list[str]) -> dict[str, Any]:
    """Detect the type of a column of text cells and compute its basic statistics."""
    filled = [v for v in values if v is not None and str(v).strip() != ""]
    stats: dict[str, Any] = {"count": len(filled), "empty": len(values) - len(filled)}
    if not filled:
        return {"type": "text", **stats, "distinct": 0}
    lowered = {v.strip().lower() for v in filled}
    if lowered <= _TRUE | _FALSE and len(lowered) <= 2 and not lowered <= {"y", "n"}:
        return {"type": "boolean", **stats, "distinct": len(lowered)}
    numeric = _numbers(filled)
    if numeric is not None:
        kind, numbers = numeric
        total = sum(numbers, Decimal(0))
        return {
            "type": kind,
            **stats,
            "min": _plain(min(numbers)),
            "max": _plain(max(numbers)),
            "mean": float(total / len(numbers)),
        }
    dates = [_date(v) for v in filled]
    if all(d is not None for d in dates):
        known = [d for d in dates if d is not None]
        return {
            "type": "date",
            **stats,
            "min": min(known).isoformat(),
            "max": max(known).isoformat(),
        }
    distinct = len(set(filled[: MAX_DISTINCT * 10]))
    return {"type": "text", **stats, "distinct": min(distinct, MAX_DISTINCT)}
