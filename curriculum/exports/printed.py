"""The plain values a printed document holds (PrintedVersion, PrintedAlignment, PrintedServe,
PrintedCourse, MatrixBlock, FrameworkPart, AppendixGroup, CurriculumDocument,
StandardsDocument): what documents.py gathers and every renderer (print templates, Word
writers) reads. documents.py re-exports them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, ClassVar

from curriculum.alignment.coverage import NOT_PUBLISHED, Coverage, CoverageRow, FunctionFigures
from curriculum.alignment.models import AlignmentLevel
from curriculum.alignment.progression import Progression
from curriculum.courses.models import Program, ProgramCourse
from curriculum.exports.approval import Approval
from curriculum.releases.models import Release
from curriculum.standards.models import (
    Framework,
    StandardKind,
    VersionStatus,
)
from curriculum.standards.rows import AnyStandard, AnyVersion

if TYPE_CHECKING:
    from curriculum.courses.models import Course, CourseOutcome
    from curriculum.needs.models import NeedsSurvey
    from curriculum.needs.results import StandardResult


NO_BREAK = "\u00a0"


@dataclass
class PrintedVersion:
    """One version of a standard as the document prints it (version None: an unpublished
    standard above printed ones, printed by its code only)."""

    standard: AnyStandard
    version: AnyVersion | None
    status: VersionStatus | None
    depth: int = 0
    endorsers: list[str] = field(default_factory=list)
    code_then: str = ""  # the code a release fixed ("": the standard's code now)

    @property
    def code(self) -> str:
        return self.code_then or self.standard.code

    @property
    def title(self) -> str:
        return self.version.title if self.version is not None else NOT_PUBLISHED

    @property
    def statement(self) -> str:
        """The version's statement (Markdown), "" for none or a code-only standard."""
        return self.version.statement if self.version is not None else ""

    @property
    def section(self) -> bool:
        """Printed as a section heading under a top-level standard: a key activity, or an
        imported item just below the top."""
        return self.standard.kind == StandardKind.KEY_ACTIVITY or (
            self.depth == 1 and self.standard.kind == StandardKind.ITEM
        )

    @property
    def anchor(self) -> str:
        if self.version is None:
            return f"std-{self.standard.id}"
        return f"std-{self.standard.id}-v{self.version.number}"


@dataclass
class PrintedAlignment:
    shown: PrintedVersion  # the standard as the document prints it
    pinned: PrintedVersion  # the version the course was aligned (or re-confirmed) against
    level: AlignmentLevel
    note: str

    @property
    def stale(self) -> bool:
        published = self.shown.status == VersionStatus.PUBLISHED
        shown, pinned = self.shown.version, self.pinned.version
        return (
            published
            and shown is not None
            and pinned is not None
            and (shown.number > pinned.number)
        )

    @property
    def mark(self) -> str:
        """What the coverage matrix prints for it: its level's letter, with an asterisk when it
        was made against an earlier version ("R*")."""
        return f"{self.level.letter}{'*' if self.stale else ''}"


@dataclass(frozen=True)
class PrintedServe:
    """A standard one learning outcome serves, as the course section prints it."""

    code: str
    level: AlignmentLevel

    @property
    def label(self) -> str:
        """ "B.1.2 (mastered)"."""
        return f"{self.code} ({self.level.label.lower()})"


@dataclass
class PrintedCourse:
    entry: ProgramCourse
    alignments: dict[int, list[PrintedAlignment]] = field(default_factory=dict)  # by framework
    # The standards each of its outcomes serves (by outcome id), frameworks in order, each
    # framework's in tree order.
    serves: dict[int, list[PrintedServe]] = field(default_factory=dict)

    @property
    def outcomes(self) -> list[tuple[CourseOutcome, list[PrintedServe]]]:
        """The course's learning outcomes in order, each with the standards it serves."""
        return [(o, self.serves.get(o.id, [])) for o in self.entry.course.outcomes]

    @property
    def course(self) -> Course:
        return self.entry.course

    @property
    def anchor(self) -> str:
        return f"course-{self.entry.course_id}"

    @property
    def aligned(self) -> int:
        return sum(len(a) for a in self.alignments.values())


@dataclass
class MatrixBlock:
    """Up to BLOCK_ROWS standards of the coverage matrix, each with its cell for every course
    of the program (None: not aligned). `listed`: printed as a list (each standard with the
    courses that reach it, `reach`), not as a grid of one column per course."""

    courses: list[PrintedCourse]
    rows: list[tuple[PrintedVersion, list[PrintedAlignment | None]]]
    first_row: int  # 1-based, for "Standards 31-60 of 208"
    listed: bool = False

    def reach(self, cells: list[PrintedAlignment | None]) -> str:
        """ "MFG 110 (I), MFG 120 (R*)": the courses reaching one row's standard, in program
        order, with their marks (as `Coverage.covered_by` names them, but every course of the
        program and the document's stale marks); each course's code and mark joined by
        no-break spaces, so that a line never breaks inside one."""
        return ", ".join(
            f"{c.course.code} ({a.mark})".replace(" ", NO_BREAK)
            for c, a in zip(self.courses, cells, strict=True)
            if a
        )


@dataclass
class FrameworkPart:
    """One framework in a curriculum document: its standards, coverage blocks, figures and
    gaps (the gaps each with the coverage row that says how far it is taught), and the
    progression problems along the required path."""

    framework: Framework
    rows: list[PrintedVersion]
    blocks: list[MatrixBlock]
    coverage: Coverage
    legend: str  # what the matrix's marks mean, and whether it is a grid or a list
    functions: list[tuple[PrintedVersion, FunctionFigures]]
    uncovered: list[tuple[PrintedVersion, CoverageRow]]
    unmastered: list[tuple[PrintedVersion, CoverageRow]]
    # The progression check read from the same coverage (alignment/progression.py).
    progression: Progression | None = None

    @property
    def anchor(self) -> str:
        return f"framework-{self.framework.id}"


@dataclass
class AppendixGroup:
    """Printed versions endorsed by the same organizations (`endorsers`: their names, sorted;
    empty for versions nobody endorsed), in tree order."""

    endorsers: tuple[str, ...]
    versions: list[PrintedVersion]


@dataclass
class CurriculumDocument:
    program: Program
    parts: list[FrameworkPart]
    terms: list[tuple[int, list[PrintedCourse]]]
    appendix: list[tuple[Framework, list[AppendixGroup]]]
    drafts: bool
    as_of: date | None
    approval: Approval | None = None
    not_published: ClassVar[str] = NOT_PUBLISHED

    @property
    def courses(self) -> list[PrintedCourse]:
        return [c for _, courses in self.terms for c in courses]


@dataclass
class StandardsDocument:
    """`release`: the release whose versions it prints (its tree, its codes), with `retired`
    the standards that release lists as retired; None: the standards now or as of a day."""

    framework: Framework
    rows: list[PrintedVersion]
    drafts: bool
    as_of: date | None
    release: Release | None = None
    retired: list[PrintedVersion] = field(default_factory=list)
    not_published: ClassVar[str] = NOT_PUBLISHED
    needs: TrainingNeeds | None = None  # the "Training needs" section, when it is printed

    @property
    def functions(self) -> list[tuple[PrintedVersion, list[PrintedVersion]]]:
        """Each top-level standard (a critical work function, or an imported item at the top)
        with the rows under it, in tree order."""
        out: list[tuple[PrintedVersion, list[PrintedVersion]]] = []
        for row in self.rows:
            if row.depth == 0:
                out.append((row, []))
            elif out:
                out[-1][1].append(row)
        return out

    @property
    def top_label(self) -> str:
        """What the top-level standards are called on the cover."""
        kinds = {top.standard.kind for top, _rows in self.functions}
        if kinds <= {StandardKind.CRITICAL_WORK_FUNCTION}:
            return "critical work functions"
        return "top-level standards"


@dataclass
class NeedLine:
    """One standard's aggregate in the "Training needs" section (`printed`: the standard as
    the document prints it; None when the document does not print it)."""

    rank: int
    result: StandardResult
    printed: PrintedVersion | None


@dataclass
class TrainingNeeds:
    """A closed survey's ranked priorities across firms: aggregates only, never one firm's."""

    survey: NeedsSurvey
    respondents: int
    lines: list[NeedLine]

    @property
    def high(self) -> list[NeedLine]:
        return [line for line in self.lines if line.result.high]
