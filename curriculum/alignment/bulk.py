"""Saving a course's alignments to one framework at once (the align page, the API's PUT)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from curriculum import access
from curriculum.alignment import services
from curriculum.alignment.models import Alignment, AlignmentLevel
from curriculum.alignment.services import AlignmentError
from curriculum.courses.models import Course, CourseOutcome
from curriculum.errors import DomainError
from curriculum.extensions import db
from curriculum.standards.models import Framework, Standard
from curriculum.standards.tree import load_tree

if TYPE_CHECKING:
    from curriculum.auth.models import User

# The level a row not yet aligned offers (the first choice on the align page).
DEFAULT_LEVEL = AlignmentLevel.INTRODUCED


@dataclass(frozen=True)
class Row:
    """One standard's row: ticked (aligned) or not, with its level and note (None: not given)."""

    standard_id: int
    ticked: bool
    level: str | None = None
    note: str | None = None


@dataclass
class Saved:
    """What a save did to the course's alignments."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0


class RowErrors(AlignmentError):
    """Rows that cannot be saved, by standard id (`rows`); nothing was saved."""

    def __init__(self, rows: dict[int, str], names: list[str]):
        super().__init__(f"Nothing was saved: fix the rows of {', '.join(names)}.")
        self.rows = rows


def check_framework(course: Course, framework: Framework) -> None:
    """Refuse a framework of a partnership the course's college does not take part in."""
    if framework not in services.frameworks_for(course):
        raise AlignmentError(
            f"{course.organization.name} is not part of {framework.partnership.name}.",
            field="framework_id",
        )


def _alignments(
    course: Course, framework: Framework, outcome: CourseOutcome | None = None
) -> dict[int, Alignment]:
    """The course-level alignments of the course to the framework's standards (or those of
    one of its outcomes), by standard id."""
    return {
        a.standard_id: a
        for a in db.session.scalars(
            db.select(Alignment)
            .join(Standard, Standard.id == Alignment.standard_id)
            .where(
                Alignment.course_id == course.id,
                Standard.framework_id == framework.id,
                services.where_outcome(outcome.id if outcome is not None else None),
            )
        )
    }


def forgotten_tick(row: Row, alignment: Alignment | None) -> str | None:
    """Why an unticked row cannot be saved, if its level or note differ from what the row
    showed (the alignment's, else the default level and no note): that reads as a tick
    forgotten, so it is refused rather than silently dropped."""
    level, note = (alignment.level.value, alignment.note) if alignment else (DEFAULT_LEVEL, "")
    if (row.level is None or row.level == level) and (row.note is None or row.note.strip() == note):
        return None
    if alignment is None:
        return (
            "A level or note is given but the standard is not ticked: tick it to align the "
            f"course to it, or set the level back to {DEFAULT_LEVEL.label} and clear the note."
        )
    return (
        "The level or note was changed but the standard is not ticked: tick it to keep the "
        "alignment with the change, or undo the change to remove the alignment."
    )


def sync(
    course: Course,
    framework: Framework,
    rows: Iterable[Row],
    user: User,
    scope: set[int] | None = None,
    outcome: CourseOutcome | None = None,
) -> Saved:
    """Make the course's alignments to the standards in `scope` those of the ticked rows: its
    course-level alignments, or with `outcome` those of that learning outcome.

    Ticked rows are aligned (an existing alignment gets the new level and note and keeps its
    pin; a level or note not given keeps the alignment's own); the alignments of the other
    standards in scope are removed. `scope`: the standards the rows stand for (the align
    page's shown rows); None: every standard of the framework the user can see, those without
    a row counting as unticked. A row outside the scope or listed twice, a ticked row the
    alignment service refuses, or a forgotten tick raises RowErrors naming every such row;
    the caller rolls back what was flushed.
    """
    check_framework(course, framework)
    if scope is None:
        drafts = access.can(user, "view_drafts", framework.partnership)
        scope = {n.standard.id for n in load_tree(framework, drafts=drafts) if not n.code_only}
    existing = _alignments(course, framework, outcome)
    errors: dict[int, str] = {}
    given: dict[int, Row] = {}
    for row in rows:
        if row.standard_id in given:
            errors[row.standard_id] = "This standard is listed twice."
        elif row.standard_id not in scope:
            errors[row.standard_id] = f"There is no such standard in {framework.title}."
        given[row.standard_id] = row
    saved = Saved()
    for sid in sorted(given.keys() - errors.keys()):
        row, before = given[sid], existing.get(sid)
        if not row.ticked:
            if problem := forgotten_tick(row, before):
                errors[sid] = problem
            continue
        level = row.level if row.level is not None else before and before.level.value
        if not level:
            errors[sid] = "Choose a level: introduced, reinforced or mastered."
            continue
        note = row.note if row.note is not None else (before.note if before else "")
        was = (before.level, before.note) if before else None
        try:
            alignment, created = services.align(
                course, db.session.get(Standard, sid), level, note, user, outcome
            )
        except DomainError as exc:
            errors[sid] = exc.message
            continue
        if created:
            saved.added += 1
        elif (alignment.level, alignment.note) != was:
            saved.updated += 1
        else:
            saved.unchanged += 1
    if errors:
        raise RowErrors(errors, _names(errors, scope))
    ticked = {sid for sid, row in given.items() if row.ticked}
    for sid in sorted(scope - ticked):
        if sid in existing:
            services.remove(existing[sid])
            saved.removed += 1
    return saved


def _names(errors: dict[int, str], scope: set[int]) -> list[str]:
    """The rows' standard codes (only for standards in scope: the others may be hidden)."""
    codes = dict(
        db.session.execute(
            db.select(Standard.id, Standard.code).where(Standard.id.in_(errors.keys() & scope))
        ).all()
    )
    return [codes.get(sid, f"standard {sid}") for sid in sorted(errors)]
