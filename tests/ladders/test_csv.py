"""The step list as CSV: one row per step with its job quality, requirements and programs,
named by the file-naming rule, cells guarded against formulas, drafts hidden from outsiders."""

from __future__ import annotations

import csv
import io

import pytest

from curriculum.extensions import db
from curriculum.ladders import steps
from tests.conftest import login
from tests.ladders import export_scene


@pytest.fixture
def scene(factory, partnership):
    return export_scene.build(factory, partnership)


def _rows(response) -> list[dict[str, str]]:
    text = response.data.decode("utf-8")
    assert text.startswith("\ufeff")  # a byte-order mark, so Excel reads UTF-8
    return list(csv.DictReader(io.StringIO(text[1:])))


def test_one_row_per_step_from_entry_up_with_job_quality_requirements_and_programs(scene, client):
    response = client.get(f"/ladders/{scene.ladder.id}/steps.csv")  # published: anyone
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    disposition = response.headers["Content-Disposition"]
    assert disposition == 'attachment; filename="plant-careers-steps.csv"'
    operator, technician = _rows(response)
    assert operator == {
        "Ladder": "Plant careers",
        "Level": "Entry",
        "Step": "Machine operator",
        "O*NET-SOC code": "51-9161.00",
        "O*NET-SOC title": "Computer Numerically Controlled Tool Operators",
        "Wage low": "16.40",
        "Wage median": "18.90",
        "Wage high": "22.60",
        "Wage source": "Ohio Department of Job and Family Services, OES",
        "Wage year": "2025",
        "Health insurance (employers)": "1",
        "Paid time off (employers)": "1",
        "Retirement (employers)": "",
        "Tuition assistance (employers)": "",
        "Hiring employers (openings)": "Acme Molding (4)",
        "Total openings": "4",
        "Required standards": "A.1 (intermediate, v2)",
        "Programs that lead there": "Production Technician (2026-2027, Valley College): "
        "reaches 1 of 1 required standards",
    }
    assert technician["Level"] == "Advanced" and technician["Wage median"] == "29.10"
    assert technician["Wage low"] == "" and technician["Total openings"] == "0"
    hidden = scene.hidden.code
    assert technician["Required standards"] == f"A.1.1 (mastery, v1); {hidden} (baseline, v1)"
    assert export_scene.UNPUBLISHED_TITLE not in response.data.decode()


def test_cells_a_spreadsheet_would_run_as_formulas_are_guarded(scene, client):
    steps.add_step(
        scene.ladder,
        steps.StepData(
            title='=HYPERLINK("http://evil.example","x")',
            level="expert",
            wage_source="@SUM(1+1)",
            schedule="-2+3",
        ),
    )
    db.session.commit()
    rows = _rows(client.get(f"/ladders/{scene.ladder.id}/steps.csv"))
    evil = rows[-1]
    assert evil["Step"] == '\'=HYPERLINK("http://evil.example","x")'
    assert evil["Wage source"] == "'@SUM(1+1)"
    assert evil["Level"] == "Expert"


def test_a_draft_ladder_is_404_to_those_who_may_not_see_it(factory, partnership, client):
    scene = export_scene.build(factory, partnership, status="draft")
    url = f"/ladders/{scene.ladder.id}/steps.csv"
    assert client.get(url).status_code == 404  # a visitor
    login(client, factory.member(partnership, "viewer").email)
    assert client.get(url).status_code == 404
    client.post("/logout")
    login(client, factory.user(organization=factory.organization()).email)
    assert client.get(url).status_code == 404
    client.post("/logout")
    login(client, factory.member(partnership, "panelist").email)
    response = client.get(url)
    assert response.status_code == 200
    assert 'filename="plant-careers-steps-draft.csv"' in response.headers["Content-Disposition"]
    assert len(_rows(response)) == 2
    assert client.get("/ladders/999999/steps.csv").status_code == 404


def test_the_step_list_is_streamed_without_reading_the_database(
    scene, client, queries_while_streaming
):
    response = client.get(f"/ladders/{scene.ladder.id}/steps.csv")
    assert response.status_code == 200 and "Content-Length" not in response.headers
    assert len(_rows(response)) == len(scene.ladder.steps)
    assert queries_while_streaming == []
