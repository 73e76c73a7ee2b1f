"""A faculty member's college on the home page: the first of its courses (with how many
alignments of each are stale) and of its programs (with a coverage figure), and how many there
are in all, for the "see all" links. A fixed number of queries, whatever the college holds."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import selectinload

from curriculum import access
from curriculum.alignment import coverage as coverage_model
from curriculum.alignment import services as alignment
from curriculum.courses.models import Course, Program
from curriculum.courses.services import TEACHING_KINDS
from curriculum.extensions import db
from curriculum.organizations.models import Organization
from curriculum.standards.models import Framework

COURSES_SHOWN = 10
# Each program shown costs its coverage (a few queries): the home page shows the newest few.
PROGRAMS_SHOWN = 5


@dataclass(frozen=True)
class ProgramLine:
    """A program and, against its first framework, the share of the framework's standards its
    required courses cover (None when it answers to no framework)."""

    program: Program
    framework: Framework | None
    covered: int = 0
    total: int = 0
    percent: int = 0


@dataclass(frozen=True)
class CollegeHome:
    college: Organization
    courses: list[tuple[Course, int]]  # (course, stale alignments)
    course_total: int
    programs: list[ProgramLine]
    program_total: int


def college_of(user) -> Organization | None:
    """The college or training provider the user teaches at (a faculty member or convener of
    a partnership who belongs to it), else None."""
    if not access.signed_in(user) or user.organization_id is None:
        return None
    college = user.organization
    if college is None or college.kind not in TEACHING_KINDS:
        return None
    return college if access.is_faculty_of(user, college) else None


def _count(query) -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(query.subquery())) or 0


def _line(user, program: Program) -> ProgramLine:
    if not program.frameworks:
        return ProgramLine(program, None)
    framework = program.frameworks[0]
    cov = coverage_model.coverage(
        program,
        framework,
        drafts=access.sees_drafts(user, program.partnership_id),
        scope="required",
    )
    return ProgramLine(program, framework, cov.covered, cov.total, cov.covered_percent)


def college_home(user) -> CollegeHome | None:
    """What the home page lists for a faculty member's college; None for anyone else."""
    college = college_of(user)
    if college is None:
        return None
    courses_query = db.select(Course).where(Course.organization_id == college.id)
    courses = list(db.session.scalars(courses_query.order_by(Course.code).limit(COURSES_SHOWN)))
    stale = {c.id: n for c, n, _at in alignment.stale_by_course([c.id for c in courses])}
    programs_query = db.select(Program).where(Program.organization_id == college.id)
    programs = list(
        db.session.scalars(
            programs_query.options(
                selectinload(Program.frameworks),
                selectinload(Program.courses),
            )
            .order_by(Program.catalog_year.desc(), Program.name)
            .limit(PROGRAMS_SHOWN)
        )
    )
    return CollegeHome(
        college,
        [(c, stale.get(c.id, 0)) for c in courses],
        len(courses) if len(courses) < COURSES_SHOWN else _count(courses_query),
        [_line(user, p) for p in programs],
        len(programs) if len(programs) < PROGRAMS_SHOWN else _count(programs_query),
    )
