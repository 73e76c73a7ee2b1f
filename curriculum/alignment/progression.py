"""The I→R→M progression check: for each assessed standard of a program's framework, the terms
in which the required path introduces, reinforces and masters it, what electives add, and the
problems in that order, each flagged with a short explanation. The page, the API and the printed
curriculum all read it.

The required path is `courses.paths.courses_in_scope(program, "required")` (the one rule); a
course's level to a standard is the coverage model's cell (`alignment.coverage`: the union of its
course-level and outcome alignments, at the highest level), so the check counts what the
coverage matrix shows.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import ClassVar

from sqlalchemy.orm import joinedload

from curriculum.alignment import counting
from curriculum.alignment import coverage as coverage_model
from curriculum.alignment.coverage import Coverage, CoverageRow
from curriculum.alignment.models import AlignmentLevel
from curriculum.alignment.progression_flags import FLAG_KINDS, FLAGS, Flag, FlagKind, flags_of
from curriculum.courses.models import ElectiveGroup, Program, ProgramCourse
from curriculum.courses.paths import courses_in_scope
from curriculum.errors import DomainError
from curriculum.extensions import db
from curriculum.standards.models import Framework

INTRODUCED = AlignmentLevel.INTRODUCED
REINFORCED = AlignmentLevel.REINFORCED
MASTERED = AlignmentLevel.MASTERED
RULE = (
    "Each assessed standard (performance indicators, knowledge and skill items) is followed "
    "along the required path: the courses every student takes, by term. A course's level to a "
    "standard is the highest of its course-level and learning-outcome alignments. Electives "
    "are listed beside the path, and never count as part of it."
)


class ProgressionError(DomainError):
    """A flag or a critical work function to filter by that the check does not know (400)."""


@dataclass(frozen=True)
class Step:
    """A course of the program aligned to the standard: in which term, how far, and whether it
    is on the required path (else an elective, `group` its either/or group if any)."""

    entry: ProgramCourse
    level: AlignmentLevel
    required: bool
    group: ElectiveGroup | None = None

    @property
    def code(self) -> str:
        return self.entry.course.code

    @property
    def term(self) -> int:
        return self.entry.term

    @property
    def where(self) -> str:
        """ "ROB 220 (term 3, choose 1 of Automation)" for an elective; "MFG 110 (term 1)"."""
        if self.required:
            return f"{self.code} (term {self.term})"
        if self.group is not None:
            group = f"{self.group.name}, choose {self.group.choose}"
            return f"{self.code} (term {self.term}, elective: {group})"
        return f"{self.code} (term {self.term}, free elective)"


@dataclass
class StandardProgress:
    """One assessed standard: where the required path takes it, the electives, the flags."""

    row: CoverageRow
    function: CoverageRow | None  # its top-level standard (critical work function)
    steps: list[Step]  # every course aligned to it, in term order
    flags: list[Flag] = field(default_factory=list)

    @property
    def standard(self):
        return self.row.standard

    @property
    def code(self) -> str:
        return self.row.standard.code

    @property
    def title(self) -> str:
        return self.row.title

    @property
    def path(self) -> list[Step]:
        return [s for s in self.steps if s.required]

    @property
    def electives(self) -> list[Step]:
        return [s for s in self.steps if not s.required]

    def terms(self, level: AlignmentLevel) -> list[int]:
        """The terms in which a required course takes it to `level`, in order."""
        return sorted({s.term for s in self.path if s.level == level})

    def first(self, level: AlignmentLevel) -> int | None:
        terms = self.terms(level)
        return terms[0] if terms else None

    @property
    def introduced(self) -> int | None:
        return self.first(INTRODUCED)

    @property
    def reinforced(self) -> int | None:
        return self.first(REINFORCED)

    @property
    def mastered(self) -> int | None:
        return self.first(MASTERED)

    def added(self, step: Step) -> bool:
        """Whether an elective step brings a level the required path does not."""
        return not step.required and not self.terms(step.level)


@dataclass
class Progression:
    program: Program
    framework: Framework
    coverage: Coverage
    standards: list[StandardProgress]
    first_term: int | None  # the first term of the required path
    rule: ClassVar[str] = RULE
    flag_kinds: ClassVar[tuple[FlagKind, ...]] = FLAG_KINDS

    @property
    def functions(self) -> list[CoverageRow]:
        """The top-level standards (critical work functions), for the filter."""
        return [r for r in self.coverage.rows if r.depth == 0]

    @property
    def counts(self) -> dict[str, int]:
        """Standards with each flag, every flag listed (in FLAG_KINDS order)."""
        found = Counter(f.key for s in self.standards for f in s.flags)
        return {k.key: found[k.key] for k in FLAG_KINDS}

    @property
    def flagged(self) -> list[StandardProgress]:
        return [s for s in self.standards if s.flags]

    def select(
        self, flag: str | None = None, function_id: int | None = None, q: str = ""
    ) -> list[StandardProgress]:
        """The standards with that flag (if given) under that top-level standard (if given)
        with every word of `q` in their code or title; ProgressionError for a flag or a
        function the check does not know."""
        check_filters(self, flag, function_id)
        words = q.lower().split()
        return [
            s
            for s in self.standards
            if (flag is None or any(f.key == flag for f in s.flags))
            and (function_id is None or (s.function and s.function.standard.id == function_id))
            and all(w in f"{s.code} {s.title}".lower() for w in words)
        ]


def check_filters(progression: Progression, flag: str | None, function_id: int | None) -> None:
    """ProgressionError for a flag that is not one, or a critical work function not at the top
    of the framework."""
    if flag is not None and flag not in FLAGS:
        known = ", ".join(FLAGS)
        raise ProgressionError(
            f"“{flag[:60]}” is not a progression flag: use one of {known}.", "flag"
        )
    if function_id is not None and function_id not in {
        r.standard.id for r in progression.functions
    }:
        raise ProgressionError(
            f"Standard #{function_id} is not a critical work function of "
            f"{progression.framework.title}.",
            "function",
        )


def check(
    program: Program, framework: Framework, *, drafts: bool = False, at: datetime | None = None
) -> Progression:
    """The progression check of a program against one of its frameworks (fixed queries: the
    coverage model's, over all the program's courses, and the elective groups)."""
    entries = db.session.scalars(
        db.select(ProgramCourse)
        .options(joinedload(ProgramCourse.course))
        .where(ProgramCourse.program_id == program.id)
        .order_by(ProgramCourse.term, ProgramCourse.position, ProgramCourse.id)
    ).all()
    cov = coverage_model.coverage(
        program, framework, drafts=drafts, at=at, courses=list(entries), scope="all"
    )
    return of(cov)


def of(cov: Coverage) -> Progression:
    """The progression check read from a coverage matrix over all the program's courses (as
    the printed curriculum gathers it); one query, the program's elective groups."""
    program = cov.program
    required = {pc.course_id for pc in courses_in_scope(program, "required")}
    groups = {
        g.id: g
        for g in db.session.scalars(
            db.select(ElectiveGroup).where(ElectiveGroup.program_id == program.id)
        )
    }
    entries = cov.entries or cov.courses  # every course of the program, whatever the scope
    first_term = min((pc.term for pc in entries if pc.course_id in required), default=None)
    last_term = max((pc.term for pc in entries if pc.course_id in required), default=None)
    functions = _functions(cov.rows)
    standards = []
    for row in _leaves(cov.rows):
        steps = [
            Step(
                pc,
                cell.level,
                pc.course_id in required,
                groups.get(pc.group_id) if pc.group_id is not None else None,
            )
            for pc in entries
            if (cell := row.all_cells.get(pc.course_id)) is not None
        ]
        progress = StandardProgress(row, functions.get(row.standard.id), steps)
        progress.flags = flags_of(progress, first_term, last_term)
        standards.append(progress)
    return Progression(program, cov.framework, cov, standards, first_term)


def _leaves(rows: list[CoverageRow]) -> list[CoverageRow]:
    """The standards the check follows: the assessed leaves, as the coverage figures count
    them (`counting`: performance indicators, knowledge and skill items, and an imported item
    with nothing below it). A standard shown by its code only is never among them."""
    return counting.counted(rows, "leaves")


def _functions(rows: list[CoverageRow]) -> dict[int, CoverageRow]:
    """Each standard's top-level standard, by standard id."""
    out: dict[int, CoverageRow] = {}
    top: CoverageRow | None = None
    for row in rows:
        if row.depth == 0:
            top = row
        if top is not None:
            out[row.standard.id] = top
    return out
