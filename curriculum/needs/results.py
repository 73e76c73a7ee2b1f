"""A survey's results: the one rule for a standard's priority across firms, asked by the survey
pages, the coverage page's flags, the colleges' list, the CSV, the framework PDF, the dashboard
and the API.

For each standard rated: every firm's score is importance × hiring difficulty (1 to 25); the
**priority** is their mean weighted by each firm's expected hires in the next 12 months over
all ladder steps (a firm that gave none weighs 1), rounded to one decimal. **Agree** counts the
firms that rated the standard important (4 or 5); the **spread** is the standard deviation of
the firms' scores (how far they disagree). A standard is a **high-priority need** when its
priority is at least HIGH_PRIORITY. Who may see the results at all is the access rule
`view_results` (conveners always; other members once enough firms answered).
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy.orm import joinedload, selectinload

from curriculum.extensions import db
from curriculum.needs.models import NeedsSurvey, SurveyRating, SurveyResponse
from curriculum.standards.models import Standard

HIGH_PRIORITY = Decimal("15")  # e.g. importance 5 and hiring difficulty 3
AGREE_FROM = 4  # an importance of 4 or 5 counts as agreeing the standard matters


@dataclass
class StandardResult:
    """One standard's aggregate over the firms that rated it."""

    standard: Standard
    respondents: int
    importance: Decimal  # mean, one decimal
    difficulty: Decimal  # mean, one decimal
    priority: Decimal  # weighted mean of importance × difficulty, one decimal
    agree: int
    spread: Decimal  # standard deviation of the firms' scores, one decimal

    @property
    def high(self) -> bool:
        return self.priority >= HIGH_PRIORITY


def _one(value: float) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.1"))


def responses(survey: NeedsSurvey) -> list[SurveyResponse]:
    """The survey's responses with their ratings (and standards) and hires loaded."""
    return list(
        db.session.scalars(
            db.select(SurveyResponse)
            .where(SurveyResponse.survey_id == survey.id)
            .options(
                joinedload(SurveyResponse.organization),
                selectinload(SurveyResponse.ratings).joinedload(SurveyRating.standard),
                selectinload(SurveyResponse.hires),
            )
            .order_by(SurveyResponse.id)
        )
    )


def aggregate(survey: NeedsSurvey) -> list[StandardResult]:
    """Every rated standard's result, highest priority first (then code). Fixed queries."""
    rated: dict[int, list[tuple[SurveyRating, int]]] = {}
    standards: dict[int, Standard] = {}
    for response in responses(survey):
        weight = max(response.expected_hires, 1)
        for rating in response.ratings:
            rated.setdefault(rating.standard_id, []).append((rating, weight))
            standards[rating.standard_id] = rating.standard
    results = []
    for sid, rows in rated.items():
        scores = [r.importance * r.difficulty for r, _w in rows]
        weights = [w for _r, w in rows]
        priority = sum(s * w for s, w in zip(scores, weights, strict=True)) / sum(weights)
        results.append(
            StandardResult(
                standard=standards[sid],
                respondents=len(rows),
                importance=_one(statistics.fmean(r.importance for r, _w in rows)),
                difficulty=_one(statistics.fmean(r.difficulty for r, _w in rows)),
                priority=_one(priority),
                agree=sum(1 for r, _w in rows if r.importance >= AGREE_FROM),
                spread=_one(statistics.pstdev(scores)) if len(scores) > 1 else Decimal("0.0"),
            )
        )
    results.sort(key=lambda r: (-r.priority, r.standard.code))
    return results


def high_priority(survey: NeedsSurvey) -> list[StandardResult]:
    """The high-priority needs of a survey, highest first."""
    return [r for r in aggregate(survey) if r.high]
