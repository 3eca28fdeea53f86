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
        text = super()._deserialize(value, attr, data, **kwargs).strip()
        if "\x00" in text:
            raise ValidationError("Must not contain NUL characters.")
        return text

    def deserialize(self, value: Any, attr: str | None = None, data: Any = None, **kwargs: Any):
        if value is None:
            return ""
        return super().deserialize(value, attr, data, **kwargs)


UUID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


class Slug(fields.String):
    """A URL name: lowercase ASCII letters, digits, ``-`` and ``_``, 2 to 100 characters.

    A name shaped like a UUID is refused: ids and names share one lookup, so such a name could
    shadow another object's id.
    """

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        value = super()._deserialize(value, attr, data, **kwargs).strip()
        if not (2 <= len(value) <= 100) or not SLUG_RE.match(value):
            raise ValidationError(SLUG_MESSAGE)
        if UUID_RE.match(value):
            raise ValidationError("A name must not look like an id (a UUID).")
        return value


class ClientId(fields.String):
    """An id a client chooses (e.g. ``ckanapi load`` keeping ids): a canonical lowercase UUID."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("load_default", None)
        kwargs.setdefault("allow_none", True)
        super().__init__(**kwargs)

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str | None:
        value = super()._deserialize(value, attr, data, **kwargs).strip().lower()
        if not value:
            return None
        if not UUID_RE.match(value):
            raise ValidationError(
                "An id must be a UUID such as 0f5b8f8e-4a57-4c43-9e0f-5c5c5c5c5c5c."
            )
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
