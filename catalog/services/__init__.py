"""The catalog's actions: one function per CKAN action name, the only code that writes.

Every action takes ``(session, actor, data)``: the DB session, the calling ``User`` (or None for
anonymous) and the request's parameters as a dict. It validates, checks permission through
:mod:`catalog.auth.permissions`, writes, records an Activity and queues the search index, then
flushes; the caller (API request, web form, CLI, harvester) owns the commit.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from catalog.errors import NotFound
from catalog.models import User

ActionFn = Callable[[Session, User | None, dict], Any]


@dataclass(frozen=True)
class Action:
    name: str
    fn: ActionFn
    write: bool


ACTIONS: dict[str, Action] = {}


def action(name: str, *, write: bool) -> Callable[[ActionFn], ActionFn]:
    """Register ``fn`` as the action ``name``; write actions refuse GET at the API edge."""

    def register(fn: ActionFn) -> ActionFn:
        ACTIONS[name] = Action(name, fn, write)
        return fn

    return register


def get_action(name: str) -> Action:
    try:
        return ACTIONS[name]
    except KeyError:
        raise NotFound(f"Action name not known: {name}") from None


def call(name: str, session: Session, actor: User | None, data: dict | None = None) -> Any:
    """Run an action by name (what the API, CLI and harvesters use)."""
    return get_action(name).fn(session, actor, dict(data or {}))


# Importing the modules registers their actions.
from catalog.services import (  # noqa: E402,F401
    activities,
    datasets,
    groups,
    harvest,
    harvest_reports,
    organizations,
    resources,
    search,
    search_admin,
    site,
    users,
)
