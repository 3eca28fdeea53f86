"""Datasets (CKAN packages), their resources, tags and extras."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from catalog.db import Base, utcnow
from catalog.models._types import new_id
from catalog.models.organization import Group, Organization

if TYPE_CHECKING:
    from catalog.models.files import LinkCheck

dataset_tag = Table(
    "dataset_tag",
    Base.metadata,
    Column("dataset_id", ForeignKey("dataset.id", ondelete="CASCADE"), primary_key=True),
    Column("tag_id", ForeignKey("tag.id", ondelete="CASCADE"), primary_key=True),
)

dataset_group = Table(
    "dataset_group",
    Base.metadata,
    Column("dataset_id", ForeignKey("dataset.id", ondelete="CASCADE"), primary_key=True),
    Column("group_id", ForeignKey("theme_group.id", ondelete="CASCADE"), primary_key=True),
)


class Tag(Base):
    """A free keyword; shared by every dataset that uses it."""

    __tablename__ = "tag"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    name: Mapped[str] = mapped_column(String(100), unique=True, index=True)


class Dataset(Base):
    """A dataset: CKAN's package fields plus the Satu Data Indonesia metadata as columns."""

    __tablename__ = "dataset"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    name: Mapped[str] = mapped_column(String(100), unique=True, index=True)
    title: Mapped[str] = mapped_column(String(500), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    type: Mapped[str] = mapped_column(String(30), default="dataset")
    license_id: Mapped[str] = mapped_column(String(100), default="")
    author: Mapped[str] = mapped_column(String(300), default="")
    author_email: Mapped[str] = mapped_column(String(300), default="")
    maintainer: Mapped[str] = mapped_column(String(300), default="")
    maintainer_email: Mapped[str] = mapped_column(String(300), default="")
    version: Mapped[str] = mapped_column(String(100), default="")
    url: Mapped[str] = mapped_column(String(1000), default="")
    state: Mapped[str] = mapped_column(String(20), default="active", index=True)
    private: Mapped[bool] = mapped_column(default=False)
    owner_org: Mapped[str | None] = mapped_column(
        ForeignKey("organization.id"), index=True, default=None
    )
    creator_user_id: Mapped[str | None] = mapped_column(String(36), default=None)
    metadata_created: Mapped[datetime] = mapped_column(default=utcnow)
    metadata_modified: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    # Satu Data Indonesia (Perpres 39/2019) metadata.
    produsen_data: Mapped[str] = mapped_column(String(300), default="")
    walidata: Mapped[str] = mapped_column(String(300), default="")
    frekuensi: Mapped[str] = mapped_column(String(30), default="")
    tahun: Mapped[str] = mapped_column(String(100), default="")
    temporal_start: Mapped[date | None] = mapped_column(default=None)
    temporal_end: Mapped[date | None] = mapped_column(default=None)
    cakupan_wilayah: Mapped[str] = mapped_column(String(300), default="")
    kode_wilayah: Mapped[str] = mapped_column(String(20), default="")
    satuan: Mapped[str] = mapped_column(String(100), default="")
    klasifikasi: Mapped[str] = mapped_column(String(20), default="terbuka")

    organization: Mapped[Organization | None] = relationship(lazy="joined")
    tags: Mapped[list[Tag]] = relationship(secondary=dataset_tag, order_by=Tag.name)
    groups: Mapped[list[Group]] = relationship(secondary=dataset_group, order_by=Group.name)
    extras: Mapped[list[DatasetExtra]] = relationship(
        cascade="all, delete-orphan", order_by="DatasetExtra.key"
    )
    resources: Mapped[list[Resource]] = relationship(
        back_populates="dataset",
        cascade="all, delete-orphan",
        order_by="Resource.position",
        primaryjoin="and_(Resource.dataset_id == Dataset.id, Resource.state == 'active')",
    )


class DatasetExtra(Base):
    """A free key/value pair of a dataset (CKAN's ``extras``)."""

    __tablename__ = "dataset_extra"
    __table_args__ = (UniqueConstraint("dataset_id", "key"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    dataset_id: Mapped[str] = mapped_column(ForeignKey("dataset.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(200))
    value: Mapped[str] = mapped_column(Text, default="")


class Resource(Base):
    """A downloadable file or link of a dataset."""

    __tablename__ = "resource"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    dataset_id: Mapped[str] = mapped_column(
        ForeignKey("dataset.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(500), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    format: Mapped[str] = mapped_column(String(100), default="")
    url: Mapped[str] = mapped_column(String(2000), default="")
    url_type: Mapped[str] = mapped_column(String(20), default="")
    mimetype: Mapped[str] = mapped_column(String(200), default="")
    size: Mapped[int | None] = mapped_column(BigInteger, default=None)
    hash: Mapped[str] = mapped_column(String(200), default="")
    state: Mapped[str] = mapped_column(String(20), default="active")
    position: Mapped[int] = mapped_column(Integer, default=0)
    created: Mapped[datetime] = mapped_column(default=utcnow)
    last_modified: Mapped[datetime | None] = mapped_column(default=None)
    metadata_modified: Mapped[datetime] = mapped_column(default=utcnow)
    extras: Mapped[dict] = mapped_column(JSON, default=dict)
    # An uploaded file (url_type "upload"): its current storage key, a version that grows with
    # every new upload (previews are cached per version) and the name it was uploaded as.
    storage_key: Mapped[str] = mapped_column(String(300), default="")
    file_version: Mapped[int] = mapped_column(Integer, default=0)
    upload_filename: Mapped[str] = mapped_column(String(300), default="")
    # How often the file or link was downloaded through Tepian: a counter, nothing personal.
    download_count: Mapped[int] = mapped_column(BigInteger, default=0)

    dataset: Mapped[Dataset] = relationship(back_populates="resources")
    link_check: Mapped[LinkCheck | None] = relationship(
        "LinkCheck", lazy="selectin", uselist=False, viewonly=True
    )
