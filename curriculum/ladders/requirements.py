"""The standards a step requires, each pinned to a version at a proficiency level."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from curriculum import access
from curriculum.audit.services import record
from curriculum.extensions import db
from curriculum.ladders.models import LadderStep, StepRequirement
from curriculum.ladders.services import LadderError, check_access, clean_choice
from curriculum.params import whole_number
from curriculum.standards.models import Level, Standard, StandardVersion

if TYPE_CHECKING:
    from curriculum.access import Reader

# --- Requirements ------------------------------------------------------------------------------


def pin_for(standard: Standard) -> StandardVersion:
    """The version a requirement is made against: the published one, else the current draft
    (the alignments' rule)."""
    from curriculum.alignment.services import pin_for as alignment_pin

    return alignment_pin(standard)


def _standard_for(step: LadderStep, standard_id: Any, by: Reader | None) -> Standard:
    number = whole_number(standard_id if isinstance(standard_id, int | str) else None, 1)
    standard = None if number is None else db.session.get(Standard, number)
    if standard is None or (by is not None and not access.can(by, "view", pin_for(standard))):
        raise LadderError("There is no such standard.", field="standard_id")
    if standard.framework.partnership_id != step.ladder.partnership_id:
        raise LadderError(
            f"{standard.code} belongs to another partnership's framework; a step requires "
            "standards of its own partnership's frameworks (reference frameworks included).",
            field="standard_id",
        )
    if standard.retired_at is not None:
        raise LadderError(f"{standard.code} is retired.", field="standard_id")
    return standard


def require_standard(
    step: LadderStep, standard_id: Any, level: Any, *, by: Reader | None = None
) -> StepRequirement:
    """The step requires the standard at a proficiency level, pinned to its published version
    (else its draft). Requiring it again changes the level and re-pins it."""
    check_access(by, "edit", step)
    standard = _standard_for(step, standard_id, by)
    level = clean_choice(Level, level or Level.BASELINE, "level")
    version = pin_for(standard)
    found = next((r for r in step.requirements if r.standard_id == standard.id), None)
    if found is None:
        found = StepRequirement(
            standard=standard, standard_id=standard.id, version=version, level=level
        )
        step.requirements.append(found)
    else:
        found.version, found.level = version, level
    db.session.flush()
    record(
        "ladder.requirement.set",
        obj=found,
        partnership=step.ladder.partnership,
        summary=f"{step.title} requires {standard.code} at {level.value}",
    )
    return found


def update_requirement(
    requirement: StepRequirement, changes: dict, *, by: Reader | None = None
) -> StepRequirement:
    """Change the level (`level`) or re-confirm against the published version (`confirm`)."""
    check_access(by, "edit", requirement)
    if "level" in changes:
        requirement.level = clean_choice(Level, changes["level"], "level")
    if changes.get("confirm"):
        requirement.version = pin_for(requirement.standard)
    db.session.flush()
    record(
        "ladder.requirement.update",
        obj=requirement,
        partnership=requirement.step.ladder.partnership,
    )
    return requirement


def remove_requirement(requirement: StepRequirement, *, by: Reader | None = None) -> None:
    check_access(by, "edit", requirement)
    step = requirement.step
    record("ladder.requirement.remove", partnership=step.ladder.partnership)
    step.requirements.remove(requirement)
    db.session.flush()
