"""Courses and programs: who may change them, creating, editing, finding, copying."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from sqlalchemy import Select
from sqlalchemy.orm import joinedload, selectinload

from curriculum import access
from curriculum.audit.services import record
from curriculum.concurrency import unique_or_conflict
from curriculum.courses.models import (
    COMMITTEE_SIGNATORY,
    CONVENER_SIGNATORY,
    Course,
    CourseOutcome,
    Program,
    ProgramCourse,
)
from curriculum.errors import Conflict, DomainError, NotFound
from curriculum.extensions import db
from curriculum.names import clean_name
from curriculum.organizations.models import Organization, OrganizationKind
from curriculum.partnerships.models import Partnership
from curriculum.standards.models import Framework

if TYPE_CHECKING:
    from curriculum.access import Reader
    from curriculum.auth.models import User

TEACHING_KINDS = frozenset({OrganizationKind.COLLEGE, OrganizationKind.TRAINING_PROVIDER})
CATALOG_YEAR = re.compile(r"^(\d{4})-(\d{4})$")


class CourseError(DomainError):
    """Bad input for a course or program."""


def colleges_for(user: Reader) -> list[Organization]:
    """Colleges and training providers where the user may add courses and programs."""
    query = db.select(Organization).where(Organization.kind.in_(list(TEACHING_KINDS)))
    return [
        o
        for o in db.session.scalars(query.order_by(Organization.name))
        if access.can(user, "keep_courses", o)
    ]


# --- Courses -------------------------------------------------------------------------------


def _clean_course(college: Organization, data: dict, current: Course | None = None) -> dict:
    if college.kind not in TEACHING_KINDS:
        raise CourseError(
            "Only colleges and training providers keep courses.", field="organization_id"
        )
    code = re.sub(r"\s+", " ", clean_name(data.get("code"))).upper()
    if not code:
        raise CourseError("Enter the course code, for example MFG 110.", field="code")
    if len(code) > 32:
        raise CourseError("A course code has at most 32 characters.", field="code")
    clash = db.session.scalar(
        db.select(Course).where(Course.organization_id == college.id, Course.code == code)
    )
    if clash is not None and clash is not current:
        raise CourseError(f"{college.name} already has a course {code}.", field="code")
    title = clean_name(data.get("title"))
    if not title:
        raise CourseError("Enter the course title.", field="title")
    try:
        credits = Decimal(str(data.get("credits") if data.get("credits") is not None else "0"))
    except InvalidOperation:
        raise CourseError("Credits are a number such as 3 or 1.5.", field="credits") from None
    if not Decimal("0") <= credits <= Decimal("99"):
        raise CourseError("Credits are between 0 and 99.", field="credits")
    hours = data.get("contact_hours")
    if hours in ("", None):
        hours = None
    else:
        try:
            hours = int(hours)
        except (TypeError, ValueError):
            raise CourseError("Contact hours are a whole number.", field="contact_hours") from None
        if not 0 <= hours <= 2000:
            raise CourseError("Contact hours are between 0 and 2,000.", field="contact_hours")
    return {
        "code": code,
        "title": title[:200],
        "credits": credits.quantize(Decimal("0.01")),
        "contact_hours": hours,
        "description": data.get("description") or "",
    }


def outcome_lines(value: str | list[str] | None) -> list[str]:
    """Learning outcomes typed as lines (a Markdown list or not): one outcome per line."""
    lines = value.splitlines() if isinstance(value, str) else list(value or [])
    return [o.strip().lstrip("-*• ").strip() for o in lines if o and o.strip()]


def create_course(college: Organization, data: dict) -> Course:
    """A new course of the college."""
    course = Course(organization_id=college.id, **_clean_course(college, data))
    course.outcomes = [
        CourseOutcome(position=n, text=text)
        for n, text in enumerate(outcome_lines(data.get("learning_outcomes")), start=1)
    ]
    with unique_or_conflict(field="code"):  # the same code, saved at the same moment
        db.session.add(course)
    record("course.created", obj=course, summary=f"{college.name}: created {course.code}")
    return course


def update_course(course: Course, data: dict) -> None:
    """Change a course's details."""
    for key, value in _clean_course(course.organization, data, current=course).items():
        setattr(course, key, value)
    db.session.flush()
    record(
        "course.updated", obj=course, summary=f"{course.organization.name}: edited {course.code}"
    )


def get_course(course_id: int) -> Course:
    course = db.session.scalar(
        db.select(Course).options(joinedload(Course.organization)).where(Course.id == course_id)
    )
    if course is None:
        raise NotFound()
    return course


def search_courses(q: str = "", college_id: int | None = None) -> Select[Course]:
    """A select of courses by words in code or title, optionally of one college."""
    query = (
        db.select(Course)
        .options(joinedload(Course.organization))
        .join(Organization, Organization.id == Course.organization_id)
        .order_by(Organization.name, Course.code)
    )
    for word in q.lower().split():
        like = f"%{word}%"
        query = query.where(
            db.or_(db.func.lower(Course.code).like(like), db.func.lower(Course.title).like(like))
        )
    if college_id:
        query = query.where(Course.organization_id == college_id)
    return query


# --- Programs ------------------------------------------------------------------------------


def _clean_program(
    college: Organization, data: dict, current: Program | None = None, by: User | None = None
) -> dict:
    if college.kind not in TEACHING_KINDS:
        raise CourseError(
            "Only colleges and training providers offer programs.", field="organization_id"
        )
    name = clean_name(data.get("name"))
    if not name:
        raise CourseError("Enter the program's name.", field="name")
    year = (data.get("catalog_year") or "").strip()
    match = CATALOG_YEAR.match(year)
    if not match or int(match.group(2)) != int(match.group(1)) + 1:
        raise CourseError("A catalog year looks like 2026-2027.", field="catalog_year")
    clash = db.session.scalar(
        db.select(Program).where(
            Program.organization_id == college.id,
            Program.name == name,
            Program.catalog_year == year,
        )
    )
    if clash is not None and clash is not current:
        raise CourseError(f"{college.name} already has {name} for {year}.", field="name")
    partnership = db.session.get(Partnership, int(data.get("partnership_id") or 0))
    if partnership is None:
        raise CourseError("Choose the partnership the program answers to.", field="partnership_id")
    if college not in partnership.organizations:
        raise CourseError(
            f"{college.name} is not part of {partnership.name}.", field="partnership_id"
        )
    moving = current is None or current.partnership_id != partnership.id
    if by is not None and moving and not access.may_place_program(by, college, partnership):
        raise CourseError(
            f"Only faculty of {college.name} and conveners of {partnership.name} place "
            f"programs in {partnership.name}.",
            field="partnership_id",
        )
    framework_ids = [int(i) for i in data.get("framework_ids") or []]
    frameworks = list(
        db.session.scalars(db.select(Framework).where(Framework.id.in_(framework_ids)))
    )
    if len(frameworks) != len(set(framework_ids)) or any(
        f.partnership_id != partnership.id for f in frameworks
    ):
        raise CourseError("Choose frameworks of the program's partnership.", field="framework_ids")
    return {
        "name": name[:200],
        "award_type": (data.get("award_type") or "").strip()[:80] or "Certificate",
        "catalog_year": year,
        "description": data.get("description") or "",
        "partnership": partnership,
        "frameworks": frameworks,
        # Left empty: the usual titles (the approval page always has someone to sign).
        "committee_signatory": clean_name(data.get("committee_signatory"))[:120]
        or COMMITTEE_SIGNATORY,
        "convener_signatory": clean_name(data.get("convener_signatory"))[:120]
        or CONVENER_SIGNATORY,
    }


def create_program(college: Organization, data: dict, by: User | None = None) -> Program:
    """A new program of the college (`by`, when given, must be allowed to place it)."""
    program = Program(organization_id=college.id, **_clean_program(college, data, by=by))
    with unique_or_conflict(field="name"):  # the same name, saved at the same moment
        db.session.add(program)
    record(
        "program.created",
        obj=program,
        partnership=program.partnership,
        summary=f"{college.name}: created {program.name} ({program.catalog_year})",
    )
    return program


def update_program(program: Program, data: dict, by: User | None = None) -> None:
    """Change a program's details and frameworks (`by`, when given, must be allowed to move it
    to another partnership)."""
    for key, value in _clean_program(program.organization, data, program, by).items():
        setattr(program, key, value)
    db.session.flush()
    record(
        "program.updated",
        obj=program,
        partnership=program.partnership,
        summary=f"Edited {program.name} ({program.catalog_year})",
    )


def get_program(program_id: int) -> Program:
    """The program with its college, partnership, frameworks and courses loaded, or 404."""
    program = db.session.scalar(
        db.select(Program)
        .options(
            joinedload(Program.organization),
            joinedload(Program.partnership),
            selectinload(Program.frameworks),
            selectinload(Program.courses).joinedload(ProgramCourse.course),
        )
        .where(Program.id == program_id)
    )
    if program is None:
        raise NotFound()
    return program


def search_programs(q: str = "", college_id: int | None = None) -> Select[Program]:
    """A select of programs by words in the name, optionally of one college."""
    query = (
        db.select(Program)
        .options(joinedload(Program.organization))
        .order_by(Program.name, Program.catalog_year.desc())
    )
    for word in q.lower().split():
        query = query.where(db.func.lower(Program.name).like(f"%{word}%"))
    if college_id:
        query = query.where(Program.organization_id == college_id)
    return query


def add_course(
    program: Program,
    course: Course,
    term: int,
    required: bool = True,
    by: User | None = None,
) -> ProgramCourse:
    """Put one of the college's courses into the program, at the end of a term (`by`, when
    given, must be allowed to: see access.addable_courses)."""
    if course.organization_id != program.organization_id:
        raise CourseError(f"{course.code} is a course of another college.", field="course_id")
    if by is not None and not access.addable_courses(by, program, [course]):
        raise CourseError(
            f"{course.code} is in programs of other partnerships; only faculty of "
            f"{program.organization.name} may add it to this one.",
            field="course_id",
        )
    if not 1 <= int(term) <= 12:
        raise CourseError("The term is a number from 1 to 12.", field="term")
    if any(pc.course_id == course.id for pc in program.courses):
        raise Conflict(f"{course.code} is already in this program.")
    position = max((pc.position for pc in program.courses if pc.term == term), default=-1) + 1
    entry = ProgramCourse(course=course, term=int(term), position=position, required=required)
    program.courses.append(entry)
    db.session.flush()
    record(
        "program.course_added",
        obj=program,
        partnership=program.partnership,
        summary=f"{program.name}: {course.code} in term {term}"
        + ("" if required else " (elective)"),
    )
    return entry


def update_entry(program: Program, entry: ProgramCourse, term: int, required: bool) -> None:
    """Move a program course to another term or switch required / elective."""
    if entry.program_id != program.id:
        raise NotFound()
    if not 1 <= int(term) <= 12:
        raise CourseError("The term is a number from 1 to 12.", field="term")
    entry.term, entry.required = int(term), bool(required)
    if entry.required:  # a required course is in no elective group (courses/groups.py)
        entry.group = None
    db.session.flush()
    fit_groups(program)


def fit_groups(program: Program) -> None:
    """After a course leaves an elective group: no group lets a student choose more courses
    than it holds."""
    for group in program.elective_groups:
        if group.courses and group.choose > len(group.courses):
            group.choose = len(group.courses)
    db.session.flush()


def remove_course(program: Program, entry: ProgramCourse) -> None:
    """Take a course out of the program (the course itself stays)."""
    if entry.program_id != program.id:
        raise NotFound()
    code = entry.course.code
    program.courses.remove(entry)
    db.session.flush()
    fit_groups(program)
    record(
        "program.course_removed",
        obj=program,
        partnership=program.partnership,
        summary=f"{program.name}: removed {code}",
    )


def copy_program(program: Program, catalog_year: str) -> Program:
    """The program for another catalog year, with the same courses (and so their alignments)."""
    data = {
        "name": program.name,
        "award_type": program.award_type,
        "catalog_year": catalog_year,
        "description": program.description,
        "partnership_id": program.partnership_id,
        "framework_ids": [f.id for f in program.frameworks],
        "committee_signatory": program.committee_signatory,
        "convener_signatory": program.convener_signatory,
    }
    copy = Program(
        organization_id=program.organization_id, **_clean_program(program.organization, data)
    )
    copy.copied_from_id = program.id
    for pc in program.courses:
        copy.courses.append(
            ProgramCourse(
                course_id=pc.course_id, term=pc.term, position=pc.position, required=pc.required
            )
        )
    db.session.add(copy)
    db.session.flush()
    record(
        "program.copied",
        obj=copy,
        partnership=program.partnership,
        summary=f"{program.name}: {program.catalog_year} copied to {catalog_year}",
    )
    return copy
