"""Alignment: a course tied to one exact version of a standard, at a level."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from curriculum.auth.models import User
from curriculum.courses.models import Course, CourseOutcome
from curriculum.db import UTCDateTime, utcnow, value_enum
from curriculum.extensions import Model
from curriculum.standards.models import Standard, StandardVersion


class AlignmentLevel(StrEnum):
    """How far a course takes a standard."""

    INTRODUCED = "introduced"
    REINFORCED = "reinforced"
    MASTERED = "mastered"

    @property
    def letter(self) -> str:
        return self.value[0].upper()

    @property
    def rank(self) -> int:
        return LEVEL_RANK[self]

    @property
    def label(self) -> str:
        return self.value.capitalize()


LEVEL_RANK = {
    AlignmentLevel.INTRODUCED: 1,
    AlignmentLevel.REINFORCED: 2,
    AlignmentLevel.MASTERED: 3,
}


class Alignment(Model):
    """A course aligned to a standard, pinned to the version it was made (or confirmed) against.

    With `outcome_id`, one of the course's learning outcomes serves the standard; without, the
    course as a whole does ("course-level"). A course has at most one course-level alignment
    and one per outcome for each standard; its alignment to the standard, as coverage counts
    it, is the union of them (the highest level). It is stale when the standard's published
    version is newer than the pinned one.
    """

    __tablename__ = "alignments"
    __table_args__ = (
        Index(
            "uq_alignments_course_level",
            "course_id",
            "standard_id",
            unique=True,
            sqlite_where=text("outcome_id IS NULL"),
            postgresql_where=text("outcome_id IS NULL"),
        ),
        UniqueConstraint("outcome_id", "standard_id"),
        Index("ix_alignments_course_id", "course_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"))
    outcome_id: Mapped[int | None] = mapped_column(
        ForeignKey("course_outcomes.id", ondelete="CASCADE")
    )
    standard_id: Mapped[int] = mapped_column(
        ForeignKey("standards.id", ondelete="CASCADE"), index=True
    )
    version_id: Mapped[int] = mapped_column(ForeignKey("standard_versions.id"), index=True)
    level: Mapped[AlignmentLevel] = mapped_column(value_enum(AlignmentLevel, 16))
    note: Mapped[str] = mapped_column(String(500), default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    confirmed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    course: Mapped[Course] = relationship()
    outcome: Mapped[CourseOutcome | None] = relationship()
    standard: Mapped[Standard] = relationship()
    version: Mapped[StandardVersion] = relationship()
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])
    confirmed_by: Mapped[User | None] = relationship(foreign_keys=[confirmed_by_id])

    @property
    def is_stale(self) -> bool:
        """A newer version of the standard has been published since the pinned one."""
        published = self.standard.published_version
        return published is not None and published.number > self.version.number


class AlignmentRevision(Model):
    """One state of a course/standard alignment (course-level, or of one outcome: `outcome_id`)
    and the time span it held.

    `alignments` holds only the present; exports "as of" a past date (for accreditation) read
    these. Every change of an alignment closes the open revision of its pair (valid_to) and,
    unless the alignment was removed, opens one with the new state from the same instant.
    valid_to None: the state still holds.
    """

    __tablename__ = "alignment_revisions"
    __table_args__ = (Index("ix_alignment_revisions_course_standard", "course_id", "standard_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"))
    outcome_id: Mapped[int | None] = mapped_column(
        ForeignKey("course_outcomes.id", ondelete="CASCADE")
    )
    standard_id: Mapped[int] = mapped_column(ForeignKey("standards.id", ondelete="CASCADE"))
    version_id: Mapped[int] = mapped_column(ForeignKey("standard_versions.id"))
    level: Mapped[AlignmentLevel] = mapped_column(value_enum(AlignmentLevel, 16))
    note: Mapped[str] = mapped_column(String(500), default="")
    valid_from: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    valid_to: Mapped[datetime | None] = mapped_column(UTCDateTime)
    changed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
