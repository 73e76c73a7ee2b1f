"""A course's learning outcomes: adding, editing, moving and deleting them (numbered 1..n,
dense), each with its assessment methods. Who may: whoever may edit the course."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy.orm import selectinload

from curriculum import access
from curriculum.alignment import services as alignment
from curriculum.alignment.models import Alignment
from curriculum.audit.services import record
from curriculum.concurrency import lock
from curriculum.courses.models import Course, CourseOutcome
from curriculum.errors import DomainError, NotFound
from curriculum.extensions import db

if TYPE_CHECKING:
    from curriculum.access import Reader

MAX_TEXT = 1000
MAX_ASSESSMENT = 2000
MAX_OUTCOMES = 100
DIRECTIONS = ("up", "down")


class OutcomeError(DomainError):
    """Bad input for a learning outcome."""


def clean_text(value: object) -> str:
    """The outcome's text: required, at most MAX_TEXT characters, spaces at its ends dropped."""
    text = value.strip() if isinstance(value, str) else ""
    if not text:
        raise OutcomeError(
            "Enter the outcome: what a student can do after the course.", field="text"
        )
    if len(text) > MAX_TEXT:
        raise OutcomeError(
            f"An outcome has at most {MAX_TEXT:,} characters (this one has {len(text):,}).",
            field="text",
        )
    return text


def clean_assessment(value: object) -> str:
    """The assessment methods: optional, at most MAX_ASSESSMENT characters."""
    text = value.strip() if isinstance(value, str) else ""
    if len(text) > MAX_ASSESSMENT:
        raise OutcomeError(
            f"Say how it is assessed in at most {MAX_ASSESSMENT:,} characters "
            f"(this has {len(text):,}).",
            field="assessment",
        )
    return text


def _check(by: Reader, course: Course) -> None:
    if by is not None:
        access.require(by, "edit", course)


def _renumber(course: Course) -> None:
    """Positions 1..n in the course's order."""
    for n, outcome in enumerate(sorted(course.outcomes, key=lambda o: (o.position, o.id)), 1):
        outcome.position = n


def outcomes_of(course: Course) -> list[CourseOutcome]:
    """The course's outcomes in order (one query)."""
    return list(
        db.session.scalars(
            db.select(CourseOutcome)
            .where(CourseOutcome.course_id == course.id)
            .order_by(CourseOutcome.position, CourseOutcome.id)
        )
    )


def get_outcome(outcome_id: int) -> CourseOutcome:
    """The outcome with its course and college loaded, or 404."""
    outcome = db.session.scalar(
        db.select(CourseOutcome)
        .options(selectinload(CourseOutcome.course).joinedload(Course.organization))
        .where(CourseOutcome.id == outcome_id)
    )
    if outcome is None:
        raise NotFound()
    return outcome


def outcome_of(course: Course, outcome_id: int) -> CourseOutcome:
    """One of the course's outcomes, or 404 (an outcome of another course is not found here)."""
    outcome = db.session.get(CourseOutcome, outcome_id)
    if outcome is None or outcome.course_id != course.id:
        raise NotFound()
    return outcome


def add_outcome(
    course: Course, text: object, assessment: object = "", by: Reader = None
) -> CourseOutcome:
    """A new outcome, numbered after the course's last one."""
    _check(by, course)
    text, assessment = clean_text(text), clean_assessment(assessment)
    lock(course)  # two outcomes added at once still get distinct numbers
    if len(course.outcomes) >= MAX_OUTCOMES:
        raise OutcomeError(f"A course has at most {MAX_OUTCOMES} learning outcomes.", field="text")
    outcome = CourseOutcome(
        position=max((o.position for o in course.outcomes), default=0) + 1,
        text=text,
        assessment=assessment,
    )
    course.outcomes.append(outcome)
    db.session.flush()
    record(
        "outcome.created",
        obj=outcome,
        summary=f"{course.code}: added outcome {outcome.position}",
        course_id=course.id,
    )
    return outcome


def update_outcome(
    outcome: CourseOutcome, text: object, assessment: object, by: Reader = None
) -> bool:
    """Change the outcome's text and assessment methods; False when nothing changed."""
    course = outcome.course
    _check(by, course)
    text, assessment = clean_text(text), clean_assessment(assessment)
    if (outcome.text, outcome.assessment) == (text, assessment):
        return False
    outcome.text, outcome.assessment = text, assessment
    db.session.flush()
    record(
        "outcome.updated",
        obj=outcome,
        summary=f"{course.code}: edited outcome {outcome.position}",
        course_id=course.id,
    )
    return True


def move_outcome(outcome: CourseOutcome, direction: str, by: Reader = None) -> bool:
    """Swap the outcome with the one above ("up") or below ("down"); False at either end."""
    if direction not in DIRECTIONS:
        raise OutcomeError("Move an outcome up or down.", field="direction")
    step = -1 if direction == "up" else 1
    return place_outcome(outcome, outcome.position + step, by=by, clamp=True)


def place_outcome(
    outcome: CourseOutcome, position: int, by: Reader = None, clamp: bool = False
) -> bool:
    """Give the outcome number `position` (1..n), the others keeping their order around it;
    False when it is there already. A position beyond 1..n is refused (`clamp`: kept there)."""
    course = outcome.course
    _check(by, course)
    lock(course)  # reloads its outcomes: moves made meanwhile count
    order = sorted(course.outcomes, key=lambda o: (o.position, o.id))
    if not 1 <= position <= len(order):
        if not clamp:
            raise OutcomeError(
                f"{course.code} has outcomes 1 to {len(order)}: choose one of those places.",
                field="position",
            )
        position = min(max(position, 1), len(order))
    before = [o.id for o in order]
    order.remove(outcome)
    order.insert(position - 1, outcome)
    for n, o in enumerate(order, 1):
        o.position = n
    if [o.id for o in order] == before:
        db.session.flush()  # numbers made dense, if they were not
        return False
    db.session.flush()
    record(
        "outcome.moved",
        obj=outcome,
        summary=f"{course.code}: outcome moved to {outcome.position}",
        course_id=course.id,
    )
    return True


def delete_outcome(outcome: CourseOutcome, by: Reader = None) -> int:
    """Delete the outcome and its alignments to standards (each removal in its partnership's
    log); the outcomes after it move up. Returns how many alignments went with it."""
    course = outcome.course
    _check(by, course)
    lock(course)
    position = outcome.position
    aligned = list(
        db.session.scalars(db.select(Alignment).where(Alignment.outcome_id == outcome.id))
    )
    for found in aligned:
        alignment.remove(found)
    course.outcomes.remove(outcome)  # delete-orphan
    db.session.flush()
    _renumber(course)
    db.session.flush()
    record(
        "outcome.deleted",
        obj=course,
        summary=f"{course.code}: deleted outcome {position}"
        + (f" and its {len(aligned)} alignment(s)" if aligned else ""),
        course_id=course.id,
        alignments=len(aligned),
    )
    return len(aligned)


def alignment_count(outcome: CourseOutcome) -> int:
    """How many standards the outcome is aligned to (what deleting it removes)."""
    return (
        db.session.scalar(
            db.select(db.func.count(Alignment.id)).where(Alignment.outcome_id == outcome.id)
        )
        or 0
    )
