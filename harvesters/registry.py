"""The registry of harvest source types, by name.

Source modules register their class with the :func:`register` decorator; the pipeline and the
admin forms look them up::

    harvester = get_harvester("ckan")
    for ref in harvester.gather(source, since=None):
        ...

The built-in source types are imported lazily on first lookup, so importing this module stays
cheap and a third-party type can register itself the same way.
"""

from __future__ import annotations

import importlib
from typing import Any

from harvesters.base import Harvester

_REGISTRY: dict[str, type[Harvester]] = {}
BUILTIN_MODULES = (
    "harvesters.ckan",
    "harvesters.dcat_json",
    "harvesters.dcat_rdf",
    "harvesters.spreadsheet",
)
_loaded = False


def register(cls: type[Harvester]) -> type[Harvester]:
    """Register a :class:`Harvester` subclass under its ``name``; usable as a class decorator."""
    if not cls.name:
        raise ValueError(f"{cls.__name__} has no name")
    existing = _REGISTRY.get(cls.name)
    if existing is not None and existing is not cls:
        raise ValueError(f"source type {cls.name!r} is already registered by {existing.__name__}")
    _REGISTRY[cls.name] = cls
    return cls


def _load_builtins() -> None:
    global _loaded
    if not _loaded:
        for module in BUILTIN_MODULES:
            importlib.import_module(module)
        _loaded = True


def get_harvester(name: str, **kwargs: Any) -> Harvester:
    """Return a new harvester of source type ``name``; ``kwargs`` go to its constructor.

    Raises ``KeyError`` naming the known types when ``name`` is unknown.
    """
    _load_builtins()
    try:
        cls = _REGISTRY[name]
    except KeyError:
        known = ", ".join(sorted(_REGISTRY))
        raise KeyError(f"unknown harvest source type {name!r} (known: {known})") from None
    return cls(**kwargs)


def source_types() -> list[dict[str, str]]:
    """Describe the registered source types: ``[{"name", "title", "description"}]``, by name."""
    _load_builtins()
    return [
        {"name": cls.name, "title": cls.title, "description": cls.description}
        for _, cls in sorted(_REGISTRY.items())
    ]
