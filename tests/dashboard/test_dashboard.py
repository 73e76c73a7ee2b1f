"""The partnership dashboard: its figures, the suppression of small counts, who may see it,
its API, the one-page summary, and a query count that does not grow with the partnership."""

from __future__ import annotations

from decimal import Decimal

import pytest

from curriculum.alignment.coverage import coverage
from curriculum.dashboard.services import dashboard
from curriculum.extensions import db
from curriculum.measures.models import Cohort, Season
from curriculum.partnerships import services as partnerships
from curriculum.standards import services as standards
from tests.conftest import login


def _cohort(program, year, **counts) -> Cohort:
    cohort = Cohort(program_id=program.id, entry_year=year, entry_season=Season.FALL, **counts)
    db.session.add(cohort)
    db.session.commit()
    return cohort


def _program(factory, partnership, framework, college=None, n=0):
    """A program with two courses, one aligned to a published key activity."""
    if college is None:
        college = factory.organization(kind="college")
        partnerships.add_organization(partnership, college)
    cwf = factory.standard(framework, None, "critical_work_function", f"Run line {n}")
    activity = factory.standard(framework, cwf, "key_activity", f"Set up {n}")
    factory.publish(cwf)
    factory.publish(activity)
    course = factory.course(college, f"MFG {100 + n}", "Setup")
    other = factory.course(college, f"MFG {200 + n}", "Safety")
    program = factory.program(
        college, partnership, [framework], f"Program {n}", [(course, 1), (other, 2)]
    )
    teacher = factory.member(partnership, "faculty", organization=college)
    factory.align(course, activity, "mastered", by=teacher)
    return program


@pytest.fixture
def scene(factory, partnership):
    employer = factory.organization("Dash Tooling", "employer")
    partnerships.add_organization(partnership, employer)
    panelist = factory.member(partnership, "panelist", organization=employer)
    framework = factory.framework(partnership)
    program = _program(factory, partnership, framework)
    draft = factory.standard(framework, None, "critical_work_function", "Draft function")
    standards.add_comment(draft, panelist, "Is this right?")
    _cohort(
        program,
        2024,
        enrolled=20,
        completed=3,  # suppressed
        employed_q2=12,
        employed_q4=2,  # suppressed: so is the median earnings after exit (of so few people)
        median_earnings_before=Decimal("7000"),
        median_earnings_after=Decimal("9500"),
    )
    _cohort(program, 2025, enrolled=25, completed=18, employed_q2=15)
    db.session.commit()
    return {"framework": framework, "program": program, "employer": employer}


def test_figures_follow_the_data(app, partnership, scene):
    board = dashboard(partnership)
    assert board.firms.employers >= 1
    assert board.firms.endorsing >= 1  # the publishing endorsements of factory.publish
    assert board.standards == 3
    assert sum(n for s, n in board.standards_by_status.items() if s.value == "draft") == 1
    assert board.open_comments == 1
    (figure,) = board.coverage
    single = coverage(scene["program"], scene["framework"])
    assert (figure.covered_percent, figure.mastered_percent) == (
        single.covered_percent,
        single.mastered_percent,
    )
    rows = board.cohorts[scene["program"].id]
    assert [r.cohort.entry_year for r in rows] == [2024, 2025]
    # A count of 3 is never shown, nor anything built on it.
    assert rows[0].count("completed") == "<5"
    assert rows[0].value("completed") is None
    assert rows[0].completion_rate is None
    assert rows[0].earnings_change is None
    assert rows[0].medians.before == Decimal("7000") and rows[0].medians.after is None
    assert rows[1].completion_rate == Decimal("72.0")


def test_page_shows_members_the_figures_and_never_a_small_count(
    app, client, partnership, scene, login_as
):
    login_as("viewer")
    page = client.get(f"/partnerships/{partnership.id}/dashboard")
    assert page.status_code == 200
    html = page.text
    assert "Programs aligned and their coverage" in html
    assert "&lt;5" in html
    assert '<td class="num">3</td>' not in html  # the cohort's 3 completions
    assert "One-page summary" in html


def test_visitors_sign_in_and_outsiders_get_404(app, client, partnership, scene, login_as):
    url = f"/partnerships/{partnership.id}/dashboard"
    assert client.get(url).status_code in (302, 401)
    login_as("outsider")
    assert client.get(url).status_code == 404
    assert client.get(f"/api/v1/partnerships/{partnership.id}/dashboard").status_code == 404


def test_api_answers_the_same_figures_with_small_counts_null(
    app, client, partnership, scene, login_as
):
    login_as("faculty")
    answer = client.get(f"/api/v1/partnerships/{partnership.id}/dashboard")
    assert answer.status_code == 200
    body = answer.json
    assert body["standards"] == 3
    (measures,) = body["measures"]
    first = measures["cohorts"][0]
    assert first["counts"]["completed"] is None
    assert first["suppressed"] == ["completed", "employed_q4", "median_earnings_after"]
    assert first["median_earnings_before"] == 7000 and first["median_earnings_after"] is None
    assert first["earnings_change"] is None
    assert measures["cohorts"][1]["counts"]["completed"] == 18
    assert (
        body["coverage"][0]["covered_percent"] == dashboard(partnership).coverage[0].covered_percent
    )


def test_query_count_does_not_grow_with_the_partnership(
    app, factory, partnership, scene, count_queries
):
    with count_queries() as small:
        dashboard(partnership)
    for n in range(1, 6):
        framework = factory.framework(partnership, f"Framework {n}")
        program = _program(factory, partnership, framework, n=n)
        _cohort(program, 2025, enrolled=9, completed=7)
        factory.member(partnership, "panelist")
    db.session.expire_all()
    with count_queries() as large:
        board = dashboard(partnership)
    assert len(board.coverage) == 6
    assert len(large) == len(small)


def test_one_page_summary_is_one_page_and_suppresses(app, partnership, scene):
    from pathlib import Path

    from curriculum.exports import kinds
    from curriculum.exports.render import render_here

    kind = kinds.get("summary")
    with app.test_request_context():
        html = kind.html(kind.load(partnership.id), {}, exported_on="1 Dec 2026")
        assert "&lt;5" in html and "Programs and their coverage" in html
        rendered = render_here(html, Path(app.static_folder))
    assert rendered.pages == 1
    assert kind.filename(partnership, {}).endswith("-summary.pdf")


def test_summary_export_form_is_offered_to_members(app, client, partnership, scene, login_as):
    login_as("viewer")
    form = client.get(f"/partnerships/{partnership.id}/exports/new")
    assert form.status_code == 200
    assert "One-page summary" in form.text
    assert "Print view" in form.text


def test_summary_export_is_hidden_from_outsiders(app, client, partnership, scene, login_as):
    login_as("outsider")
    assert client.get(f"/partnerships/{partnership.id}/exports/new").status_code == 404
    assert client.get(f"/partnerships/{partnership.id}/print").status_code == 404


def test_conveners_see_the_dashboard(app, client, factory, partnership):
    user = factory.member(partnership, "convener")
    assert login(client, user.email).status_code == 302
    assert client.get(f"/partnerships/{partnership.id}/dashboard").status_code == 200
