"""Aligning courses to exact standard versions, staleness and re-confirmation."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement

from curriculum import access
from curriculum.access import Reader
from curriculum.alignment.models import Alignment, AlignmentLevel, AlignmentRevision

# Finding alignments lives in queries.py; callers import it from here too.
from curriculum.alignment.queries import (
    CourseIds as CourseIds,
)
from curriculum.alignment.queries import (
    alignments_of_course as alignments_of_course,
)
from curriculum.alignment.queries import (
    alignments_of_standard as alignments_of_standard,
)
from curriculum.alignment.queries import (
    college_courses as college_courses,
)
from curriculum.alignment.queries import (
    first_stale as first_stale,
)
from curriculum.alignment.queries import (
    get_alignment as get_alignment,
)
from curriculum.alignment.queries import (
    program_courses as program_courses,
)
from curriculum.alignment.queries import (
    stale as stale,
)
from curriculum.alignment.queries import (
    stale_by_course as stale_by_course,
)
from curriculum.alignment.queries import (
    stale_for_college as stale_for_college,
)
from curriculum.alignment.queries import (
    stale_for_program as stale_for_program,
)
from curriculum.alignment.queries import (
    stale_with_diffs as stale_with_diffs,
)
from curriculum.alignment.queries import (
    standards_with_stale as standards_with_stale,
)
from curriculum.audit.services import record
from curriculum.auth.models import User
from curriculum.concurrency import lock, unique_or_conflict
from curriculum.courses.models import Course, CourseOutcome
from curriculum.db import utcnow
from curriculum.errors import DomainError
from curriculum.extensions import db
from curriculum.partnerships.models import PartnershipOrganization
from curriculum.standards.models import Framework, Standard, StandardVersion


class AlignmentError(DomainError):
    """Bad input for an alignment."""


def _level(value: AlignmentLevel | str | None) -> AlignmentLevel:
    if isinstance(value, AlignmentLevel):
        return value
    try:
        return AlignmentLevel(value or "")
    except ValueError:
        raise AlignmentError(
            f"“{value}” is not a level: use introduced, reinforced or mastered.", field="level"
        ) from None


def _revise(
    course_id: int,
    standard_id: int,
    now: datetime,
    state: Alignment | None,
    user: User | None = None,
    outcome_id: int | None = None,
) -> None:
    """Keep the history: close the open revision of the alignment (the course-level one, or
    that of `outcome_id`) at `now`, open `state`'s from `now`.

    `state` None: the alignment was removed, nothing opens.
    """
    db.session.execute(
        db.update(AlignmentRevision)
        .where(
            AlignmentRevision.course_id == course_id,
            AlignmentRevision.standard_id == standard_id,
            AlignmentRevision.outcome_id.is_(None)
            if outcome_id is None
            else AlignmentRevision.outcome_id == outcome_id,
            AlignmentRevision.valid_to.is_(None),
        )
        .values(valid_to=now)
    )
    if state is not None:
        db.session.add(
            AlignmentRevision(
                course_id=course_id,
                outcome_id=outcome_id,
                standard_id=standard_id,
                version_id=state.version_id,
                level=state.level,
                note=state.note,
                valid_from=now,
                changed_by_id=user.id if user is not None else None,
            )
        )
    db.session.flush()


def pin_for(standard: Standard) -> StandardVersion:
    """The version an alignment is made against: the published one, else the current draft."""
    return standard.published_version or standard.current_version


def frameworks_for(course: Course) -> list[Framework]:
    """Frameworks of the partnerships the course's college takes part in."""
    return list(
        db.session.scalars(
            db.select(Framework)
            .join(
                PartnershipOrganization,
                PartnershipOrganization.partnership_id == Framework.partnership_id,
            )
            .where(PartnershipOrganization.organization_id == course.organization_id)
            .order_by(Framework.title)
        )
    )


def _check_standard(course: Course, standard: Standard | None, user: Reader) -> Standard:
    # A standard the user may not read (a draft of a partnership they have no role in) is
    # answered like one that does not exist.
    if standard is None or not access.can(user, "view", pin_for(standard)):
        raise AlignmentError("There is no such standard.", field="standard_id")
    if standard.retired_at is not None:
        raise AlignmentError(
            f"{standard.code} is retired and cannot be aligned to.", field="standard_id"
        )
    taking_part = db.session.scalar(
        db.select(PartnershipOrganization.organization_id).where(
            PartnershipOrganization.partnership_id == standard.framework.partnership_id,
            PartnershipOrganization.organization_id == course.organization_id,
        )
    )
    if taking_part is None:
        raise AlignmentError(
            f"{standard.code} belongs to a framework of a partnership "
            f"{course.organization.name} is not part of.",
            field="standard_id",
        )
    return standard


def where_outcome(outcome_id: int | None) -> ColumnElement[bool]:
    """The condition for the course-level alignment (None) or that of one outcome."""
    if outcome_id is None:
        return Alignment.outcome_id.is_(None)
    return Alignment.outcome_id == outcome_id


def describe(course: Course, outcome: CourseOutcome | None) -> str:
    """How an alignment's holder is named in the audit log: "MFG 110" or "MFG 110 outcome 2"."""
    return course.code if outcome is None else f"{course.code} outcome {outcome.position}"


def align(
    course: Course,
    standard: Standard | None,
    level: AlignmentLevel | str | None,
    note: str,
    user: User,
    outcome: CourseOutcome | None = None,
) -> tuple[Alignment, bool]:
    """Align a course (course-level), or one of its learning outcomes, to a standard, pinned
    to its published version, else its draft.

    An existing alignment of the same course/outcome and standard gets the new level and note
    (and keeps its pin). Every change is kept as an `AlignmentRevision`. Returns (alignment,
    created).
    """
    if outcome is not None and outcome.course_id != course.id:
        raise AlignmentError(
            f"That outcome is not one of {course.code}'s learning outcomes.", field="outcome_id"
        )
    outcome_id = outcome.id if outcome is not None else None
    standard = _check_standard(course, standard, user)
    level = _level(level)
    note = (note or "").strip()
    if len(note) > 500:
        raise AlignmentError(
            "Say how it is taught or assessed in 500 characters at most.", field="note"
        )
    existing = db.session.scalar(
        db.select(Alignment).where(
            Alignment.course_id == course.id,
            Alignment.standard_id == standard.id,
            where_outcome(outcome_id),
        )
    )
    who = describe(course, outcome)
    if existing is not None:
        lock(existing)
        if (existing.level, existing.note) != (level, note):
            existing.level, existing.note = level, note
            db.session.flush()
            _revise(course.id, standard.id, utcnow(), existing, user, outcome_id)
            record(
                "alignment.updated",
                obj=existing,
                partnership=standard.framework.partnership,
                summary=f"{who} → {standard.code}: {level.value}",
                course_id=course.id,
                standard_id=standard.id,
                outcome_id=outcome_id,
            )
        return existing, False
    version = pin_for(standard)
    alignment = Alignment(
        course_id=course.id,
        outcome_id=outcome_id,
        standard_id=standard.id,
        version_id=version.id,
        level=level,
        note=note,
        created_by_id=user.id,
        created_at=utcnow(),
    )
    with unique_or_conflict():  # the same pair aligned at the same moment by someone else
        db.session.add(alignment)
    _revise(course.id, standard.id, alignment.created_at, alignment, user, outcome_id)
    record(
        "alignment.created",
        obj=alignment,
        partnership=standard.framework.partnership,
        summary=f"{who} → {standard.code} v{version.number} ({level.value})",
        course_id=course.id,
        standard_id=standard.id,
        outcome_id=outcome_id,
        version=version.number,
    )
    return alignment, True


def remove(alignment: Alignment) -> None:
    """Delete an alignment (its revision is closed, so exports as of earlier still show it)."""
    standard, course = alignment.standard, alignment.course
    record(
        "alignment.removed",
        obj=alignment,
        partnership=standard.framework.partnership,
        summary=f"{describe(course, alignment.outcome)} no longer aligned to {standard.code}",
        course_id=course.id,
        standard_id=standard.id,
        outcome_id=alignment.outcome_id,
    )
    course_id, standard_id, outcome_id = (
        alignment.course_id,
        alignment.standard_id,
        alignment.outcome_id,
    )
    db.session.delete(alignment)
    db.session.flush()
    _revise(course_id, standard_id, utcnow(), None, outcome_id=outcome_id)


def confirm(alignment: Alignment, user: User) -> None:
    """Re-confirm a stale alignment against the standard's published version.

    The alignment's row is locked and re-read first: of simultaneous re-confirms one wins, the
    others find it current (409), and its history gets one revision, opened after the last.
    """
    lock(alignment)
    published = alignment.standard.published_version
    if published is None or not alignment.is_stale:
        raise AlignmentError(
            f"The alignment of {alignment.course.code} to "
            f"{alignment.standard.code} is already current.",
            status=409,
        )
    old = alignment.version.number
    alignment.version = published
    alignment.confirmed_by_id = user.id
    alignment.confirmed_at = utcnow()
    db.session.flush()
    _revise(
        alignment.course_id,
        alignment.standard_id,
        alignment.confirmed_at,
        alignment,
        user,
        alignment.outcome_id,
    )
    record(
        "alignment.confirmed",
        obj=alignment,
        partnership=alignment.standard.framework.partnership,
        summary=f"{alignment.course.code} → {alignment.standard.code}: v{old} re-confirmed "
        f"against v{published.number}",
        course_id=alignment.course_id,
        standard_id=alignment.standard_id,
        old=old,
        new=published.number,
    )
