"""Training-needs surveys: a survey, its results as the caller may see them, a firm's answers,
and the bodies that open a survey and answer it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated

from pydantic import MISSING, Field

from curriculum.api.schemas.base import Id, Input, Integer, Response, Str, Time
from curriculum.needs.models import SurveyStatus

if TYPE_CHECKING:
    from curriculum.needs import models
    from curriculum.needs.results import StandardResult

Figure = Annotated[float, Field(description="One decimal.")]


def _figure(value: Decimal) -> float:
    return float(value)


class Survey(Response):
    """A convener's survey of the partnership's employers about a framework (or a release)."""

    id: int
    framework_id: int
    release_id: int | None = Field(description="The release whose standards are rated, if any.")
    title: str
    instructions: str = Field(description="Markdown.")
    status: SurveyStatus = Field(description="open: firms answer; closed: the results stand.")
    closes_on: date | None = Field(description="The day it is meant to close (YYYY-MM-DD).")
    opened_at: Time
    closed_at: Time | None
    respondents: int = Field(description="How many firms have answered.")

    @classmethod
    def of(cls, survey: models.NeedsSurvey) -> Survey:
        return cls.from_object(survey, respondents=len(survey.responses))


class SurveyList(Response):
    """A framework's surveys, open ones first, newest first."""

    surveys: list[Survey]


class Result(Response):
    """One standard's result across the firms that rated it."""

    standard_id: int
    code: str
    priority: Figure = Field(
        description="Mean of importance × difficulty (1-25), weighted by each firm's expected "
        "hires (a firm that gave none weighs 1)."
    )
    importance: Figure = Field(description="Mean importance (1-5).")
    difficulty: Figure = Field(description="Mean hiring difficulty (1-5).")
    agree: int = Field(description="Firms rating it important (4 or 5).")
    spread: Figure = Field(description="Standard deviation of the firms' scores.")
    respondents: int = Field(description="Firms that rated it.")
    high: bool = Field(description="A high-priority need (priority 15 or more).")

    @classmethod
    def of(cls, result: StandardResult) -> Result:
        return cls(
            standard_id=result.standard.id,
            code=result.standard.code,
            priority=_figure(result.priority),
            importance=_figure(result.importance),
            difficulty=_figure(result.difficulty),
            agree=result.agree,
            spread=_figure(result.spread),
            respondents=result.respondents,
            high=result.high,
        )


class Rating(Response):
    standard_id: int
    importance: int
    difficulty: int


class Hires(Response):
    step_id: int
    hires: int


class Answers(Response):
    """One firm's answers (seen by that firm's members and the partnership's conveners)."""

    organization_id: int
    organization: str = Field(description="The firm's name.")
    submitted_by: str | None = Field(description="Who sent the answers last.")
    submitted_at: Time = Field(description="When the firm first answered.")
    updated_at: Time = Field(description="When the answers were last sent.")
    ratings: list[Rating]
    hires: list[Hires] = Field(description="Expected hires in the next 12 months per step.")

    @classmethod
    def of(cls, response: models.SurveyResponse) -> Answers:
        return cls(
            organization_id=response.organization_id,
            organization=response.organization.name,
            submitted_by=response.submitted_by.display_name if response.submitted_by else None,
            submitted_at=response.submitted_at,
            updated_at=response.updated_at,
            ratings=[Rating.from_object(r) for r in response.ratings],
            hires=[Hires.from_object(h) for h in response.hires],
        )


class SurveyDetail(Survey):
    """A survey with what the caller may see of it."""

    results: list[Result] | MISSING = Field(
        MISSING,
        description="Every standard rated, highest priority first: for conveners always, for "
        "other members once 3 firms have answered, and then only standards rated by at least "
        "3 firms. Absent when the caller may not see results yet (`results_note` says why).",
    )
    results_note: str = Field(description="What the results show, or why there are none.")
    withheld: int = Field(
        description="Standards rated by fewer than 3 firms, left out of `results` for "
        "everyone but the conveners (their figures would be single firms' answers)."
    )
    mine: Answers | None = Field(description="The caller's firm's answers, if it answered.")
    responses: list[Answers] | MISSING = Field(
        MISSING, description="Every firm's answers: conveners only."
    )


class SurveyInput(Input):
    title: Annotated[Str, Field(max_length=200)] = Field(description='Such as "2027 needs".')
    instructions: Annotated[Str, Field(max_length=20000)] | None = Field(
        None, description="What the firms are asked (Markdown)."
    )
    release_id: Id | None = Field(
        None, description="A release of the framework (not discarded) to survey instead."
    )
    closes_on: date | None = Field(None, description="The day it is meant to close (YYYY-MM-DD).")


class RatingInput(Input):
    standard_id: Id = Field(description="A standard of the survey's framework (or release).")
    importance: Annotated[Integer, Field(ge=1, le=5)] | None = Field(
        None, description="1-5; give both importance and difficulty, or neither."
    )
    difficulty: Annotated[Integer, Field(ge=1, le=5)] | None = Field(
        None, description="How hard it is to hire for, 1-5."
    )


class HiresInput(Input):
    step_id: Id = Field(description="A step of a career ladder of the partnership.")
    hires: Annotated[Integer, Field(ge=0, le=100000)] = Field(
        description="Expected hires in the next 12 months."
    )


class AnswersInput(Input):
    ratings: Annotated[list[RatingInput], Field(max_length=10000)] = Field(
        description="The firm's ratings: at least one standard rated; they replace any given "
        "before."
    )
    hires: Annotated[list[HiresInput], Field(max_length=10000)] | None = Field(
        None, description="Expected hires per ladder step (replacing any given before)."
    )
