"""The paths through a program: which of its courses every student takes, and which some do.

The one rule for "required", "all" and "chosen electives", asked by coverage, progression,
their exports and the API:

- a **required** course (`ProgramCourse.required`, in no elective group) is on every path;
- an **elective group** ("choose 1 of ROB 220, MFG 215") puts `choose` of its courses on each
  path; which ones depends on the student;
- a **free elective** (not required, in no group) is on no path unless chosen.

Scopes: ``required`` (the required courses), ``all`` (every course of the program, as if a
student took them all) and ``chosen`` (the required courses plus a chosen set of electives).
"""

from __future__ import annotations

from collections.abc import Iterable

from curriculum.courses.models import Program, ProgramCourse
from curriculum.errors import DomainError

SCOPES = ("required", "all", "chosen")
SCOPE_LABELS = {
    "required": "Required courses only",
    "all": "All courses",
    "chosen": "Required courses and chosen electives",
}


class ScopeError(DomainError):
    """A scope or a choice of electives that does not fit the program (400)."""


def is_required(entry: ProgramCourse) -> bool:
    """On every student's path: required and in no elective group."""
    return entry.required and entry.group_id is None


def in_order(program: Program) -> list[ProgramCourse]:
    """The program's courses in column order: by term, then place."""
    return sorted(program.courses, key=lambda pc: (pc.term, pc.position, pc.id))


def check_scope(scope: str | None) -> str:
    """The scope asked for ("required" when none); ScopeError for one that is not a scope."""
    scope = (scope or "required").strip().lower()
    if scope not in SCOPES:
        raise ScopeError(f"“{scope}” is not a scope: use required, all or chosen.", field="scope")
    return scope


def courses_in_scope(
    program: Program, scope: str, chosen: Iterable[int] = ()
) -> list[ProgramCourse]:
    """The program's entries a scope takes, in column order. `chosen`: course ids of the
    electives chosen (scope "chosen" only); one that is not an elective of the program is a
    ScopeError, as is choosing more of a group than it lets a student take."""
    entries = in_order(program)
    if scope == "all":
        return entries
    if scope == "required":
        return [pc for pc in entries if is_required(pc)]
    chosen = set(chosen)
    electives = {pc.course_id: pc for pc in entries if not is_required(pc)}
    unknown = chosen - electives.keys()
    if unknown:
        raise ScopeError(
            "Only the program's electives can be chosen; "
            f"{len(unknown)} of the courses chosen are not among them.",
            field="elective",
        )
    for group in program.elective_groups:
        picked = [pc for pc in group.courses if pc.course_id in chosen]
        if len(picked) > group.choose:
            raise ScopeError(
                f"{group.name}: a student takes {group.choose} of "
                f"{', '.join(pc.course.code for pc in group.courses)}, not {len(picked)}.",
                field="elective",
            )
    return [pc for pc in entries if is_required(pc) or pc.course_id in chosen]


def on_every_path(program: Program, course_ids: Iterable[int]) -> bool:
    """Whether every student's path takes at least one of these courses: one is required, or
    an elective group holds so many of them that any `choose` of its courses takes one."""
    wanted = set(course_ids)
    if not wanted:
        return False
    if any(is_required(pc) and pc.course_id in wanted for pc in program.courses):
        return True
    grouped = {pc.group_id for pc in program.courses if pc.group_id and pc.course_id in wanted}
    for group in program.elective_groups:
        if group.id in grouped:
            others = sum(
                1
                for pc in program.courses
                if pc.group_id == group.id and pc.course_id not in wanted
            )
            if others < group.choose:
                return True
    return False
