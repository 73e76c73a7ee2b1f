"""API endpoints of a course's learning outcomes: list and add them, change, move and delete
one, and align one to a standard (the same body and answers as aligning the course)."""

from flask_login import current_user

from curriculum import access
from curriculum.alignment import services as alignment
from curriculum.api import inputs
from curriculum.api.schemas.alignment import Alignment as AlignmentOut
from curriculum.api.schemas.outcomes import (
    Outcome,
    OutcomeChange,
    OutcomeDetail,
    OutcomeInput,
    OutcomeList,
)
from curriculum.api.views import bp
from curriculum.api.views_courses import _load_people, answer_align
from curriculum.courses import outcomes, services
from curriculum.courses.models import CourseOutcome
from curriculum.extensions import db


def _user():
    return current_user._get_current_object()


def _editable(outcome_id: int) -> CourseOutcome:
    """The outcome, when the user may edit its course (401, 403, 404 else)."""
    outcome = outcomes.get_outcome(outcome_id)
    access.require(current_user, "edit", outcome.course)
    return outcome


@bp.get("/courses/<int:course_id>/outcomes")
def course_outcomes(course_id: int):
    """The course's learning outcomes in order, each with its alignments, and the course's
    course-level alignments (public, like the course)."""
    course = services.get_course(course_id)
    access.require(current_user, "view", course)
    found = alignment.alignments_of_course(course)
    _load_people(found)
    by_outcome: dict[int | None, list[AlignmentOut]] = {}
    for a in found:
        by_outcome.setdefault(a.outcome_id, []).append(AlignmentOut.of(a, current_user))
    items = [OutcomeDetail.of(o, by_outcome.get(o.id, [])) for o in outcomes.outcomes_of(course)]
    return OutcomeList(
        course_id=course.id, items=items, course_level=by_outcome.get(None, [])
    ).send()


@bp.post("/courses/<int:course_id>/outcomes")
def add_outcome(course_id: int):
    """Add a learning outcome after the course's last one."""
    course = services.get_course(course_id)
    access.require(current_user, "edit", course)
    data = inputs.parse(OutcomeInput)
    outcome = outcomes.add_outcome(course, data.text, data.assessment, by=_user())
    db.session.commit()
    return Outcome.from_object(outcome).send(), 201


@bp.patch("/outcomes/<int:outcome_id>")
def change_outcome(outcome_id: int):
    """Change an outcome's text or assessment, or move it to another number."""
    outcome = _editable(outcome_id)
    data = inputs.parse(OutcomeChange)
    if data.text is not None or data.assessment is not None:
        outcomes.update_outcome(
            outcome,
            data.text if data.text is not None else outcome.text,
            data.assessment if data.assessment is not None else outcome.assessment,
            by=_user(),
        )
    if data.position is not None:
        outcomes.place_outcome(outcome, data.position, by=_user())
    db.session.commit()
    return Outcome.from_object(outcomes.get_outcome(outcome.id)).send()


@bp.delete("/outcomes/<int:outcome_id>")
def delete_outcome(outcome_id: int):
    """Delete an outcome and its alignments; the outcomes after it move up."""
    outcome = _editable(outcome_id)
    outcomes.delete_outcome(outcome, by=_user())
    db.session.commit()
    return "", 204


@bp.post("/outcomes/<int:outcome_id>/alignments")
def align_outcome(outcome_id: int):
    """Align the outcome to a standard, or change the level and note of its alignment to it."""
    outcome = _editable(outcome_id)
    return answer_align(outcome.course, outcome)
