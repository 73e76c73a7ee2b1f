"""The pages: what stands between two steps (the chooser, bad choices, the answer), the
ladder steps on a standard's page and on a program's page, who sees draft ladders there, and
query counts that do not grow with the ladders."""

import re
from html import unescape
from types import SimpleNamespace

import pytest

from curriculum.alignment import services as alignment
from curriculum.courses import outcomes
from curriculum.ladders import requirements as ladder_requirements
from curriculum.ladders import services as ladders
from curriculum.ladders import steps as ladder_steps
from curriculum.ladders.steps import StepData
from tests.conftest import login
from tests.ladders.test_reach import build_world


@pytest.fixture
def world(partnership, factory, db):
    return build_world(partnership, factory)


@pytest.fixture
def lad(world, db):
    """Published "Production": Associate (entry, $18) requires A.1 at baseline; Technician
    (advanced, $27.50) A.1 at mastery and A.1.1 at intermediate. MFG 110's outcome 1 teaches
    A.1 at mastery. A draft ladder with a Planner step."""
    author = world.factory.member(world.partnership, "panelist")
    ladder = ladders.create_ladder(world.partnership, title="Production", status="published")
    entry = ladder_steps.add_step(
        ladder, StepData(title="Associate", level="entry", wage_median="18.00")
    )
    tech = ladder_steps.add_step(
        ladder, StepData(title="Technician", level="advanced", wage_median="27.50")
    )
    ladder_requirements.require_standard(entry, world.ka.id, "baseline")
    ladder_requirements.require_standard(tech, world.ka.id, "mastery")
    ladder_requirements.require_standard(tech, world.pi.id, "intermediate")
    outcome = outcomes.add_outcome(world.course, "Inspect every press guard")
    alignment.align(world.course, world.ka, "mastered", "", author, outcome=outcome)
    draft = ladders.create_ladder(world.partnership, title="Secret lattice")
    planner = ladder_steps.add_step(draft, StepData(title="Planner", level="expert"))
    ladder_requirements.require_standard(planner, world.ka.id, "intermediate")
    db.session.commit()
    return SimpleNamespace(
        ladder=ladder, entry=entry, tech=tech, draft=draft, planner=planner, author=author
    )


def _text(html: str) -> str:
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)))


def _section(html: str, section_id: str) -> str:
    match = re.search(rf'<section id="{section_id}".*?</section>', html, re.S)
    assert match, f"no section {section_id}"
    return match.group(0)


def test_what_stands_between_two_steps(client, world, lad):
    page = client.get(f"/steps/{lad.tech.id}/gap?from={lad.entry.id}")
    assert page.status_code == 200
    text = _text(page.text)
    assert "From Associate to Technician" in text
    assert "+$9.50 an hour" in text
    assert "requires 2 standards beyond what Associate requires" in text
    ka = _text(re.search(rf'id="standard-{world.ka.id}".*?</article>', page.text, re.S).group(0))
    assert "A.1" in ka and "Needed at mastery level; Associate requires it at baseline" in ka
    assert "MFG 110" in ka and "Valley College" in ka and " 3 " in ka
    assert "outcome 1: Inspect every press guard" in ka
    pi = _text(re.search(rf'id="standard-{world.pi.id}".*?</article>', page.text, re.S).group(0))
    assert "Associate does not require it" in pi
    assert "No course of the partnership's colleges teaches A.1.1 at intermediate level" in pi


def test_a_missing_median_makes_the_wage_difference_unknown(client, lad, db):
    ladder_steps.update_step(lad.entry, StepData(wage_median=None, given={"wage_median"}))
    db.session.commit()
    text = _text(client.get(f"/steps/{lad.tech.id}/gap?from={lad.entry.id}").text)
    assert "Median hourly wage: unknown" in text


def test_without_a_step_to_start_from_a_chooser_of_the_visible_steps(client, world, lad):
    page = client.get(f"/steps/{lad.tech.id}/gap")
    assert page.status_code == 200
    chooser = _section(page.text, "choose")
    assert f'<option value="{lad.entry.id}">Associate (entry)</option>' in chooser
    assert f'value="{lad.tech.id}"' not in chooser  # not the target itself
    assert "Planner" not in chooser  # a draft ladder's step, to a visitor
    login(client, world.factory.member(world.partnership, "panelist").email)
    assert f'value="{lad.planner.id}"' in client.get(f"/steps/{lad.tech.id}/gap").text


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("abc", "“from” is a step's number"),
        ("99999999999999999999", "“from” is a step's number"),
        ("999999", "There is no step 999999 you can see"),
    ],
)
def test_a_bad_step_to_start_from_is_a_400_chooser_that_says_why(client, lad, value, words):
    page = client.get(f"/steps/{lad.tech.id}/gap?from={value}")
    assert page.status_code == 400
    assert words in unescape(page.text) and 'name="from"' in page.text


def test_a_draft_step_is_no_step_to_those_who_may_not_see_it(app, client, world, lad):
    page = client.get(f"/steps/{lad.tech.id}/gap?from={lad.planner.id}")
    assert page.status_code == 400 and "Planner" not in page.text
    assert client.get(f"/steps/{lad.planner.id}/gap").status_code == 404
    assert client.get(f"/steps/{lad.planner.id}/gap?from={lad.entry.id}").status_code == 404
    login(client, world.factory.user().email)  # signed in, not a member
    assert client.get(f"/steps/{lad.planner.id}/gap").status_code == 404
    convener = app.test_client()
    login(convener, world.factory.member(world.partnership, "convener").email)
    page = convener.get(f"/steps/{lad.planner.id}/gap?from={lad.entry.id}")
    assert page.status_code == 200 and "From Associate to Planner" in page.text


def test_the_same_step_or_another_partnerships_step_is_a_400(client, world, lad, factory, db):
    page = client.get(f"/steps/{lad.tech.id}/gap?from={lad.tech.id}")
    assert page.status_code == 400 and "the same step" in page.text
    elsewhere = factory.partnership(name="Lakeshore Partnership")
    theirs = ladders.create_ladder(elsewhere, title="Theirs", status="published")
    step = ladder_steps.add_step(theirs, StepData(title="Welder", level="entry"))
    db.session.commit()
    page = client.get(f"/steps/{lad.tech.id}/gap?from={step.id}")
    assert page.status_code == 400
    assert "Welder is a step of another partnership's ladder (Lakeshore Partnership)" in _text(
        page.text
    )


def test_an_unknown_target_is_a_404(client, lad):
    assert client.get("/steps/99999999/gap").status_code == 404


def test_the_standard_page_lists_the_steps_requiring_it(client, world, lad, db, count_queries):
    for standard in (world.cwf, world.ka):
        world.factory.publish(standard)
    url = f"/standards/{world.ka.id}"
    section = _section(client.get(url).text, "ladder-steps")
    text = _text(section)
    assert "Associate" in text and "Technician" in text and "Production" in text
    assert "Mastery" in text and "Baseline" in text and "v1" in text
    assert "Planner" not in section and "Secret lattice" not in section
    convener = world.factory.member(world.partnership, "convener")
    login(client, convener.email)
    client.get(url)
    section = _section(client.get(url).text, "ladder-steps")
    assert "Planner" in section and "draft" in section
    with count_queries() as few:
        assert client.get(url).status_code == 200
    for n in range(4):
        more = ladders.create_ladder(world.partnership, title=f"More {n}", status="published")
        for level in ("entry", "advanced"):
            step = ladder_steps.add_step(more, StepData(title=f"{level} {n}", level=level))
            ladder_requirements.require_standard(step, world.ka.id, "intermediate")
    db.session.commit()
    with count_queries() as many:
        page = client.get(url)
    assert page.text.count('href="/steps/') == 11
    assert len(many) == len(few), (len(few), len(many))


def test_the_program_page_lists_the_steps_it_prepares_for(client, world, lad, db, count_queries):
    url = f"/programs/{world.program.id}"
    section = _text(_section(client.get(url).text, "ladder-steps"))
    assert "Associate ( Production ): reaches 1 of 1 required standards" in section
    assert "Technician ( Production ): reaches 1 of 2 required standards" in section
    assert "Awards Certificate: Production Technician" in section
    assert "Planner" not in section
    login(client, world.factory.member(world.partnership, "panelist").email)
    client.get(url)
    assert "Planner" in client.get(url).text
    with count_queries() as few:
        assert client.get(url).status_code == 200
    for n in range(4):
        more = ladders.create_ladder(world.partnership, title=f"More {n}", status="published")
        for level in ("entry", "advanced"):
            step = ladder_steps.add_step(more, StepData(title=f"{level} {n}", level=level))
            ladder_requirements.require_standard(step, world.ka.id, "baseline")
            ladder_requirements.require_standard(step, world.pi.id, "baseline")
    db.session.commit()
    with count_queries() as many:
        page = client.get(url)
    assert _section(page.text, "ladder-steps").count('href="/steps/') == 11
    assert len(many) == len(few), (len(few), len(many))
