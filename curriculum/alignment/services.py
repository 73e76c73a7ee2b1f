"""Aligning courses to exact standard versions, staleness and re-confirmation."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import TypeVar

from sqlalchemy import ColumnElement, Select
from sqlalchemy.orm import aliased, joinedload

from curriculum import access
from curriculum.access import Reader
from curriculum.alignment.models import Alignment, AlignmentLevel, AlignmentRevision
from curriculum.audit.services import record
from curriculum.auth.models import User
from curriculum.concurrency import lock, unique_or_conflict
from curriculum.courses.models import Course, CourseOutcome, Program, ProgramCourse
from curriculum.db import utcnow
from curriculum.errors import DomainError, NotFound
from curriculum.extensions import db
from curriculum.partnerships.models import PartnershipOrganization
from curriculum.standards.diff import Segment, word_diff
from curriculum.standards.models import Framework, Standard, StandardVersion

S = TypeVar("S", bound=Select)  # a select joined to Alignment and Standard
CourseIds = Iterable[int] | Select[int]  # a list of course ids, or a select of them


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


def _loaded() -> Select[Alignment]:
    return (
        db.select(Alignment)
        .join(Standard, Standard.id == Alignment.standard_id)
        .options(
            joinedload(Alignment.course).joinedload(Course.organization),
            joinedload(Alignment.outcome),
            joinedload(Alignment.version),
            joinedload(Alignment.standard).joinedload(Standard.published_version),
            joinedload(Alignment.standard).joinedload(Standard.current_version),
            joinedload(Alignment.standard).joinedload(Standard.framework),
        )
    )


def _stale_filter(query: S) -> S:
    published = aliased(StandardVersion)
    pinned = aliased(StandardVersion)
    return (
        query.join(published, published.id == Standard.published_version_id)
        .join(pinned, pinned.id == Alignment.version_id)
        .where(published.number > pinned.number)
    )


def alignments_of_course(course: Course) -> list[Alignment]:
    """The course's alignments, by framework and code."""
    return list(
        db.session.scalars(
            _loaded()
            .where(Alignment.course_id == course.id)
            .order_by(Standard.framework_id, Standard.code)
        )
    )


def alignments_of_standard(standard: Standard) -> list[Alignment]:
    """Who aligns to a standard: courses, levels, pinned versions."""
    return list(
        db.session.scalars(
            _loaded().where(Alignment.standard_id == standard.id).order_by(Alignment.created_at)
        )
    )


def stale(course_ids: CourseIds, limit: int | None = None) -> list[Alignment]:
    """Stale alignments of the given courses (a list, or a select of ids); the first `limit`."""
    query = (
        _stale_filter(_loaded())
        .where(Alignment.course_id.in_(course_ids))
        .order_by(Alignment.course_id, Standard.code)
    )
    return list(db.session.scalars(query if limit is None else query.limit(limit)))


def first_stale(course_ids: CourseIds, limit: int) -> tuple[list[Alignment], int]:
    """The first `limit` stale alignments of the courses (by course) and how many there are:
    after a framework is republished a college can have thousands, too many for one page."""
    found = stale(course_ids, limit)
    if len(found) < limit:
        return found, len(found)
    query = db.select(db.func.count(Alignment.id)).join(
        Standard, Standard.id == Alignment.standard_id
    )
    total = db.session.scalar(_stale_filter(query).where(Alignment.course_id.in_(course_ids)))
    return found, total or 0


def stale_by_course(course_ids: CourseIds) -> list[tuple[Course, int, datetime | None]]:
    """Each of the courses that has stale alignments, with how many and when the newest of the
    versions that made them stale was published, by course code (one query)."""
    published = aliased(StandardVersion)
    query = (
        db.select(Course, db.func.count(Alignment.id), db.func.max(published.published_at))
        .join(Alignment, Alignment.course_id == Course.id)
        .join(Standard, Standard.id == Alignment.standard_id)
        .join(published, published.id == Standard.published_version_id)
        .where(Course.id.in_(course_ids))
        .group_by(Course.id)
        .order_by(Course.code)
    )
    return [(c, n, at) for c, n, at in db.session.execute(_stale_filter(query))]


def college_courses(college_id: int) -> Select[int]:
    """A select of the ids of a college's courses."""
    return db.select(Course.id).where(Course.organization_id == college_id)


def program_courses(program: Program) -> Select[int]:
    """A select of the ids of a program's courses."""
    return db.select(ProgramCourse.course_id).where(ProgramCourse.program_id == program.id)


def stale_for_college(college_id: int) -> list[Alignment]:
    return stale(college_courses(college_id))


def stale_for_program(program: Program) -> list[Alignment]:
    return stale(program_courses(program))


def stale_with_diffs(
    alignments: list[Alignment], reader: Reader
) -> list[tuple[Alignment, list[Segment], list[Segment]]]:
    """Each stale alignment with the word diffs (title, statement) from pinned to published.

    A pinned version the reader may not see (a draft that was never published, of a partnership
    they have no role in) counts as empty: the diff shows the published text only."""
    found = []
    for a in alignments:
        published = a.standard.published_version
        if published is None:  # not stale after all (retired meanwhile)
            continue
        pinned = a.version if access.can(reader, "view", a.version) else None
        found.append(
            (
                a,
                word_diff(pinned.title if pinned else "", published.title),
                word_diff(pinned.statement if pinned else "", published.statement),
            )
        )
    return found


def get_alignment(alignment_id: int) -> Alignment:
    alignment = db.session.scalar(_loaded().where(Alignment.id == alignment_id))
    if alignment is None:
        raise NotFound()
    return alignment


def standards_with_stale(framework_id: int) -> set[int]:
    """Ids of the framework's standards that some course or outcome is aligned to stale (the
    framework page's filter; one query)."""
    query = (
        db.select(Alignment.standard_id)
        .join(Standard, Standard.id == Alignment.standard_id)
        .where(Standard.framework_id == framework_id)
        .distinct()
    )
    return set(db.session.scalars(_stale_filter(query)))
