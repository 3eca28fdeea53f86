"""What a valid dataset is: CKAN's package fields plus the Satu Data Indonesia fields.

Unknown top-level keys are ignored, as CKAN's default schema ignores them; server-managed keys
that ``package_show`` returns (``metadata_created``, ``num_resources``, the ``organization``
object ...) are ignored too, so a dumped dataset loads back unchanged.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from marshmallow import (
    EXCLUDE,
    Schema,
    ValidationError,
    fields,
    post_load,
    pre_load,
    validate,
    validates,
)

from catalog.schemas.common import ClientId, Email, ExtraValue, Slug, Text, Url
from catalog.schemas.resource import ResourceSchema

FREQUENCIES = {
    "harian": "Harian",
    "mingguan": "Mingguan",
    "bulanan": "Bulanan",
    "triwulanan": "Triwulanan",
    "semesteran": "Semesteran",
    "tahunan": "Tahunan",
    "lima-tahunan": "Lima Tahunan",
    "tidak-tentu": "Tidak Tentu",
}
CLASSIFICATIONS = {"terbuka": "Terbuka", "terbatas": "Terbatas", "tertutup": "Tertutup"}
# Satu Data fields: columns of their own, also shown in ``extras`` for extras-only clients.
SATU_DATA_FIELDS = (
    "produsen_data",
    "walidata",
    "frekuensi",
    "tahun",
    "temporal_start",
    "temporal_end",
    "cakupan_wilayah",
    "kode_wilayah",
    "satuan",
    "klasifikasi",
)
STATES = ("active", "draft", "deleted")
TAG_RE = re.compile(r"^[\w \-.]+$", re.UNICODE)
YEARS_RE = re.compile(r"^\s*\d{4}(\s*(-|–|s\.?d\.?|,|;)\s*\d{4})*\s*$", re.I)
KODE_WILAYAH_RE = re.compile(r"^\d{2}(\.?\d{2}){0,2}(\.?\d{3,4})?$")


def _frequency_code(value: str) -> str:
    key = re.sub(r"[\s_]+", "-", value.strip().lower())
    return key


class TagSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    name = fields.String(required=True)

    @validates("name")
    def check_name(self, value: str, **_kwargs: Any) -> None:
        value = value.strip()
        if not 2 <= len(value) <= 100:
            raise ValidationError(f'Tag "{value}" length must be between 2 and 100 characters.')
        if not TAG_RE.match(value):
            raise ValidationError(f'Tag "{value}" must be alphanumeric characters or symbols: -_.')


class RefSchema(Schema):
    """A reference to a group by ``name`` or ``id``."""

    class Meta:
        unknown = EXCLUDE

    name = fields.String(load_default=None)
    id = fields.String(load_default=None)


class ExtraSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    key = fields.String(required=True, validate=validate.Length(min=1, max=200))
    value = ExtraValue(load_default="")
    deleted = fields.Raw(load_default=None)


class DatasetSchema(Schema):
    """A dataset as ``package_create`` / ``package_update`` accept it."""

    class Meta:
        unknown = EXCLUDE

    id = ClientId()
    name = Slug(required=True)
    title = Text(max_length=500)
    notes = Text(max_length=100_000)
    license_id = Text(max_length=100)
    author = Text(max_length=300)
    author_email = Email(max_length=300)
    maintainer = Text(max_length=300)
    maintainer_email = Email(max_length=300)
    version = Text(max_length=100)
    url = Url(max_length=1000)
    state = fields.String(validate=validate.OneOf(STATES))
    private = fields.Boolean()
    owner_org = fields.String(allow_none=True, validate=validate.Length(max=100))
    type = fields.String(validate=validate.OneOf(["dataset"]))
    tags = fields.List(fields.Nested(TagSchema))
    groups = fields.List(fields.Nested(RefSchema))
    extras = fields.List(fields.Nested(ExtraSchema))
    resources = fields.List(fields.Nested(ResourceSchema))
    produsen_data = Text(max_length=300)
    walidata = Text(max_length=300)
    frekuensi = Text(max_length=30)
    tahun = Text(max_length=100)
    temporal_start = fields.Date(allow_none=True)
    temporal_end = fields.Date(allow_none=True)
    cakupan_wilayah = Text(max_length=300)
    kode_wilayah = Text(max_length=20)
    satuan = Text(max_length=100)
    klasifikasi = Text(max_length=20)

    @pre_load
    def accept_ckan_shapes(self, data: Any, **_kwargs: Any) -> Any:
        """Accept CKAN's spellings: ``tag_string``, tags as strings, Satu Data in extras."""
        if not isinstance(data, dict):
            return data
        data = dict(data)
        if "tag_string" in data and "tags" not in data and isinstance(data["tag_string"], str):
            data["tags"] = [{"name": t} for t in data["tag_string"].split(",") if t.strip()]
        if isinstance(data.get("tags"), list):
            data["tags"] = [{"name": t} if isinstance(t, str) else t for t in data["tags"]]
        if isinstance(data.get("groups"), list):
            data["groups"] = [{"name": g} if isinstance(g, str) else g for g in data["groups"]]
        if data.get("owner_org") == "":
            data["owner_org"] = None
        extras = data.get("extras")
        if isinstance(extras, list):
            kept = []
            for extra in extras:
                key = extra.get("key") if isinstance(extra, dict) else None
                if key in SATU_DATA_FIELDS:
                    # The top-level field wins when a client sends both.
                    if data.get(key) in (None, ""):
                        data[key] = extra.get("value")
                else:
                    kept.append(extra)
            data["extras"] = kept
        for key in ("temporal_start", "temporal_end"):
            if data.get(key) == "":
                data[key] = None
        return data

    @validates("frekuensi")
    def check_frequency(self, value: str, **_kwargs: Any) -> None:
        if value and _frequency_code(value) not in FREQUENCIES:
            raise ValidationError(
                "Frekuensi must be one of: " + ", ".join(FREQUENCIES.values()) + "."
            )

    @validates("klasifikasi")
    def check_classification(self, value: str, **_kwargs: Any) -> None:
        if value and value.strip().lower() not in CLASSIFICATIONS:
            raise ValidationError("Klasifikasi must be one of: Terbuka, Terbatas, Tertutup.")

    @validates("tahun")
    def check_years(self, value: str, **_kwargs: Any) -> None:
        if value and not YEARS_RE.match(value):
            raise ValidationError(
                'Tahun must be a year, a range or a list of years, e.g. "2023", "2019-2023".'
            )

    @validates("kode_wilayah")
    def check_region_code(self, value: str, **_kwargs: Any) -> None:
        if value and not KODE_WILAYAH_RE.match(value):
            raise ValidationError(
                'Kode wilayah must be a BPS region code, e.g. "64" or "6472" or "64.72.01".'
            )

    @validates("extras")
    def check_extras_unique(self, value: list[dict], **_kwargs: Any) -> None:
        keys = [
            e.get("key") for e in value if isinstance(e, dict) and isinstance(e.get("key"), str)
        ]
        duplicates = sorted({k for k in keys if keys.count(k) > 1})
        if duplicates:
            raise ValidationError(f"Duplicate extra keys: {', '.join(duplicates)}.")

    @post_load
    def normalise(self, data: dict, **_kwargs: Any) -> dict:
        if data.get("frekuensi"):
            data["frekuensi"] = _frequency_code(data["frekuensi"])
        if data.get("klasifikasi"):
            data["klasifikasi"] = data["klasifikasi"].strip().lower()
        if "tags" in data:
            seen: dict[str, dict] = {}
            for tag in data["tags"]:
                name = tag["name"].strip()
                seen.setdefault(name.lower(), {"name": name})
            data["tags"] = list(seen.values())
        if "extras" in data:
            data["extras"] = [e for e in data["extras"] if not e.get("deleted")]
        start, end = data.get("temporal_start"), data.get("temporal_end")
        if isinstance(start, date) and isinstance(end, date) and start > end:
            raise ValidationError({"temporal_end": ["Must not be before temporal_start."]})
        return data
