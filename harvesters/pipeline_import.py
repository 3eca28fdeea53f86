"""The pipeline's import step: one harvested record into the catalog, through its services.

Part of :mod:`harvesters.pipeline` (kept apart only for size). :class:`RecordImporter` writes as
the ``harvest-bot`` sysadmin with ``package_create`` / ``package_update`` / ``package_delete``,
so the catalog's validation, activity stream and search outbox apply, and records each outcome
as a :class:`~catalog.models.HarvestObject`. It raises on a bad record; the pipeline wraps each
call in a SAVEPOINT and turns the exception into an error object with :func:`readable`.

``previous`` below is the current object of the guid as ``(object id, dataset id, hash)``, or
None for a record this source never imported.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from catalog import errors
from catalog.models import Dataset, Group, HarvestJob, HarvestObject, HarvestSource, User
from catalog.services import call
from catalog.services import harvest_jobs as jobs
from catalog.services.dictize import package_dict
from harvesters.base import HarvestedPackage, RecordError
from harvesters.merge import comparable, merge_local_edits

Previous = tuple[str, str | None, str] | None


def readable(exc: BaseException) -> str:
    """A one-line reason a steward can read, from any error a record may raise."""
    if isinstance(exc, errors.ValidationError):
        parts = [f"{field}: {_flatten(messages)}" for field, messages in exc.errors.items()]
        return "validation failed: " + "; ".join(parts)
    if isinstance(exc, RecordError):
        return exc.reason
    if isinstance(exc, errors.CatalogError):
        return exc.message or type(exc).__name__
    return f"{type(exc).__name__}: {exc}"


def _flatten(messages: Any) -> str:
    if isinstance(messages, dict):
        return ", ".join(f"{k} {_flatten(v)}" for k, v in messages.items())
    if isinstance(messages, list):
        return " ".join(_flatten(m) for m in messages if m)
    return str(messages)


class RecordImporter:
    """Writes harvested records of one job into the source's OPD."""

    def __init__(self, session: Session, source: HarvestSource, job: HarvestJob, bot: User):
        self.session, self.source, self.job, self.bot = session, source, job, bot
        self.groups = set(session.scalars(select(Group.name).where(Group.state == "active")))

    def import_record(
        self, hp: HarvestedPackage, digest: str, previous: Previous, *, mirror: bool
    ) -> str:
        """Create, update or withdraw the record's dataset; return the object's status
        (``new``, ``updated``, ``unchanged``, ``withdrawn``), or ``skipped``."""
        dataset = self._dataset(previous)
        fields = {
            "content_hash": digest,
            "remote_url": (hp.remote_url or "")[:2000],
            "remote_modified": hp.remote_modified.replace(tzinfo=None)
            if hp.remote_modified
            else None,
            "package": hp.package,
            "warnings": list(hp.warnings),
        }
        if hp.deleted:  # the remote marks it withdrawn
            if mirror and previous and dataset is not None and dataset.state != "deleted":
                return self.withdraw(hp.guid, previous, dataset, fields)
            return "skipped"
        package = self._prepare(hp, fields["warnings"])
        if dataset is None:
            package["name"] = self._free_name(package["name"] or "dataset")
            dataset_id, status = (
                call("package_create", self.session, self.bot, package)["id"],
                "new",
            )
        else:
            current = package_dict(dataset)
            data = merge_local_edits(package, self._last_package(previous), current)
            changed = dataset.state != "active" or comparable(data) != comparable(current)
            if changed:
                data["state"] = "active"  # listed (again) upstream: in the catalog
                call("package_update", self.session, self.bot, data)
            dataset_id, status = dataset.id, "updated" if changed else "unchanged"
        jobs.record_object(
            self.session,
            self.job,
            hp.guid,
            status,
            previous_id=previous[0] if previous else None,
            dataset_id=dataset_id,
            **fields,
        )
        return status

    def withdraw(self, guid: str, previous: Previous, dataset: Dataset, fields: dict) -> str:
        """Soft-delete a dataset the remote no longer lists."""
        assert previous is not None
        call("package_delete", self.session, self.bot, {"id": dataset.id})
        fields = {**fields, "content_hash": ""}  # if it comes back, it is imported again
        jobs.record_object(
            self.session,
            self.job,
            guid,
            "withdrawn",
            previous_id=previous[0],
            dataset_id=dataset.id,
            **fields,
        )
        return "withdrawn"

    def withdraw_missing(self, guid: str, previous: Previous) -> str:
        """Withdraw the dataset of a record missing upstream; ``skipped`` if already gone."""
        dataset = self._dataset(previous)
        if previous is None or dataset is None or dataset.state == "deleted":
            return "skipped"
        return self.withdraw(guid, previous, dataset, {"package": self._last_package(previous)})

    def error(self, guid: str, previous: Previous, reason: str, *, url: str | None) -> None:
        """Record a record that could not be imported; the current object stays as it was."""
        jobs.record_object(
            self.session,
            self.job,
            guid,
            "error",
            current=False,
            dataset_id=previous[1] if previous else None,
            remote_url=(url or "")[:2000],
            errors=[reason],
        )

    def _dataset(self, previous: Previous) -> Dataset | None:
        if previous is None or previous[1] is None:
            return None
        return self.session.get(Dataset, previous[1])

    def _prepare(self, hp: HarvestedPackage, warnings: list[str]) -> dict[str, Any]:
        """The harvested package as ``package_create`` takes it, in the source's OPD; themes
        that do not exist here are left out (with a warning) rather than failing the record."""
        package = {
            k: v for k, v in hp.package.items() if k not in ("remote_url", "remote_modified")
        }
        package["owner_org"] = self.source.owner_org
        groups = []
        for group in package.get("groups") or []:
            if group["name"] in self.groups:
                groups.append(group)
            else:
                warnings.append(f"theme {group['name']!r} does not exist in Tepian; left out")
        package["groups"] = groups
        return package

    def _last_package(self, previous: Previous) -> dict | None:
        obj = self.session.get(HarvestObject, previous[0]) if previous else None
        return obj.package if obj is not None else None

    def _free_name(self, wanted: str) -> str:
        """``wanted``, or ``wanted-2``, ``wanted-3`` ... : never another dataset's name."""
        name, n = wanted, 1
        while self.session.scalar(select(exists().where(Dataset.name == name))):
            n += 1
            suffix = f"-{n}"
            name = wanted[: 100 - len(suffix)] + suffix
        return name
