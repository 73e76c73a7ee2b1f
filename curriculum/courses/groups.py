"""A program's courses as a whole: terms, required or elective, and either/or elective groups.

`set_program_courses` replaces the program's list in one step (the API's
`PUT /programs/<id>/courses` and the catalog import); the small steps (`add_group`,
`edit_group`, `delete_group`, `put_in_group`) serve the program page's edit mode. Which courses
a student takes on each path is `courses/paths.py`'s rule; this module only keeps the data
consistent with it:

- a course in an elective group is an elective (`required` False);
- a group lets a student choose at least 1 and at most as many courses as it holds.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from curriculum import access
from curriculum.audit.services import record
from curriculum.courses.models import Course, ElectiveGroup, Program, ProgramCourse
from curriculum.courses.services import CourseError, fit_groups
from curriculum.errors import Conflict, NotFound
from curriculum.extensions import db
from curriculum.names import clean_name

if TYPE_CHECKING:
    from curriculum.auth.models import User

MAX_TERM = 12


@dataclass(frozen=True, slots=True)
class EntrySpec:
    """One course of the program as a whole list gives it; `group`: an elective group's name."""

    course_id: int
    term: int = 1
    required: bool = True
    group: str | None = None


@dataclass(frozen=True, slots=True)
class GroupSpec:
    """An elective group: its name and how many of its courses a student takes."""

    name: str
    choose: int = 1


def _check_term(term: object, field: str = "term") -> int:
    try:
        value = int(term)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        value = 0
    if not 1 <= value <= MAX_TERM:
        raise CourseError(f"The term is a number from 1 to {MAX_TERM}.", field=field)
    return value


def _group_name(name: object, field: str = "name") -> str:
    cleaned = clean_name(name if isinstance(name, str) else "")
    if not cleaned:
        raise CourseError("Name the elective group, for example “Technical elective”.", field=field)
    if len(cleaned) > 120:
        raise CourseError("Name the elective group in 120 characters at most.", field=field)
    return cleaned


def _check_choose(choose: object, holds: int | None, name: str, field: str = "choose") -> int:
    try:
        value = int(choose)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        value = 0
    if value < 1:
        raise CourseError(f"{name}: a student chooses at least 1 course.", field=field)
    if holds is not None and value > holds:
        raise CourseError(
            f"{name}: a student cannot choose {value} of {holds} "
            f"course{'s' if holds != 1 else ''}.",
            field=field,
        )
    return value


def _checked_groups(groups: list[GroupSpec]) -> dict[str, GroupSpec]:
    named: dict[str, GroupSpec] = {}
    for i, spec in enumerate(groups):
        name = _group_name(spec.name, field=f"groups[{i}].name")
        if name.lower() in named:
            raise CourseError(f"There are two elective groups named {name}.", field="groups")
        named[name.lower()] = GroupSpec(name, spec.choose)
    return named


def set_program_courses(
    program: Program,
    entries: list[EntrySpec],
    groups: list[GroupSpec],
    by: User | None = None,
) -> None:
    """Make the program's courses exactly `entries` (in that order within each term) and its
    elective groups exactly `groups`. Courses already in the program keep their rows (and so
    nothing that refers to them changes); groups are matched by name. All is checked before
    anything changes: a CourseError names the first entry that is wrong."""
    named = _checked_groups(groups)
    ids = [spec.course_id for spec in entries]
    courses = {
        c.id: c for c in db.session.scalars(db.select(Course).where(Course.id.in_(set(ids))))
    }
    seen: set[int] = set()
    members: dict[str, int] = {key: 0 for key in named}
    for i, spec in enumerate(entries):
        field = f"courses[{i}]"
        course = courses.get(spec.course_id)
        if course is None or course.organization_id != program.organization_id:
            raise CourseError(
                f"Course {spec.course_id} is not a course of {program.organization.name}.",
                field=f"{field}.course_id",
            )
        if spec.course_id in seen:
            raise CourseError(f"{course.code} is listed twice.", field=f"{field}.course_id")
        seen.add(spec.course_id)
        _check_term(spec.term, field=f"{field}.term")
        if spec.group is not None:
            key = clean_name(spec.group).lower()
            if key not in named:
                raise CourseError(
                    f"{course.code}: there is no elective group named {spec.group}.",
                    field=f"{field}.group",
                )
            if spec.required:
                raise CourseError(
                    f"{course.code} is in an elective group, so it is an elective: "
                    "set required to false.",
                    field=f"{field}.required",
                )
            members[key] += 1
    for key, wanted in named.items():
        _check_choose(wanted.choose, members[key] or None, wanted.name, field="groups")
    current = {pc.course_id: pc for pc in program.courses}
    new = [courses[i] for i in ids if i not in current]
    if by is not None and new:
        allowed = {c.id for c in access.addable_courses(by, program, new)}
        refused = [c.code for c in new if c.id not in allowed]
        if refused:
            raise CourseError(
                f"{', '.join(refused)} {'is' if len(refused) == 1 else 'are'} in programs of "
                f"other partnerships; only faculty of {program.organization.name} may add "
                "them to this one.",
                field="courses",
            )

    existing = {g.name.lower(): g for g in program.elective_groups}
    for key, wanted in named.items():
        group = existing.get(key)
        if group is None:
            group = ElectiveGroup(name=wanted.name, choose=int(wanted.choose))
            program.elective_groups.append(group)
        else:
            group.name, group.choose = wanted.name, int(wanted.choose)
        existing[key] = group
    keep = set(ids)
    for pc in list(program.courses):
        if pc.course_id not in keep:
            program.courses.remove(pc)
    positions: dict[int, int] = {}
    for spec in entries:
        term = int(spec.term)
        pc = current.get(spec.course_id) or ProgramCourse(course=courses[spec.course_id])
        if pc.id is None:
            program.courses.append(pc)
        pc.term, pc.required = term, bool(spec.required)
        pc.position = positions.get(term, 0)
        positions[term] = pc.position + 1
        pc.group = existing[clean_name(spec.group).lower()] if spec.group is not None else None
    for key, group in list(existing.items()):
        if key not in named:
            program.elective_groups.remove(group)
    db.session.flush()
    db.session.expire(program, ["courses", "elective_groups"])
    record(
        "program.courses_set",
        obj=program,
        partnership=program.partnership,
        summary=f"{program.name}: {len(entries)} courses, {len(named)} elective groups",
    )


# --- The small steps of the program page ---------------------------------------------------


def _group_of(program: Program, group_id: int) -> ElectiveGroup:
    group = db.session.get(ElectiveGroup, group_id)
    if group is None or group.program_id != program.id:
        raise NotFound()
    return group


def _clash(program: Program, name: str, current: ElectiveGroup | None = None) -> None:
    for group in program.elective_groups:
        if group is not current and group.name.lower() == name.lower():
            raise Conflict(f"{program.name} already has an elective group named {name}.")


def add_group(program: Program, name: object, choose: object = 1) -> ElectiveGroup:
    """A new, empty elective group of the program."""
    cleaned = _group_name(name)
    _clash(program, cleaned)
    group = ElectiveGroup(name=cleaned, choose=_check_choose(choose, None, cleaned))
    program.elective_groups.append(group)
    db.session.flush()
    record(
        "program.group_added",
        obj=program,
        partnership=program.partnership,
        summary=f"{program.name}: elective group {cleaned}",
    )
    return group


def edit_group(program: Program, group_id: int, name: object, choose: object) -> ElectiveGroup:
    """Rename a group or change how many of its courses a student chooses."""
    group = _group_of(program, group_id)
    cleaned = _group_name(name)
    _clash(program, cleaned, group)
    group.name = cleaned
    group.choose = _check_choose(choose, len(group.courses) or None, cleaned)
    db.session.flush()
    record(
        "program.group_updated",
        obj=program,
        partnership=program.partnership,
        summary=f"{program.name}: elective group {group.label}",
    )
    return group


def delete_group(program: Program, group_id: int) -> None:
    """Remove a group; its courses stay in the program as free electives."""
    group = _group_of(program, group_id)
    name = group.name
    for pc in list(group.courses):
        pc.group = None
    program.elective_groups.remove(group)
    db.session.flush()
    record(
        "program.group_removed",
        obj=program,
        partnership=program.partnership,
        summary=f"{program.name}: removed elective group {name}",
    )


def put_in_group(program: Program, entry: ProgramCourse, group_id: int | None) -> None:
    """Put a program course into an elective group (it becomes an elective), or take it out
    (`group_id` None: it stays an elective, a free one)."""
    if entry.program_id != program.id:
        raise NotFound()
    if group_id is None:
        entry.group = None
    else:
        entry.group = _group_of(program, group_id)
        entry.required = False
    db.session.flush()
    fit_groups(program)
