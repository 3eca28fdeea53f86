"""Search documents: the flat fields both backends index, derived from one package dict.

The catalog hands over a package dict exactly as ``package_show`` returns it, plus two computed
fields (``permission_labels`` and ``years``). :func:`prepare` flattens it once, here, so the
embedded and the Elasticsearch/OpenSearch backends index the same values::

    flat = prepare(package)
    flat["tags"]        # ["kesehatan", "puskesmas"]
    flat["res_format"]  # ["CSV", "XLSX"]
    flat["data"]        # the whole package dict, returned by searches as is

Field kinds matter to the query language: *text* fields are analysed (stemmed, folded), every
other field is a *keyword*: matched exactly, facetable and usable in ranges.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

#: Fields that ``q``/``fq`` may address as analysed text. ``text`` means every text column.
TEXT_FIELDS = frozenset({"title", "notes", "res_name", "res_description", "text"})

#: Keyword fields (exact match, facets, ranges). ``extras_<key>`` fields are keywords too.
KEYWORD_FIELDS = frozenset(
    {
        "id", "name", "state", "private", "capacity", "owner_org", "organization",
        "organization_title", "license_id", "tags", "groups", "res_format", "dataset_type",
        "metadata_created", "metadata_modified", "author", "maintainer", "version",
        "produsen_data", "walidata", "frekuensi", "cakupan_wilayah", "kode_wilayah", "satuan",
        "klasifikasi", "permission_labels", "years", "title_string", "num_resources", "num_tags",
    }
)  # fmt: skip

#: Multi-valued keyword fields (lists in the flat document).
MULTI_FIELDS = frozenset({"tags", "groups", "res_format", "permission_labels", "years"})
INT_FIELDS = frozenset({"years", "num_resources", "num_tags"})
DATE_FIELDS = frozenset({"metadata_created", "metadata_modified"})

#: Names CKAN clients (or people) use for the fields above.
FIELD_ALIASES = {
    "tag": "tags",
    "group": "groups",
    "format": "res_format",
    "formats": "res_format",
    "tahun": "years",
    "year": "years",
    "type": "dataset_type",
    "description": "notes",
}

#: The weighted text columns every backend searches, best first: (column, weight).
TEXT_COLUMNS: list[tuple[str, float]] = [
    ("title", 10.0),
    ("tags", 5.0),
    ("organization", 5.0),
    ("notes", 2.0),
    ("res_name", 1.5),
    ("res_description", 1.0),
    ("res_format", 1.0),
    ("other", 1.0),
]

#: Which text columns a text field addresses.
FIELD_COLUMNS = {
    "title": ["title"],
    "notes": ["notes"],
    "res_name": ["res_name"],
    "res_description": ["res_description"],
    "text": [c for c, _ in TEXT_COLUMNS],
}

_SCALARS = (
    "id", "name", "title", "notes", "state", "owner_org", "license_id", "author", "maintainer",
    "version", "produsen_data", "walidata", "frekuensi", "tahun", "cakupan_wilayah",
    "kode_wilayah", "satuan", "klasifikasi", "metadata_created", "metadata_modified",
)  # fmt: skip
_OTHER_TEXT = (
    "produsen_data", "walidata", "cakupan_wilayah", "satuan", "author", "maintainer", "tahun",
)  # fmt: skip
_YEAR = re.compile(r"(?<!\d)(1[89]\d\d|20\d\d|2100)(?!\d)")
_YEAR_RANGE = re.compile(
    r"(?<!\d)(1[89]\d\d|20\d\d)\s*(?:-|–|—|s\.?\s?d\.?|sampai|hingga|to)\s*(1[89]\d\d|20\d\d)(?!\d)",
    re.IGNORECASE,
)
_EXTRA_KEY = re.compile(r"[^a-z0-9_]+")


def resolve_field(name: str) -> str:
    """Map a field name from a query to the flat field it means (aliases applied)."""
    return FIELD_ALIASES.get(name, name)


def is_keyword_field(name: str) -> bool:
    """True for keyword fields, including CKAN's ``extras_<key>`` fields."""
    return name in KEYWORD_FIELDS or name.startswith("extras_")


def parse_years(tahun: Any) -> list[int]:
    """Years covered by a free-text ``tahun`` value.

    >>> parse_years("2019-2023")
    [2019, 2020, 2021, 2022, 2023]
    >>> parse_years("2021, 2022")
    [2021, 2022]
    """
    if tahun is None:
        return []
    text = str(tahun)
    years: set[int] = set()
    for low, high in _YEAR_RANGE.findall(text):
        lo, hi = sorted((int(low), int(high)))
        years.update(range(lo, min(hi, lo + 100) + 1))
    years.update(int(y) for y in _YEAR.findall(text))
    return sorted(years)


def sort_key(title: str) -> str:
    """The ``title_string`` sort key: lower-cased, accents removed, spaces collapsed."""
    folded = unicodedata.normalize("NFKD", title or "")
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    return " ".join(folded.lower().split())


def _names(items: Any, key: str) -> list[str]:
    out: list[str] = []
    for item in items or []:
        value = item.get(key) if isinstance(item, dict) else item
        if value not in (None, "") and str(value) not in out:
            out.append(str(value))
    return out


def prepare(package: dict[str, Any]) -> dict[str, Any]:
    """Flatten a package dict into the search document both backends index.

    The returned dict holds keyword fields (strings, ints, lists of them), the text of every
    weighted column under ``text_<column>``, and the untouched package under ``data``.
    """
    flat: dict[str, Any] = {k: package.get(k) for k in _SCALARS}
    flat["title"] = package.get("title") or package.get("name") or ""
    flat["notes"] = package.get("notes") or ""
    private = bool(package.get("private"))
    flat["private"] = private
    flat["capacity"] = "private" if private else "public"
    flat["state"] = package.get("state") or "active"
    flat["dataset_type"] = package.get("type") or "dataset"
    org = package.get("organization") or {}
    flat["organization"] = org.get("name")
    flat["organization_title"] = org.get("title")
    flat["tags"] = _names(package.get("tags"), "name")
    flat["groups"] = _names(package.get("groups"), "name")
    resources = package.get("resources") or []
    flat["res_format"] = _names(
        [(r.get("format") or "").strip().upper() for r in resources], "format"
    )
    flat["res_name"] = _names(resources, "name")
    flat["res_description"] = _names(resources, "description")
    flat["num_resources"] = len(resources)
    flat["num_tags"] = len(flat["tags"])
    flat["permission_labels"] = list(package.get("permission_labels") or ["public"])
    years = package.get("years")
    flat["years"] = sorted({int(y) for y in years}) if years else parse_years(flat["tahun"])
    flat["title_string"] = sort_key(flat["title"])
    extras_text: list[str] = []
    for extra in package.get("extras") or []:
        key = _EXTRA_KEY.sub("_", str(extra.get("key", "")).lower()).strip("_")
        value = extra.get("value")
        if key and value not in (None, ""):
            flat["extras_" + key] = str(value)
            extras_text.append(str(value))
    group_titles = _names(package.get("groups"), "title")
    other = [str(flat[k]) for k in _OTHER_TEXT if flat.get(k)]
    flat["text_title"] = flat["title"]
    flat["text_tags"] = " . ".join(flat["tags"])
    flat["text_organization"] = " . ".join(str(v) for v in (org.get("title"), org.get("name")) if v)
    flat["text_notes"] = flat["notes"]
    flat["text_res_name"] = " . ".join(flat["res_name"])
    flat["text_res_description"] = " . ".join(flat["res_description"])
    flat["text_res_format"] = " ".join(flat["res_format"])
    flat["text_other"] = " . ".join(other + group_titles + extras_text)
    flat["data"] = package
    return flat


def keyword_values(flat: dict[str, Any]) -> list[tuple[str, Any]]:
    """Every ``(field, value)`` pair of keyword fields in a flat document, lists unrolled."""
    pairs: list[tuple[str, Any]] = []
    for name, value in flat.items():
        if not is_keyword_field(name) or value is None:
            continue
        values = value if isinstance(value, list) else [value]
        for v in values:
            if isinstance(v, bool):
                v = "true" if v else "false"
            if v != "" and (name, v) not in pairs:
                pairs.append((name, v))
    return pairs
