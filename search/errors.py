"""Errors raised by the search library.

The API layer maps :class:`QueryError` to CKAN's ``"Search Query Error"`` (HTTP 400) and
:class:`SearchUnavailable` to a 503; nothing here knows about HTTP.
"""

from __future__ import annotations


class SearchError(Exception):
    """Base class for every error the search library raises on purpose."""


class QueryError(SearchError):
    """The ``q``, ``fq`` or ``sort`` parameter cannot be understood.

    The message is meant for the person who typed the query, e.g.
    ``"Unbalanced parentheses: ')' expected at position 12"``.
    """


class SearchUnavailable(SearchError):
    """The search engine cannot be reached or answered with an error."""
