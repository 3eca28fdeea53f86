"""What a valid account and API token request are."""

from __future__ import annotations

from marshmallow import EXCLUDE, Schema, fields, validate

from catalog.schemas.common import Email, Slug, Text


class UserSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    id = fields.String(load_default=None)
    name = Slug(required=True)
    email = Email(max_length=300, required=True)
    password = fields.String(validate=validate.Length(min=8, max=200))
    fullname = Text(max_length=300)
    about = Text(max_length=5000)
    sysadmin = fields.Boolean()
    state = fields.String(validate=validate.OneOf(["active", "deleted"]))


class TokenSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    user = fields.String(required=True)
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    expires_in = fields.Integer(load_default=None, validate=validate.Range(min=1, max=10**6))
    unit = fields.Integer(load_default=86400, validate=validate.Range(min=1, max=86400 * 366))
