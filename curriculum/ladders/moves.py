"""Moves between a ladder's steps: up (a promotion) or sideways (a lattice move)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from curriculum.audit.services import record
from curriculum.errors import Conflict
from curriculum.extensions import db
from curriculum.ladders.models import Ladder, LadderMove, LadderStep, MoveKind
from curriculum.ladders.services import (
    MAX_MONTHS,
    LadderError,
    check_access,
    clean_choice,
    clean_count,
    clean_text,
)

if TYPE_CHECKING:
    from curriculum.access import Reader

# --- Moves -------------------------------------------------------------------------------------


def _step_in(ladder: Ladder, step_id: Any, name: str) -> LadderStep:
    found = next((s for s in ladder.steps if str(s.id) == str(step_id).strip()), None)
    if found is None:
        raise LadderError("Choose a step of this ladder.", field=name)
    return found


def level_problem(move: LadderMove) -> str | None:
    """Why the move does not fit its steps' levels (an up move goes higher, a sideways one
    stays level), or None."""
    origin, target = move.from_step, move.to_step
    if move.kind == MoveKind.UP and target.level.rank <= origin.level.rank:
        return (
            f"An up move goes to a higher level: {origin.title} is {origin.level.value}, "
            f"{target.title} is {target.level.value}. Make it a sideways move, or pick a step "
            "above."
        )
    if move.kind == MoveKind.SIDEWAYS and target.level != origin.level:
        return (
            f"A sideways move stays at the same level: {origin.title} is "
            f"{origin.level.value}, {target.title} is {target.level.value}."
        )
    return None


def _check_move(move: LadderMove) -> None:
    if move.from_step_id == move.to_step_id:
        raise LadderError("A move goes to another step.", field="to_step_id")
    origin, target = move.from_step, move.to_step
    problem = level_problem(move)
    if problem:
        raise LadderError(problem, field="kind")
    clash = db.session.scalar(
        db.select(LadderMove.id).where(
            LadderMove.from_step_id == move.from_step_id,
            LadderMove.to_step_id == move.to_step_id,
            LadderMove.id != (move.id or 0),
        )
    )
    if clash is not None:
        raise Conflict(
            f"There is already a move from {origin.title} to {target.title}.", field="to_step_id"
        )


def add_move(ladder: Ladder, changes: dict, *, by: Reader | None = None) -> LadderMove:
    """A move between two steps of the ladder: from_step_id, to_step_id, kind, typical_months,
    support."""
    check_access(by, "edit", ladder)
    origin = _step_in(ladder, changes.get("from_step_id"), "from_step_id")
    target = _step_in(ladder, changes.get("to_step_id"), "to_step_id")
    move = LadderMove(
        ladder_id=ladder.id,
        from_step=origin,
        to_step=target,
        from_step_id=origin.id,
        to_step_id=target.id,
        kind=clean_choice(MoveKind, changes.get("kind") or MoveKind.UP, "kind"),
        typical_months=clean_count(
            changes.get("typical_months"), "typical_months", "Typical months", MAX_MONTHS
        ),
        support=clean_text(changes.get("support"), "support", "Training or credential"),
    )
    _check_move(move)
    ladder.moves.append(move)
    db.session.flush()
    record(
        "ladder.move.add",
        obj=move,
        partnership=ladder.partnership,
        summary=f"{origin.title} → {target.title}",
    )
    return move


def update_move(move: LadderMove, changes: dict, *, by: Reader | None = None) -> LadderMove:
    """Change a move's kind, typical months or support (its steps stay: delete and add)."""
    check_access(by, "edit", move)
    if "kind" in changes:
        move.kind = clean_choice(MoveKind, changes["kind"], "kind")
    if "typical_months" in changes:
        move.typical_months = clean_count(
            changes["typical_months"], "typical_months", "Typical months", MAX_MONTHS
        )
    if "support" in changes:
        move.support = clean_text(changes["support"], "support", "Training or credential")
    _check_move(move)
    db.session.flush()
    record("ladder.move.update", obj=move, partnership=move.ladder.partnership)
    return move


def delete_move(move: LadderMove, *, by: Reader | None = None) -> None:
    check_access(by, "edit", move)
    ladder = move.ladder
    record("ladder.move.delete", partnership=ladder.partnership)
    ladder.moves.remove(move)
    db.session.flush()
