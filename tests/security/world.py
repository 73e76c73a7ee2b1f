"""A world with one real row of every kind and one user per role, for the security suite.

The routes under test get their URL parameters from these rows, so a request reaches a real
object and a refusal proves the check, not a missing row. `fresh_*` builders make a new target
for operations that use theirs up (removing, publishing, endorsing), so each role in the
authorization matrix acts on an object still in the right state.
"""

from __future__ import annotations

from curriculum.alignment.models import Alignment
from curriculum.auth.services import create_token
from curriculum.extensions import db
from curriculum.ladders import moves as ladder_moves
from curriculum.ladders import requirements as ladder_requirements
from curriculum.ladders import services as ladders
from curriculum.ladders import steps as ladder_steps
from curriculum.measures.models import Cohort, Season
from curriculum.needs.models import NeedsSurvey, SurveyRating, SurveyResponse, SurveyStatus
from curriculum.partnerships import invitations
from curriculum.partnerships import services as partnerships
from curriculum.standards import services as standards
from curriculum.testing.world import Builder, unique

# Who acts, in the authorization matrix's order. "faculty" teaches at the college that owns the
# course and program; "other_faculty" is faculty of the same partnership at another college;
# "outsider" convenes another partnership.
ROLES = ("anonymous", "viewer", "other_faculty", "panelist", "faculty", "convener", "outsider")


class World:
    """Partnership P (quorum 1) with two colleges, an employer, a framework with published and
    draft standards, a course in a program, alignments, a comment and an invitation; and a
    second partnership Q convened by the outsider. Built with the world builder."""

    def __init__(self, factory: Builder):
        self.factory = factory
        p = self.partnership = factory.partnership(name="Security Valley Partnership", quorum=1)
        self.college = factory.organization("Valley College", "college")
        self.other_college = factory.organization("Ridge College", "college")
        self.employer = factory.organization("Acme Tooling", "employer")
        self.users = {
            "convener": factory.member(p, "convener"),
            "panelist": factory.member(p, "panelist", organization=self.employer),
            "faculty": factory.member(p, "faculty", organization=self.college),
            "other_faculty": factory.member(p, "faculty", organization=self.other_college),
            "viewer": factory.member(p, "viewer", kind="workforce_board"),
        }
        self.other_partnership = factory.partnership(name="Other Coast Partnership")
        self.users["outsider"] = factory.member(self.other_partnership, "convener")
        self.target_member = factory.member(p, "viewer")
        self.membership = partnerships.membership_of(self.target_member, p)

        self.framework = factory.framework(p, description="The *framework*.")
        self.other_framework = factory.framework(self.other_partnership, "Other Coast Framework")
        author = self.users["panelist"]
        self.cwf = factory.standard(
            self.framework, None, "critical_work_function", "Maintain safety", author=author
        )
        self.cwf2 = factory.standard(
            self.framework, None, "critical_work_function", "Run production", author=author
        )
        # A.1: published v1, current v2 a draft.
        self.standard = factory.standard(
            self.framework, self.cwf, "key_activity", "Inspect guarding", "Check it.", author=author
        )
        self._publish(self.standard)
        standards.save_version(
            self.standard, 1, "Inspect all guarding", "Check every guard.", None, "", author
        )
        # A.2: two published versions, so an alignment pinned to v1 is stale.
        self.republished = factory.standard(
            self.framework, self.cwf, "key_activity", "Lock out", "Lock out power.", author=author
        )
        self._publish(self.republished)
        standards.save_version(
            self.republished, 1, "Lock out and tag out", "Lock and tag.", None, "", author
        )
        self._publish(self.republished)
        self.indicator = factory.standard(
            self.framework, self.standard, "performance_indicator", "Guards checked", author=author
        )
        self.comment = standards.add_comment(self.standard, author, "A *comment*.")

        self.course = factory.course(self.college, "MFG 110", "Safety", description="A course.")
        self.program = factory.program(self.college, p, [self.framework], description="A program.")
        self.entry = factory.entry(self.program, self.course, 1)
        self.alignment = factory.align(
            self.course, self.standard, "introduced", "Lab 1", by=self.users["faculty"]
        )
        self._ladders()
        self._needs_and_measures()
        self.invitation, self.invitation_token = invitations.create_invitation(
            p, "invited@example.org", "viewer", self.employer, self.users["convener"]
        )
        db.session.commit()
        self._tokens: dict[str, tuple] = {}

    def _publish(self, standard) -> None:
        self.factory.publish(
            standard, endorsers=[self.users["panelist"]], by=self.users["convener"]
        )

    def user(self, role: str):
        return self.users.get(role)

    def token(self, role: str) -> str | None:
        """The secret of a personal API token of the role's user (None for anonymous)."""
        if role not in self.users:
            return None
        if role not in self._tokens:
            self._tokens[role] = create_token(self.users[role], "security suite")
            db.session.commit()
        return self._tokens[role][1]

    @property
    def token_ids(self) -> dict[str, int]:
        """The ids of the tokens `token()` made, by role."""
        return {role: token.id for role, (token, _secret) in self._tokens.items()}

    def fresh_token(self, role: str) -> int:
        """The id of a new token of the role's user (to be revoked)."""
        token, _secret = create_token(self.users[role], unique("to revoke "))
        db.session.commit()
        return token.id

    # --- Fresh targets for operations that use theirs up --------------------------------------

    def fresh_standard(self, endorsed: bool = False):
        """A new draft key activity under A (version 1), endorsed by the panelist's firm if
        asked."""
        standard = self.factory.standard(
            self.framework, self.cwf, "key_activity", unique("Fresh activity ")
        )
        if endorsed:
            standards.endorse(standard, standard.current_version, self.users["panelist"])
        db.session.commit()
        return standard

    def fresh_course(self, in_program: bool = True):
        """A new course of the college, in P's program (so P's convener may change it)."""
        course = self.factory.course(self.college, unique("MFG 9"), "Fresh course", "1")
        if in_program:
            self.factory.entry(self.program, course, 3)
        return course

    def fresh_alignment(self, stale: bool = False) -> Alignment:
        """A new course's alignment to A.1, or a stale one (pinned to A.2's first version)."""
        course = self.fresh_course()
        if not stale:
            found = self.factory.align(
                course, self.standard, "reinforced", by=self.users["faculty"]
            )
        else:
            found = Alignment(
                course_id=course.id,
                standard_id=self.republished.id,
                version_id=standards.get_version(self.republished, 1).id,
                level="introduced",
                note="",
            )
            db.session.add(found)
        db.session.commit()
        return found

    def fresh_entry(self):
        return self.factory.entry(self.program, self.fresh_course(in_program=False), 2)

    def fresh_membership(self):
        user = self.factory.member(self.partnership, "viewer")
        return partnerships.membership_of(user, self.partnership)

    def fresh_partner(self):
        """An organization taking part in P through no member (so it can be removed)."""
        org = self.factory.organization(unique("Partner "), "agency")
        partnerships.add_organization(self.partnership, org)
        db.session.commit()
        return org

    def fresh_join_request(self):
        """Q's convener asks that P's employer (taking part in P) join Q: a pending request."""
        org = self.factory.organization(unique("Shared "), "employer")
        partnerships.add_organization(self.partnership, org)
        outcome = partnerships.add_organization(
            self.other_partnership, org, by=self.users["outsider"]
        )
        assert outcome == "pending"
        db.session.commit()
        return partnerships.pending_request(self.other_partnership, org)

    def fresh_invitation(self):
        """A pending invitation of P and its one-time token."""
        invitation, token = invitations.create_invitation(
            self.partnership, f"{unique('guest')}@example.org", "viewer", self.employer, None
        )
        db.session.commit()
        return invitation, token

    def fresh_comment(self):
        found = standards.add_comment(self.standard, self.users["panelist"], "Open question")
        db.session.commit()
        return found

    def fresh_siblings(self):
        """Two new key activities under A; returns the second (it can move up)."""
        self.fresh_standard()
        return self.fresh_standard()

    # --- Career ladders -------------------------------------------------------------------------

    def _ladders(self) -> None:
        """A published ladder of P (two steps, an up move, a requirement of A.1) and a draft
        one (a step), the employer hiring for the first step."""
        self.ladder = ladders.create_ladder(
            self.partnership, title="Security ladder", status="published"
        )
        self.step = ladder_steps.add_step(
            self.ladder,
            ladder_steps.StepData(
                title="Operator", level="entry", wage_median="18", employers=[(self.employer.id, 2)]
            ),
        )
        self.upper_step = ladder_steps.add_step(
            self.ladder, ladder_steps.StepData(title="Technician", level="advanced")
        )
        self.move = ladder_moves.add_move(
            self.ladder, {"from_step_id": self.step.id, "to_step_id": self.upper_step.id}
        )
        self.requirement = ladder_requirements.require_standard(
            self.upper_step, self.standard.id, "intermediate"
        )
        self.draft_ladder = ladders.create_ladder(self.partnership, title="Security draft ladder")
        self.draft_step = ladder_steps.add_step(
            self.draft_ladder, ladder_steps.StepData(title="Draft step", level="entry")
        )

    def fresh_ladder(self, status: str = "published"):
        found = ladders.create_ladder(self.partnership, title=unique("Ladder "), status=status)
        db.session.commit()
        return found

    def fresh_step(self, ladder=None):
        """A new entry-level step of the published ladder (or `ladder`)."""
        found = ladder_steps.add_step(
            ladder or self.ladder, ladder_steps.StepData(title=unique("Step "), level="entry")
        )
        db.session.commit()
        return found

    def fresh_move(self):
        """A new up move from a new step to the technician step."""
        origin = self.fresh_step()
        found = ladder_moves.add_move(
            self.ladder, {"from_step_id": origin.id, "to_step_id": self.upper_step.id}
        )
        db.session.commit()
        return found

    def fresh_requirement(self):
        """A new step's requirement of A.1 at baseline."""
        found = ladder_requirements.require_standard(
            self.fresh_step(), self.standard.id, "baseline"
        )
        db.session.commit()
        return found

    # --- Needs surveys and cohort measures ------------------------------------------------------

    def _needs_and_measures(self) -> None:
        """An open survey of the framework answered by the employer (A.1 rated), a closed one,
        and a cohort of the program (Fall 2024)."""
        self.survey = self.fresh_survey()
        response = SurveyResponse(
            survey_id=self.survey.id,
            organization_id=self.employer.id,
            submitted_by_id=self.users["panelist"].id,
        )
        db.session.add(response)
        response.ratings.append(
            SurveyRating(standard_id=self.standard.id, importance=5, difficulty=4)
        )
        self.closed_survey = self.fresh_survey(status=SurveyStatus.CLOSED)
        self.cohort = self.fresh_cohort(2024)
        db.session.flush()

    def fresh_survey(self, status: SurveyStatus = SurveyStatus.OPEN) -> NeedsSurvey:
        found = NeedsSurvey(framework_id=self.framework.id, title=unique("Survey "), status=status)
        db.session.add(found)
        db.session.commit()
        return found

    def fresh_cohort(self, year: int | None = None) -> Cohort:
        """A cohort of the program in a year no other cohort of it uses."""
        self._cohort_year = getattr(self, "_cohort_year", 2000) + 1
        found = Cohort(
            program_id=self.program.id,
            entry_year=year or self._cohort_year,
            entry_season=Season.FALL,
            enrolled=24,
            completed=18,
        )
        db.session.add(found)
        db.session.commit()
        return found
