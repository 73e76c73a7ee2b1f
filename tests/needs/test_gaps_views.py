"""The coverage page's flags and CSV column, and the colleges' list of needs not covered with
its CSV: shown only to readers who may see the survey's results."""

import csv
import io

from curriculum.extensions import db
from tests.conftest import login
from tests.needs.conftest import closed_survey

LINE = "2 high-priority needs from the 2026 employer survey are not covered"


def _rows(response):
    text = response.data.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def _sign_in(client, user):
    assert login(client, user.email).status_code == 302


def test_coverage_page_flags_uncovered_needs_with_text(client, world):
    closed_survey(world)
    _sign_in(client, world.faculty)
    page = client.get(f"/programs/{world.program.id}/coverage").text
    assert LINE in page
    # A visible marker with words (not colour alone) on each flagged standard, matrix and list.
    assert page.count('title="High-priority need (priority 18.7), partly covered"') == 2
    assert page.count('title="High-priority need (priority 17.0), not covered"') == 2
    assert page.count(">High-priority need</span>") == 5  # 2 × 2 rows and the line's marker
    assert f'href="/frameworks/{world.framework.id}/needs"' in page


def test_coverage_page_shows_no_flags_below_the_respondent_threshold(client, world, factory):
    closed_survey(world, firms=world.firms[:2])  # two firms answered: members see no results
    viewer = factory.member(world.partnership, "viewer")
    _sign_in(client, viewer)
    page = client.get(f"/programs/{world.program.id}/coverage").text
    assert "high-priority" not in page.lower() and "need-flag" not in page
    rows = _rows(client.get(f"/programs/{world.program.id}/coverage.csv"))
    assert "High-priority need" not in rows[0]
    client.post("/logout")
    convener = factory.member(world.partnership, "convener")  # conveners always see results
    _sign_in(client, convener)
    assert LINE in client.get(f"/programs/{world.program.id}/coverage").text


def test_coverage_csv_has_a_column_for_the_needs(client, world):
    closed_survey(world)
    _sign_in(client, world.faculty)
    rows = _rows(client.get(f"/programs/{world.program.id}/coverage.csv"))
    header = rows[0]
    assert header[-1] == "High-priority need"
    flagged = {r[0]: r[-1] for r in rows[1:] if len(r) == len(header) and r[-1]}
    assert flagged == {
        "A.1": "High-priority need (priority 18.7), partly covered",
        "A.2.1": "High-priority need (priority 17.0), not covered",
    }


def test_no_closed_survey_no_flags(client, world):
    _sign_in(client, world.faculty)
    page = client.get(f"/programs/{world.program.id}/coverage").text
    assert "need-flag" not in page


def test_needs_page_lists_each_program_with_links_to_align(client, world):
    closed_survey(world)
    _sign_in(client, world.faculty)
    page = client.get(f"/frameworks/{world.framework.id}/needs")
    assert page.status_code == 200
    text = page.text
    assert "From 2026 employer survey" in text
    assert "Inspect guarding" in text and "Zero energy" in text
    assert "Partly covered" in text and "Not covered" in text
    assert "Guards checked" not in text  # covered: not a need
    pid, sid = world.program.id, world.std["A.2.1"].id
    assert f'href="/programs/{pid}/gaps/{sid}/align"' in text
    assert "Align a course to this" in text
    assert "18.7" in text and "3 of 3" in text  # priority and firms agreeing


def test_needs_page_without_a_closed_survey_says_so(client, world):
    _sign_in(client, world.faculty)
    page = client.get(f"/frameworks/{world.framework.id}/needs")
    assert page.status_code == 200 and "No survey of this framework has closed yet" in page.text
    assert client.get(f"/frameworks/{world.framework.id}/needs.csv").status_code == 404


def test_needs_page_access(client, world, factory):
    survey = closed_survey(world, firms=world.firms[:2])
    url = f"/frameworks/{world.framework.id}/needs"
    assert client.get(url).status_code in (302, 401)  # visitors sign in first
    outsider = factory.user(organization=factory.organization(), name="Outsider")
    _sign_in(client, outsider)
    assert client.get(url).status_code == 404
    assert client.get(f"{url}.csv").status_code == 404
    client.post("/logout")
    viewer = factory.member(world.partnership, "viewer")
    _sign_in(client, viewer)
    assert client.get(url).status_code == 403  # two firms: below the threshold
    assert client.get(f"{url}.csv").status_code == 403
    assert client.get(f"{url}?survey={survey.id + 1000}").status_code == 404


def test_needs_csv_is_guarded_and_named(client, world):
    world.program.name = "=HYPERLINK(1)"
    db.session.commit()
    closed_survey(world)
    _sign_in(client, world.faculty)
    response = client.get(f"/frameworks/{world.framework.id}/needs.csv")
    assert response.status_code == 200
    assert response.content_type.startswith("text/csv")
    assert (
        'filename="production-technician-needs-not-covered-2026-employer-survey.csv"'
        in response.headers["Content-Disposition"]
    )
    rows = _rows(response)
    assert rows[0][:4] == ["College", "Program", "Catalog year", "Code"]
    body = {r[3]: r for r in rows[1:]}
    assert set(body) == {"A.1", "A.2.1"}
    assert body["A.1"][1] == "'=HYPERLINK(1)"
    assert body["A.1"][6:] == ["Partly covered", "18.7", "3", "3", "1.9"]


def test_both_csv_files_are_streamed_without_reading_the_database(
    client, world, queries_while_streaming
):
    closed_survey(world)
    _sign_in(client, world.faculty)
    coverage = client.get(f"/programs/{world.program.id}/coverage.csv")
    needs = client.get(f"/frameworks/{world.framework.id}/needs.csv")
    for response in (coverage, needs):
        assert response.status_code == 200 and "Content-Length" not in response.headers
    assert _rows(coverage)[0][-1] == "High-priority need" and len(_rows(needs)) == 3
    assert queries_while_streaming == []
