"""SearchEntry: one row of the search index, what a reader may find of one object.

The index is derived data: every row is rebuilt from the objects it describes (indexing.py).
Beside the table, the migration adds the database's full-text part: on SQLite an FTS5 table
`search_fts` over code, title and body (kept in step by triggers), on PostgreSQL a generated
`search_vector` tsvector column with a GIN index. Neither is in the model (Alembic's check
leaves them alone: migrations/env.py).
"""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from curriculum.extensions import Model


class Audience(StrEnum):
    """Who an entry is for. `all`: everyone who may read the object (it has no drafts);
    `public`: readers who do not see the partnership's drafts (a standard's published version);
    `drafts`: readers who do (a standard's current version, a draft ladder's steps)."""

    ALL = "all"
    PUBLIC = "public"
    DRAFTS = "drafts"


class SearchKind(StrEnum):
    STANDARD = "standard"
    FRAMEWORK = "framework"
    COURSE = "course"
    OUTCOME = "outcome"
    PROGRAM = "program"
    LADDER_STEP = "ladder_step"
    ORGANIZATION = "organization"

    @property
    def label(self) -> str:
        return KIND_LABELS[self]

    @property
    def plural(self) -> str:
        return KIND_PLURALS[self]


KIND_LABELS = {
    SearchKind.STANDARD: "Standard",
    SearchKind.FRAMEWORK: "Framework",
    SearchKind.COURSE: "Course",
    SearchKind.OUTCOME: "Learning outcome",
    SearchKind.PROGRAM: "Program",
    SearchKind.LADDER_STEP: "Career ladder step",
    SearchKind.ORGANIZATION: "Organization",
}
KIND_PLURALS = {
    SearchKind.STANDARD: "Standards",
    SearchKind.FRAMEWORK: "Frameworks",
    SearchKind.COURSE: "Courses",
    SearchKind.OUTCOME: "Learning outcomes",
    SearchKind.PROGRAM: "Programs",
    SearchKind.LADDER_STEP: "Career ladder steps",
    SearchKind.ORGANIZATION: "Organizations",
}


class SearchEntry(Model):
    """What the search finds of one object for one audience."""

    __tablename__ = "search_entries"
    __table_args__ = (
        UniqueConstraint("kind", "object_id", "audience"),
        Index("ix_search_entries_parent", "kind", "parent_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    object_id: Mapped[int]
    audience: Mapped[str] = mapped_column(String(8))
    # The partnership and framework it belongs to (filters, and who sees drafts); the object
    # holding it (an outcome's course, a step's ladder, a course's or program's college).
    partnership_id: Mapped[int | None] = mapped_column(
        ForeignKey("partnerships.id", ondelete="CASCADE"), index=True
    )
    framework_id: Mapped[int | None] = mapped_column(
        ForeignKey("frameworks.id", ondelete="CASCADE"), index=True
    )
    parent_id: Mapped[int | None]
    # A standard's version status, a ladder's status; empty for kinds without one.
    status: Mapped[str] = mapped_column(String(16), default="")
    code: Mapped[str] = mapped_column(String(64), default="")
    title: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text, default="")
