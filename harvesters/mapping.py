"""Shared value mapping for every source type: names, tags, licences, frequencies, dates.

Each function takes whatever a remote system sent (a string, a number, a URL, None) and returns
Tepian's value, or None when it cannot tell. Keeping them here means a CKAN portal, a data.json
file, a DCAT catalog and a spreadsheet all map "CC-BY-4.0" or "R/P1Y" the same way.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from datetime import UTC, date, datetime
from typing import Any

NAME_MAX = 100
TAG_MAX = 100
FREQUENCIES = (
    "harian",
    "mingguan",
    "bulanan",
    "triwulanan",
    "semesteran",
    "tahunan",
    "lima-tahunan",
    "tidak-tentu",
)
KLASIFIKASI = ("terbuka", "terbatas", "tertutup")


def text(value: Any) -> str:
    """Return ``value`` as a trimmed string ('' for None); numbers like 2023.0 become '2023'."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return re.sub(r"\s+", " ", str(value)).strip() if not isinstance(value, str) else value.strip()


def slugify(value: Any, max_length: int = NAME_MAX) -> str:
    """Turn a title into a CKAN name: lowercase ``a-z0-9-_``, at most ``max_length`` characters.

    >>> slugify("Jumlah Penduduk Menurut Kecamatan (Jiwa) Tahun 2023")
    'jumlah-penduduk-menurut-kecamatan-jiwa-tahun-2023'
    """
    ascii_text = unicodedata.normalize("NFKD", text(value)).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9_]+", "-", ascii_text.lower()).strip("-_")
    slug = re.sub(r"-{2,}", "-", slug)
    return slug[:max_length].rstrip("-_")


def package_name(name: Any, title: Any, guid: str) -> str:
    """Pick a package name: the remote name, else a slug of the title, else one from the guid."""
    for candidate in (name, title):
        slug = slugify(candidate)
        if len(slug) >= 2:
            return slug
    return "dataset-" + hashlib.sha1(guid.encode("utf-8")).hexdigest()[:12]


def split_list(value: Any) -> list[str]:
    """Split 'a, b; c' (or a list) into trimmed, non-empty items."""
    if value is None:
        return []
    items = value if isinstance(value, list | tuple) else re.split(r"[,;\n]+", text(value))
    return [text(item) for item in items if text(item)]


def clean_tags(values: Any) -> list[dict[str, str]]:
    """Clean remote tags into ``[{"name": ...}]``.

    Accepts strings, ``{"name": ...}`` dicts or a comma-separated string. Keeps the remote text
    but trims it, replaces characters CKAN does not allow in tags (only letters, digits, spaces
    and ``-_.``) by spaces, drops empties and one-letter tags, and drops duplicates ignoring case.
    """
    if isinstance(values, str):
        values = split_list(values)
    result: list[dict[str, str]] = []
    seen: set[str] = set()
    for value in values or []:
        raw = value.get("name") or value.get("display_name") if isinstance(value, dict) else value
        tag = re.sub(r"[^\w \-.]+", " ", text(raw))
        tag = re.sub(r"\s+", " ", tag).strip(" -.")[:TAG_MAX].strip()
        if len(tag) >= 2 and tag.casefold() not in seen:
            seen.add(tag.casefold())
            result.append({"name": tag})
    return result


# -- licences ---------------------------------------------------------------------------------

# (pattern searched in a normalised key, licence id); first match wins, so order matters.
_LICENCE_RULES: list[tuple[str, str]] = [
    (r"^(notspecified|not-specified|license-not-specified|unknown-license)$", "notspecified"),
    (r"^other-(open|pd|at|nc|closed)$", "other-\\1"),
    (r"publicdomain/zero|cc0|cc-zero|cczero|cc-0$|cc-pd", "cc-zero"),
    (r"by-nc|cc-nc|non-?commercial", "cc-nc"),
    (r"by-sa|share-?alike", "cc-by-sa"),
    (r"odbl|open-database-licen", "odc-odbl"),
    (r"pddl|public-domain-dedication", "odc-pddl"),
    (r"odc-by|opendatacommons.org/licenses/by|open-data-commons-attribution", "odc-by"),
    (r"creativecommons.org/licenses/by/|^cc-by(-\d.*)?$|attribution|/cc-by(-\d.*)?$", "cc-by"),
    (r"gfdl|gnu-free-documentation", "gfdl"),
    (r"uk-ogl|open-government-licen|nationalarchives.gov.uk/doc/open-government", "uk-ogl"),
    (r"publicdomain|public-domain|other-pd", "other-pd"),
]


def map_license(value: Any) -> str | None:
    """Map a licence id, title or URL to a CKAN licence id, or None if unknown.

    >>> [map_license(v) for v in ("CC-BY-4.0", "https://creativecommons.org/licenses/by/4.0/")]
    ['cc-by', 'cc-by']
    """
    key = text(value).lower()
    if not key:
        return None
    key = re.sub(r"^https?://(www\.)?", "", key).rstrip("/")
    key = re.sub(r"[\s_]+", "-", key)
    if "publications.europa.eu/resource/authority/licence/" in key:
        key = key.rsplit("/", 1)[-1]
    for pattern, licence in _LICENCE_RULES:
        match = re.search(pattern, key)
        if match:
            return match.expand(licence)
    return None


# -- frequencies ------------------------------------------------------------------------------

_FREQUENCY_WORDS = {
    "harian": ["harian", "daily", "day", "continuous", "cont", "update-cont"],
    "mingguan": ["mingguan", "weekly", "week"],
    "bulanan": ["bulanan", "monthly", "month"],
    "triwulanan": ["triwulanan", "quarterly", "triwulan", "kuartalan", "quarter"],
    "semesteran": [
        "semesteran",
        "semester",
        "semiannual",
        "semi-annual",
        "biannual",
        "annual-2",
        "semesterly",
        "six-monthly",
        "half-yearly",
    ],
    "tahunan": ["tahunan", "annual", "annually", "yearly", "year"],
    "lima-tahunan": ["lima-tahunan", "5-tahunan", "quinquennial", "five-yearly", "lustrum"],
    "tidak-tentu": [
        "tidak-tentu",
        "irregular",
        "irreg",
        "as-needed",
        "sewaktu-waktu",
        "insidental",
    ],
}
_FREQUENCY_LOOKUP = {word: code for code, words in _FREQUENCY_WORDS.items() for word in words}
_ISO_UNITS = {
    ("1", "D"): "harian",
    ("7", "D"): "mingguan",
    ("1", "W"): "mingguan",
    ("1", "M"): "bulanan",
    ("3", "M"): "triwulanan",
    ("6", "M"): "semesteran",
    ("1", "Y"): "tahunan",
    ("12", "M"): "tahunan",
    ("5", "Y"): "lima-tahunan",
}


def map_frequency(value: Any) -> str | None:
    """Map a frequency word (Indonesian or English), an ISO 8601 repeat (``R/P1Y``) or an EU /
    Dublin Core frequency URI to a Tepian code such as ``"tahunan"``; None if unknown.
    """
    raw = text(value)
    if not raw:
        return None
    iso = re.fullmatch(r"(?:R\d*/)?P(\d+)([DWMY])", raw.upper())
    if iso:
        return _ISO_UNITS.get((str(int(iso.group(1))), iso.group(2)))
    key = raw.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]
    key = re.sub(r"[\s_]+", "-", key.strip().lower())
    return _FREQUENCY_LOOKUP.get(key)


def map_klasifikasi(value: Any) -> str | None:
    """Map an access level (Terbuka, public, restricted public, NON_PUBLIC ...) to a code."""
    key = re.sub(r"[\s_]+", "-", text(value).rstrip("/").rsplit("/", 1)[-1].lower())
    if key in ("terbuka", "public", "open", "publik", "umum"):
        return "terbuka"
    if key in ("terbatas", "restricted", "restricted-public", "limited"):
        return "terbatas"
    if key in ("tertutup", "non-public", "closed", "private", "rahasia", "dikecualikan"):
        return "tertutup"
    return None


# -- dates ------------------------------------------------------------------------------------


def parse_datetime(value: Any) -> datetime | None:
    """Parse a remote timestamp into an aware UTC datetime; naive stamps are taken as UTC."""
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, date):
        moment = datetime(value.year, value.month, value.day)
    else:
        raw = text(value)
        if not raw:
            return None
        try:
            moment = datetime.fromisoformat(raw.replace("Z", "+00:00").replace(" ", "T", 1))
        except ValueError:
            day = parse_date(raw)
            if day is None:
                return None
            moment = datetime(day.year, day.month, day.day)
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def parse_date(value: Any, *, end: bool = False) -> date | None:
    """Parse an odd remote date: ISO date or datetime, ``2023``, ``2023-05``, ``12/05/2023``.

    Slashed and dotted dates are read day first (the Indonesian habit) unless the first number
    cannot be a day. A bare year or month is its first day, or its last when ``end`` is true.
    """
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    raw = text(value)
    try:
        if m := re.fullmatch(r"(\d{4})", raw):
            return date(int(m[1]), 12, 31) if end else date(int(m[1]), 1, 1)
        if m := re.fullmatch(r"(\d{4})-(\d{1,2})", raw):
            year, month = int(m[1]), int(m[2])
            if not end:
                return date(year, month, 1)
            following = date(year + month // 12, month % 12 + 1, 1)
            return date.fromordinal(following.toordinal() - 1)
        if m := re.match(r"(\d{4})-(\d{2})-(\d{2})", raw):
            return date(int(m[1]), int(m[2]), int(m[3]))
        if m := re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", raw):
            first, second = int(m[1]), int(m[2])
            day, month = (second, first) if second > 12 and first <= 12 else (first, second)
            return date(int(m[3]), month, day)
    except ValueError:
        return None
    return None


def parse_temporal(value: Any) -> tuple[date | None, date | None]:
    """Split an ISO 8601 interval such as ``2019-01-01/2023-12-31`` into start and end dates."""
    raw = text(value)
    if "/" in raw and not re.fullmatch(r"\d{1,2}/\d{1,2}/\d{4}", raw):
        start, _, end = raw.partition("/")
        return parse_date(start), parse_date(end, end=True)
    return parse_date(raw), parse_date(raw, end=True)


def years_label(start: date | None, end: date | None) -> str | None:
    """Return ``tahun`` for a period: ``"2023"`` or ``"2019-2023"``."""
    if start and end and start.year != end.year:
        return f"{start.year}-{end.year}"
    if start or end:
        return str((start or end).year)  # type: ignore[union-attr]
    return None


def iso(value: date | datetime | None) -> str | None:
    """Format a date or datetime as ISO 8601 (UTC datetimes end in ``Z``); None stays None."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return value.isoformat()
