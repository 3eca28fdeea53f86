"""Field types and helpers shared by the schemas."""

from __future__ import annotations

import json
import re
from typing import Any

from marshmallow import Schema, ValidationError, fields, validate

from catalog import errors

SLUG_RE = re.compile(r"^[a-z0-9_-]+$")
SLUG_MESSAGE = (
    "Must be purely lowercase alphanumeric (ascii) characters and these symbols: -_ "
    "(2 to 100 characters)"
)
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class Text(fields.String):
    """A string where ``null`` means empty, as CKAN clients often send it."""

    def __init__(self, max_length: int = 1000, **kwargs: Any) -> None:
        kwargs.setdefault("allow_none", True)
        kwargs.setdefault("validate", validate.Length(max=max_length))
        super().__init__(**kwargs)

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        if isinstance(value, int | float) and not isinstance(value, bool):
            value = str(value)
        return super()._deserialize(value, attr, data, **kwargs).strip()

    def deserialize(self, value: Any, attr: str | None = None, data: Any = None, **kwargs: Any):
        if value is None:
            return ""
        return super().deserialize(value, attr, data, **kwargs)


class Slug(fields.String):
    """A URL name: lowercase ASCII letters, digits, ``-`` and ``_``, 2 to 100 characters."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        value = super()._deserialize(value, attr, data, **kwargs).strip()
        if not (2 <= len(value) <= 100) or not SLUG_RE.match(value):
            raise ValidationError(SLUG_MESSAGE)
        return value


class Email(Text):
    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        value = super()._deserialize(value, attr, data, **kwargs)
        if value and not EMAIL_RE.match(value):
            raise ValidationError("Email address is not valid.")
        return value


class Url(Text):
    """A web address; CKAN accepts relative and empty ones, we refuse only control characters."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        value = super()._deserialize(value, attr, data, **kwargs)
        if any(ord(c) < 32 for c in value):
            raise ValidationError("URL must not contain control characters.")
        if value and re.match(r"^\s*(javascript|data|vbscript):", value, re.I):
            raise ValidationError("URL scheme is not allowed.")
        return value


class ExtraValue(fields.Field):
    """An extra's value: a string; numbers and booleans are kept as their JSON text."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        if value is None:
            return ""
        if isinstance(value, str):
            return value
        if isinstance(value, bool | int | float):
            return json.dumps(value)
        raise ValidationError("Extra values must be strings.")


def ckan_messages(messages: Any) -> Any:
    """Reshape marshmallow's messages like CKAN's: nested lists stay lists of dicts."""
    if isinstance(messages, dict):
        if messages and all(isinstance(k, int) for k in messages):
            size = max(messages) + 1
            return [ckan_messages(messages.get(i, {})) for i in range(size)]
        return {k: ckan_messages(v) for k, v in messages.items()}
    return messages


def load(schema: Schema, data: Any, *, partial: bool = False) -> dict:
    """Validate ``data`` with ``schema``, raising the domain ValidationError on problems."""
    if not isinstance(data, dict):
        raise errors.ValidationError({"__root__": ["Expected a JSON object."]})
    try:
        return schema.load(data, partial=partial)
    except ValidationError as exc:
        raise errors.ValidationError(ckan_messages(exc.messages)) from None
