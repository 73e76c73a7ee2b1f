"""API endpoints: a framework's needs surveys (list, open), a survey with what the caller may
see of it, the caller's firm's answers (PUT replaces them) and closing a survey."""

from __future__ import annotations

from flask import url_for
from flask_login import current_user
from pydantic import MISSING

from curriculum import access
from curriculum.access_needs import MIN_RESPONDENTS
from curriculum.api import inputs
from curriculum.api.schemas.surveys import (
    Answers,
    AnswersInput,
    Result,
    Survey,
    SurveyDetail,
    SurveyInput,
    SurveyList,
)
from curriculum.api.views import bp
from curriculum.extensions import db
from curriculum.needs import queries, results
from curriculum.needs import services as needs
from curriculum.needs.models import NeedsSurvey
from curriculum.standards import tree


def _user():
    return current_user._get_current_object()


def _survey(survey_id: int, action: str = "view") -> NeedsSurvey:
    survey = queries.get_survey(survey_id)
    access.require(current_user, action, survey)
    return survey


@bp.get("/frameworks/<int:framework_id>/surveys")
def framework_surveys(framework_id: int):
    """The framework's needs surveys (members of its partnership)."""
    framework = tree.get_framework(framework_id)
    access.require(current_user, "view_members", framework.partnership)
    return SurveyList(surveys=[Survey.of(s) for s in queries.surveys_of(framework)]).send()


@bp.post("/frameworks/<int:framework_id>/surveys")
def open_survey(framework_id: int):
    """Open a needs survey of the framework or one of its releases (conveners)."""
    framework = tree.get_framework(framework_id)
    access.require(current_user, "manage_surveys", framework.partnership)
    data = inputs.parse(SurveyInput)
    survey = needs.open_survey(
        framework,
        _user(),
        title=data.title,
        instructions=data.instructions or "",
        release_id=data.release_id,
        closes_on=data.closes_on,
    )
    db.session.commit()
    location = url_for(".survey", survey_id=survey.id)
    return _detail(queries.get_survey(survey.id)), 201, {"Location": location}


def _detail(survey: NeedsSurvey):
    seen = results.visible(current_user, survey)
    org_id = current_user.organization_id if current_user.is_authenticated else None
    mine = queries.response_of(survey, org_id)
    extra: dict = {}
    if seen is None:
        note = (
            f"The results are shown once at least {MIN_RESPONDENTS} firms have answered "
            f"({len(survey.responses)} so far)."
        )
        withheld = 0
    else:
        found, withheld = seen
        extra["results"] = [Result.of(r) for r in found]
        note = "Every standard rated, highest priority first." + (
            f" {withheld} rated by fewer than {MIN_RESPONDENTS} firms are left out."
            if withheld
            else ""
        )
    if access.can(current_user, "view_answers", survey):
        extra["responses"] = [Answers.of(r) for r in queries.answers_of(survey)]
    else:
        extra["responses"] = MISSING  # not the survey's ORM responses (from_object would)
    return SurveyDetail.from_object(
        survey,
        respondents=len(survey.responses),
        results_note=note,
        withheld=withheld,
        mine=Answers.of(mine) if mine is not None else None,
        **extra,
    ).send()


@bp.get("/surveys/<int:survey_id>")
def survey(survey_id: int):
    """A survey with its results as the caller may see them (and, for conveners, every
    firm's answers)."""
    return _detail(_survey(survey_id))


@bp.put("/surveys/<int:survey_id>/responses/mine")
def answer_survey(survey_id: int):
    """Set the caller's firm's answers (employer members; replaces any given before); 409 once
    the survey is closed."""
    found = _survey(survey_id)
    data = inputs.parse(AnswersInput)
    response = needs.respond(
        found,
        _user(),
        [needs.RatingInput(r.standard_id, r.importance, r.difficulty) for r in data.ratings],
        [needs.HiresInput(h.step_id, h.hires) for h in data.hires or []],
    )
    created = response.submitted_at == response.updated_at
    db.session.commit()
    saved = queries.response_of(found, response.organization_id)
    assert saved is not None
    return Answers.of(saved).send(), 201 if created else 200


@bp.post("/surveys/<int:survey_id>/close")
def close_survey(survey_id: int):
    """Close the survey (conveners): it takes no more answers; 409 when it is closed already."""
    found = _survey(survey_id)
    needs.close_survey(found, _user())
    db.session.commit()
    return Survey.of(found).send()
