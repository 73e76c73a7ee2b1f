"""The demo's closed employer survey and cohorts: believable, flagged on the coverage page,
suppressed where small, and loaded once."""

from decimal import Decimal

from curriculum import access, demo
from curriculum.auth.models import find_by_email
from curriculum.courses.models import Program
from curriculum.extensions import db
from curriculum.measures import privacy
from curriculum.measures.models import Cohort, CohortCredential, CohortPlacement
from curriculum.needs import gaps, results
from curriculum.needs.models import NeedsSurvey, SurveyHires, SurveyRating, SurveyResponse
from curriculum.organizations.models import OrganizationKind
from curriculum.standards.models import Framework
from tests.conftest import login

MODELS = (NeedsSurvey, SurveyResponse, SurveyRating, Cohort, CohortCredential, CohortPlacement)


def _counts():
    return [db.session.scalar(db.select(db.func.count()).select_from(m)) for m in MODELS]


def test_the_demo_survey_and_cohorts(app, db, client):
    partnership = demo.load()
    db.session.commit()
    framework = db.session.scalar(db.select(Framework).filter_by(title="Production Technician"))

    # The survey: closed, answered once by each of the five demo employers.
    survey = gaps.latest_closed(framework)
    assert survey is not None and survey.title == "2026 employer survey" and survey.closed_at
    firms = {r.organization.name for r in survey.responses}
    employers = {o.name for o in partnership.organizations if o.kind == OrganizationKind.EMPLOYER}
    assert firms == employers and len(firms) == 5
    # Each firm's expected hires per ladder step (they weigh its ratings).
    assert db.session.scalar(db.select(db.func.count(SurveyHires.id))) == 14
    assert {r.expected_hires for r in survey.responses} == {11, 15, 9, 7}
    # A few standards high, with the firms disagreeing on some; most are not high.
    ranked = results.aggregate(survey)
    high = [r.standard.code for r in ranked if r.high]
    assert high == ["C.2", "D.3", "A.3", "B.3"]
    assert len(ranked) > 4 * len(high)
    assert max(r.spread for r in ranked) > Decimal("5") > min(r.spread for r in ranked)
    # Enough firms answered for every member to see the results.
    viewer = find_by_email("viewer@example.com")
    assert access.can(viewer, "view_results", survey)

    # The coverage page of Sinclair's program flags three of them.
    sinclair = db.session.scalar(
        db.select(Program).filter_by(name="Mechatronics Engineering Technology")
    )
    assert login(client, "faculty@example.com", demo.PASSWORD).status_code == 302
    page = client.get(f"/programs/{sinclair.id}/coverage").text
    assert "3 high-priority needs from the 2026 employer survey are not covered" in page
    listed = client.get(f"/frameworks/{framework.id}/needs").text
    assert listed.index("Mechatronics Engineering Technology") < listed.index("Clark Technical")

    # Three cohorts per program, Fall 2023 to Fall 2025, with small counts to suppress.
    for program in db.session.scalars(db.select(Program)):
        cohorts = sorted(
            db.session.scalars(db.select(Cohort).filter_by(program_id=program.id)),
            key=lambda c: c.order,
        )
        assert [c.term for c in cohorts] == ["Fall 2023", "Fall 2024", "Fall 2025"]
        assert all(c.enrolled and c.enrolled >= 10 for c in cohorts)
        assert [c.enrolled for c in cohorts] == sorted(c.enrolled for c in cohorts)
        first = cohorts[0]
        assert first.completed <= first.enrolled and first.employed_q4 <= first.completed
        assert first.median_earnings_after > first.median_earnings_before
        assert sum(p.placed for p in first.placements) <= first.employed_q2
        assert {p.organization.name for p in first.placements} <= employers
        small = [c.earned for c in first.credentials] + [p.placed for p in first.placements]
        assert any(privacy.is_suppressed(n) for n in small)
        assert any(not privacy.is_suppressed(n) for n in small)
        assert cohorts[-1].median_earnings_after is None  # too recent to know

    # Loading again adds nothing.
    before = _counts()
    demo.load()
    db.session.commit()
    assert _counts() == before
