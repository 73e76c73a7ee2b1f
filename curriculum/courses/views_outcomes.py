"""A course's learning outcomes on the course pages: add, edit, move up or down, delete (whoever
may edit the course; the rules are courses/outcomes.py's)."""

from flask import flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from curriculum import access
from curriculum.courses import outcomes, services
from curriculum.courses.forms import OutcomeForm
from curriculum.courses.models import Course, CourseOutcome
from curriculum.courses.views import bp, course_page
from curriculum.errors import DomainError, show_on_form
from curriculum.extensions import db


def _editable(course_id: int) -> Course:
    course = services.get_course(course_id)
    access.require(current_user, "edit", course)
    return course


def _to(course: Course, outcome: CourseOutcome | None = None):
    anchor = f"#outcome-{outcome.id}" if outcome is not None else "#outcomes"
    return redirect(url_for("courses.course", course_id=course.id) + anchor)


@bp.post("/courses/<int:course_id>/outcomes")
@login_required
def add_outcome(course_id: int):
    course = _editable(course_id)
    form = OutcomeForm()
    if form.validate_on_submit():
        try:
            outcome = outcomes.add_outcome(
                course, form.text.data, form.assessment.data, by=current_user
            )
        except DomainError as exc:
            show_on_form(form, exc)
        else:
            db.session.commit()
            flash(f"Outcome {outcome.position} added.", "success")
            return _to(course, outcome)
    # The course page again, the form with what was typed and what is wrong.
    return course_page(course, outcome_form=form)


@bp.route("/courses/<int:course_id>/outcomes/<int:outcome_id>/edit", methods=["GET", "POST"])
@login_required
def edit_outcome(course_id: int, outcome_id: int):
    course = _editable(course_id)
    outcome = outcomes.outcome_of(course, outcome_id)
    form = OutcomeForm(obj=outcome)
    if form.validate_on_submit():
        try:
            changed = outcomes.update_outcome(
                outcome, form.text.data, form.assessment.data, by=current_user
            )
        except DomainError as exc:
            show_on_form(form, exc)
        else:
            db.session.commit()
            flash(
                f"Outcome {outcome.position} saved." if changed else "Nothing changed.", "success"
            )
            return _to(course, outcome)
    return render_template(
        "courses/outcome_form.html",
        course=course,
        outcome=outcome,
        form=form,
        aligned=outcomes.alignment_count(outcome),
    )


@bp.post("/courses/<int:course_id>/outcomes/<int:outcome_id>/move/<direction>")
@login_required
def move_outcome(course_id: int, outcome_id: int, direction: str):
    course = _editable(course_id)
    outcome = outcomes.outcome_of(course, outcome_id)
    try:
        moved = outcomes.move_outcome(outcome, direction, by=current_user)
    except DomainError as exc:
        db.session.rollback()
        flash(exc.message, "error")
        return _to(course, outcome)
    db.session.commit()
    if moved:
        flash(f"Now outcome {outcome.position}.", "success")
    else:
        flash(
            f"Outcome {outcome.position} is already the {'first' if direction == 'up' else 'last'}."
        )
    return _to(course, outcome)


@bp.post("/courses/<int:course_id>/outcomes/<int:outcome_id>/delete")
@login_required
def delete_outcome(course_id: int, outcome_id: int):
    course = _editable(course_id)
    outcome = outcomes.outcome_of(course, outcome_id)
    position = outcome.position
    removed = outcomes.delete_outcome(outcome, by=current_user)
    db.session.commit()
    also = f", with its {removed} alignment{'s' if removed != 1 else ''}" if removed else ""
    flash(f"Outcome {position} deleted{also}. The outcomes after it moved up.", "success")
    return _to(course)
