"""A ladder's steps: the job, its level and its job quality (wages, benefits, schedule,
conditions, the employers hiring for it)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from curriculum.audit.services import record
from curriculum.errors import Conflict
from curriculum.extensions import db
from curriculum.ladders.models import (
    Benefit,
    Ladder,
    LadderStep,
    StepBenefit,
    StepEmployer,
    StepLevel,
)
from curriculum.ladders.moves import level_problem
from curriculum.ladders.services import (
    MAX_OPENINGS,
    MAX_TITLE,
    LadderError,
    check_access,
    clean_choice,
    clean_count,
    clean_text,
    clean_wage,
    occupation_code,
)
from curriculum.organizations.models import Organization, OrganizationKind
from curriculum.partnerships.models import PartnershipOrganization

if TYPE_CHECKING:
    from curriculum.access import Reader

# --- Steps -------------------------------------------------------------------------------------


@dataclass
class StepData:
    """What a step form or API body says; None for a field it does not touch (on update)."""

    title: Any = None
    onet_code: Any = None
    level: Any = None
    position: Any = None
    description: Any = None
    wage_low: Any = None
    wage_median: Any = None
    wage_high: Any = None
    wage_source: Any = None
    wage_year: Any = None
    schedule: Any = None
    conditions: Any = None
    # {benefit name: employers offering it}; None leaves them as they are.
    benefits: dict | None = None
    # [(organization id, openings in 12 months or None)]; None leaves them as they are.
    employers: list | None = None
    given: set[str] = field(default_factory=set)  # fields present (to clear a wage: given, None)


def employers_of(partnership_id: int) -> list[Organization]:
    """The partnership's employers: who may hire for a step, and count for its benefits."""
    return list(
        db.session.scalars(
            db.select(Organization)
            .join(
                PartnershipOrganization,
                PartnershipOrganization.organization_id == Organization.id,
            )
            .where(
                PartnershipOrganization.partnership_id == partnership_id,
                Organization.kind == OrganizationKind.EMPLOYER,
            )
            .order_by(Organization.name)
        )
    )


def _apply_step(step: LadderStep, data: StepData, ladder: Ladder, new: bool) -> None:
    def touched(name: str) -> bool:
        return new or name in data.given or getattr(data, name) is not None

    if touched("title"):
        title = clean_text(data.title, "title", "Job title", required=True, limit=MAX_TITLE)
        clash = db.session.scalar(
            db.select(LadderStep.id).where(
                LadderStep.ladder_id == ladder.id,
                db.func.lower(LadderStep.title) == title.lower(),
                LadderStep.id != (step.id or 0),
            )
        )
        if clash is not None:
            raise Conflict(f"The ladder already has a step called “{title}”.", field="title")
        step.title = title
    if touched("onet_code"):
        step.onet_code = occupation_code(data.onet_code)
    if touched("level"):
        step.level = clean_choice(StepLevel, data.level or StepLevel.ENTRY, "level")
    if touched("position"):
        step.position = clean_count(data.position, "position", "The place", 1000) or 0
    for name, label in (
        ("description", "Description"),
        ("schedule", "Schedule"),
        ("conditions", "Working conditions"),
    ):
        if touched(name):
            setattr(step, name, clean_text(getattr(data, name), name, label))
    if touched("wage_source"):
        step.wage_source = clean_text(data.wage_source, "wage_source", "Wage source", limit=200)
    if touched("wage_year"):
        year = clean_count(data.wage_year, "wage_year", "The wage year", date.today().year + 1)
        if year is not None and year < 1990:
            raise LadderError("The wage year is 1990 or later.", field="wage_year")
        step.wage_year = year
    for name in ("wage_low", "wage_median", "wage_high"):
        if touched(name):
            setattr(step, name, clean_wage(getattr(data, name), name))
    low, median, high = step.wage_low, step.wage_median, step.wage_high
    if low is not None and median is not None and low > median:
        raise LadderError("The low wage cannot be above the median.", field="wage_low")
    if median is not None and high is not None and median > high:
        raise LadderError("The median wage cannot be above the high one.", field="wage_high")
    if low is not None and high is not None and low > high:
        raise LadderError("The low wage cannot be above the high one.", field="wage_low")


def _set_benefits(step: LadderStep, benefits: dict, employers: int) -> None:
    counts: dict[Benefit, int] = {}
    for name, value in benefits.items():
        benefit = clean_choice(Benefit, name, "benefits")
        number = clean_count(value, f"benefit_{benefit.value}", benefit.label, MAX_OPENINGS) or 0
        if number > employers:
            raise LadderError(
                f"{benefit.label}: {number} employers, but the partnership has "
                f"{employers} employer{'s' if employers != 1 else ''}.",
                field=f"benefit_{benefit.value}",
            )
        counts[benefit] = number
    kept = {b.benefit: b for b in step.benefits}
    for benefit, number in counts.items():
        if benefit in kept:
            kept[benefit].employers = number
        else:
            step.benefits.append(StepBenefit(benefit=benefit, employers=number))


def _set_employers(step: LadderStep, rows: list, ladder: Ladder) -> None:
    allowed = {o.id: o for o in employers_of(ladder.partnership_id)}
    wanted: dict[int, int | None] = {}
    for row in rows:
        try:
            org_id, openings = int(row[0]), row[1]
        except (TypeError, ValueError, IndexError):
            raise LadderError("Name each hiring employer by its id.", field="employers") from None
        if org_id not in allowed:
            raise LadderError(
                "Only the partnership's employers can hire for a step; "
                f"organization {org_id} is not one of them.",
                field="employers",
            )
        if org_id in wanted:
            raise LadderError(f"{allowed[org_id].name} is named twice.", field="employers")
        wanted[org_id] = clean_count(openings, "employers", "Openings", MAX_OPENINGS)
    kept = {e.organization_id: e for e in step.employers}
    for org_id, row in kept.items():
        if org_id not in wanted:
            step.employers.remove(row)
    for org_id, openings in wanted.items():
        if org_id in kept:
            kept[org_id].openings = openings
        else:
            step.employers.append(StepEmployer(organization_id=org_id, openings=openings))


def _step_parts(step: LadderStep, data: StepData, ladder: Ladder) -> None:
    if data.benefits is not None:
        _set_benefits(step, data.benefits, len(employers_of(ladder.partnership_id)))
    if data.employers is not None:
        _set_employers(step, data.employers, ladder)


def add_step(ladder: Ladder, data: StepData, *, by: Reader | None = None) -> LadderStep:
    """A new step of the ladder."""
    check_access(by, "edit", ladder)
    step = LadderStep(ladder_id=ladder.id)
    _apply_step(step, data, ladder, new=True)
    _step_parts(step, data, ladder)
    ladder.steps.append(step)
    db.session.flush()
    record("ladder.step.add", obj=step, partnership=ladder.partnership, summary=step.title)
    return step


def update_step(step: LadderStep, data: StepData, *, by: Reader | None = None) -> LadderStep:
    """Change what `data` gives of a step (nothing else)."""
    check_access(by, "edit", step)
    _apply_step(step, data, step.ladder, new=False)
    for move in step.ladder.moves:  # a new level must keep its moves up or sideways
        if step.id in (move.from_step_id, move.to_step_id) and level_problem(move):
            raise LadderError(
                f"At the {step.level.value} level the move from {move.from_step.title} to "
                f"{move.to_step.title} would not fit: {level_problem(move)} Change or delete "
                "the move first.",
                field="level",
            )
    _step_parts(step, data, step.ladder)
    db.session.flush()
    record("ladder.step.update", obj=step, partnership=step.ladder.partnership, summary=step.title)
    return step


def delete_step(step: LadderStep, *, by: Reader | None = None) -> None:
    """Delete a step with its moves and requirements."""
    check_access(by, "edit", step)
    ladder = step.ladder
    for move in list(ladder.moves):
        if step.id in (move.from_step_id, move.to_step_id):
            ladder.moves.remove(move)
    record("ladder.step.delete", partnership=ladder.partnership, summary=step.title)
    ladder.steps.remove(step)
    db.session.flush()
