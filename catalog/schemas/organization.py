"""What a valid OPD (organization), theme (group) and membership are."""

from __future__ import annotations

from marshmallow import EXCLUDE, Schema, fields, validate

from catalog.models.organization import ROLES
from catalog.schemas.common import ClientId, Slug, Text, Url


class MemberRefSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    name = fields.String(required=True)
    capacity = fields.String(load_default="member", validate=validate.OneOf(ROLES))


class GroupSchema(Schema):
    """An organization or a group as ``*_create`` / ``*_update`` accept it."""

    class Meta:
        unknown = EXCLUDE

    id = ClientId()
    name = Slug(required=True)
    title = Text(max_length=300)
    description = Text(max_length=50_000)
    image_url = Url(max_length=1000)
    state = fields.String(validate=validate.OneOf(["active", "deleted"]))
    users = fields.List(fields.Nested(MemberRefSchema))


class MemberSchema(Schema):
    """``organization_member_create``: who gets which role in which OPD."""

    class Meta:
        unknown = EXCLUDE

    id = fields.String(required=True)
    username = fields.String(required=True)
    role = fields.String(required=True, validate=validate.OneOf(ROLES))
