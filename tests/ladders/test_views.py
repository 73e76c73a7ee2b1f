"""The career ladder pages: the partnership's ladders, a ladder's page and a step's page for
every kind of reader, drafts, and the pages' query counts."""

from __future__ import annotations

import pytest

from curriculum.extensions import db
from curriculum.ladders import moves, requirements, services, steps
from curriculum.standards import services as standard_services
from tests.ladders.ladder_scene import scene_fixture  # noqa: F401  (the `scene` fixture)


def test_the_ladder_page_shows_steps_with_their_job_quality_requirements_and_programs(
    client, scene
):
    page = client.get(f"/ladders/{scene.ladder.id}")
    assert page.status_code == 200
    html = page.text
    assert "Production and maintenance" in html and "<em>maintenance</em>" in html
    # Occupation code and title from the bundled O*NET list.
    assert "51-9198.00" in html and "Helpers--Production Workers" in html
    assert "49-9041.00" in html and "Industrial Machinery Mechanics" in html
    # Wages with source and year; benefits out of the partnership's employers; hiring.
    assert "$16.50 low · $18.25 median · $21.00 high an hour" in html
    assert "Ohio LMI, OES, 2025" in html
    assert "Health insurance: offered by 3 of 3 employers" in html
    assert "Retirement: offered by 2 of 3 employers" in html
    assert 'Employer 1</a> <span class="muted">12 openings expected in 12 months' in html
    assert "Three shifts, rotating." in html and "Standing; noise." in html
    # Requirements: code, title, level, pinned version.
    assert "Lock out machines" in html and "Intermediate" in html and "v1" in html
    # The program that leads there, with its credential and summary.
    assert "Certificate: Maintenance Technician" in html
    assert "reaches 1 of 2 required standards" in html
    # The move.
    assert "Industrial Maintenance certificate" in html and "24 months" in html
    # The printed forms: the print view and the step list for everyone; a PDF when signed in.
    assert f'href="/ladders/{scene.ladder.id}/print"' in html
    assert f'href="/ladders/{scene.ladder.id}/steps.csv"' in html
    assert f"/ladders/{scene.ladder.id}/exports/new" not in html
    # A visitor gets no edit controls.
    assert (
        "Edit step" not in html and "Add a step" not in html and '<form method="post"' not in html
    )


@pytest.mark.parametrize(
    ("role", "edits"),
    [("convener", True), ("panelist", True), ("faculty", False), ("viewer", False)],
)
def test_edit_controls_only_for_conveners_and_panelists(client, login_as, scene, role, edits):
    login_as(role)
    html = client.get(f"/ladders/{scene.ladder.id}").text
    assert ("Add a step" in html) is edits
    assert f"/ladders/{scene.ladder.id}/exports/new" in html
    assert (f"/steps/{scene.entry.id}/edit" in html) is edits
    index = client.get(f"/partnerships/{scene.partnership.id}/ladders").text
    assert ("New ladder" in index) is edits


def test_drafts_are_hidden_from_visitors_viewers_and_outsiders(client, login_as, scene):
    draft_step = scene.draft.steps[0]
    urls = (f"/ladders/{scene.draft.id}", f"/steps/{draft_step.id}")
    for url in urls:
        assert client.get(url).status_code == 404
    index = client.get(f"/partnerships/{scene.partnership.id}/ladders").text
    assert "Production and maintenance" in index and "Secret draft ladder" not in index
    login_as("outsider")
    assert all(client.get(url).status_code == 404 for url in urls)


@pytest.mark.parametrize("role", ["viewer"])
def test_a_viewer_does_not_see_drafts(client, login_as, scene, role):
    login_as(role)
    assert client.get(f"/ladders/{scene.draft.id}").status_code == 404
    index = client.get(f"/partnerships/{scene.partnership.id}/ladders").text
    assert "Secret draft ladder" not in index


@pytest.mark.parametrize("role", ["faculty", "panelist", "convener"])
def test_insiders_see_drafts_marked_as_such(client, login_as, scene, role):
    login_as(role)
    page = client.get(f"/ladders/{scene.draft.id}")
    assert page.status_code == 200 and "Draft" in page.text
    index = client.get(f"/partnerships/{scene.partnership.id}/ladders").text
    assert "Secret draft ladder" in index


def test_the_list_is_searchable_and_linked_from_the_partnership(client, scene):
    partnership_page = client.get(f"/partnerships/{scene.partnership.id}").text
    assert f'href="/partnerships/{scene.partnership.id}/ladders"' in partnership_page
    found = client.get(f"/partnerships/{scene.partnership.id}/ladders?q=maint").text
    assert "Production and maintenance" in found
    none = client.get(f"/partnerships/{scene.partnership.id}/ladders?q=welding").text
    assert "No ladder matches “welding”" in none
    # LIKE's wildcards are taken as typed.
    wildcard = client.get(f"/partnerships/{scene.partnership.id}/ladders?q=%25").text
    assert "No ladder matches “%”" in wildcard


def test_the_list_is_paged(app, client, partnership):
    app.config["PER_PAGE"] = 2
    for n in range(5):
        services.create_ladder(partnership, title=f"Ladder {n}", status="published")
    db.session.commit()
    first = client.get(f"/partnerships/{partnership.id}/ladders").text
    assert "Ladder 0" in first and "Ladder 1" in first and "Ladder 2" not in first
    assert "Page 1 of 3" in first
    last = client.get(f"/partnerships/{partnership.id}/ladders?page=3").text
    assert "Ladder 4" in last


def test_the_step_page_shows_moves_in_and_out_and_the_gap_chooser(client, scene):
    page = client.get(f"/steps/{scene.upper.id}")
    assert page.status_code == 200
    html = page.text
    assert "Maintenance technician" in html and "Moves into this step" in html
    assert f'href="/steps/{scene.entry.id}"' in html  # the move in comes from the entry step
    # What stands between: a GET form to this step's gap page, the other steps to pick from.
    assert f'action="/steps/{scene.upper.id}/gap"' in html
    assert f'<option value="{scene.entry.id}">Production associate (entry)</option>' in html
    # From the entry step, a link straight to the gap to the step it moves up to.
    entry = client.get(f"/steps/{scene.entry.id}").text
    assert f'href="/steps/{scene.upper.id}/gap?from={scene.entry.id}"' in entry


def test_a_requirement_to_an_unpublished_version_shows_its_code_only_to_readers(
    client, login_as, factory, scene
):
    cwf = scene.standard.parent
    unpublished = factory.standard(scene.framework, cwf, "key_activity", "Secret draft standard")
    requirements.require_standard(scene.upper, unpublished.id, "baseline")
    db.session.commit()
    html = client.get(f"/steps/{scene.upper.id}").text
    assert unpublished.code in html and "not yet published" in html
    assert "Secret draft standard" not in html
    login_as("panelist")
    assert "Secret draft standard" in client.get(f"/steps/{scene.upper.id}").text


def test_a_stale_requirement_is_marked_and_can_be_reconfirmed(client, login_as, factory, scene):
    panelist = login_as("panelist")
    standard_services.save_version(
        scene.standard, 1, "Lock out every machine", "", None, "", panelist
    )
    factory.publish(scene.standard, endorsers=scene.panelists, by=panelist)
    html = client.get(f"/steps/{scene.upper.id}").text
    assert "stale: v2 published" in html and "Re-confirm v2" in html
    requirement = next(r for r in scene.upper.requirements if r.standard_id == scene.standard.id)
    response = client.post(f"/requirements/{requirement.id}", data={"confirm": "1"})
    assert response.status_code == 302
    db.session.expire_all()
    assert requirement.version.number == 2 and not requirement.is_stale
    assert "stale:" not in client.get(f"/steps/{scene.upper.id}").text


def _grow(scene, n: int) -> None:
    """Add `n` steps with requirements, employers, benefits and moves."""
    previous = scene.upper
    for i in range(n):
        step = steps.add_step(
            scene.ladder,
            steps.StepData(
                title=f"Expert {i}",
                level="expert",
                onet_code="49-9041.00",
                benefits={"paid_time_off": 1},
                employers=[(scene.employers[2].id, 1)],
            ),
        )
        requirements.require_standard(step, scene.standard.id, "mastery")
        requirements.require_standard(step, scene.other.id, "baseline")
        moves.add_move(scene.ladder, {"from_step_id": previous.id, "to_step_id": step.id})
    db.session.commit()


@pytest.mark.parametrize("page", ["ladder", "step"])
def test_the_query_count_does_not_grow_with_the_steps(client, login_as, count_queries, scene, page):
    login_as("convener")  # edit controls and requirement forms on every row
    url = f"/ladders/{scene.ladder.id}" if page == "ladder" else f"/steps/{scene.upper.id}"
    client.get(url)
    with count_queries() as few:
        assert client.get(url).status_code == 200
    _grow(scene, 8)
    with count_queries() as many:
        html = client.get(url).text
    assert "Expert 7" in html
    assert len(many) == len(few), "\n".join(many)
