"""High-priority needs the programs do not cover: the one function that puts a survey's
high-priority standards (`needs.results.high_priority`) next to a program's coverage
(`alignment.coverage`, its default scope: the required courses, and its default way of counting).

A leaf is covered when a course in scope is aligned to it; a critical work function or key
activity counts as covered as its roll-up says (`alignment.counting`: every leaf under it
covered), so one only partly covered is still a need, said "Partly covered". A standard the
coverage does not show (retired, or never published) is left out: nobody can align to it yet.
Who may see the result is the survey's `view_results` rule: callers ask access first.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import joinedload, selectinload

from curriculum.alignment import coverage as coverage_model
from curriculum.alignment.counting import Rollup
from curriculum.alignment.coverage import Coverage, CoverageRow
from curriculum.courses.models import Program, ProgramCourse, ProgramFramework
from curriculum.extensions import db
from curriculum.needs.models import NeedsSurvey, SurveyStatus
from curriculum.needs.results import StandardResult, high_priority
from curriculum.standards.models import Framework, Standard


@dataclass(frozen=True)
class UncoveredNeed:
    """A high-priority standard of the survey that the program's coverage does not cover."""

    result: StandardResult
    row: CoverageRow

    @property
    def standard(self) -> Standard:
        return self.result.standard

    @property
    def status(self) -> str:
        """'Not covered' or, for a work function some of whose leaves are, 'Partly covered'."""
        return Rollup.PARTLY.label if self.row.rollup == Rollup.PARTLY else "Not covered"


@dataclass(frozen=True)
class ProgramNeeds:
    """One program's uncovered high-priority needs (highest priority first)."""

    program: Program
    coverage: Coverage
    needs: list[UncoveredNeed]


def latest_closed(framework: Framework) -> NeedsSurvey | None:
    """The framework's most recently closed survey, or None."""
    return db.session.scalar(
        db.select(NeedsSurvey)
        .where(
            NeedsSurvey.framework_id == framework.id,
            NeedsSurvey.status == SurveyStatus.CLOSED,
        )
        .order_by(NeedsSurvey.closed_at.desc().nulls_last(), NeedsSurvey.id.desc())
        .limit(1)
    )


def is_covered(row: CoverageRow) -> bool:
    """Covered as the coverage model says: a leaf by a course in scope, a work function or key
    activity by its roll-up."""
    if row.rollup is not None:
        return row.rollup == Rollup.COVERED
    return bool(row.cells)


def uncovered(
    program: Program,
    survey: NeedsSurvey,
    *,
    results: list[StandardResult] | None = None,
) -> ProgramNeeds:
    """The survey's high-priority standards that `program` does not cover (coverage of the
    survey's framework, default scope). `results`: the survey's high-priority results, when
    the caller has them already (several programs, one survey)."""
    framework = survey.framework
    cov = coverage_model.coverage(program, framework)
    rows = {r.standard.id: r for r in cov.rows if r.counted}
    found = []
    for result in high_priority(survey) if results is None else results:
        row = rows.get(result.standard.id)
        if row is not None and not is_covered(row):
            found.append(UncoveredNeed(result, row))
    return ProgramNeeds(program, cov, found)


def programs_using(framework: Framework, first_college: int | None = None) -> list[Program]:
    """The programs that use the framework: those of `first_college` (the reader's college)
    first, then by college, name and catalog year."""
    programs = list(
        db.session.scalars(
            db.select(Program)
            .join(ProgramFramework, ProgramFramework.program_id == Program.id)
            .where(ProgramFramework.framework_id == framework.id)
            .options(
                joinedload(Program.organization),
                joinedload(Program.partnership),
                selectinload(Program.frameworks),
                selectinload(Program.courses).joinedload(ProgramCourse.course),
            )
        ).unique()
    )
    programs.sort(
        key=lambda p: (
            p.organization_id != first_college,
            p.organization.name,
            p.name,
            p.catalog_year,
        )
    )
    return programs


def for_framework(
    framework: Framework, survey: NeedsSurvey, first_college: int | None = None
) -> list[ProgramNeeds]:
    """Every program using the framework with its uncovered high-priority needs (the reader's
    college's programs first)."""
    results = high_priority(survey)
    return [
        uncovered(program, survey, results=results)
        for program in programs_using(framework, first_college)
    ]


@dataclass(frozen=True)
class Flags:
    """What the coverage page flags: the survey and its uncovered needs by standard id."""

    survey: NeedsSurvey
    needs: dict[int, UncoveredNeed]

    @property
    def line(self) -> str:
        """'3 high-priority needs from the 2026 employer survey are not covered'."""
        n = len(self.needs)
        what = "need" if n == 1 else "needs"
        verb = "is" if n == 1 else "are"
        return f"{n} high-priority {what} from the {self.survey.title} {verb} not covered"

    def text(self, standard_id: int) -> str:
        """'High-priority need (priority 20.0), not covered' for a flagged standard, else ''."""
        need = self.needs.get(standard_id)
        if need is None:
            return ""
        return f"High-priority need (priority {need.result.priority}), {need.status.lower()}"


def flags(program: Program, framework: Framework, reader) -> Flags | None:
    """The coverage page's flags for this reader: the latest closed survey of the framework's
    uncovered high-priority needs, or None when there is no such survey or the reader may not
    see its results (`view_results`)."""
    from curriculum import access

    survey = latest_closed(framework)
    if survey is None or not access.can(reader, "view_results", survey):
        return None
    found = uncovered(program, survey)
    return Flags(survey, {n.standard.id: n for n in found.needs})
