"""Who may change a college's organization, courses and programs: the access rules of colleges
(registered in the one rule table of curriculum/access.py, which imports this module; ask
`access`, never this module, from views and services)."""

from __future__ import annotations

from curriculum.access import (
    convened,
    is_admin,
    partnerships_of,
    role_in,
    roles_of,
    rule,
    signed_in,
)
from curriculum.courses.models import Course, Program, ProgramCourse
from curriculum.extensions import db
from curriculum.organizations.models import Organization
from curriculum.partnerships.models import Partnership, Role

# --- Organizations ---------------------------------------------------------------------------


@rule(
    Organization,
    "edit",
    message="Only a convener of the one partnership this organization takes part in, or a site "
    "administrator, may change it.",
)
def _edit_organization(user, org: Organization) -> bool:
    """A site administrator, or a convener of the partnership it takes part in while it takes
    part in no other (a shared organization is edited by a site administrator)."""
    if is_admin(user):
        return True
    taking_part = partnerships_of(org)
    return len(taking_part) == 1 and taking_part <= convened(user)


def is_faculty_of(user, college: Organization | int) -> bool:
    """Someone of the college who teaches or convenes in a partnership."""
    cid = college if isinstance(college, int) else college.id
    return (
        signed_in(user)
        and user.organization_id == cid
        and bool(set(roles_of(user).values()) & {Role.FACULTY, Role.CONVENER})
    )


def _course_message(thing: Organization | Course | Program) -> str:
    college = (thing if isinstance(thing, Organization) else thing.organization).name
    return (
        f"Only faculty of {college}, conveners of a partnership its programs belong to, and site "
        f"administrators change {college}'s courses, programs and alignments."
    )


@rule(Organization, "keep_courses", message=_course_message)
def _keep_courses(user, college: Organization) -> bool:
    """Add courses and programs to the college: its faculty, conveners of a partnership one of
    its programs belongs to, site administrators."""
    if is_admin(user) or is_faculty_of(user, college):
        return True
    mine = convened(user)
    if not mine:
        return False
    return (
        db.session.scalar(
            db.select(Program.id)
            .where(Program.organization_id == college.id, Program.partnership_id.in_(mine))
            .limit(1)
        )
        is not None
    )


# --- Courses and programs --------------------------------------------------------------------


def holding_partnerships(course_ids) -> dict[int, set[int]]:
    """{course id: ids of the partnerships whose programs hold the course}, in one query."""
    held: dict[int, set[int]] = {cid: set() for cid in course_ids}
    if held:
        rows = db.session.execute(
            db.select(ProgramCourse.course_id, Program.partnership_id)
            .join(Program, Program.id == ProgramCourse.program_id)
            .where(ProgramCourse.course_id.in_(list(held)))
            .distinct()
        )
        for course_id, partnership_id in rows:
            held[course_id].add(partnership_id)
    return held


@rule(Course, "view")
def _view_course(_user, _course: Course) -> bool:
    """Courses are public: a course, its learning outcomes and its alignments are everyone's
    to read (the pages listing courses, such as a standard's, ask this)."""
    return True


@rule(Course, "edit", message=_course_message)
def _edit_course(user, course: Course) -> bool:
    """Change a course and its alignments: the college's faculty, site administrators, and the
    conveners of the partnership whose programs hold the course, while no program of another
    partnership holds it (a course shared by several partnerships' programs is its faculty's)."""
    if is_admin(user) or is_faculty_of(user, course.organization_id):
        return True
    mine = convened(user)
    if not mine:
        return False
    held = holding_partnerships([course.id])[course.id]
    return bool(held) and held <= mine


def addable_courses(user, program: Program, courses: list[Course]) -> list[Course]:
    """The courses (of the program's college) the user may put into the program: any, for the
    college's faculty and site administrators; for a convener of the program's partnership,
    those no program of another partnership holds (adding one would give them rights over a
    course that other partnerships' programs hold)."""
    if is_admin(user) or is_faculty_of(user, program.organization_id):
        return list(courses)
    if role_in(user, program.partnership_id) != Role.CONVENER:
        return []
    held = holding_partnerships([c.id for c in courses])
    return [c for c in courses if held[c.id] <= {program.partnership_id}]


@rule(Program, "edit", message=_course_message)
def _edit_program(user, program: Program) -> bool:
    """The college's faculty, conveners of the program's partnership, site administrators."""
    return (
        is_admin(user)
        or is_faculty_of(user, program.organization_id)
        or role_in(user, program.partnership_id) == Role.CONVENER
    )


def may_place_program(user, college: Organization, partnership: Partnership) -> bool:
    """Put a college's program in a partnership (create it there or move it there): the
    college's faculty and site administrators, or a convener of that partnership."""
    return (
        is_admin(user)
        or is_faculty_of(user, college)
        or role_in(user, partnership) == Role.CONVENER
    )
