"""The standards a step requires: find one among the partnership's frameworks (code or title,
paged, no script needed) and require it at a level, change the level, re-confirm a stale one
against the published version, remove it."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from curriculum import access, params
from curriculum.errors import DomainError, finish, show_on_form
from curriculum.extensions import db
from curriculum.ladders import ladder_page, requirements, services
from curriculum.ladders.forms import RequireForm, RequirementForm
from curriculum.ladders.models import LadderStep, StepRequirement
from curriculum.ladders.services import LadderError
from curriculum.ladders.views import bp


def _editable_step(step_id: int) -> LadderStep:
    found = services.get(LadderStep, step_id)
    access.require(current_user, "edit", found)
    return found


@bp.route("/steps/<int:step_id>/requirements/new", methods=["GET", "POST"])
@login_required
def add_requirement(step_id: int):
    step = _editable_step(step_id)
    form = RequireForm()
    if form.validate_on_submit():
        try:
            # An id a table can hold, or none (the service would look a 20-digit one up).
            standard_id = params.whole_number(form.standard_id.data, 1)
            if standard_id is None:
                raise LadderError("Choose a standard from the list.", field="standard_id")
            found = requirements.require_standard(
                step, standard_id, form.level.data, by=current_user
            )
        except DomainError as exc:
            show_on_form(form, exc)
        else:
            db.session.commit()
            flash(
                f"{step.title} now requires {found.standard.code} at {found.level.label.lower()} "
                f"(version {found.version.number}).",
                "success",
            )
            return redirect(url_for("ladders.step", step_id=step.id) + "#requirements")
    q = params.search_text()
    page = db.paginate(
        ladder_page.standards_to_require(step, q),
        page=params.page(),
        per_page=current_app.config["PER_PAGE"],
        error_out=False,
    )
    held = {r.standard_id: r for r in step.requirements}
    return render_template(
        "ladders/require.html",
        step=step,
        ladder=step.ladder,
        form=form,
        page=page,
        q=q,
        held=held,
        pin_for=requirements.pin_for,
    )


def _editable_requirement(requirement_id: int) -> StepRequirement:
    found = services.get(StepRequirement, requirement_id)
    access.require(current_user, "edit", found)
    return found


@bp.post("/requirements/<int:requirement_id>")
@login_required
def update_requirement(requirement_id: int):
    found = _editable_requirement(requirement_id)
    step = found.step
    back = url_for("ladders.step", step_id=step.id) + "#requirements"
    if request.form.get("confirm"):
        # Re-confirm a stale requirement: pinned to the published version from now on.
        return finish(
            lambda: requirements.update_requirement(found, {"confirm": True}, by=current_user),
            lambda r: f"{r.standard.code} re-confirmed against version {r.version.number}.",
            back,
        )
    form = RequirementForm()
    if not form.validate():
        flash(" ".join(form.level.errors), "error")
        return redirect(back)
    return finish(
        lambda: requirements.update_requirement(found, {"level": form.level.data}, by=current_user),
        lambda r: f"{r.standard.code} is now required at {r.level.label.lower()}.",
        back,
    )


@bp.post("/requirements/<int:requirement_id>/delete")
@login_required
def remove_requirement(requirement_id: int):
    found = _editable_requirement(requirement_id)
    step, code = found.step, found.standard.code
    return finish(
        lambda: requirements.remove_requirement(found, by=current_user),
        f"{step.title} no longer requires {code}.",
        url_for("ladders.step", step_id=step.id) + "#requirements",
    )
