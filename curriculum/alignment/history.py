"""Alignments as they stood at a past moment, for exports "as of" a date.

The present is the `alignments` table; the past is `alignment_revisions`, which every change
made through `curriculum.alignment.services` keeps (see `AlignmentRevision`).
"""

from __future__ import annotations

from datetime import datetime
from typing import NamedTuple

from sqlalchemy import or_

from curriculum.alignment.models import Alignment, AlignmentLevel, AlignmentRevision
from curriculum.extensions import db
from curriculum.standards.models import Standard, StandardVersion


class AlignmentState(NamedTuple):
    """One alignment at a moment, as plain values (course-level, or of one outcome). A named
    tuple: the coverage of a large program makes thousands (a frozen dataclass costs three
    times as much to make)."""

    course_id: int
    standard_id: int
    version_id: int  # the version it was pinned to then
    level: AlignmentLevel
    note: str
    outcome_id: int | None = None  # None: course-level
    # For the coverage matrix: the pinned version's number, and the alignment's id (None for a
    # past state, which is a revision). Not compared: a state is what the six fields say.
    pinned: int = 0
    alignment_id: int | None = None

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, AlignmentState):
            return NotImplemented
        return self[:6] == other[:6]

    def __ne__(self, other: object) -> bool:
        return not self == other

    def __hash__(self) -> int:
        return hash(self[:6])


def alignments_as_of(
    course_ids: list[int], framework_id: int | list[int], at: datetime | None
) -> list[AlignmentState]:
    """The alignments of these courses to standards of the framework (or frameworks) that
    held at `at`.

    `at` None: now. Otherwise (timezone-aware) the revisions with valid_from <= at < valid_to
    (or still open). Ordered by course id, then standard id (a course may have several per
    standard: course-level and one per outcome). One query.
    """
    if not course_ids:
        return []
    source = Alignment if at is None else AlignmentRevision
    framework_ids = framework_id if isinstance(framework_id, list) else [framework_id]
    query = (
        db.select(
            source.course_id,
            source.standard_id,
            source.version_id,
            source.level,
            source.note,
            source.outcome_id,
            StandardVersion.number,
            Alignment.id if at is None else db.null(),
        )
        .join(Standard, Standard.id == source.standard_id)
        .join(StandardVersion, StandardVersion.id == source.version_id)
        .where(Standard.framework_id.in_(framework_ids), source.course_id.in_(course_ids))
        .order_by(source.course_id, source.standard_id)
    )
    if at is not None:
        query = query.where(
            AlignmentRevision.valid_from <= at,
            or_(AlignmentRevision.valid_to.is_(None), AlignmentRevision.valid_to > at),
        )
    return [AlignmentState(*row) for row in db.session.execute(query)]
