"""The contract every harvest source type implements, and the records passed between its steps.

A harvest runs in three steps, as in ckanext-harvest; the pipeline (``harvesters/pipeline.py``)
drives them, owns the job bookkeeping and writes through ``catalog.services``:

1. ``gather(source, since)`` lists what the remote side has: one :class:`RemoteRef` per record,
   with its guid, its remote modified stamp and, when the listing already carries the whole
   record (a CKAN search page, a data.json file), its content.
2. ``fetch(source, ref)`` returns the :class:`RemoteRecord`: the raw content and a content hash,
   so the pipeline can skip records that did not change.
3. ``parse(source, record)`` maps the record to a :class:`HarvestedPackage`, whose ``package``
   is a Tepian package dict (see :mod:`harvesters.mapping`), or raises :class:`RecordError` for
   a bad record; the pipeline records the reason and goes on with the next one.

A source type is a small subclass of :class:`Harvester` registered by name::

    @register
    class MyHarvester(Harvester):
        name = "my-type"
        title = "My remote system"

        def gather(self, source, since): ...
        def parse(self, source, record): ...
"""

from __future__ import annotations

import hashlib
import json
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, ClassVar

from harvesters.http import Fetcher, FetchError

__all__ = [
    "ConfigError",
    "FetchError",
    "HarvestError",
    "HarvestedPackage",
    "Harvester",
    "RecordError",
    "RemoteRecord",
    "RemoteRef",
    "SourceConfig",
    "content_hash",
]

#: Config keys every source type understands; a source type may add its own.
CONFIG_KEYS: dict[str, type | tuple[type, ...]] = {
    "organizations": list,
    "groups": list,
    "tags": list,
    "default_tags": list,
    "default_groups": list,
    "field_mapping": dict,
    "mirror": bool,
    "rate_limit": (int, float),
    "timeout": (int, float),
    "max_bytes": int,
    "language": (str, list),
}


class HarvestError(Exception):
    """The whole gather failed (the remote side is down, the listing is not what we expect)."""


class RecordError(Exception):
    """One record cannot become a dataset; ``reason`` is shown to stewards in the job report."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class ConfigError(ValueError):
    """A harvest source's config is not valid."""


@dataclass
class SourceConfig:
    """One harvest source, as the pipeline hands it to a source type.

    ``config`` holds the documented keys in :data:`CONFIG_KEYS` (all optional):
    ``organizations`` / ``groups`` / ``tags`` (only harvest records matching one of each list),
    ``default_tags`` / ``default_groups`` (added to every package), ``field_mapping``
    (``{remote: local}``: a remote field kept as an extra is renamed, or moved to the package
    field of that name), ``mirror`` (withdraw local datasets the remote no longer lists; the
    pipeline does this after a full gather), ``rate_limit`` (requests per second), ``timeout``
    (seconds), ``max_bytes`` (largest response), ``language`` (preferred language codes).
    """

    name: str
    url: str
    source_type: str
    config: dict[str, Any] = field(default_factory=dict)
    allow_private: bool = False

    def get_list(self, key: str) -> list[str]:
        """Return a config list of strings; a single string becomes a one-item list."""
        value = self.config.get(key) or []
        if isinstance(value, str):
            value = [value]
        return [str(item).strip() for item in value if str(item).strip()]

    @property
    def mirror(self) -> bool:
        return bool(self.config.get("mirror", False))

    @property
    def languages(self) -> list[str]:
        """Preferred languages, best first; defaults to Indonesian then English."""
        value = self.config.get("language") or ["id", "en"]
        items = [value] if isinstance(value, str) else list(value)
        return [str(code).strip().lower() for code in items if str(code).strip()]


@dataclass
class RemoteRef:
    """A record the remote side lists: its guid, modified stamp and maybe its content."""

    guid: str
    modified: datetime | None = None
    content: str | dict[str, Any] | None = None
    url: str | None = None


@dataclass
class RemoteRecord:
    """A fetched record: raw content and the hash the pipeline compares between runs."""

    guid: str
    content: str | dict[str, Any]
    content_hash: str
    modified: datetime | None = None
    url: str | None = None


@dataclass
class HarvestedPackage:
    """The result of ``parse``: a Tepian package dict plus what the pipeline needs around it.

    ``organization`` is the remote publisher (``{"name", "title"}``) for the pipeline to match to
    an OPD; ``deleted`` says the remote record is withdrawn; ``warnings`` are notes for the job
    report (a value that could not be mapped, for example).
    """

    guid: str
    package: dict[str, Any]
    remote_url: str | None = None
    remote_modified: datetime | None = None
    organization: dict[str, str] | None = None
    deleted: bool = False
    warnings: list[str] = field(default_factory=list)


def content_hash(content: str | bytes | dict[str, Any] | list[Any]) -> str:
    """Return the sha256 hex digest of a canonical form of ``content``.

    Dicts and lists are hashed as JSON with sorted keys, so key order does not matter; top-level
    dict keys starting with ``_`` (bookkeeping such as a row number) are left out.
    """
    if isinstance(content, dict):
        content = {k: v for k, v in content.items() if not str(k).startswith("_")}
    if isinstance(content, (dict, list)):
        data = json.dumps(
            content, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str
        ).encode("utf-8")
    elif isinstance(content, str):
        data = content.encode("utf-8")
    else:
        data = content
    return hashlib.sha256(data).hexdigest()


class Harvester(ABC):
    """Base class of a source type; subclasses implement ``gather`` and ``parse``.

    :param fetcher_factory: builds the :class:`Fetcher` for a source (tests pass their own);
        by default one is built from the source's ``timeout``, ``max_bytes``, ``rate_limit``
        and ``allow_private``, and reused for the rest of the run.
    """

    name: ClassVar[str] = ""
    title: ClassVar[str] = ""
    description: ClassVar[str] = ""

    def __init__(self, fetcher_factory: Callable[[SourceConfig], Fetcher] | None = None) -> None:
        self._fetcher_factory = fetcher_factory or default_fetcher
        self._fetchers: dict[str, Fetcher] = {}

    def fetcher(self, source: SourceConfig) -> Fetcher:
        """Return this run's fetcher for ``source`` (one per source, for its rate limit)."""
        if source.name not in self._fetchers:
            self._fetchers[source.name] = self._fetcher_factory(source)
        return self._fetchers[source.name]

    def close(self) -> None:
        """Close the fetchers opened during the run."""
        for fetcher in self._fetchers.values():
            fetcher.close()
        self._fetchers.clear()

    def validate_config(self, config: dict[str, Any]) -> dict[str, Any]:
        """Check a source's config dict and return it; raise :class:`ConfigError` if invalid."""
        if not isinstance(config, dict):
            raise ConfigError("config must be a JSON object")
        for key, kind in CONFIG_KEYS.items():
            if key in config and config[key] is not None and not isinstance(config[key], kind):
                raise ConfigError(f"config {key!r} has the wrong type")
        if "rate_limit" in config and config["rate_limit"] is not None:
            if config["rate_limit"] <= 0:
                raise ConfigError("config 'rate_limit' must be positive (requests per second)")
        return config

    @abstractmethod
    def gather(self, source: SourceConfig, since: datetime | None) -> Iterable[RemoteRef]:
        """List the remote records, only those changed after ``since`` when it is given."""

    def fetch(self, source: SourceConfig, ref: RemoteRef) -> RemoteRecord:
        """Return the record for ``ref``; by default the content gathered with it."""
        if ref.content is None:
            raise RecordError(f"no content was gathered for {ref.guid}")
        return RemoteRecord(ref.guid, ref.content, content_hash(ref.content), ref.modified, ref.url)

    @abstractmethod
    def parse(self, source: SourceConfig, record: RemoteRecord) -> HarvestedPackage:
        """Map ``record`` to a package, or raise :class:`RecordError`."""


def default_fetcher(source: SourceConfig) -> Fetcher:
    """Build a :class:`Fetcher` from a source's config keys."""
    cfg = source.config
    kwargs: dict[str, Any] = {"allow_private": source.allow_private}
    if cfg.get("timeout"):
        kwargs["timeout"] = float(cfg["timeout"])
    if cfg.get("max_bytes"):
        kwargs["max_bytes"] = int(cfg["max_bytes"])
    if cfg.get("rate_limit"):
        kwargs["rate_limit"] = float(cfg["rate_limit"])
    return Fetcher(**kwargs)
