"""The activity stream: who did what to which object, and what changed."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, String
from sqlalchemy.orm import Mapped, mapped_column

from catalog.db import Base, utcnow
from catalog.models._types import new_id


class Activity(Base):
    """One change, as CKAN's activity dict: ``activity_type`` such as "new package"."""

    __tablename__ = "activity"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    timestamp: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    user_id: Mapped[str | None] = mapped_column(String(36), default=None)
    object_id: Mapped[str] = mapped_column(String(36), index=True)
    object_type: Mapped[str] = mapped_column(String(30))
    organization_id: Mapped[str | None] = mapped_column(String(36), index=True, default=None)
    activity_type: Mapped[str] = mapped_column(String(60))
    data: Mapped[dict] = mapped_column(JSON, default=dict)
