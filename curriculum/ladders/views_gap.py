"""What stands between two steps: GET /steps/<target>/gap?from=<step>. Without a step to start
from (or with one that will not do) the page is a chooser of the steps the reader may see in
the partnership's ladders; with one, the standards the target requires beyond it, the courses
that teach them, and the wage difference."""

from __future__ import annotations

from decimal import Decimal

from flask import Blueprint, render_template, request
from flask_login import current_user

from curriculum import access
from curriculum.ladders import reach
from curriculum.ladders.models import LadderStep
from curriculum.ladders.services import get
from curriculum.params import whole_number

bp = Blueprint("ladder_gap", __name__)


def wage_text(difference: Decimal | None) -> str:
    """ "+$9.50 an hour", "−$1.25 an hour", "no difference", or "unknown" (a median missing)."""
    if difference is None:
        return "unknown"
    if difference == 0:
        return "no difference"
    sign = "+" if difference > 0 else "−"
    return f"{sign}${abs(difference):,.2f} an hour"


def _chooser(target: LadderStep, error: str = "", status: int = 200):
    steps = [
        s
        for s in reach.steps_visible(current_user, target.ladder.partnership_id)
        if s.id != target.id
    ]
    return render_template(
        "ladders/gap.html", target=target, steps=steps, error=error, result=None
    ), status


def _origin(target: LadderStep, raw: str) -> tuple[LadderStep | None, str]:
    """The step to start from, or None and why it will not do."""
    number = whole_number(raw, 1)
    if number is None:
        return None, "Choose the step you are at: “from” is a step's number."
    origin = reach.find_step(number)
    if origin is None or not access.can(current_user, "view", origin):
        return None, f"There is no step {number} you can see. Choose one from the list."
    if origin.ladder.partnership_id != target.ladder.partnership_id:
        return None, (
            f"{origin.title} is a step of another partnership's ladder "
            f"({origin.ladder.partnership.name}); the steps compared must be of one partnership, "
            "whose colleges and standards the answer comes from."
        )
    if origin.id == target.id:
        return None, "Those are the same step: choose the one you are at, to compare."
    return origin, ""


@bp.get("/steps/<int:step_id>/gap")
def gap(step_id: int):
    target = get(LadderStep, step_id)
    access.require(current_user, "view", target)
    raw = request.args.get("from", "")
    if not raw.strip():
        return _chooser(target)
    origin, error = _origin(target, raw)
    if origin is None:
        return _chooser(target, error, 400)
    result = reach.gap(origin, target)
    return render_template(
        "ladders/gap.html",
        target=target,
        origin=origin,
        result=result,
        wage=wage_text(result.wage_difference),
        steps=[],
        error="",
    )
