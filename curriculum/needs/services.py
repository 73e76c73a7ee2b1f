"""Training-needs surveys: opening one (a framework, or one release of it), answering it for an
employer organization (one response per firm, replaced on every submit while it is open) and
closing it. Services flush; the view commits. Who may do what is `access` (rules on
NeedsSurvey in access_needs.py); the results are needs/results.py.

A reference framework may be surveyed: a survey changes nothing in the framework (as with
comments, which stay open on reference frameworks), it is the partnership's own question to its
employers about the standards its colleges align to, and a reference framework's coverage page
shows the flags like any other. A release must be one of the framework's and not discarded:
its survey rates exactly the standards the release fixes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from curriculum import access
from curriculum.audit.services import record
from curriculum.auth.models import User
from curriculum.concurrency import lock
from curriculum.db import utcnow
from curriculum.errors import Conflict, DomainError
from curriculum.extensions import db
from curriculum.names import clean_name
from curriculum.needs.models import (
    NeedsSurvey,
    SurveyHires,
    SurveyRating,
    SurveyResponse,
    SurveyStatus,
)
from curriculum.needs.queries import rateable, response_of, steps_for
from curriculum.releases.models import Release, ReleaseStatus
from curriculum.standards.models import Framework

MAX_TITLE = 200
MAX_INSTRUCTIONS = 20000
MAX_HIRES = 100000  # expected hires of one firm for one step in a year: far above any real one
SCALE = range(1, 6)


class SurveyError(DomainError):
    """Bad input for a survey (400), naming the field; `item` is the standard or step it is
    about, for the form to show the message on its row."""

    def __init__(
        self,
        message: str,
        field: str | None = None,
        item: int | None = None,
        status: int | None = None,
    ):
        super().__init__(message, field=field, status=status)
        self.item = item


# --- Opening and closing ------------------------------------------------------------------------


def _clean(title: object, instructions: object) -> tuple[str, str]:
    title = clean_name(title)
    if not title:
        raise SurveyError(
            "Give the survey a title, such as “2027 hiring needs”.", field="title", status=400
        )
    if len(title) > MAX_TITLE:
        raise SurveyError(f"A title has at most {MAX_TITLE} characters.", field="title")
    text = instructions if isinstance(instructions, str) else ""
    text = text.replace("\r\n", "\n").strip()
    if len(text) > MAX_INSTRUCTIONS:
        raise SurveyError(
            f"Instructions have at most {MAX_INSTRUCTIONS} characters.", field="instructions"
        )
    return title, text


def _release(framework: Framework, release_id: int | None, actor: User) -> Release | None:
    if release_id is None:
        return None
    release = db.session.get(Release, release_id)
    if (
        release is None
        or release.framework_id != framework.id
        or not access.can(actor, "view", release)
    ):
        raise SurveyError(
            f"Choose a release of {framework.title}, or none to survey the framework.",
            field="release_id",
        )
    if release.status == ReleaseStatus.DISCARDED:
        raise SurveyError(
            f"{release.title} was discarded: choose another release.", field="release_id"
        )
    return release


def open_survey(
    framework: Framework,
    actor: User,
    *,
    title: object,
    instructions: object = "",
    release_id: int | None = None,
    closes_on: date | None = None,
) -> NeedsSurvey:
    """A new open survey of the framework (or one of its releases), by a convener."""
    access.require(actor, "manage_surveys", framework.partnership)
    title, instructions = _clean(title, instructions)
    release = _release(framework, release_id, actor)
    if closes_on is not None and closes_on < utcnow().date():
        raise SurveyError("The closing day cannot be in the past.", field="closes_on")
    survey = NeedsSurvey(
        framework_id=framework.id,
        release_id=release.id if release else None,
        title=title,
        instructions=instructions,
        closes_on=closes_on,
        created_by_id=actor.id,
    )
    db.session.add(survey)
    db.session.flush()
    record(
        "needs.survey_opened",
        obj=survey,
        partnership=framework.partnership,
        summary=f"Opened the needs survey “{title}” of {framework.title}"
        + (f" ({release.title})" if release else ""),
        actor=actor,
        framework_id=framework.id,
        release_id=survey.release_id,
    )
    return survey


def close_survey(survey: NeedsSurvey, actor: User) -> None:
    """Close an open survey (conveners): it takes no more answers; its results stand."""
    access.require(actor, "view", survey)
    if not access.can(actor, "manage_surveys", survey.framework.partnership):
        access.require(actor, "close", survey)
    lock(survey)  # closing and answers run one after the other
    if not survey.is_open:
        raise Conflict(f"“{survey.title}” is closed already.")
    survey.status = SurveyStatus.CLOSED
    survey.closed_at = utcnow()
    db.session.flush()
    record(
        "needs.survey_closed",
        obj=survey,
        partnership=survey.framework.partnership,
        summary=f"Closed the needs survey “{survey.title}” with {len(survey.responses)} responses",
        actor=actor,
    )


# --- Answering ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class RatingInput:
    """One standard's answer as sent: importance and difficulty 1-5, both or neither."""

    standard_id: object
    importance: object = None
    difficulty: object = None


@dataclass(frozen=True)
class HiresInput:
    step_id: object
    hires: object = None


def _score(value: object, field: str, code: str, what: str, sid: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value not in SCALE:
        raise SurveyError(f"{code}: {what} is rated from 1 to 5.", field=field, item=sid)
    return value


def _ratings(
    survey: NeedsSurvey, actor: User, sent: Sequence[RatingInput]
) -> list[tuple[int, int, int]]:
    # The standards the survey rates that the actor may read (a draft only for those who see
    # drafts, as on the form).
    known = {r.standard.id: r.standard for r in rateable(survey, actor) if r.version is not None}
    seen: set[int] = set()
    kept: list[tuple[int, int, int]] = []
    for i, rating in enumerate(sent):
        sid = rating.standard_id
        if isinstance(sid, bool) or not isinstance(sid, int) or sid not in known:
            raise SurveyError(
                f"Rate standards of {survey.framework.title}"
                + (" that the release fixes." if survey.release_id else "."),
                field=f"ratings[{i}].standard_id",
            )
        code = known[sid].code
        if sid in seen:
            raise SurveyError(
                f"{code} is rated twice.", field=f"ratings[{i}].standard_id", item=sid
            )
        seen.add(sid)
        if rating.importance is None and rating.difficulty is None:
            continue
        if rating.importance is None or rating.difficulty is None:
            missing = "importance" if rating.importance is None else "difficulty"
            raise SurveyError(
                f"{code}: rate both importance and hiring difficulty, or neither.",
                field=f"ratings[{i}].{missing}",
                item=sid,
            )
        kept.append(
            (
                sid,
                _score(rating.importance, f"ratings[{i}].importance", code, "importance", sid),
                _score(rating.difficulty, f"ratings[{i}].difficulty", code, "difficulty", sid),
            )
        )
    if not kept:
        raise SurveyError(
            "Rate at least one standard's importance and hiring difficulty.", field="ratings"
        )
    return kept


def _hires(survey: NeedsSurvey, actor: User, sent: Sequence[HiresInput]) -> list[tuple[int, int]]:
    steps = {s.id: s for s in steps_for(actor, survey.framework.partnership_id)}
    seen: set[int] = set()
    kept: list[tuple[int, int]] = []
    for i, item in enumerate(sent):
        sid = item.step_id
        if isinstance(sid, bool) or not isinstance(sid, int) or sid not in steps:
            raise SurveyError(
                "Give expected hires for steps of the partnership's career ladders.",
                field=f"hires[{i}].step_id",
            )
        if sid in seen:
            raise SurveyError(
                f"{steps[sid].title}: hires are given twice.", field=f"hires[{i}].step_id", item=sid
            )
        seen.add(sid)
        if item.hires is None:
            continue
        value = item.hires
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_HIRES:
            raise SurveyError(
                f"{steps[sid].title}: expected hires are a whole number from 0 to {MAX_HIRES:,}.",
                field=f"hires[{i}].hires",
                item=sid,
            )
        if value:
            kept.append((sid, value))
    return kept


def _day(moment: datetime) -> str:
    return f"{moment:%B} {moment.day}, {moment.year}"


def respond(
    survey: NeedsSurvey,
    actor: User,
    ratings: Sequence[RatingInput],
    hires: Sequence[HiresInput] = (),
) -> SurveyResponse:
    """The actor's organization's answers: created, or replaced whole, while the survey is open
    (a closed survey is a Conflict saying so). Nothing is saved when anything is refused."""
    access.require(actor, "view", survey)
    if survey.is_open:
        access.require(actor, "respond", survey)
    lock(survey)  # answers and closing run one after the other
    if not survey.is_open:
        raise Conflict(
            f"“{survey.title}” closed on {_day(survey.closed_at)}: it takes no more answers."
            if survey.closed_at
            else f"“{survey.title}” is closed: it takes no more answers."
        )
    kept_ratings = _ratings(survey, actor, ratings)
    kept_hires = _hires(survey, actor, hires)
    org = actor.organization
    assert org is not None  # the "respond" rule asks for an employer organization
    response = response_of(survey, org.id)
    replaced = response is not None
    if response is None:
        response = SurveyResponse(survey_id=survey.id, organization_id=org.id)
        db.session.add(response)
    else:
        response.ratings.clear()
        response.hires.clear()
        db.session.flush()  # the old rows go before the new ones take their unique keys
    response.submitted_by_id = actor.id
    response.updated_at = utcnow()
    if not replaced:
        response.submitted_at = response.updated_at
    response.ratings.extend(
        SurveyRating(standard_id=sid, importance=imp, difficulty=dif)
        for sid, imp, dif in kept_ratings
    )
    response.hires.extend(SurveyHires(step_id=sid, hires=n) for sid, n in kept_hires)
    db.session.flush()
    record(
        "needs.survey_answered",
        obj=survey,
        partnership=survey.framework.partnership,
        summary=f"{'Changed' if replaced else 'Gave'} {org.name}'s answers to “{survey.title}”",
        actor=actor,
        organization_id=org.id,
        ratings=len(kept_ratings),
        hires=sum(n for _s, n in kept_hires),
    )
    return response
