"""API tokens: random secrets of which only a SHA-256 is stored."""

from __future__ import annotations

import hashlib
import secrets

TOKEN_PREFIX = "tpn_"


def new_token() -> tuple[str, str]:
    """Return ``(token, sha256)``: the token is shown once, the hash is stored."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    return token, hash_token(token)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.strip().encode("utf-8")).hexdigest()


def token_from_header(value: str | None) -> str | None:
    """Read a token from ``Authorization`` as ckanapi sends it (bare) or as ``Bearer <token>``."""
    if not value:
        return None
    value = value.strip()
    if value.lower().startswith("bearer "):
        value = value[7:].strip()
    return value or None
