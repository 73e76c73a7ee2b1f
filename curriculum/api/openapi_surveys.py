"""The needs survey endpoints' operations of the OpenAPI document (openapi_paths.paths() merges
them in). Their objects: schemas/surveys.py."""

from __future__ import annotations

from curriculum.api.openapi_parts import errors, operation, path_params, response
from curriculum.api.schemas.general import Error
from curriculum.api.schemas.surveys import (
    Answers,
    AnswersInput,
    Survey,
    SurveyDetail,
    SurveyInput,
    SurveyList,
)


def paths() -> dict:
    survey = path_params("survey_id")
    return {
        "/frameworks/{framework_id}/surveys": {
            "parameters": path_params("framework_id"),
            "get": operation(
                "framework_surveys",
                "The framework's training-needs surveys, open ones first (members of its "
                "partnership).",
                {"200": response(SurveyList, "Open ones first, newest first."), **errors(401, 404)},
            ),
            "post": operation(
                "open_survey",
                "Open a needs survey of the framework, or of one of its releases (then the firms "
                "rate the standards it fixes) (conveners).",
                {"201": response(SurveyDetail, "Opened."), **errors(400, 401, 403, 404)},
                body=SurveyInput,
                write=True,
            ),
        },
        "/surveys/{survey_id}": {
            "parameters": survey,
            "get": operation(
                "survey",
                "A survey with its results as the caller may see them: conveners always, "
                "other members once 3 firms have answered (no `results` before; `results_note` "
                "says why), never another firm's answers; conveners also get every firm's "
                "answers (`responses`).",
                {"200": response(SurveyDetail, "The survey."), **errors(401, 404)},
            ),
        },
        "/surveys/{survey_id}/responses/mine": {
            "parameters": survey,
            "put": operation(
                "answer_survey",
                "Set your firm's answers, replacing any it gave before (members from the "
                "partnership's employers, while the survey is open).",
                {
                    "200": response(Answers, "Replaced."),
                    "201": response(Answers, "The firm's first answers."),
                    **errors(400, 401, 403, 404),
                    "409": response(Error, "The survey is closed: it takes no more answers."),
                },
                body=AnswersInput,
                write=True,
            ),
        },
        "/surveys/{survey_id}/close": {
            "parameters": survey,
            "post": operation(
                "close_survey",
                "Close the survey: it takes no more answers and its results stand (conveners).",
                {
                    "200": response(Survey, "Closed."),
                    **errors(400, 401, 403, 404),
                    "409": response(Error, "It is closed already."),
                },
                write=True,
            ),
        },
    }
