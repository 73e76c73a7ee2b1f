"""The survey tests' world (not a conftest: tests/needs/conftest.py is the gap tests'): a
partnership with a convener, four employer firms (a panelist each), a college, a
framework A (A.1, A.2) with B (B.1), another partnership's framework, and a published ladder
of two steps; plus helpers to answer a survey."""

from __future__ import annotations

from types import SimpleNamespace

from curriculum.extensions import db as _db
from curriculum.ladders import services as ladders
from curriculum.ladders import steps as ladder_steps
from curriculum.needs import services
from curriculum.needs.services import HiresInput, RatingInput


def build_needs(factory, partnership):
    """The rows above, and an open survey of the framework."""
    convener = factory.member(partnership, "convener", kind="workforce_board")
    firms = [factory.organization(f"Firm {n}", "employer") for n in "ABCD"]
    panelists = [factory.member(partnership, "panelist", organization=f) for f in firms]
    faculty = factory.member(partnership, "faculty")
    framework = factory.framework(partnership)
    a = factory.standard(framework, None, "critical_work_function", "Keep the line safe")
    a1 = factory.standard(framework, a, "key_activity", "Inspect guarding")
    a2 = factory.standard(framework, a, "key_activity", "Lock out power")
    a11 = factory.standard(framework, a1, "performance_indicator", "Guards checked")
    b = factory.standard(framework, None, "critical_work_function", "Run production")
    b1 = factory.standard(framework, b, "key_activity", "Set up the machine")
    other = factory.partnership(name="Elsewhere Partnership")
    other_framework = factory.framework(other, "Elsewhere Framework")
    foreign = factory.standard(other_framework, None, "critical_work_function", "Not ours")
    ladder = ladders.create_ladder(partnership, title="Machining ladder", status="published")
    operator = ladder_steps.add_step(ladder, ladder_steps.StepData(title="Operator", level="entry"))
    machinist = ladder_steps.add_step(
        ladder, ladder_steps.StepData(title="Machinist", level="advanced")
    )
    other_ladder = ladders.create_ladder(other, title="Elsewhere ladder", status="published")
    other_step = ladder_steps.add_step(
        other_ladder, ladder_steps.StepData(title="Elsewhere step", level="entry")
    )
    _db.session.commit()
    survey = services.open_survey(framework, convener, title="2027 hiring needs")
    _db.session.commit()
    return SimpleNamespace(**locals())


def answer(survey, user, ratings, hires=()):
    """Answer as `user`: ratings {standard: (importance, difficulty)}, hires {step: n}."""
    response = services.respond(
        survey,
        user,
        [RatingInput(s.id, i, d) for s, (i, d) in ratings.items()],
        [HiresInput(step.id, n) for step, n in dict(hires).items()],
    )
    _db.session.commit()
    return response
