"""The world of the ladder page tests: a partnership with three employers, a college whose
program teaches a standard, a published ladder (two steps, a move, two requirements) and a draft
one. Its fixtures are imported by name (`scene`, `convener`)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from curriculum.extensions import db
from curriculum.ladders import moves, requirements, services, steps
from curriculum.ladders.models import Ladder, LadderStep
from curriculum.partnerships.services import add_organization
from tests.conftest import login


@dataclass
class Scene:
    partnership: object
    employers: list
    college: object
    framework: object
    standard: object
    other: object
    program: object
    panelists: list
    ladder: Ladder
    entry: LadderStep
    upper: LadderStep
    draft: Ladder


@pytest.fixture(name="scene")
def scene_fixture(factory, partnership):
    """A published ladder (an entry step and an advanced one, an up move, two requirements),
    a program whose course teaches one of them, and a draft ladder."""
    employers = [factory.organization(f"Employer {n}", "employer") for n in (1, 2, 3)]
    college = factory.organization("Valley College", "college")
    for org in (*employers, college):
        add_organization(partnership, org)
    db.session.commit()
    panelists = [factory.member(partnership, "panelist", organization=e) for e in employers]
    convener = factory.member(partnership, "convener", kind="workforce_board")
    author = panelists[0]
    framework = factory.framework(partnership, coding_prefix="P")
    cwf = factory.standard(framework, None, "critical_work_function", "Keep the line safe")
    standard = factory.standard(framework, cwf, "key_activity", "Lock out machines", author=author)
    other = factory.standard(framework, cwf, "key_activity", "Read prints", author=author)
    for s in (cwf, standard, other):
        factory.publish(s, endorsers=panelists, by=convener)
    course = factory.course(college, "MFG 110", "Safety")
    program = factory.program(college, partnership, [framework], name="Maintenance Technician")
    factory.entry(program, course, 1)
    faculty = factory.member(partnership, "faculty", organization=college)
    factory.align(course, standard, "reinforced", by=faculty)

    ladder = services.create_ladder(
        partnership, title="Production and maintenance", status="published",
        description="From the line to *maintenance*.",
    )  # fmt: skip
    entry = steps.add_step(
        ladder,
        steps.StepData(
            title="Production associate",
            onet_code="51-9198.00",
            level="entry",
            wage_low="16.50",
            wage_median="18.25",
            wage_high="21",
            wage_source="Ohio LMI, OES",
            wage_year="2025",
            schedule="Three shifts, rotating.",
            conditions="Standing; noise.",
            benefits={"health_insurance": 3, "retirement": 2},
            employers=[(employers[0].id, 12), (employers[1].id, None)],
        ),
    )
    upper = steps.add_step(
        ladder,
        steps.StepData(title="Maintenance technician", onet_code="49-9041.00", level="advanced"),
    )
    moves.add_move(
        ladder,
        {"from_step_id": entry.id, "to_step_id": upper.id, "typical_months": 24,
         "support": "Industrial Maintenance certificate"},
    )  # fmt: skip
    requirements.require_standard(upper, standard.id, "intermediate")
    requirements.require_standard(upper, other.id, "baseline")
    draft = services.create_ladder(partnership, title="Secret draft ladder")
    steps.add_step(draft, steps.StepData(title="Draft step"))
    db.session.commit()
    return Scene(
        partnership, employers, college, framework, standard, other, program, panelists,
        ladder, entry, upper, draft,
    )  # fmt: skip


@pytest.fixture(name="convener")
def convener_fixture(client, factory, scene):
    """A convener of the scene's partnership, signed in (of a workforce board: the partnership
    keeps its three employers)."""
    user = factory.member(scene.partnership, "convener", kind="workforce_board")
    assert login(client, user.email).status_code == 302
    return user
