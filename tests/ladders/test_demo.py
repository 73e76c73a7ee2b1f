"""The demo's "Production and maintenance" lattice: believable steps with Ohio wages, benefits
and hiring employers, requirements from the Production Technician standards, moves up and
sideways, and the two demo programs leading to several steps; loaded once."""

from __future__ import annotations

from curriculum import demo
from curriculum.extensions import db
from curriculum.ladders import reach
from curriculum.ladders.models import Ladder, LadderMove, LadderStatus, StepLevel, StepRequirement
from curriculum.ladders.steps import employers_of
from curriculum.standards import onet
from curriculum.standards.models import Framework


def _counts() -> tuple[int, ...]:
    return tuple(
        db.session.scalar(db.select(db.func.count()).select_from(model))
        for model in (Ladder, LadderMove, StepRequirement)
    )


def test_the_demo_lattice_is_believable_leads_from_the_programs_and_loads_once(app, db):
    partnership = demo.load()
    db.session.commit()
    (ladder,) = db.session.scalars(db.select(Ladder))
    assert ladder.title == "Production and maintenance"
    assert ladder.status == LadderStatus.PUBLISHED and ladder.partnership_id == partnership.id
    assert 7 <= len(ladder.steps) <= 10
    titles = {s.title for s in ladder.steps}
    for job in (
        "Production associate",
        "Maintenance technician",
        "Automation technician",
        "Production supervisor",
    ):
        assert job in titles
    assert {s.level for s in ladder.steps} >= {StepLevel.ENTRY, StepLevel.ADVANCED}
    employers = employers_of(partnership.id)
    framework = db.session.scalar(db.select(Framework).filter_by(title="Production Technician"))
    for step in ladder.steps:
        assert step.onet_code in onet.occupations(), step.title
        assert step.wage_low < step.wage_median < step.wage_high, step.title
        assert step.wage_low >= 14 and step.wage_high <= 50  # Ohio hourly wages
        assert "Ohio" in step.wage_source and step.wage_year == 2025
        assert step.schedule and step.conditions
        assert step.benefits and all(0 < b.employers <= len(employers) for b in step.benefits)
        assert step.employers and all(e.openings for e in step.employers)
        assert {e.organization_id for e in step.employers} <= {o.id for o in employers}
        assert len(step.requirements) >= 3
        for requirement in step.requirements:
            assert requirement.standard.framework_id == framework.id
            # Published content: the printed ladder shows every requirement's title.
            assert requirement.version.is_public, requirement.standard.code
    kinds = {m.kind.value for m in ladder.moves}
    assert kinds == {"up", "sideways"} and len(ladder.moves) >= 8
    assert all(m.typical_months and m.support for m in ladder.moves)
    # Every step can be reached or left: no island in the lattice.
    touched = {m.from_step_id for m in ladder.moves} | {m.to_step_id for m in ladder.moves}
    assert touched == {s.id for s in ladder.steps}

    # Both demo programs lead to several steps, each reaching every requirement of some.
    complete: dict[str, int] = {}
    for step in ladder.steps:
        for found in reach.programs_for_step(step):
            complete.setdefault(found.program.name, 0)
            complete[found.program.name] += found.complete
    assert set(complete) == {"Mechatronics Engineering Technology", "Production Technician"}
    assert all(n >= 2 for n in complete.values()), complete

    first = _counts()
    demo.load()
    db.session.commit()
    assert _counts() == first
