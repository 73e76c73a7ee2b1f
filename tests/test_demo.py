"""The demo loader: a believable partnership, loaded once, never duplicated."""

from curriculum.alignment.models import Alignment
from curriculum.auth.models import User
from curriculum.courses.models import CourseOutcome, ElectiveGroup
from curriculum.ladders.models import Ladder, LadderMove, LadderStep, StepRequirement
from curriculum.measures.models import Cohort, CohortCredential, CohortPlacement
from curriculum.needs.models import NeedsSurvey, SurveyRating, SurveyResponse
from curriculum.organizations.models import Organization, OrganizationKind
from curriculum.partnerships.models import Membership, Partnership, Role
from tests.conftest import login


def _counts(db):
    return tuple(
        db.session.scalar(db.select(db.func.count()).select_from(model))
        for model in (
            User,
            Organization,
            Partnership,
            Membership,
            CourseOutcome,
            ElectiveGroup,
            Ladder,
            LadderStep,
            LadderMove,
            StepRequirement,
            NeedsSurvey,
            SurveyResponse,
            SurveyRating,
            Cohort,
            CohortCredential,
            CohortPlacement,
        )
    )


def test_demo_is_believable_and_loading_it_twice_adds_nothing(runner, app, db):
    """One load, checked from every side (the loader takes seconds, so the checks share it)."""
    result = runner.invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    assert "convener@example.com" in result.output and "demo-password" in result.output
    partnership = db.session.scalar(db.select(Partnership))
    _check_partnership_is_believable(db, partnership)
    _check_every_account_signs_in_and_sees_the_partnership(app, partnership)
    _check_outcomes_and_electives(db)
    first = _counts(db)
    assert first[6:8] == (1, 8)  # the "Production and maintenance" lattice, 8 steps
    assert first[10:] == (1, 5, 105, 6, 21, 18)  # the survey and the cohorts are there
    result = runner.invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    assert _counts(db) == first


def test_if_empty_skips_a_database_with_data(runner, factory, db):
    factory.user()
    result = runner.invoke(args=["demo", "load", "--if-empty"])
    assert result.exit_code == 0
    assert "skipped" in result.output
    assert db.session.scalar(db.select(db.func.count(Partnership.id))) == 0


def _check_partnership_is_believable(db, partnership):
    kinds = [o.kind for o in partnership.organizations]
    assert kinds.count(OrganizationKind.EMPLOYER) >= 5
    assert kinds.count(OrganizationKind.COLLEGE) >= 2
    assert OrganizationKind.LABOR in kinds and OrganizationKind.WORKFORCE_BOARD in kinds
    roles = {
        m.user.email: m.role
        for m in db.session.scalars(
            db.select(Membership).where(Membership.partnership_id == partnership.id)
        )
    }
    assert roles["convener@example.com"] == Role.CONVENER
    assert roles["faculty@example.com"] == Role.FACULTY
    assert roles["viewer@example.com"] == Role.VIEWER
    panel_orgs = set()
    for email in ("panelist@example.com", "panelist2@example.com", "panelist3@example.com"):
        assert roles[email] == Role.PANELIST
        user = db.session.scalar(db.select(User).where(User.email == email))
        assert user.organization.kind == OrganizationKind.EMPLOYER
        panel_orgs.add(user.organization_id)
    assert len(panel_orgs) == 3  # three different employers
    faculty = db.session.scalar(db.select(User).where(User.email == "faculty@example.com"))
    assert faculty.organization.kind == OrganizationKind.COLLEGE
    admin = db.session.scalar(db.select(User).where(User.email == "admin@example.com"))
    assert admin.is_site_admin


def _check_every_account_signs_in_and_sees_the_partnership(app, partnership):
    for email in (
        "convener@example.com",
        "panelist@example.com",
        "panelist2@example.com",
        "panelist3@example.com",
        "faculty@example.com",
        "viewer@example.com",
        "admin@example.com",
    ):
        client = app.test_client()
        assert login(client, email, "demo-password").status_code == 302, email
        page = client.get(f"/partnerships/{partnership.id}")
        assert "Kestrel Precision Machining" in page.text
        members = client.get(f"/partnerships/{partnership.id}/members")
        assert members.status_code == 200 and "Dana Whitfield" in members.text, email


def _check_outcomes_and_electives(db):
    """The demo aligns outcomes (with their assessment methods), not just whole courses, and
    has an either/or elective."""
    outcomes = list(db.session.scalars(db.select(CourseOutcome)))
    assert len(outcomes) >= 50 and all(o.assessment for o in outcomes)
    alignments = list(db.session.scalars(db.select(Alignment)))
    by_outcome = sum(1 for a in alignments if a.outcome_id is not None)
    assert 0.8 * len(alignments) <= by_outcome < len(alignments)  # some stay course-level
    (group,) = db.session.scalars(db.select(ElectiveGroup))
    assert group.program.name == "Mechatronics Engineering Technology"
    assert group.label == "Choose 1 of ROB 220, MFG 215"
