"""Domain errors raised by services and mapped to HTTP once, at the API and web edges.

They carry no HTTP knowledge: the API turns them into CKAN's error envelope, the web pages into
messages next to form fields.
"""

from __future__ import annotations


class CatalogError(Exception):
    """Base class of every error a service may raise on purpose."""

    def __init__(self, message: str = "") -> None:
        super().__init__(message)
        self.message = message


class NotFound(CatalogError):
    """The object named does not exist, or the actor may not know that it exists."""


class PermissionDenied(CatalogError):
    """The actor may not do this to this object."""


class ValidationError(CatalogError):
    """The input is wrong; ``errors`` maps each field to its messages."""

    def __init__(self, errors: dict, message: str = "Validation Error") -> None:
        super().__init__(message)
        self.errors = errors


class Conflict(CatalogError):
    """The write clashes with the current state (e.g. a name already taken)."""


class SearchQueryError(CatalogError):
    """A search query that the parser cannot read."""
