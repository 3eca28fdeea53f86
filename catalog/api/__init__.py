"""The CKAN Action API v3: HTTP in, one service call, CKAN's envelope out."""

from catalog.api.views import bp

__all__ = ["bp"]
