"""A step's page (its details, the moves in and out, "what stands between"), and new / edit /
delete a step with its job quality, benefits and hiring employers."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from curriculum import access, params
from curriculum.errors import DomainError, show_on_form
from curriculum.extensions import db
from curriculum.ladders import ladder_page, services, steps
from curriculum.ladders.forms import BENEFIT_FIELDS, DeleteForm, StepForm
from curriculum.ladders.models import Ladder, LadderStep
from curriculum.ladders.views import bp, editable

# The step's own fields, as StepData names them (the benefits and employers come apart).
STEP_FIELDS = (
    "title",
    "onet_code",
    "level",
    "position",
    "description",
    "wage_low",
    "wage_median",
    "wage_high",
    "wage_source",
    "wage_year",
    "schedule",
    "conditions",
)


@bp.get("/steps/<int:step_id>")
def step(step_id: int):
    ladder, found = ladder_page.ladder_of_step(step_id)
    access.require(current_user, "view", found)
    page = ladder_page.ladder_page(ladder)
    return render_template(
        "ladders/step.html",
        ladder=ladder,
        step=found,
        page=page,
        view=page.view(found),
        others=ladder_page.steps_to_compare(found, current_user),
        can_edit=access.can(current_user, "edit", ladder),
    )


def _hiring_rows(ladder: Ladder, found: LadderStep | None) -> list[dict]:
    """One row per employer of the partnership: hires for the step? expected openings. From
    what was sent when the form was sent (so it keeps what was typed), else from the step."""
    employers = steps.employers_of(ladder.partnership_id)
    if request.method == "POST":
        ticked = set(params.ids("employer"))
        return [
            {
                "organization": org,
                "hires": org.id in ticked,
                "openings": (request.form.get(f"openings_{org.id}") or "").strip(),
            }
            for org in employers
        ]
    kept = {e.organization_id: e for e in (found.employers if found else [])}
    return [
        {
            "organization": org,
            "hires": org.id in kept,
            "openings": ""
            if org.id not in kept or kept[org.id].openings is None
            else str(kept[org.id].openings),
        }
        for org in employers
    ]


def _data(form: StepForm, rows: list[dict], found: LadderStep | None) -> steps.StepData:
    values = {name: getattr(form, name).data for name in STEP_FIELDS}
    # A benefit left empty is not recorded; one recorded before and emptied now is offered by
    # no employer (0): the services keep every benefit they were once given.
    recorded = {b.benefit for b in found.benefits} if found else set()
    benefits = {
        b.value: getattr(form, name).data
        for b, name in BENEFIT_FIELDS
        if getattr(form, name).data or b in recorded
    }
    return steps.StepData(
        **values,
        benefits=benefits,
        employers=[(r["organization"].id, r["openings"]) for r in rows if r["hires"]],
        given=set(STEP_FIELDS),
    )


def _fill(form: StepForm, found: LadderStep) -> None:
    """The form as the step stands (a GET of the edit page)."""
    form.level.data = found.level.value
    for name in ("position", "wage_low", "wage_median", "wage_high", "wage_year"):
        value = getattr(found, name)
        getattr(form, name).data = "" if value is None else str(value)
    counts = {b.benefit: b.employers for b in found.benefits}
    for benefit, name in BENEFIT_FIELDS:
        getattr(form, name).data = str(counts[benefit]) if benefit in counts else ""


def _step_form(ladder: Ladder, found: LadderStep | None):
    form = StepForm(obj=found)
    if found is not None and not form.is_submitted():
        _fill(form, found)
    rows = _hiring_rows(ladder, found)
    if form.validate_on_submit():
        try:
            if found is None:
                saved = steps.add_step(ladder, _data(form, rows, None), by=current_user)
            else:
                saved = steps.update_step(found, _data(form, rows, found), by=current_user)
        except DomainError as exc:
            show_on_form(form, exc)
        else:
            db.session.commit()
            flash(f"Step “{saved.title}” saved.", "success")
            return redirect(url_for("ladders.step", step_id=saved.id))
    occupation = ladder_page.occupation(found.onet_code) if found else None
    typed = ladder_page.occupation(form.onet_code.data or "")
    return render_template(
        "ladders/step_form.html",
        form=form,
        ladder=ladder,
        step=found,
        rows=rows,
        benefit_fields=BENEFIT_FIELDS,
        occupation=typed or occupation,
    )


@bp.route("/ladders/<int:ladder_id>/steps/new", methods=["GET", "POST"])
@login_required
def new_step(ladder_id: int):
    ladder = editable(ladder_id)
    return _step_form(ladder, None)


def _editable_step(step_id: int) -> LadderStep:
    found = services.get(LadderStep, step_id)
    access.require(current_user, "edit", found)
    return found


@bp.route("/steps/<int:step_id>/edit", methods=["GET", "POST"])
@login_required
def edit_step(step_id: int):
    found = _editable_step(step_id)
    return _step_form(found.ladder, found)


@bp.route("/steps/<int:step_id>/delete", methods=["GET", "POST"])
@login_required
def delete_step(step_id: int):
    found = _editable_step(step_id)
    ladder = found.ladder
    form = DeleteForm()
    if form.validate_on_submit():
        title = found.title
        steps.delete_step(found, by=current_user)
        db.session.commit()
        flash(f"Step “{title}” deleted, with its moves and requirements.", "success")
        return redirect(url_for("ladders.ladder", ladder_id=ladder.id))
    moves = sum(1 for m in ladder.moves if found.id in (m.from_step_id, m.to_step_id))
    required = len(found.requirements)
    return render_template(
        "ladders/delete.html",
        form=form,
        ladder=ladder,
        step=found,
        what=f"the step “{found.title}”",
        consequence=f"Its {moves} move{'s' if moves != 1 else ''} and {required} "
        f"requirement{'s' if required != 1 else ''} are deleted with it.",
        cancel=url_for("ladders.step", step_id=found.id),
    )
