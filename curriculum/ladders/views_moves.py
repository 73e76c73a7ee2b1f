"""New / edit / delete a move between two steps of a ladder (up or sideways)."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_login import current_user, login_required
from wtforms.fields.choices import SelectChoice

from curriculum import access, params
from curriculum.errors import DomainError, finish, show_on_form
from curriculum.extensions import db
from curriculum.ladders import moves, services
from curriculum.ladders.forms import MoveForm
from curriculum.ladders.models import Ladder, LadderMove
from curriculum.ladders.views import bp, editable


def _step_choices(ladder: Ladder) -> list[SelectChoice]:
    by_level = sorted(ladder.steps, key=lambda s: (s.level.rank, s.position, s.title))
    return [SelectChoice(s.id, f"{s.title} ({s.level.label.lower()})") for s in by_level]


def _back(ladder: Ladder):
    return redirect(url_for("ladders.ladder", ladder_id=ladder.id) + "#moves")


@bp.route("/ladders/<int:ladder_id>/moves/new", methods=["GET", "POST"])
@login_required
def new_move(ladder_id: int):
    ladder = editable(ladder_id)
    form = MoveForm()
    form.from_step_id.choices = form.to_step_id.choices = _step_choices(ladder)
    if not form.is_submitted():
        # Arriving from a step's page (?from=<id>): that step is where the move starts.
        origin = params.integer("from")
        if origin is not None and any(s.id == origin for s in ladder.steps):
            form.from_step_id.data = origin
    if form.validate_on_submit():
        try:
            move = moves.add_move(
                ladder,
                {
                    "from_step_id": form.from_step_id.data,
                    "to_step_id": form.to_step_id.data,
                    "kind": form.kind.data,
                    "typical_months": form.typical_months.data,
                    "support": form.support.data,
                },
                by=current_user,
            )
        except DomainError as exc:
            show_on_form(form, exc)
        else:
            db.session.commit()
            flash(f"Move {move.from_step.title} → {move.to_step.title} added.", "success")
            return _back(ladder)
    return render_template("ladders/move_form.html", form=form, ladder=ladder, move=None)


def _editable_move(move_id: int) -> LadderMove:
    found = services.get(LadderMove, move_id)
    access.require(current_user, "edit", found)
    return found


@bp.route("/moves/<int:move_id>/edit", methods=["GET", "POST"])
@login_required
def edit_move(move_id: int):
    move = _editable_move(move_id)
    form = MoveForm(obj=move)
    del form.from_step_id, form.to_step_id  # a move keeps its steps (delete it and add another)
    if not form.is_submitted():
        form.kind.data = move.kind.value
        form.typical_months.data = "" if move.typical_months is None else str(move.typical_months)
    if form.validate_on_submit():
        try:
            moves.update_move(
                move,
                {
                    "kind": form.kind.data,
                    "typical_months": form.typical_months.data,
                    "support": form.support.data,
                },
                by=current_user,
            )
        except DomainError as exc:
            show_on_form(form, exc)
        else:
            db.session.commit()
            flash("Move saved.", "success")
            return _back(move.ladder)
    return render_template("ladders/move_form.html", form=form, ladder=move.ladder, move=move)


@bp.post("/moves/<int:move_id>/delete")
@login_required
def delete_move(move_id: int):
    move = _editable_move(move_id)
    ladder = move.ladder
    what = f"{move.from_step.title} → {move.to_step.title}"
    return finish(
        lambda: moves.delete_move(move, by=current_user),
        f"Move {what} deleted.",
        url_for("ladders.ladder", ladder_id=ladder.id) + "#moves",
    )
