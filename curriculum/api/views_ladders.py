"""API endpoints of career ladders: a partnership's ladders, a ladder with its steps, moves and
the programs that lead to each step, drawing them (steps, moves, required standards), the
ladder's diagram as SVG, and what stands between two steps."""

from __future__ import annotations

from flask import current_app, url_for
from flask_login import current_user
from sqlalchemy.orm import joinedload, selectinload

from curriculum import access, params
from curriculum.api import inputs
from curriculum.api.schemas.ladders import (
    Gap,
    Ladder,
    LadderDetail,
    LadderInput,
    LadderPage,
    LadderPatch,
    Move,
    MoveInput,
    MovePatch,
    Requirement,
    RequirementInput,
    RequirementPatch,
    StepDetail,
    StepInput,
    StepPatch,
)
from curriculum.api.views import bp
from curriculum.errors import NotFound
from curriculum.extensions import db
from curriculum.ladders import models, reach, services
from curriculum.ladders import moves as ladder_moves
from curriculum.ladders import requirements as ladder_requirements
from curriculum.ladders import steps as ladder_steps
from curriculum.partnerships.services import get_partnership
from curriculum.standards.models import Standard


def _user():
    return current_user._get_current_object()


def _sent(body) -> dict:
    """The fields the request sent (a PATCH changes those only)."""
    return body.model_dump(include=body.model_fields_set)


def _loaded(ladder_id: int) -> models.Ladder:
    """The ladder with its steps (benefits, employers, requirements) and moves, in a fixed
    number of queries."""
    step = models.LadderStep
    found = db.session.scalar(
        db.select(models.Ladder)
        .where(models.Ladder.id == ladder_id)
        .options(
            joinedload(models.Ladder.partnership),
            selectinload(models.Ladder.moves),
            selectinload(models.Ladder.steps).options(
                selectinload(step.benefits),
                selectinload(step.employers).joinedload(models.StepEmployer.organization),
                selectinload(step.requirements).options(
                    joinedload(models.StepRequirement.standard).joinedload(
                        Standard.published_version
                    ),
                    joinedload(models.StepRequirement.version),
                ),
            ),
        )
    )
    if found is None:
        raise NotFound()
    return found


def _ladder(ladder_id: int, action: str = "view") -> models.Ladder:
    ladder = _loaded(ladder_id)
    access.require(current_user, action, ladder)
    return ladder


def _part(model: type, object_id: int, action: str = "edit"):
    """A step, move or requirement, when the user may `action` its ladder (401, 403, 404)."""
    found = services.get(model, object_id)
    access.require(current_user, action, found)
    return found


def _detail(ladder_id: int) -> LadderDetail:
    ladder = _loaded(ladder_id)
    leads = reach.ladder_reach(ladder)
    steps = sorted(ladder.steps, key=lambda s: (s.level.rank, s.position, s.id))
    reader = current_user
    return LadderDetail.of(
        ladder,
        steps=[StepDetail.with_programs(s, reader, leads[s.id]) for s in steps],
        moves=[Move.from_object(m) for m in ladder.moves],
    )


def _step_answer(step_id: int) -> StepDetail:
    db.session.expire_all()
    step = services.get(models.LadderStep, step_id)
    return StepDetail.with_programs(step, current_user, reach.programs_for_step(step))


# --- Ladders -----------------------------------------------------------------------------------


@bp.get("/partnerships/<int:partnership_id>/ladders")
def partnership_ladders(partnership_id: int):
    """The partnership's ladders this reader may see (published ones; drafts for those who
    see its drafts), by title."""
    partnership = get_partnership(partnership_id)
    query = (
        reach.visible_ladders(current_user, {partnership.id})
        .options(selectinload(models.Ladder.steps))
        .order_by(models.Ladder.title, models.Ladder.id)
    )
    found = db.paginate(
        query, page=params.page(), per_page=current_app.config["PER_PAGE"], error_out=False
    )
    return LadderPage.of([Ladder.of(ladder) for ladder in found.items], found).send()


@bp.post("/partnerships/<int:partnership_id>/ladders")
def create_ladder(partnership_id: int):
    """A new ladder of the partnership, a draft unless said otherwise (conveners, panelists)."""
    partnership = get_partnership(partnership_id)
    access.require(current_user, "edit_ladders", partnership)
    body = inputs.parse(LadderInput)
    ladder = services.create_ladder(
        partnership,
        title=body.title,
        description=body.description or "",
        status=body.status or models.LadderStatus.DRAFT,
        by=_user(),
    )
    db.session.commit()
    location = url_for(".ladder", ladder_id=ladder.id)
    return _detail(ladder.id).send(), 201, {"Location": location}


@bp.get("/ladders/<int:ladder_id>")
def ladder(ladder_id: int):
    """The ladder with its steps (job quality, requirements, the programs that lead there) and
    its moves."""
    _ladder(ladder_id)
    return _detail(ladder_id).send()


@bp.patch("/ladders/<int:ladder_id>")
def update_ladder(ladder_id: int):
    """Change the fields sent of a ladder (publish it: status "published")."""
    ladder = _ladder(ladder_id, "edit")
    body = inputs.parse(LadderPatch)
    services.update_ladder(ladder, _sent(body), by=_user())
    db.session.commit()
    return _detail(ladder_id).send()


@bp.delete("/ladders/<int:ladder_id>")
def delete_ladder(ladder_id: int):
    """Delete a ladder with its steps, moves and requirements."""
    ladder = _ladder(ladder_id, "edit")
    services.delete_ladder(ladder, by=_user())
    db.session.commit()
    return "", 204


@bp.get("/ladders/<int:ladder_id>/diagram.svg")
def ladder_diagram(ladder_id: int):
    """The ladder drawn as SVG: levels as rows, steps as boxes, moves as arrows."""
    ladder = _ladder(ladder_id)
    from curriculum.ladders import diagram

    svg = str(diagram.ladder_svg(ladder, links=False))
    return current_app.response_class(svg, mimetype="image/svg+xml")


# --- Steps -------------------------------------------------------------------------------------


def _step_data(body, given: set[str] | None = None) -> ladder_steps.StepData:
    sent = body.model_dump(include=given) if given is not None else body.model_dump()
    if sent.get("benefits") is not None:
        sent["benefits"] = {benefit.value: n for benefit, n in sent["benefits"].items()}
    if sent.get("employers") is not None:
        sent["employers"] = [(e["organization_id"], e["openings"]) for e in sent["employers"]]
    return ladder_steps.StepData(**sent, given=set(given or ()))


@bp.post("/ladders/<int:ladder_id>/steps")
def add_step(ladder_id: int):
    """A new step of the ladder."""
    ladder = _ladder(ladder_id, "edit")
    body = inputs.parse(StepInput)
    step = ladder_steps.add_step(ladder, _step_data(body), by=_user())
    db.session.commit()
    return _step_answer(step.id).send(), 201


@bp.patch("/steps/<int:step_id>")
def update_step(step_id: int):
    """Change the fields sent of a step; the others stay."""
    step = _part(models.LadderStep, step_id)
    body = inputs.parse(StepPatch)
    ladder_steps.update_step(step, _step_data(body, body.model_fields_set), by=_user())
    db.session.commit()
    return _step_answer(step_id).send()


@bp.delete("/steps/<int:step_id>")
def delete_step(step_id: int):
    """Delete a step with its moves and requirements."""
    step = _part(models.LadderStep, step_id)
    ladder_steps.delete_step(step, by=_user())
    db.session.commit()
    return "", 204


# --- Moves -------------------------------------------------------------------------------------


@bp.post("/ladders/<int:ladder_id>/moves")
def add_move(ladder_id: int):
    """A move between two steps of the ladder."""
    ladder = _ladder(ladder_id, "edit")
    body = inputs.parse(MoveInput)
    move = ladder_moves.add_move(ladder, _sent(body), by=_user())
    db.session.commit()
    return Move.from_object(move).send(), 201


@bp.patch("/moves/<int:move_id>")
def update_move(move_id: int):
    """Change the fields sent of a move (kind, typical months, support)."""
    move = _part(models.LadderMove, move_id)
    body = inputs.parse(MovePatch)
    ladder_moves.update_move(move, _sent(body), by=_user())
    db.session.commit()
    return Move.from_object(move).send()


@bp.delete("/moves/<int:move_id>")
def delete_move(move_id: int):
    move = _part(models.LadderMove, move_id)
    ladder_moves.delete_move(move, by=_user())
    db.session.commit()
    return "", 204


# --- Requirements ------------------------------------------------------------------------------


@bp.post("/steps/<int:step_id>/requirements")
def require_standard(step_id: int):
    """The step requires a standard at a level (201); one it already requires changes its
    level and is re-pinned (200)."""
    step = _part(models.LadderStep, step_id)
    body = inputs.parse(RequirementInput)
    known = any(r.standard_id == body.standard_id for r in step.requirements)
    found = ladder_requirements.require_standard(step, body.standard_id, body.level, by=_user())
    db.session.commit()
    return Requirement.of(found, current_user).send(), 200 if known else 201


@bp.patch("/requirements/<int:requirement_id>")
def update_requirement(requirement_id: int):
    """Change a requirement's level, or re-confirm it against the published version."""
    found = _part(models.StepRequirement, requirement_id)
    body = inputs.parse(RequirementPatch)
    ladder_requirements.update_requirement(found, _sent(body), by=_user())
    db.session.commit()
    return Requirement.of(found, current_user).send()


@bp.delete("/requirements/<int:requirement_id>")
def remove_requirement(requirement_id: int):
    found = _part(models.StepRequirement, requirement_id)
    ladder_requirements.remove_requirement(found, by=_user())
    db.session.commit()
    return "", 204


# --- Between two steps -------------------------------------------------------------------------


@bp.get("/steps/<int:step_id>/gap")
def step_gap(step_id: int):
    """What stands between the step `from` and this one: the standards this step requires
    beyond it, the courses that teach them, and the wage difference."""
    target = _part(models.LadderStep, step_id, "view")
    origin_id = params.integer("from")
    if origin_id is None:
        raise services.LadderError(
            "Name the step you are at: ?from=<step id>, a step of this partnership's ladders.",
            "from",
        )
    origin = _part(models.LadderStep, origin_id, "view")
    if origin.id == target.id:
        raise services.LadderError("Pick a step other than the one you want to reach.", "from")
    if origin.ladder.partnership_id != target.ladder.partnership_id:
        raise services.LadderError(
            f"Step {origin.id} belongs to another partnership's ladder; compare steps of one "
            "partnership.",
            "from",
        )
    return Gap.of(reach.gap(origin, target), current_user).send()
