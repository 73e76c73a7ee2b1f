"""Who may see and answer training-needs surveys, and see and record cohort measures
(registered in the one rule table of curriculum/access.py, which imports this module; ask
`access`, never this module).

Surveys are the partnership's own business: its members see that a survey exists (visitors are
asked to sign in, outsiders get 404). Each employer organization taking part answers once,
through any of its members, while the survey is open. Who answered what is seen only by the
conveners (and site administrators); every other member sees the aggregates, and only once at
least MIN_RESPONDENTS firms have answered. Cohort measures (counts per program and term of
entry) are seen by the partnership's members and recorded by the program's college (whoever
may edit the program), the partnership's conveners and members from its workforce boards.
"""

from __future__ import annotations

from curriculum.access import _insider, can, is_admin, partnerships_of, role_in, rule, signed_in
from curriculum.courses.models import Program
from curriculum.measures.models import Cohort
from curriculum.needs.models import NeedsSurvey
from curriculum.organizations.models import OrganizationKind

MIN_RESPONDENTS = 3


def _member(user, partnership_id: int) -> bool:
    return is_admin(user) or role_in(user, partnership_id) is not None


def _survey_known(user, survey: NeedsSurvey) -> bool:
    return _insider(user, survey.framework.partnership)


@rule(NeedsSurvey, "view", known=_survey_known)
def _view_survey(user, survey: NeedsSurvey) -> bool:
    return _member(user, survey.framework.partnership_id)


def _employer_of(user, survey: NeedsSurvey) -> bool:
    org = getattr(user, "organization", None) if signed_in(user) else None
    return (
        org is not None
        and org.kind == OrganizationKind.EMPLOYER
        and survey.framework.partnership_id in partnerships_of(org)
        and role_in(user, survey.framework.partnership_id) is not None
    )


@rule(
    NeedsSurvey,
    "respond",
    known=_survey_known,
    message=lambda s: (
        "The survey is closed."
        if not s.is_open
        else "Only members from the partnership's employers answer the survey."
    ),
)
def _respond(user, survey: NeedsSurvey) -> bool:
    return survey.is_open and _employer_of(user, survey)


@rule(
    NeedsSurvey,
    "close",
    known=_survey_known,
    message=lambda s: (
        "The survey is closed already."
        if not s.is_open
        else "Only the partnership's conveners close surveys."
    ),
)
def _close(user, survey: NeedsSurvey) -> bool:
    return survey.is_open and can(user, "manage_surveys", survey.framework.partnership)


@rule(
    NeedsSurvey,
    "view_answers",
    known=_survey_known,
    message="Only the partnership's conveners see which firm answered what.",
)
def _view_answers(user, survey: NeedsSurvey) -> bool:
    return can(user, "manage_surveys", survey.framework.partnership)


@rule(
    NeedsSurvey,
    "view_results",
    known=_survey_known,
    message=f"The results are shown once at least {MIN_RESPONDENTS} firms have answered.",
)
def results_visible(user, survey: NeedsSurvey) -> bool:
    """The aggregates: conveners always; other members once MIN_RESPONDENTS firms answered."""
    if not _view_survey(user, survey):
        return False
    return _view_answers(user, survey) or len(survey.responses) >= MIN_RESPONDENTS


def _program_known(user, program: Program) -> bool:
    return _insider(user, program.partnership)


@rule(Program, "view_measures", known=_program_known)
def _view_measures(user, program: Program) -> bool:
    return _member(user, program.partnership_id)


@rule(
    Program,
    "record_measures",
    known=_program_known,
    message="Only the program's college, the partnership's conveners and its workforce "
    "boards record cohort figures.",
)
def _record_measures(user, program: Program) -> bool:
    if not signed_in(user):
        return False
    if can(user, "edit", program) or can(user, "manage_members", program.partnership):
        return True
    org = user.organization
    return (
        org is not None
        and org.kind == OrganizationKind.WORKFORCE_BOARD
        and program.partnership_id in partnerships_of(org)
        and role_in(user, program.partnership_id) is not None
    )


@rule(Cohort, "view", known=lambda user, c: _program_known(user, c.program))
def _view_cohort(user, cohort: Cohort) -> bool:
    return _view_measures(user, cohort.program)


@rule(
    Cohort,
    "edit",
    known=lambda user, c: _program_known(user, c.program),
    message="Only the program's college, the partnership's conveners and its workforce "
    "boards record cohort figures.",
)
def _edit_cohort(user, cohort: Cohort) -> bool:
    return _record_measures(user, cohort.program)
