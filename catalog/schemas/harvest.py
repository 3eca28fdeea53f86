"""What a valid harvest source and harvest job request are (ckanext-harvest's shapes).

``config`` is accepted as a JSON object or, as ckanext-harvest sends it, as a JSON string; it is
always loaded as a dict. Whether ``source_type`` is registered and whether the config suits it
is checked by the service, which knows the harvester registry.
"""

from __future__ import annotations

import json
from typing import Any

from marshmallow import EXCLUDE, Schema, ValidationError, fields, post_load, pre_load, validate

from catalog.models.harvest import FREQUENCIES
from catalog.schemas.common import Slug, Text, Url

#: Config keys the pipeline itself reads (the source types document theirs).
PIPELINE_CONFIG_KEYS = {"time_limit": (int, float), "incremental": bool, "mirror": bool}


class ConfigField(fields.Field):
    """A JSON object, given as an object or as a string holding one."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> dict:
        if value in (None, ""):
            return {}
        if isinstance(value, str):
            try:
                value = json.loads(value)
            except ValueError as exc:
                raise ValidationError(f"config is not valid JSON: {exc}") from None
        if not isinstance(value, dict):
            raise ValidationError("config must be a JSON object")
        for key, kind in PIPELINE_CONFIG_KEYS.items():
            if key in value and value[key] is not None and not isinstance(value[key], kind):
                raise ValidationError(f"config {key!r} has the wrong type")
        limit = value.get("time_limit")
        if isinstance(limit, int | float) and not isinstance(limit, bool) and limit <= 0:
            raise ValidationError("config 'time_limit' must be a positive number of seconds")
        return value


class HarvestSourceSchema(Schema):
    """A harvest source as ``harvest_source_create`` / ``_update`` accept it."""

    class Meta:
        unknown = EXCLUDE

    id = fields.String(load_default=None, validate=validate.Length(max=36))
    name = Slug(required=True)
    title = Text(max_length=300)
    notes = Text(max_length=10_000)
    url = Url(max_length=2000, required=True)
    source_type = fields.String(required=True, validate=validate.Length(min=1, max=50))
    owner_org = fields.String(required=True, validate=validate.Length(min=1, max=100))
    frequency = fields.String(load_default="MANUAL")
    config = ConfigField(load_default=dict)
    active = fields.Boolean(load_default=True)

    @pre_load
    def ckan_spellings(self, data: Any, **_kwargs: Any) -> Any:
        """ckanext-harvest clients send ``type`` for the source type and ``description``."""
        if not isinstance(data, dict):
            return data
        data = dict(data)
        if "source_type" not in data and isinstance(data.get("type"), str):
            data["source_type"] = data["type"]
        if "notes" not in data and "description" in data:
            data["notes"] = data["description"]
        return data

    @post_load
    def normalise(self, data: dict, **_kwargs: Any) -> dict:
        url = data["url"]
        if not url.lower().startswith(("http://", "https://")):
            raise ValidationError({"url": ["Must be an http:// or https:// address."]})
        frequency = (data.get("frequency") or "MANUAL").strip().upper()
        if frequency not in FREQUENCIES:
            raise ValidationError({"frequency": ["Must be one of: " + ", ".join(FREQUENCIES)]})
        data["frequency"] = frequency
        data["source_type"] = data["source_type"].strip()
        return data


class HarvestJobCreateSchema(Schema):
    """``harvest_job_create``: which source, and whether to run it in this request."""

    class Meta:
        unknown = EXCLUDE

    source_id = fields.String(required=True)
    run = fields.Boolean(load_default=False)
    full = fields.Boolean(load_default=False)

    @pre_load
    def accept_source(self, data: Any, **_kwargs: Any) -> Any:
        if isinstance(data, dict) and "source_id" not in data and data.get("source"):
            data = {**data, "source_id": data["source"]}
        return data
