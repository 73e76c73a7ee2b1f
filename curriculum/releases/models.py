"""Release (an edition of a framework), ReleaseEntry (the version it fixes of each standard),
ReleaseEndorsement (an organization's endorsement of the whole release)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from curriculum.auth.models import User
from curriculum.db import UTCDateTime, utcnow, value_enum
from curriculum.extensions import Model
from curriculum.organizations.models import Organization
from curriculum.standards.models import Framework, Standard, StandardVersion


class ReleaseStatus(StrEnum):
    """Preparing: endorsements are gathered and it can be refreshed. Published: its versions are
    the framework's published content (a later release supersedes it). Discarded: abandoned
    before publication (kept for the record)."""

    PREPARING = "preparing"
    PUBLISHED = "published"
    DISCARDED = "discarded"

    @property
    def label(self) -> str:
        return {"preparing": "In preparation"}.get(self.value, self.value.capitalize())


class Release(Model):
    """A numbered, named edition of a partnership framework that fixes one version of every
    standard. At most one release of a framework is in preparation at a time."""

    __tablename__ = "releases"
    __table_args__ = (UniqueConstraint("framework_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    framework_id: Mapped[int] = mapped_column(
        ForeignKey("frameworks.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int]  # 1, 2, 3 … per framework, dense
    name: Mapped[str] = mapped_column(String(200))  # "2027 edition"
    notes: Mapped[str] = mapped_column(Text, default="")  # what the edition is about (Markdown)
    status: Mapped[ReleaseStatus] = mapped_column(
        value_enum(ReleaseStatus, 16), default=ReleaseStatus.PREPARING
    )
    # The published release this one is compared with (its diff's "before"), fixed when prepared.
    previous_id: Mapped[int | None] = mapped_column(ForeignKey("releases.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # When its entries were last fixed (preparing, or refreshing).
    prepared_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    discarded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    framework: Mapped[Framework] = relationship()
    previous: Mapped[Release | None] = relationship(remote_side=[id])
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])
    published_by: Mapped[User | None] = relationship(foreign_keys=[published_by_id])
    # The edition's entries: a held standard that was never published is recorded (absent) but
    # not part of the edition, so it is not among them.
    entries: Mapped[list[ReleaseEntry]] = relationship(
        back_populates="release",
        primaryjoin="and_(Release.id == ReleaseEntry.release_id, ReleaseEntry.absent.is_(False))",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="ReleaseEntry.id",
    )
    # Every entry, absent ones too: a release's tree needs them, to print an absent standard
    # above fixed ones by its code only (standards.outline.arrange's rule), never dropping them.
    tree_entries: Mapped[list[ReleaseEntry]] = relationship(
        viewonly=True, order_by="ReleaseEntry.id"
    )
    endorsements: Mapped[list[ReleaseEndorsement]] = relationship(
        back_populates="release",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="ReleaseEndorsement.created_at",
    )

    @property
    def title(self) -> str:
        """How pages name it: "Release 3: 2027 edition"."""
        return f"Release {self.number}: {self.name}" if self.name else f"Release {self.number}"


class ReleaseEntry(Model):
    """The version a release fixes of one standard, and where the standard stood then (code,
    parent, position), so a later release's diff can tell moves and recodes. A standard retired
    when the release was fixed is listed with `retired` set and its last version.

    Holding back: a standard the convener held back keeps its changes out of the edition
    (`held`). If it has a published version, the entry fixes that version (its newer draft stays
    out). If it was never published, the entry records the version it would have fixed with
    `absent` set: the standard is not in the edition at all (no diff line, count, PDF or CASE
    node, API version, and publishing leaves it alone); the row only remembers that it was held,
    so refreshing keeps holding it and "changed since" does not flag its draft."""

    __tablename__ = "release_entries"
    __table_args__ = (UniqueConstraint("release_id", "standard_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    release_id: Mapped[int] = mapped_column(ForeignKey("releases.id", ondelete="CASCADE"))
    standard_id: Mapped[int] = mapped_column(
        ForeignKey("standards.id", ondelete="CASCADE"), index=True
    )
    version_id: Mapped[int] = mapped_column(
        ForeignKey("standard_versions.id", ondelete="CASCADE"), index=True
    )
    code: Mapped[str] = mapped_column(String(32))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("standards.id", ondelete="SET NULL"))
    position: Mapped[int] = mapped_column(default=0)
    retired: Mapped[bool] = mapped_column(default=False)
    held: Mapped[bool] = mapped_column(default=False, server_default=false())
    absent: Mapped[bool] = mapped_column(default=False, server_default=false())

    release: Mapped[Release] = relationship(back_populates="entries")
    standard: Mapped[Standard] = relationship(foreign_keys=[standard_id])
    version: Mapped[StandardVersion] = relationship()


class ReleaseEndorsement(Model):
    """An organization's endorsement of a whole release, given by one of its people."""

    __tablename__ = "release_endorsements"
    __table_args__ = (UniqueConstraint("release_id", "organization_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    release_id: Mapped[int] = mapped_column(ForeignKey("releases.id", ondelete="CASCADE"))
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    note: Mapped[str] = mapped_column(String(1000), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    release: Mapped[Release] = relationship(back_populates="endorsements")
    organization: Mapped[Organization] = relationship()
    user: Mapped[User | None] = relationship()
