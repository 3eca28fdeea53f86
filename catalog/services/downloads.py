"""What a download URL serves: which file or link, to whom, and how it is counted.

The download view (``catalog/web/downloads.py``) asks :func:`resolve_download` for the file
behind ``/dataset/<id>/resource/<rid>/download[/<filename>]`` and serves or redirects; the
permission rules are the dataset's: a private dataset's files are "not found" for anyone who
may not read the dataset. :func:`count_download` adds one to the resource's counter, and
nothing else: no address, no user, no time.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import update
from sqlalchemy.orm import Session

from catalog.auth import permissions
from catalog.errors import NotFound
from catalog.models import Dataset, Resource, User

#: Types a browser may show in the page (``inline``) because they cannot run script there.
#: Everything else (HTML, SVG, XML, unknown types) is always served as an attachment.
SAFE_INLINE_TYPES = frozenset(
    {
        "application/pdf",
        "image/png",
        "image/jpeg",
        "image/gif",
        "text/csv",
        "text/tab-separated-values",
        "text/plain",
        "application/json",
        "application/geo+json",
    }
)


@dataclass(frozen=True)
class Download:
    """The thing behind a download URL: an uploaded file (``kind="file"``) or a link."""

    resource_id: str
    dataset_id: str
    kind: str
    public: bool
    url: str = ""
    key: str = ""
    filename: str = ""
    size: int | None = None
    sha256: str = ""
    mimetype: str = ""

    @property
    def inline_allowed(self) -> bool:
        """Whether the file may be shown in the browser instead of being saved."""
        return self.mimetype in SAFE_INLINE_TYPES


def resolve_download(
    session: Session, actor: User | None, dataset_ref: str, resource_id: str
) -> Download:
    """Find the active resource ``resource_id`` of dataset ``dataset_ref`` (id or name).

    Raises ``NotFound`` when either does not exist, they do not belong together, the actor
    may not read the dataset, or the resource has nothing to download.
    """
    res = session.get(Resource, resource_id)
    if res is None or res.state != "active":
        raise NotFound("Resource not found")
    ds = session.get(Dataset, res.dataset_id)
    if ds is None or dataset_ref not in (ds.id, ds.name):
        raise NotFound("Resource not found")
    if not permissions.can_read_dataset(session, actor, ds):
        raise NotFound("Resource not found")
    public = ds.state == "active" and not ds.private
    if res.url_type == "upload" and res.storage_key:
        return Download(
            resource_id=res.id,
            dataset_id=ds.id,
            kind="file",
            public=public,
            key=res.storage_key,
            filename=res.upload_filename or "berkas",
            size=res.size,
            sha256=res.hash,
            mimetype=res.mimetype or "application/octet-stream",
        )
    if res.url.lower().startswith(("http://", "https://")):
        return Download(res.id, ds.id, "link", public, url=res.url)
    raise NotFound("This resource has no file or link to download")


def count_download(session: Session, resource_id: str) -> None:
    """Add one to the resource's download counter (one UPDATE, safe under concurrency)."""
    session.execute(
        update(Resource)
        .where(Resource.id == resource_id)
        .values(download_count=Resource.download_count + 1)
        .execution_options(synchronize_session=False)
    )
