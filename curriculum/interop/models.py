"""Associations between standards (typed links, CASE CFAssociations), the definitions a CASE
package carries (item types, concepts, subjects, licenses, groupings, rubrics), and import jobs."""

from __future__ import annotations

import secrets
from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, ForeignKey, Index, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from curriculum.auth.models import User
from curriculum.db import UTCDateTime, utcnow, value_enum
from curriculum.extensions import Model
from curriculum.jobs.models import JobMixin
from curriculum.partnerships.models import Partnership
from curriculum.standards.models import Framework, Standard


class Association(Model):
    """A typed link from one node to another (CASE `associationType`: isChildOf, exactMatchOf,
    isRelatedTo, precedes, replacedBy, isPeerOf, isPartOf, exemplar, hasSkillLevel, ext:…).

    Each end is a standard here (`origin_id` / `destination_id`) or only named by its source
    identifier, URI and title (the other end is outside the package, or is a CFDocument). The
    framework is the one whose package carried the link (for links made here: the origin's).
    isChildOf rows are kept too, so their identifiers survive an export; the tree itself is
    `Standard.parent_id`."""

    __tablename__ = "associations"
    __table_args__ = (
        UniqueConstraint("framework_id", "identifier"),
        Index("ix_associations_origin_id", "origin_id"),
        Index("ix_associations_destination_id", "destination_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    framework_id: Mapped[int] = mapped_column(ForeignKey("frameworks.id", ondelete="CASCADE"))
    identifier: Mapped[str] = mapped_column(String(255))
    association_type: Mapped[str] = mapped_column(String(100))
    origin_id: Mapped[int | None] = mapped_column(ForeignKey("standards.id", ondelete="CASCADE"))
    origin_identifier: Mapped[str] = mapped_column(String(255))
    origin_uri: Mapped[str] = mapped_column(String(1000), default="")
    origin_title: Mapped[str] = mapped_column(String(1000), default="")
    destination_id: Mapped[int | None] = mapped_column(
        ForeignKey("standards.id", ondelete="CASCADE")
    )
    destination_identifier: Mapped[str] = mapped_column(String(255))
    destination_uri: Mapped[str] = mapped_column(String(1000), default="")
    destination_title: Mapped[str] = mapped_column(String(1000), default="")
    sequence_number: Mapped[int | None]
    # The rest of the source's association (uri, lastChangeDateTime, CFAssociationGroupingURI,
    # notes, extensions …), kept verbatim.
    source_fields: Mapped[dict | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    framework: Mapped[Framework] = relationship()
    origin: Mapped[Standard | None] = relationship(foreign_keys=[origin_id])
    destination: Mapped[Standard | None] = relationship(foreign_keys=[destination_id])


class DefinitionKind(StrEnum):
    """The CFDefinitions of a CASE package, plus rubrics."""

    ITEM_TYPE = "CFItemTypes"
    CONCEPT = "CFConcepts"
    SUBJECT = "CFSubjects"
    LICENSE = "CFLicenses"
    ASSOCIATION_GROUPING = "CFAssociationGroupings"
    RUBRIC = "CFRubrics"


class Definition(Model):
    """One CASE definition (or rubric) carried by an imported framework's package, kept whole."""

    __tablename__ = "definitions"
    __table_args__ = (UniqueConstraint("framework_id", "kind", "identifier"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    framework_id: Mapped[int] = mapped_column(
        ForeignKey("frameworks.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[DefinitionKind] = mapped_column(value_enum(DefinitionKind, 32))
    identifier: Mapped[str] = mapped_column(String(255), index=True)
    title: Mapped[str] = mapped_column(String(1000), default="")
    fields: Mapped[dict] = mapped_column(JSON, default=dict)  # the whole object as it came

    framework: Mapped[Framework] = relationship()


class ImportMode(StrEnum):
    """How an import arrives: as a reference framework (someone else's, read-only here, its
    versions published as they arrive) or as a partnership framework whose items are draft
    version 1 for the panel. Stored as `ImportJob.mode`."""

    REFERENCE = "reference"
    DRAFT = "draft"


class ImportJob(JobMixin, Model):
    """One upload to import: the file, its format and mode, whether it is a dry run, who asked,
    how far it has got, and what it did (or would do)."""

    __tablename__ = "import_jobs"

    id: Mapped[str] = mapped_column(
        String(32), primary_key=True, default=lambda: secrets.token_hex(16)
    )
    partnership_id: Mapped[int] = mapped_column(
        ForeignKey("partnerships.id", ondelete="CASCADE"), index=True
    )
    # The framework imported into: given for a spreadsheet into an existing framework, found by
    # source identifier on re-import, or created; set once known.
    framework_id: Mapped[int | None] = mapped_column(
        ForeignKey("frameworks.id", ondelete="SET NULL"), index=True
    )
    format: Mapped[str] = mapped_column(String(8))  # a registered reader's name
    mode: Mapped[str] = mapped_column(String(16))  # "reference" | "draft"
    dry_run: Mapped[bool] = mapped_column(default=False)
    filename: Mapped[str] = mapped_column(String(255), default="")
    data: Mapped[bytes] = deferred(mapped_column(LargeBinary))
    # Reader options (a spreadsheet's column mapping …).
    options: Mapped[dict] = mapped_column(JSON, default=dict)
    # created, updated, unchanged, retired, associations, fixes, errors (and details per item).
    summary: Mapped[dict] = mapped_column(JSON, default=dict)
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    partnership: Mapped[Partnership] = relationship()
    framework: Mapped[Framework | None] = relationship()
    requested_by: Mapped[User | None] = relationship()
