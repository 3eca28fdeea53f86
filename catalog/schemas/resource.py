"""What a valid resource (a file or link of a dataset) is."""

from __future__ import annotations

from typing import Any

from marshmallow import EXCLUDE, Schema, ValidationError, fields, post_load, pre_load, validate

from catalog.schemas.common import ClientId, Text, Url
from catalog.storage.sniff import EXTENSIONS

# Keys the server manages; accepted (as package_show returns them) and ignored on write.
RESOURCE_SERVER_KEYS = {
    "package_id",
    "created",
    "metadata_modified",
    "position",
    "state",
    "cache_url",
    "cache_last_updated",
    "datastore_active",
    "revision_id",
    "tracking_summary",
    "url_type",
    "hash",
    "size",
    "mimetype",
    "last_modified",
    "mimetype_inner",
    "resource_type",
}


# Known format names in their usual spelling ("csv", ".CSV" -> "CSV"; "geojson" -> "GeoJSON").
_FORMATS = {**EXTENSIONS, **{name.lower(): name for name in EXTENSIONS.values()}}


def canonical_format(value: str | None) -> str:
    """A format as CKAN portals write it; unknown formats are kept as given (trimmed)."""
    text = (value or "").strip().lstrip(".").strip()
    return _FORMATS.get(text.lower(), text)


class ResourceSchema(Schema):
    """A resource as clients send it; unknown keys are kept as resource extras (like CKAN)."""

    class Meta:
        unknown = EXCLUDE

    id = ClientId()
    package_id = fields.String(load_default=None)
    name = Text(max_length=500)
    description = Text(max_length=50_000)
    format = Text(max_length=100)
    url = Url(max_length=2000)
    url_type = Text(max_length=20)
    mimetype = Text(max_length=200)
    size = fields.Integer(allow_none=True, validate=validate.Range(min=0, max=10**15))
    hash = Text(max_length=200)
    last_modified = fields.String(allow_none=True)
    extras = fields.Dict(keys=fields.String(), load_default=dict)

    @pre_load
    def collect_extras(self, data: Any, **_kwargs: Any) -> Any:
        if not isinstance(data, dict):
            raise ValidationError("Each resource must be a JSON object.")
        known = set(self.fields) | RESOURCE_SERVER_KEYS
        extras = {
            k: v
            for k, v in data.items()
            if k not in known and isinstance(v, str | int | float | bool) and len(k) <= 100
        }
        data = {k: v for k, v in data.items() if k in self.fields}
        data["extras"] = extras
        return data

    @post_load
    def normalise(self, data: dict, **_kwargs: Any) -> dict:
        if data.get("url_type") not in ("upload", "link", "", None):
            data["url_type"] = ""
        if "format" in data:
            data["format"] = canonical_format(data["format"])
        return data
