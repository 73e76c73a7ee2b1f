"""Finding alignments: a course's, a standard's, the stale ones (with what changed)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import TypeVar

from sqlalchemy import Select
from sqlalchemy.orm import aliased, joinedload
from sqlalchemy.orm.attributes import set_committed_value

from curriculum import access
from curriculum.access import Reader
from curriculum.alignment.models import Alignment
from curriculum.courses.models import Course, Program, ProgramCourse
from curriculum.errors import NotFound
from curriculum.extensions import db
from curriculum.standards.diff import Segment, word_diff
from curriculum.standards.models import Standard, StandardVersion

S = TypeVar("S", bound=Select)  # a select joined to Alignment and Standard
CourseIds = Iterable[int] | Select[int]  # a list of course ids, or a select of them


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
    """Who aligns to a standard: courses, levels, pinned versions. Each row's standard is the
    one given (loaded already, with its versions): the query does not read it again."""
    found = list(
        db.session.scalars(
            db.select(Alignment)
            .options(
                joinedload(Alignment.course).joinedload(Course.organization),
                joinedload(Alignment.outcome),
                joinedload(Alignment.version),
            )
            .where(Alignment.standard_id == standard.id)
            .order_by(Alignment.created_at)
        )
    )
    for alignment in found:
        set_committed_value(alignment, "standard", standard)
    return found


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
