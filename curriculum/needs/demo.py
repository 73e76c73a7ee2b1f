"""The demo's training-needs survey: the "2026 employer survey" of the Production Technician
framework, closed, answered by the partnership's five employers.

Each firm rates every published key activity (importance and hiring difficulty, 1 to 5); the
ratings put a few standards high (setting up equipment, lockout/tagout, gauge calibration,
troubleshooting) with some disagreement between firms (calibration matters most to the
aerospace shop). Each firm states its expected hires per step of the demo's career ladder
(loaded before the survey), which weigh its ratings. The rows are written directly with the
models (the survey pages have their own services); the content is data, in
curriculum/data/demo/needs.json. Idempotent: once the survey exists, `load()` adds nothing.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

from curriculum.auth.models import User, find_by_email
from curriculum.db import utcnow
from curriculum.extensions import db
from curriculum.ladders.models import Ladder, LadderStep
from curriculum.needs.models import (
    NeedsSurvey,
    SurveyHires,
    SurveyRating,
    SurveyResponse,
    SurveyStatus,
)
from curriculum.organizations.models import Organization
from curriculum.partnerships.models import Partnership
from curriculum.standards.models import Framework, Standard

DATA = Path(__file__).resolve().parent.parent / "data" / "demo" / "needs.json"


def data() -> dict:
    return json.loads(DATA.read_text(encoding="utf-8"))


def load(partnership: Partnership, now: datetime | None = None) -> NeedsSurvey | None:
    """Create the closed demo survey with its five responses (None without the framework)."""
    content = data()
    framework = db.session.scalar(
        db.select(Framework).where(
            Framework.partnership_id == partnership.id, Framework.title == content["framework"]
        )
    )
    if framework is None:
        return None
    survey = db.session.scalar(
        db.select(NeedsSurvey).where(
            NeedsSurvey.framework_id == framework.id, NeedsSurvey.title == content["title"]
        )
    )
    if survey is not None:
        return survey
    now = now or utcnow()
    opened = now - timedelta(days=content["opened_days_ago"])
    closed = now - timedelta(days=content["closed_days_ago"])
    survey = NeedsSurvey(
        framework=framework,
        title=content["title"],
        instructions=content["instructions"],
        status=SurveyStatus.CLOSED,
        closes_on=(closed - timedelta(days=2)).date(),
        opened_at=opened,
        closed_at=closed,
        created_by=find_by_email(content["convener"]),
    )
    db.session.add(survey)
    standards = {
        s.code: s
        for s in db.session.scalars(
            db.select(Standard).where(
                Standard.framework_id == framework.id,
                Standard.retired_at.is_(None),
                Standard.published_version_id.is_not(None),
            )
        )
    }
    steps = {
        s.title: s
        for s in db.session.scalars(
            db.select(LadderStep)
            .join(Ladder, Ladder.id == LadderStep.ladder_id)
            .where(Ladder.partnership_id == partnership.id)
        )
    }
    firms = {
        o.name: o
        for o in db.session.scalars(
            db.select(Organization).where(Organization.name.in_(content["firms"]))
        )
    }
    for i, name in enumerate(content["firms"]):
        org = firms.get(name)
        if org is None:
            continue
        by: User | None = None
        if name in content["answered_by"]:
            by = find_by_email(content["answered_by"][name])
        when = opened + timedelta(days=5 + 7 * i)
        response = SurveyResponse(
            survey=survey,
            organization=org,
            submitted_by=by,
            submitted_at=when,
            updated_at=when + timedelta(days=3),
        )
        db.session.add(response)
        for code, answers in content["ratings"].items():
            standard = standards.get(code)
            if standard is None:
                continue  # not published (or not in this framework): firms rate what they see
            importance, difficulty = answers[i]
            response.ratings.append(
                SurveyRating(standard=standard, importance=importance, difficulty=difficulty)
            )
        for title, hires in content.get("hires", {}).get(name, {}).items():
            if title in steps:
                response.hires.append(SurveyHires(step=steps[title], hires=hires))
    db.session.flush()
    return survey
