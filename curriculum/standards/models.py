"""Framework, Standard (identity), StandardVersion (immutable content), Endorsement, Comment."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import (
    JSON,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from curriculum.auth.models import User
from curriculum.db import UTCDateTime, new_change_token, utcnow, value_enum
from curriculum.extensions import Model
from curriculum.organizations.models import Organization
from curriculum.partnerships.models import Partnership
from curriculum.standards.kinds import (  # noqa: F401  (re-exported: the models' vocabulary)
    ENDORSABLE_STATUSES,
    ITEM_PARENTS,
    KIND_LABELS,
    PARENT_KIND,
    PUBLIC_STATUSES,
    FrameworkOrigin,
    Level,
    SkillCategory,
    StandardKind,
    VersionStatus,
    child_kinds,
    may_hold,
)


class Framework(Model):
    """A partnership's set of skill standards for an occupation or occupational area."""

    __tablename__ = "frameworks"
    __table_args__ = (UniqueConstraint("partnership_id", "title"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=lambda: str(uuid.uuid4()))
    partnership_id: Mapped[int] = mapped_column(
        ForeignKey("partnerships.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    # O*NET-SOC codes such as "51-4041.00".
    occupation_codes: Mapped[list[str]] = mapped_column(JSON, default=list)
    coding_prefix: Mapped[str] = mapped_column(String(16), default="")
    origin: Mapped[FrameworkOrigin] = mapped_column(
        value_enum(FrameworkOrigin, 16),
        default=FrameworkOrigin.PARTNERSHIP,
        server_default=FrameworkOrigin.PARTNERSHIP.value,
    )
    # Where an imported framework came from: its source identity (a CASE CFDocument identifier,
    # matched on re-import; NULL for frameworks authored here, which export their `uuid`), the
    # source document's other fields kept verbatim, the file and when it arrived.
    source_identifier: Mapped[str | None] = mapped_column(String(255), index=True)
    source_fields: Mapped[dict | None] = mapped_column(JSON)
    source_name: Mapped[str] = mapped_column(String(255), default="", server_default="")
    imported_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    # When the API's answers made of it (its tree) last changed: set by curriculum.api.stamps
    # for any change to the framework or its standards and versions (Last-Modified).
    changed_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utcnow, server_default=func.now()
    )
    # A new token at each of those changes (and at insert): what the answers kept in memory
    # (curriculum.stamped) are keyed by, unlike the time exact even when the clock stands still.
    change_token: Mapped[str] = mapped_column(
        String(32), default=new_change_token, server_default="initial"
    )

    partnership: Mapped[Partnership] = relationship()

    @property
    def is_reference(self) -> bool:
        return self.origin == FrameworkOrigin.REFERENCE

    @property
    def identifier(self) -> str:
        """The framework's identity in CASE and other exchange formats."""
        return self.source_identifier or self.uuid

    standards: Mapped[list[Standard]] = relationship(
        back_populates="framework", cascade="all, delete-orphan", passive_deletes=True
    )


class StandardFacts:
    """What a standard's row says of itself beyond its columns: shared by the ORM `Standard` and
    the plain `standards.rows.StandardRow` (pages that read thousands of standards at once), so
    both answer alike."""

    kind: StandardKind
    item_type: str
    uuid: str
    source_identifier: str | None

    @property
    def identifier(self) -> str:
        """The standard's identity in CASE and other exchange formats, stable across versions."""
        return self.source_identifier or self.uuid

    @property
    def kind_label(self) -> str:
        """How pages name its kind: the source's item type for imported generic items."""
        return (
            self.item_type if self.kind == StandardKind.ITEM and self.item_type else self.kind.label
        )


class Standard(StandardFacts, Model):
    """One node of a framework's tree. Its content lives in versions; this row is its identity."""

    __tablename__ = "standards"
    # A code is unique in its framework and a place among one parent's children; top-level
    # standards (parent NULL) are not covered by the second (NULLs are distinct), adds lock
    # the framework row instead (see curriculum.standards.tree).
    __table_args__ = (
        Index("ix_standards_framework_parent", "framework_id", "parent_id", "position"),
        # Unique indexes rather than constraints: SQLite adds them without rebuilding the table.
        Index("uq_standards_framework_id_code", "framework_id", "code", unique=True),
        Index("uq_standards_parent_id_position", "parent_id", "position", unique=True),
        Index(
            "uq_standards_framework_id_source_identifier",
            "framework_id",
            "source_identifier",
            unique=True,
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=lambda: str(uuid.uuid4()))
    framework_id: Mapped[int] = mapped_column(ForeignKey("frameworks.id", ondelete="CASCADE"))
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("standards.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[StandardKind] = mapped_column(value_enum(StandardKind, 32))
    category: Mapped[SkillCategory | None] = mapped_column(value_enum(SkillCategory, 32))
    code: Mapped[str] = mapped_column(String(32))
    position: Mapped[int] = mapped_column(default=0)
    # An imported node's identity in its source (a CASE CFItem identifier), unique in its
    # framework; NULL for standards authored here, which export their `uuid`.
    source_identifier: Mapped[str | None] = mapped_column(String(255))
    # The source's own name for the node's type (a CASE CFItemType title), shown for kind `item`.
    item_type: Mapped[str] = mapped_column(String(200), default="", server_default="")
    # The newest version (compare-and-swap target of every save) and the published one.
    current_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("standard_versions.id", use_alter=True, ondelete="SET NULL")
    )
    published_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("standard_versions.id", use_alter=True, ondelete="SET NULL")
    )
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    framework: Mapped[Framework] = relationship(back_populates="standards")
    parent: Mapped[Standard | None] = relationship(remote_side=[id])
    # Typed as always there: add_standard creates version 1 in the transaction that creates
    # the standard (the column is nullable only because the two rows point at each other).
    current_version: Mapped[StandardVersion] = relationship(
        foreign_keys=[current_version_id], post_update=True
    )
    published_version: Mapped[StandardVersion | None] = relationship(
        foreign_keys=[published_version_id], post_update=True
    )
    versions: Mapped[list[StandardVersion]] = relationship(
        foreign_keys="StandardVersion.standard_id",
        back_populates="standard",
        order_by="StandardVersion.number",
        passive_deletes=True,
    )

    def __repr__(self) -> str:
        return f"<Standard {self.code}>"


class VersionFacts:
    """What a version says of itself beyond its columns, shared by the ORM `StandardVersion` and
    the plain `standards.rows.VersionRow`."""

    status: VersionStatus

    @property
    def is_public(self) -> bool:
        return self.status in PUBLIC_STATUSES


class StandardVersion(VersionFacts, Model):
    """An immutable snapshot of a standard's content. Only its status moves."""

    __tablename__ = "standard_versions"
    __table_args__ = (UniqueConstraint("standard_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    standard_id: Mapped[int] = mapped_column(ForeignKey("standards.id", ondelete="CASCADE"))
    number: Mapped[int]
    title: Mapped[str] = mapped_column(String(300))
    statement: Mapped[str] = mapped_column(Text, default="")
    level: Mapped[Level | None] = mapped_column(value_enum(Level, 16))
    change_note: Mapped[str] = mapped_column(String(500), default="")
    status: Mapped[VersionStatus] = mapped_column(
        value_enum(VersionStatus, 16), default=VersionStatus.DRAFT
    )
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # When it went to review / was published / retired, and by whom it was published.
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The version this one restores, when it was made by a revert.
    reverted_from: Mapped[int | None]
    # Fields of an imported node that the app does not model, kept verbatim so an export gives
    # them back (for CASE: notes, educationLevel, conceptKeywords, language, listEnumeration,
    # licenseURI, status dates, lastChangeDateTime, extensions …). A new version made by an edit
    # carries them over.
    source_fields: Mapped[dict | None] = mapped_column(JSON)
    # The release that published this version (None: published on its own, or not published).
    release_id: Mapped[int | None] = mapped_column(
        ForeignKey("releases.id", use_alter=True, ondelete="SET NULL"), index=True
    )

    standard: Mapped[Standard] = relationship(foreign_keys=[standard_id], back_populates="versions")
    author: Mapped[User | None] = relationship(foreign_keys=[author_id])
    endorsements: Mapped[list[Endorsement]] = relationship(
        back_populates="version", cascade="all, delete-orphan", order_by="Endorsement.created_at"
    )

    def content(self) -> dict:
        """What a save compares: the fields a version snapshots."""
        return {"title": self.title, "statement": self.statement, "level": self.level}


class Endorsement(Model):
    """An organization's endorsement of one exact version, given by one of its people."""

    __tablename__ = "endorsements"
    __table_args__ = (UniqueConstraint("version_id", "organization_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(
        ForeignKey("standard_versions.id", ondelete="CASCADE"), index=True
    )
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    note: Mapped[str] = mapped_column(String(1000), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Set when the endorsement was given to a whole release that fixed this version (written
    # when the release is published), None when given to the version itself.
    release_id: Mapped[int | None] = mapped_column(
        ForeignKey("releases.id", use_alter=True, ondelete="SET NULL")
    )

    version: Mapped[StandardVersion] = relationship(back_populates="endorsements")
    organization: Mapped[Organization] = relationship()
    user: Mapped[User | None] = relationship()


class Comment(Model):
    """Discussion on a standard, optionally about one version; replies hang off a parent."""

    __tablename__ = "comments"

    id: Mapped[int] = mapped_column(primary_key=True)
    standard_id: Mapped[int] = mapped_column(
        ForeignKey("standards.id", ondelete="CASCADE"), index=True
    )
    version_id: Mapped[int | None] = mapped_column(
        ForeignKey("standard_versions.id", ondelete="SET NULL")
    )
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("comments.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    author: Mapped[User | None] = relationship(foreign_keys=[author_id])
    resolved_by: Mapped[User | None] = relationship(foreign_keys=[resolved_by_id])
    version: Mapped[StandardVersion | None] = relationship()
    replies: Mapped[list[Comment]] = relationship(order_by="Comment.created_at")
