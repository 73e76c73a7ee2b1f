"""The forms of the ladder pages: what they save, the messages beside the field that is wrong,
and the form keeping what was typed."""

from __future__ import annotations

import re

import pytest

from curriculum.extensions import db
from curriculum.ladders.models import Ladder, LadderMove, LadderStep, StepRequirement
from tests.ladders.ladder_scene import convener_fixture, scene_fixture  # noqa: F401


def _error_of(html: str, field: str) -> str:
    """The error shown beside a field (its <p class="error" id="<field>-error">)."""
    found = re.search(rf'<p class="error" id="{field}-error">(.*?)</p>', html, re.S)
    assert found, f"no error beside {field}"
    return found.group(1)


def _value_of(html: str, field: str) -> str:
    found = re.search(rf'<input[^>]*\bid="{field}"[^>]*\bvalue="([^"]*)"', html)
    assert found, f"no input {field}"
    return found.group(1)


def test_a_ladder_is_created_edited_published_and_deleted_with_a_confirmation(
    client, convener, scene
):
    pid = scene.partnership.id
    response = client.post(
        f"/partnerships/{pid}/ladders/new",
        data={"title": "Welding", "description": "Weld **well**.", "status": "draft"},
    )
    ladder = db.session.scalar(db.select(Ladder).where(Ladder.title == "Welding"))
    assert response.headers["Location"] == f"/ladders/{ladder.id}"
    assert not ladder.is_published
    client.post(
        f"/ladders/{ladder.id}/edit",
        data={"title": "Welding and fabrication", "description": "", "status": "published"},
    )
    db.session.refresh(ladder)
    assert ladder.title == "Welding and fabrication" and ladder.is_published
    confirm = client.get(f"/ladders/{ladder.id}/delete")
    assert confirm.status_code == 200
    assert "Delete the ladder “Welding and fabrication”?" in confirm.text
    assert db.session.get(Ladder, ladder.id) is not None  # the GET deleted nothing
    ladder_id = ladder.id
    gone = client.post(f"/ladders/{ladder_id}/delete")
    assert gone.headers["Location"] == f"/partnerships/{pid}/ladders"
    db.session.expire_all()
    assert db.session.get(Ladder, ladder_id) is None


def test_a_ladder_title_taken_is_said_beside_the_title_keeping_what_was_typed(
    client, convener, scene
):
    response = client.post(
        f"/partnerships/{scene.partnership.id}/ladders/new",
        data={"title": "production AND maintenance", "description": "Kept text", "status": "draft"},
    )
    assert response.status_code == 200
    assert "already has a ladder called" in _error_of(response.text, "title")
    assert _value_of(response.text, "title") == "production AND maintenance"
    assert "Kept text</textarea>" in response.text
    empty = client.post(f"/partnerships/{scene.partnership.id}/ladders/new", data={"title": " "})
    assert _error_of(empty.text, "title") == "Enter the title."


def _step_form(scene, **changes) -> dict:
    data = {
        "title": "Machine operator",
        "onet_code": "51-4031.00",
        "level": "intermediate",
        "position": "2",
        "description": "Runs *CNC* machines.",
        "wage_low": "17",
        "wage_median": "19.50",
        "wage_high": "24",
        "wage_source": "ODJFS OES",
        "wage_year": "2025",
        "schedule": "Days",
        "conditions": "Noise",
        "benefit_health_insurance": "2",
        "benefit_paid_time_off": "3",
        "benefit_retirement": "",
        "benefit_tuition_assistance": "1",
        "employer": [str(scene.employers[0].id), str(scene.employers[2].id)],
        f"openings_{scene.employers[0].id}": "4",
        f"openings_{scene.employers[2].id}": "",
    }
    data.update(changes)
    return data


def test_a_step_is_saved_with_every_field_its_benefits_and_hiring_employers(
    client,
    convener,
    scene,
):
    response = client.post(f"/ladders/{scene.ladder.id}/steps/new", data=_step_form(scene))
    step = db.session.scalar(db.select(LadderStep).where(LadderStep.title == "Machine operator"))
    assert response.headers["Location"] == f"/steps/{step.id}"
    assert step.onet_code == "51-4031.00" and step.level.value == "intermediate"
    assert step.position == 2 and str(step.wage_median) == "19.50" and step.wage_year == 2025
    assert {b.benefit.value: b.employers for b in step.benefits} == {
        "health_insurance": 2, "paid_time_off": 3, "tuition_assistance": 1,
    }  # fmt: skip
    assert {(e.organization_id, e.openings) for e in step.employers} == {
        (scene.employers[0].id, 4), (scene.employers[2].id, None),
    }  # fmt: skip
    page = client.get(f"/steps/{step.id}").text
    assert "Paid time off: offered by 3 of 3 employers" in page
    assert "Cutting, Punching, and Press Machine Setters" in page  # 51-4031.00's title
    # The edit page shows the step as it stands, the hiring rows ticked.
    edit = client.get(f"/steps/{step.id}/edit").text
    assert (
        _value_of(edit, "wage_median") == "19.50"
        and _value_of(edit, "benefit_paid_time_off") == "3"
    )
    assert f'value="{scene.employers[0].id}" id="employer-{scene.employers[0].id}" checked' in edit
    assert f'value="{scene.employers[1].id}" id="employer-{scene.employers[1].id}">' in edit
    assert _value_of(edit, f"openings-{scene.employers[0].id}") == "4"
    # Unticking an employer stops it hiring; an occupation pasted as the search shows it.
    form = _step_form(scene, employer=[str(scene.employers[2].id)], benefit_paid_time_off="")
    form["onet_code"] = "51-4041.00 Machinists"
    client.post(f"/steps/{step.id}/edit", data=form)
    db.session.expire_all()
    assert [e.organization_id for e in step.employers] == [scene.employers[2].id]
    assert step.onet_code == "51-4041.00"
    # A benefit emptied is now offered by none (retirement, never given, stays unrecorded).
    assert {b.benefit.value: b.employers for b in step.benefits} == {
        "health_insurance": 2, "paid_time_off": 0, "tuition_assistance": 1,
    }  # fmt: skip
    assert "Offered by none: Paid time off" in client.get(f"/steps/{step.id}").text


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"wage_low": "30"}, "wage_low", "The low wage cannot be above the median."),
        (
            {"wage_high": "abc"},
            "wage_high",
            "A wage is an hourly amount in dollars, such as 21.50.",
        ),
        ({"wage_year": "1980"}, "wage_year", "The wage year is 1990 or later."),
        ({"onet_code": "99-9999.99"}, "onet_code", "is not an O*NET-SOC code of the list"),
        ({"benefit_retirement": "4"}, "benefit_retirement", "but the partnership has 3 employers"),
        ({"title": "Production ASSOCIATE"}, "title", "already has a step called"),
        ({"title": ""}, "title", "Enter the job title."),
    ],
)
def test_a_wrong_step_field_is_said_beside_it_and_the_form_keeps_what_was_typed(
    client,
    convener,
    scene,
    changes,
    field,
    message,
):
    before = db.session.scalar(db.select(db.func.count(LadderStep.id)))
    response = client.post(
        f"/ladders/{scene.ladder.id}/steps/new", data=_step_form(scene, **changes)
    )
    assert response.status_code == 200
    assert message in _error_of(response.text, field)
    assert db.session.scalar(db.select(db.func.count(LadderStep.id))) == before
    html = response.text
    assert _value_of(html, "wage_source") == "ODJFS OES"
    assert _value_of(html, "benefit_paid_time_off") == "3"
    assert "Runs *CNC* machines.</textarea>" in html
    # The hiring rows as they were ticked and typed.
    assert f'value="{scene.employers[0].id}" id="employer-{scene.employers[0].id}" checked' in html
    assert _value_of(html, f"openings-{scene.employers[0].id}") == "4"


def test_openings_that_are_not_a_number_are_said_and_kept(client, convener, scene):
    form = _step_form(scene, **{f"openings_{scene.employers[0].id}": "many"})
    response = client.post(f"/ladders/{scene.ladder.id}/steps/new", data=form)
    assert response.status_code == 200
    assert "Openings must be a whole number." in response.text
    assert _value_of(response.text, f"openings-{scene.employers[0].id}") == "many"


def test_a_step_is_deleted_after_a_confirmation_with_its_moves(client, convener, scene):
    step_id = scene.entry.id
    confirm = client.get(f"/steps/{step_id}/delete")
    assert "Its 1 move and 0 requirements are deleted with it." in confirm.text
    client.post(f"/steps/{step_id}/delete")
    db.session.expire_all()
    assert db.session.get(LadderStep, step_id) is None
    assert db.session.scalar(db.select(db.func.count(LadderMove.id))) == 0


def test_moves_are_added_edited_and_deleted(client, convener, scene):
    new = client.get(f"/ladders/{scene.ladder.id}/moves/new?from={scene.upper.id}").text
    assert f'<option selected value="{scene.upper.id}">' in new
    # Up to a lower level: refused beside the kind, the choices kept.
    wrong = client.post(
        f"/ladders/{scene.ladder.id}/moves/new",
        data={"from_step_id": scene.upper.id, "to_step_id": scene.entry.id, "kind": "up",
              "typical_months": "6", "support": "Kept support"},
    )  # fmt: skip
    assert "An up move goes to a higher level" in _error_of(wrong.text, "kind")
    assert "Kept support</textarea>" in wrong.text
    assert f'<option selected value="{scene.entry.id}">' in wrong.text
    twice = client.post(
        f"/ladders/{scene.ladder.id}/moves/new",
        data={"from_step_id": scene.entry.id, "to_step_id": scene.upper.id, "kind": "up"},
    )
    assert "There is already a move" in _error_of(twice.text, "to_step_id")
    move = scene.ladder.moves[0]
    client.post(
        f"/moves/{move.id}/edit",
        data={"kind": "up", "typical_months": "36", "support": "Apprenticeship"},
    )
    db.session.refresh(move)
    assert move.typical_months == 36 and move.support == "Apprenticeship"
    months = client.post(f"/moves/{move.id}/edit", data={"kind": "up", "typical_months": "-3"})
    assert "Typical months must be between 0 and 600." in _error_of(months.text, "typical_months")
    move_id = move.id
    client.post(f"/moves/{move_id}/delete")
    db.session.expire_all()
    assert db.session.get(LadderMove, move_id) is None


def test_requirements_are_found_by_code_or_title_required_changed_and_removed(
    client,
    convener,
    scene,
    factory,
):
    url = f"/steps/{scene.entry.id}/requirements/new"
    found = client.get(f"{url}?q=lock").text
    assert "Lock out machines" in found and "Read prints" not in found
    assert 'v1 <span class="badge status-published">published' in found  # to be pinned
    by_code = client.get(f"{url}?q={scene.other.code}").text
    assert "Read prints" in by_code
    response = client.post(url, data={"standard_id": str(scene.standard.id), "level": "mastery"})
    assert response.headers["Location"] == f"/steps/{scene.entry.id}#requirements"
    requirement = db.session.scalar(
        db.select(StepRequirement).where(StepRequirement.step_id == scene.entry.id)
    )
    assert requirement.level.value == "mastery" and requirement.version.number == 1
    assert "required now at mastery" in client.get(f"{url}?q=lock").text
    client.post(f"/requirements/{requirement.id}", data={"level": "baseline"})
    db.session.refresh(requirement)
    assert requirement.level.value == "baseline"
    bad = client.post(url, data={"standard_id": "99999999999999999999", "level": "baseline"})
    assert bad.status_code == 200 and "Choose a standard from the list." in bad.text
    requirement_id = requirement.id
    client.post(f"/requirements/{requirement_id}/delete")
    db.session.expire_all()
    assert db.session.get(StepRequirement, requirement_id) is None


def test_a_standard_of_another_partnership_is_refused(client, convener, scene, factory):
    elsewhere = factory.framework(factory.partnership(), "Elsewhere")
    foreign = factory.standard(elsewhere, None, "critical_work_function", "Foreign")
    hidden = factory.standard(elsewhere, None, "critical_work_function", "Foreign draft")
    factory.publish(foreign)
    response = client.post(
        f"/steps/{scene.entry.id}/requirements/new",
        data={"standard_id": str(foreign.id), "level": "baseline"},
    )
    assert response.status_code == 200
    assert "belongs to another partnership" in response.text
    # One the convener may not even see is not named.
    response = client.post(
        f"/steps/{scene.entry.id}/requirements/new",
        data={"standard_id": str(hidden.id), "level": "baseline"},
    )
    assert "There is no such standard." in response.text and "Foreign draft" not in response.text


def test_the_requirement_search_is_paged(app, client, convener, scene, factory):
    app.config["PER_PAGE"] = 2
    page = client.get(f"/steps/{scene.entry.id}/requirements/new").text
    assert "Page 1 of 2" in page  # the work function and its two key activities
    assert client.get(f"/steps/{scene.entry.id}/requirements/new?page=2").status_code == 200
