"""The career ladder API: ladders, steps, moves and requirements for those who may draw them
and refused for the others, partial changes, bad input, the diagram and the gap between two
steps."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from curriculum.extensions import db as _db
from curriculum.ladders import moves, requirements, services, steps
from curriculum.ladders.models import Ladder, LadderMove, LadderStep, StepRequirement
from curriculum.partnerships.services import add_organization

API = "/api/v1"


def _patch(api, url, body):
    return api.client.patch(url, json=body, headers=api.headers)


def _count(model) -> int:
    return _db.session.scalar(_db.select(_db.func.count()).select_from(model))


@pytest.fixture
def lw(world, factory, publish, db):
    """The alignment world with a published ladder (Associate, entry, requiring A.1 at
    baseline; Technician, advanced, requiring A.1 at mastery and A.1.1 at intermediate; an up
    move) and a draft ladder of one step. MFG 110 (term 1, required) masters A.1; MFG 120
    introduces A.1.1 only."""
    publish(world.ka)
    faculty = factory.member(world.partnership, "faculty", organization=world.college)
    factory.align(world.course, world.ka, "mastered", "Lab", by=faculty)
    factory.align(world.course2, world.pi, "introduced", by=faculty)
    employer = factory.organization("Kestrel Precision", "employer")
    add_organization(world.partnership, employer)
    ladder = services.create_ladder(world.partnership, title="Production", status="published")
    low = steps.add_step(
        ladder,
        steps.StepData(
            title="Production associate",
            onet_code="51-9199.00",
            level="entry",
            wage_low="16",
            wage_median="18",
            wage_high="21.5",
            wage_source="BLS OEWS",
            wage_year=2025,
            schedule="Two shifts",
            conditions="Standing, noise",
            benefits={"health_insurance": 1, "retirement": 0},
            employers=[(employer.id, 12)],
        ),
    )
    high = steps.add_step(
        ladder,
        steps.StepData(title="Maintenance technician", level="advanced", wage_median="26.50"),
    )
    move = moves.add_move(
        ladder, {"from_step_id": low.id, "to_step_id": high.id, "typical_months": 24}
    )
    held = requirements.require_standard(low, world.ka.id, "baseline")
    needed = requirements.require_standard(high, world.ka.id, "mastery")
    requirements.require_standard(high, world.pi.id, "intermediate")
    draft = services.create_ladder(world.partnership, title="Draft lattice")
    draft_step = steps.add_step(draft, steps.StepData(title="Draft step"))
    _db.session.commit()
    return SimpleNamespace(
        **vars(world),
        employer=employer,
        ladder=ladder,
        low=low,
        high=high,
        move=move,
        held=held,
        needed=needed,
        draft=draft,
        draft_step=draft_step,
    )


# --- Reading -----------------------------------------------------------------------------------


def test_anyone_reads_a_published_ladder_with_job_quality_requirements_moves_and_programs(
    api_as, lw
):
    response = api_as("anonymous").get(f"{API}/ladders/{lw.ladder.id}")
    assert response.status_code == 200, response.json
    ladder = response.json
    assert ladder["title"] == "Production" and ladder["status"] == "published"
    assert ladder["step_count"] == 2
    low, high = ladder["steps"]  # levels from the bottom
    assert low["title"] == "Production associate" and high["title"] == "Maintenance technician"
    assert (low["wage_low"], low["wage_median"], low["wage_high"]) == (16, 18, 21.5)
    assert (low["wage_source"], low["wage_year"]) == ("BLS OEWS", 2025)
    assert low["onet_code"] == "51-9199.00" and low["level"] == "entry"
    assert (low["schedule"], low["conditions"]) == ("Two shifts", "Standing, noise")
    assert low["benefits"] == {"health_insurance": 1, "retirement": 0}
    assert low["employers"] == [
        {"organization_id": lw.employer.id, "name": "Kestrel Precision", "openings": 12}
    ]
    assert low["openings"] == 12
    [requirement] = low["requirements"]
    assert requirement["standard"]["id"] == lw.ka.id
    assert requirement["standard"]["code"] == lw.ka.code
    assert requirement["standard"]["title"] == "Inspect guarding"
    assert requirement["level"] == "baseline" and requirement["stale"] is False
    assert requirement["version"] == 1 and requirement["version_id"] == lw.held.version_id
    # The program's required MFG 110 masters A.1; MFG 120 only introduces A.1.1.
    [program] = high["programs"]
    assert program["program_id"] == lw.program.id and program["name"] == lw.program.name
    assert program["credential"].startswith("Certificate: ")
    assert (program["reached"], program["electives"], program["below"], program["total"]) == (
        1,
        0,
        1,
        2,
    )
    assert [m["id"] for m in ladder["moves"]] == [lw.move.id]
    assert ladder["moves"][0]["kind"] == "up" and ladder["moves"][0]["typical_months"] == 24


def test_a_requirement_is_stale_once_a_newer_version_is_published(api_as, lw, publish):
    from curriculum.standards import services as standards

    author = lw.factory.member(lw.partnership, "panelist")
    standards.save_version(lw.ka, 1, "Inspect every guard", "", None, "", author)
    publish(lw.ka)
    _db.session.commit()
    found = api_as("viewer").get(f"{API}/ladders/{lw.ladder.id}").json
    assert found["steps"][0]["requirements"][0]["stale"] is True
    response = _patch(api_as("panelist"), f"{API}/requirements/{lw.held.id}", {"confirm": True})
    assert response.status_code == 200 and response.json["stale"] is False
    assert response.json["version"] == 2


def test_drafts_follow_the_partnerships_visibility(api_as, lw):
    url = f"{API}/ladders/{lw.draft.id}"
    for role in ("anonymous", "viewer", "outsider"):
        assert api_as(role).get(url).status_code == 404, role
        assert api_as(role).get(f"{url}/diagram.svg").status_code == 404, role
    for role in ("faculty", "panelist", "convener", "admin"):
        assert api_as(role).get(url).status_code == 200, role
    listing = f"{API}/partnerships/{lw.partnership.id}/ladders"
    seen = api_as("anonymous").get(listing).json
    assert [item["title"] for item in seen["items"]] == ["Production"]
    assert seen["total"] == 1 and seen["page"] == 1
    seen = api_as("panelist").get(listing).json
    assert [item["title"] for item in seen["items"]] == ["Draft lattice", "Production"]
    assert api_as("viewer").get(f"{API}/partnerships/999999/ladders").status_code == 404


# --- Ladders -----------------------------------------------------------------------------------


def test_conveners_and_panelists_draw_change_publish_and_delete_a_ladder(api_as, lw):
    url = f"{API}/partnerships/{lw.partnership.id}/ladders"
    for role in ("convener", "panelist"):
        api = api_as(role)
        response = api.post(url, json={"title": f"Lattice {role}", "description": "Across firms"})
        assert response.status_code == 201, response.json
        made = response.json
        assert made["status"] == "draft" and made["steps"] == [] and made["moves"] == []
        assert response.headers["Location"].endswith(f"/ladders/{made['id']}")
        changed = _patch(api, f"{API}/ladders/{made['id']}", {"status": "published"})
        assert changed.status_code == 200
        assert changed.json["status"] == "published"
        assert changed.json["title"] == f"Lattice {role}"  # left out: kept
        assert changed.json["description"] == "Across firms"
        assert api.delete(f"{API}/ladders/{made['id']}").status_code == 204
        assert _db.session.get(Ladder, made["id"]) is None


@pytest.mark.parametrize(
    "role, status", [("faculty", 403), ("viewer", 403), ("outsider", 404), ("anonymous", 401)]
)
def test_others_may_not_draw_or_change_ladders(api_as, lw, role, status):
    api = api_as(role)
    before = (_count(Ladder), _count(LadderStep), _count(LadderMove), _count(StepRequirement))
    ladder, step, move = lw.ladder.id, lw.low.id, lw.move.id
    calls = [
        api.post(f"{API}/partnerships/{lw.partnership.id}/ladders", json={"title": "Mine"}),
        _patch(api, f"{API}/ladders/{ladder}", {"title": "Taken"}),
        api.delete(f"{API}/ladders/{ladder}"),
        api.post(f"{API}/ladders/{ladder}/steps", json={"title": "New"}),
        _patch(api, f"{API}/steps/{step}", {"title": "Renamed"}),
        api.delete(f"{API}/steps/{step}"),
        api.post(
            f"{API}/ladders/{ladder}/moves",
            json={"from_step_id": lw.high.id, "to_step_id": step, "kind": "sideways"},
        ),
        _patch(api, f"{API}/moves/{move}", {"typical_months": 1}),
        api.delete(f"{API}/moves/{move}"),
        api.post(f"{API}/steps/{step}/requirements", json={"standard_id": lw.pi.id}),
        _patch(api, f"{API}/requirements/{lw.held.id}", {"level": "mastery"}),
        api.delete(f"{API}/requirements/{lw.held.id}"),
    ]
    assert [c.status_code for c in calls] == [status] * len(calls)
    assert all("error" in c.json for c in calls)
    after = (_count(Ladder), _count(LadderStep), _count(LadderMove), _count(StepRequirement))
    assert after == before
    _db.session.expire_all()
    assert _db.session.get(Ladder, ladder).title == "Production"


def test_a_draft_ladders_parts_are_hidden_from_those_who_may_not_see_it(api_as, lw):
    for role in ("viewer", "outsider"):
        api = api_as(role)
        assert _patch(api, f"{API}/steps/{lw.draft_step.id}", {"title": "X"}).status_code == 404
        assert api.get(f"{API}/steps/{lw.draft_step.id}/gap?from={lw.low.id}").status_code == 404
    faculty = api_as("faculty")  # sees drafts, may not draw
    assert _patch(faculty, f"{API}/steps/{lw.draft_step.id}", {"title": "X"}).status_code == 403


def test_ladder_bad_input_names_the_field_and_duplicates_conflict(api_as, lw):
    api = api_as("convener")
    url = f"{API}/partnerships/{lw.partnership.id}/ladders"
    for body, field in [
        ({}, "title"),
        ({"title": "   "}, "title"),
        ({"title": 5}, "title"),
        ({"title": "Fine", "status": "retired"}, "status"),
        ({"title": "x" * 201}, "title"),
    ]:
        response = api.post(url, json=body)
        assert response.status_code == 400, body
        assert field in response.json["fields"], (body, response.json)
    taken = api.post(url, json={"title": "production"})
    assert taken.status_code == 409 and "title" in taken.json["fields"]
    renamed = _patch(api, f"{API}/ladders/{lw.draft.id}", {"title": "Production"})
    assert renamed.status_code == 409
    assert _count(Ladder) == 2


# --- Steps -------------------------------------------------------------------------------------


def test_add_a_step_and_change_only_the_fields_sent(api_as, lw):
    api = api_as("panelist")
    response = api.post(
        f"{API}/ladders/{lw.ladder.id}/steps",
        json={
            "title": "Automation technician",
            "onet_code": "17-3024.00",
            "level": "advanced",
            "wage_low": 24,
            "wage_median": 29.75,
            "wage_high": 35,
            "wage_source": "Partnership survey",
            "wage_year": 2026,
            "benefits": {"health_insurance": 1, "tuition_assistance": 1},
            "employers": [{"organization_id": lw.employer.id, "openings": 3}],
        },
    )
    assert response.status_code == 201, response.json
    step = response.json
    assert step["ladder_id"] == lw.ladder.id and step["wage_median"] == 29.75
    assert step["benefits"] == {"health_insurance": 1, "tuition_assistance": 1}
    assert step["employers"][0]["openings"] == 3 and step["programs"] == []
    url = f"{API}/steps/{step['id']}"
    response = _patch(api, url, {"wage_high": 36.5, "schedule": "Days"})
    assert response.status_code == 200, response.json
    changed = response.json
    assert changed["wage_high"] == 36.5 and changed["schedule"] == "Days"
    for kept in ("title", "onet_code", "level", "wage_low", "wage_median", "wage_source"):
        assert changed[kept] == step[kept], kept
    assert changed["benefits"] == step["benefits"] and changed["employers"] == step["employers"]
    cleared = _patch(api, url, {"wage_low": None, "employers": []}).json
    assert cleared["wage_low"] is None and cleared["wage_median"] == 29.75
    assert cleared["employers"] == [] and cleared["openings"] == 0
    assert api.delete(url).status_code == 204
    assert _db.session.get(LadderStep, step["id"]) is None


def test_deleting_a_step_takes_its_moves_and_requirements(api_as, lw):
    step_id, held_id = lw.low.id, lw.held.id
    assert api_as("convener").delete(f"{API}/steps/{step_id}").status_code == 204
    _db.session.expire_all()
    assert _count(LadderMove) == 0
    assert _db.session.get(StepRequirement, held_id) is None
    assert _db.session.get(LadderStep, step_id) is None


def test_step_bad_input_names_the_field(api_as, lw, factory):
    api = api_as("convener")
    outsider_firm = factory.organization("Not a partner", "employer")
    url = f"{API}/ladders/{lw.ladder.id}/steps"
    for body, field, status in [
        ({"level": "entry"}, "title", 400),
        ({"title": "X", "level": "boss"}, "level", 400),
        ({"title": "X", "onet_code": "99-9999.99"}, "onet_code", 400),
        ({"title": "X", "wage_low": 30, "wage_median": 20}, "wage_low", 400),
        ({"title": "X", "wage_median": -1}, "wage_median", 400),
        ({"title": "X", "wage_median": "cheap"}, "wage_median", 400),
        ({"title": "X", "wage_year": 1900}, "wage_year", 400),
        ({"title": "X", "benefits": {"health_insurance": 99}}, "benefit_health_insurance", 400),
        ({"title": "X", "benefits": {"free_lunch": 1}}, "benefits", 400),
        (
            {"title": "X", "employers": [{"organization_id": outsider_firm.id}]},
            "employers",
            400,
        ),
        ({"title": "production associate"}, "title", 409),
    ]:
        response = api.post(url, json=body)
        assert response.status_code == status, (body, response.json)
        assert any(f.startswith(field) for f in response.json["fields"]), (body, response.json)
    # Below the low wage kept from before: the low wage is named.
    response = _patch(api, f"{API}/steps/{lw.low.id}", {"wage_median": 10})
    assert response.status_code == 400 and "wage_low" in response.json["fields"]
    response = _patch(api, f"{API}/steps/{lw.low.id}", {"title": None})
    assert response.status_code == 400 and "title" in response.json["fields"]
    assert _count(LadderStep) == 3
    _db.session.expire_all()
    assert str(_db.session.get(LadderStep, lw.low.id).wage_median) == "18.00"
    assert _db.session.get(LadderStep, lw.low.id).title == "Production associate"


# --- Moves -------------------------------------------------------------------------------------


def test_moves_are_added_changed_refused_and_deleted(api_as, lw):
    api = api_as("panelist")
    side = steps.add_step(lw.ladder, steps.StepData(title="Quality associate", level="entry"))
    _db.session.commit()
    url = f"{API}/ladders/{lw.ladder.id}/moves"
    body = {"from_step_id": lw.low.id, "to_step_id": side.id, "kind": "sideways"}
    response = api.post(url, json={**body, "support": "Quality course"})
    assert response.status_code == 201, response.json
    move = response.json
    assert move["kind"] == "sideways" and move["support"] == "Quality course"
    assert api.post(url, json=body).status_code == 409
    wrong = api.post(url, json={"from_step_id": lw.high.id, "to_step_id": lw.low.id})
    assert wrong.status_code == 400 and "kind" in wrong.json["fields"]
    other = api.post(url, json={"from_step_id": lw.draft_step.id, "to_step_id": lw.low.id})
    assert other.status_code == 400 and "from_step_id" in other.json["fields"]
    missing = api.post(url, json={"to_step_id": lw.low.id})
    assert missing.status_code == 400 and "from_step_id" in missing.json["fields"]
    changed = _patch(api, f"{API}/moves/{move['id']}", {"typical_months": 6})
    assert changed.status_code == 200
    assert changed.json["typical_months"] == 6 and changed.json["support"] == "Quality course"
    bad = _patch(api, f"{API}/moves/{move['id']}", {"kind": "up"})
    assert bad.status_code == 400 and "kind" in bad.json["fields"]
    assert api.delete(f"{API}/moves/{move['id']}").status_code == 204
    assert _count(LadderMove) == 1


# --- Requirements ------------------------------------------------------------------------------


def test_requirements_are_added_changed_and_removed(api_as, lw):
    api = api_as("convener")
    url = f"{API}/steps/{lw.low.id}/requirements"
    response = api.post(url, json={"standard_id": lw.pi.id, "level": "intermediate"})
    assert response.status_code == 201, response.json
    made = response.json
    assert made["step_id"] == lw.low.id and made["standard"]["code"] == lw.pi.code
    assert made["level"] == "intermediate"
    again = api.post(url, json={"standard_id": lw.pi.id, "level": "mastery"})
    assert again.status_code == 200 and again.json["id"] == made["id"]
    assert again.json["level"] == "mastery"
    changed = _patch(api, f"{API}/requirements/{made['id']}", {"level": "baseline"})
    assert changed.status_code == 200 and changed.json["level"] == "baseline"
    assert _patch(api, f"{API}/requirements/{made['id']}", {"level": "high"}).status_code == 400
    assert api.delete(f"{API}/requirements/{made['id']}").status_code == 204
    assert _db.session.get(StepRequirement, made["id"]) is None


def test_a_requirement_names_a_standard_of_the_partnership(api_as, lw, factory):
    api = api_as("convener")
    elsewhere = factory.partnership()
    foreign = factory.framework(elsewhere, "Elsewhere")
    standard = factory.standard(foreign, None, "critical_work_function", "Other")
    url = f"{API}/steps/{lw.low.id}/requirements"
    for body in (
        {"standard_id": standard.id},
        {"standard_id": 999999},
        {"level": "baseline"},
        {"standard_id": "1"},
    ):
        response = api.post(url, json=body)
        assert response.status_code == 400, body
        assert "standard_id" in response.json["fields"], body
    bad_level = api.post(url, json={"standard_id": lw.pi.id, "level": "expert"})
    assert bad_level.status_code == 400 and "level" in bad_level.json["fields"]
    assert _count(StepRequirement) == 3


# --- The diagram -------------------------------------------------------------------------------


def test_the_diagram_is_svg_holding_the_step_titles(api_as, lw):
    response = api_as("anonymous").get(f"{API}/ladders/{lw.ladder.id}/diagram.svg")
    assert response.status_code == 200
    assert response.mimetype == "image/svg+xml"
    svg = response.get_data(as_text=True)
    assert svg.lstrip().startswith("<svg") and "</svg>" in svg
    assert "Production associate" in svg and "Maintenance technician" in svg
    drafted = api_as("panelist").get(f"{API}/ladders/{lw.draft.id}/diagram.svg")
    assert drafted.status_code == 200 and "Draft step" in drafted.get_data(as_text=True)


# --- Between two steps -------------------------------------------------------------------------


def test_the_gap_between_two_steps(api_as, lw):
    response = api_as("anonymous").get(f"{API}/steps/{lw.high.id}/gap?from={lw.low.id}")
    assert response.status_code == 200, response.json
    gap = response.json
    assert gap["from_step_id"] == lw.low.id and gap["to_step_id"] == lw.high.id
    assert gap["wage_difference"] == 8.5
    by_code = {item["standard"]["code"]: item for item in gap["items"]}
    assert set(by_code) == {lw.ka.code, lw.pi.code}
    ka = by_code[lw.ka.code]
    assert (ka["needed"], ka["held"]) == ("mastery", "baseline")
    [course] = ka["courses"]
    assert (course["course_id"], course["code"], course["credits"]) == (
        lw.course.id,
        lw.course.code,
        3,
    )
    assert course["level"] == "mastered"
    pi = by_code[lw.pi.code]
    assert (pi["needed"], pi["held"], pi["courses"]) == ("intermediate", None, [])
    back = api_as("anonymous").get(f"{API}/steps/{lw.low.id}/gap?from={lw.high.id}").json
    assert back["items"] == [] and back["wage_difference"] == -8.5


def test_a_missing_or_bad_from_is_bad_input_and_hidden_steps_are_not_found(api_as, lw, factory):
    api = api_as("viewer")
    url = f"{API}/steps/{lw.high.id}/gap"
    for query in ("", "?from=", "?from=abc", "?from=-3", f"?from={lw.high.id}"):
        response = api.get(url + query)
        assert response.status_code == 400, query
        assert "from" in response.json["fields"] and response.json["error"], query
    elsewhere = services.create_ladder(factory.partnership(), title="Other", status="published")
    foreign = steps.add_step(elsewhere, steps.StepData(title="Foreign"))
    _db.session.commit()
    response = api.get(f"{url}?from={foreign.id}")
    assert response.status_code == 400 and "from" in response.json["fields"]
    assert api.get(f"{url}?from={lw.draft_step.id}").status_code == 404
    assert api.get(f"{url}?from=999999").status_code == 404
    hidden = f"{API}/steps/{lw.draft_step.id}/gap?from={lw.low.id}"
    assert api.get(hidden).status_code == 404
    assert api_as("faculty").get(hidden).status_code == 200


def test_draft_titles_of_required_standards_stay_private(api_as, lw):
    """A.1.1 was never published: its draft title reaches only those who see drafts."""
    draft_title = lw.pi.current_version.title
    urls = (f"{API}/ladders/{lw.ladder.id}", f"{API}/steps/{lw.high.id}/gap?from={lw.low.id}")
    for role in ("anonymous", "viewer", "outsider"):
        for url in urls:
            response = api_as(role).get(url)
            assert response.status_code == 200 and draft_title not in response.text, (role, url)
    high = api_as("viewer").get(urls[0]).json["steps"][1]
    titles = {r["standard"]["code"]: r["standard"]["title"] for r in high["requirements"]}
    assert titles == {lw.ka.code: "Inspect guarding", lw.pi.code: None}
    for url in urls:
        assert draft_title in api_as("faculty").get(url).text


def test_reading_a_ladder_takes_as_many_queries_whatever_its_size(api_as, lw, count_queries):
    api = api_as("viewer")
    url = f"{API}/ladders/{lw.ladder.id}"
    api.get(url)  # warm: the token's first use
    with count_queries() as small:
        assert api.get(url).status_code == 200
    for n in range(8):
        step = steps.add_step(
            lw.ladder,
            steps.StepData(
                title=f"Operator {n}",
                level="intermediate",
                benefits={"paid_time_off": 1},
                employers=[(lw.employer.id, n)],
            ),
        )
        requirements.require_standard(step, lw.ka.id, "intermediate")
        requirements.require_standard(step, lw.pi.id, "baseline")
        moves.add_move(lw.ladder, {"from_step_id": lw.low.id, "to_step_id": step.id})
    _db.session.commit()
    with count_queries() as large:
        response = api.get(url)
    assert response.status_code == 200 and len(response.json["steps"]) == 10
    assert len(large) == len(small), "\n".join(large)


def test_answers_match_the_documented_schemas(api_as, lw):
    from tests.api.test_openapi import _conforms, _template

    api = api_as("convener")
    ladder, low, high = lw.ladder.id, lw.low.id, lw.high.id
    calls = [
        ("get", f"/partnerships/{lw.partnership.id}/ladders", None),
        ("post", f"/partnerships/{lw.partnership.id}/ladders", {"title": "Schema"}),
        ("post", f"/partnerships/{lw.partnership.id}/ladders", {"title": ""}),
        ("get", f"/ladders/{ladder}", None),
        ("patch", f"/ladders/{ladder}", {"description": "Checked"}),
        ("post", f"/ladders/{ladder}/steps", {"title": "Setter", "level": "intermediate"}),
        ("patch", f"/steps/{low}", {"wage_high": 22}),
        ("post", f"/ladders/{ladder}/moves", {"from_step_id": low, "to_step_id": high}),
        ("patch", f"/moves/{lw.move.id}", {"support": "Apprenticeship"}),
        ("post", f"/steps/{low}/requirements", {"standard_id": lw.pi.id}),
        ("post", f"/steps/{low}/requirements", {"standard_id": lw.pi.id, "level": "mastery"}),
        ("patch", f"/requirements/{lw.held.id}", {"level": "intermediate"}),
        ("get", f"/steps/{high}/gap?from={low}", None),
        ("get", f"/steps/{high}/gap", None),
        ("delete", f"/requirements/{lw.held.id}", None),
        ("delete", f"/moves/{lw.move.id}", None),
    ]
    statuses = set()
    for method, path, body in calls:
        client = getattr(api.client, method)
        response = client(API + path, json=body, headers=api.headers)
        _conforms(response, method, _template(path.partition("?")[0]))
        statuses.add(response.status_code)
    assert statuses == {200, 201, 204, 400, 409}
