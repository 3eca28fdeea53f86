"""What Tepian knows about resources' files beyond their metadata: link health and previews.

Both are caches of facts computed outside the write path (a link checker run, a preview
computation), so they live in their own tables and never touch the resource row's
``metadata_modified``:

- :class:`LinkCheck` holds the latest check of an external link resource (one row per resource);
- :class:`ResourcePreview` holds the preview of one *version* of an uploaded file, so a new
  upload (a new ``file_version``) makes the old preview irrelevant without any invalidation.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, BigInteger, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from catalog.db import Base, utcnow


class LinkCheck(Base):
    """The latest check of a link resource's URL: status, type and size as the server said."""

    __tablename__ = "link_check"

    resource_id: Mapped[str] = mapped_column(
        ForeignKey("resource.id", ondelete="CASCADE"), primary_key=True
    )
    #: The URL that was checked (a changed resource URL makes the check stale).
    url: Mapped[str] = mapped_column(String(2000), default="")
    status: Mapped[int | None] = mapped_column(Integer, default=None)
    ok: Mapped[bool] = mapped_column(default=False, index=True)
    error: Mapped[str] = mapped_column(Text, default="")
    content_type: Mapped[str] = mapped_column(String(200), default="")
    size: Mapped[int | None] = mapped_column(BigInteger, default=None)
    checked_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class ResourcePreview(Base):
    """The computed preview of one version of an uploaded file (``kind`` plus its data)."""

    __tablename__ = "resource_preview"

    resource_id: Mapped[str] = mapped_column(
        ForeignKey("resource.id", ondelete="CASCADE"), primary_key=True
    )
    file_version: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), default="none")
    data: Mapped[dict] = mapped_column(JSON, default=dict)
    computed_at: Mapped[datetime] = mapped_column(default=utcnow)
