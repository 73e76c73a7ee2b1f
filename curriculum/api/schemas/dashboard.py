"""The API's object of a partnership's dashboard (dashboard/services.py): its figures, with
every cohort count through measures/privacy (null and named in `suppressed` when under 5)."""

from __future__ import annotations

from pydantic import Field

from curriculum.api.schemas.base import Credits, Response, Time
from curriculum.api.schemas.general import IdAndName, IdAndTitle
from curriculum.dashboard.services import CohortRow, Dashboard
from curriculum.measures import trends
from curriculum.measures.models import COUNT_FIELDS


class FirmsFigures(Response):
    employers: int = Field(description="Employers taking part in the partnership.")
    endorsing: int = Field(description="Organizations that endorsed a version or a release.")
    answering: int = Field(description="Employers that answered the latest needs survey.")
    by_kind: dict[str, int] = Field(description="Organizations taking part, by kind.")


class CoverageFigure(Response):
    program: IdAndName
    college: IdAndName
    framework: IdAndTitle
    covered_percent: int
    mastered_percent: int
    counted: int = Field(description="The standards the figures count (assessed leaves).")


class CohortFigures(Response):
    """A cohort's counts as they may be shown: a count from 1 to 4 is null and named in
    `suppressed`."""

    id: int
    term: str
    entry_year: int
    entry_season: str
    counts: dict[str, int | None]
    suppressed: list[str]
    completion_rate: Credits | None = Field(description="Completed / enrolled, in percent.")
    median_earnings_before: Credits | None
    median_earnings_after: Credits | None
    earnings_change: Credits | None

    @classmethod
    def of(cls, row: CohortRow) -> CohortFigures:
        cohort = row.cohort
        medians = row.medians
        return cls(
            id=cohort.id,
            term=cohort.term,
            entry_year=cohort.entry_year,
            entry_season=cohort.entry_season.value,
            counts={name: row.value(name) for name in COUNT_FIELDS},
            suppressed=trends.suppressed_fields(cohort),
            completion_rate=row.completion_rate,
            median_earnings_before=medians.before,
            median_earnings_after=medians.after,
            earnings_change=row.earnings_change,
        )


class ProgramMeasures(Response):
    program: IdAndName
    cohorts: list[CohortFigures]


class SurveyFigure(Response):
    id: int
    title: str
    status: str
    respondents: int


class DashboardFigures(Response):
    """A partnership's dashboard: the same figures as its page and one-page summary."""

    partnership: IdAndName
    quarter_start: Time
    firms: FirmsFigures
    frameworks: int
    standards: int
    standards_by_status: dict[str, int]
    releases: dict[str, int]
    endorsements_this_quarter: int
    coverage: list[CoverageFigure]
    stale_alignments: int
    open_comments: int
    exports: int
    exports_this_quarter: int
    survey: SurveyFigure | None
    measures: list[ProgramMeasures]

    @classmethod
    def of(cls, board: Dashboard) -> DashboardFigures:
        return cls(
            partnership=IdAndName(id=board.partnership.id, name=board.partnership.name),
            quarter_start=board.quarter,
            firms=FirmsFigures(
                employers=board.firms.employers,
                endorsing=board.firms.endorsing,
                answering=board.firms.answering,
                by_kind={k.value: n for k, n in board.firms.by_kind.items()},
            ),
            frameworks=len(board.frameworks),
            standards=board.standards,
            standards_by_status={s.value: n for s, n in board.standards_by_status.items()},
            releases={s.value: n for s, n in board.releases.items()},
            endorsements_this_quarter=board.endorsements_this_quarter,
            coverage=[
                CoverageFigure(
                    program=IdAndName(id=c.program.id, name=c.program.name),
                    college=IdAndName(
                        id=c.program.organization.id, name=c.program.organization.name
                    ),
                    framework=IdAndTitle(id=c.framework.id, title=c.framework.title),
                    covered_percent=c.covered_percent,
                    mastered_percent=c.mastered_percent,
                    counted=c.total,
                )
                for c in board.coverage
            ],
            stale_alignments=board.stale_alignments,
            open_comments=board.open_comments,
            exports=board.exports,
            exports_this_quarter=board.exports_this_quarter,
            survey=SurveyFigure(
                id=board.survey.id,
                title=board.survey.title,
                status=board.survey.status.value,
                respondents=board.firms.answering,
            )
            if board.survey is not None
            else None,
            measures=[
                ProgramMeasures(
                    program=IdAndName(id=p.id, name=p.name),
                    cohorts=[CohortFigures.of(r) for r in board.cohorts[p.id]],
                )
                for p in board.programs
                if board.cohorts.get(p.id)
            ],
        )
