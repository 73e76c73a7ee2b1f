"""The one coverage model: which standards of a framework a program's courses cover, how far,
the figures and the gaps. The page, CSV, Excel, API and printed curriculum all read it.

The rows are the framework's standards in tree order as a reader sees them, by the rule
`standards.outline.arrange` keeps for the framework page too: published content is always
shown; a standard the reader may not see (never published, for a reader without drafts) but
with shown standards below it stays in the tree by its code only, marked "not yet published":
it has no text, no cells, and does not count in the figures or the gaps.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import ClassVar

from sqlalchemy.orm import joinedload

from curriculum.alignment.history import alignments_as_of
from curriculum.alignment.models import AlignmentLevel
from curriculum.alignment.services import AlignmentError
from curriculum.courses.models import Program, ProgramCourse
from curriculum.extensions import db
from curriculum.standards import outline
from curriculum.standards.history import versions_as_of
from curriculum.standards.models import Framework, Standard, StandardKind, StandardVersion
from curriculum.standards.outline import NOT_PUBLISHED

GAP_KINDS = ("uncovered", "unmastered")
# The rule, stated once: the coverage page and the printed curriculum both print this text.
RULE = (
    "A standard counts as covered when at least one course is aligned to it; alignments to "
    "the standards below it do not count for it. It counts as mastered when at least one "
    "course is aligned to it at Mastered, so the standards not mastered include those not "
    "covered. A standard shown by its code only (not yet published) is not counted."
)


def percent(n: int, total: int) -> int:
    """n of total as a whole percentage (0 when there is nothing to count)."""
    return round(100 * n / total) if total else 0


@dataclass(frozen=True, slots=True)
class CoverageCell:
    """A course's alignment to a standard as the matrix needs it (plain values: thousands load
    in milliseconds): the union of its course-level alignment and its outcomes' ones, at the
    highest level among them (`id`, `version_id` and `note` are that alignment's)."""

    id: int | None  # the alignment's id (None in a coverage as of a past day)
    course_id: int
    level: AlignmentLevel
    pinned: int  # the number of the oldest version one of them was made against
    published: int | None  # the number of the standard's published version now, if any
    version_id: int = 0  # the pinned version's id
    note: str = ""
    course_level: bool = True  # one of them is course-level (made without an outcome)
    outcome_ids: tuple[int, ...] = ()  # the outcomes aligned, if any

    def merged(self, other: CoverageCell) -> CoverageCell:
        """The union of two alignments of the same course to the same standard."""
        best, rest = (other, self) if other.level.rank > self.level.rank else (self, other)
        return CoverageCell(
            best.id,
            best.course_id,
            best.level,
            min(best.pinned, rest.pinned),
            best.published,
            best.version_id,
            best.note,
            best.course_level or rest.course_level,
            tuple(sorted(set(best.outcome_ids) | set(rest.outcome_ids))),
        )

    @property
    def is_stale(self) -> bool:
        return self.published is not None and self.published > self.pinned


@dataclass
class CoverageRow:
    standard: Standard
    depth: int
    version: StandardVersion | None  # the version shown; None: shown by its code only
    cells: dict[int, CoverageCell] = field(default_factory=dict)  # by course id

    @property
    def title(self) -> str:
        return self.version.title if self.version is not None else ""

    @property
    def counted(self) -> bool:
        """Whether the row is a standard the figures count (not a code-only ancestor)."""
        return self.version is not None

    @property
    def best(self) -> AlignmentLevel | None:
        levels = [a.level for a in self.cells.values()]
        return max(levels, key=lambda lv: lv.rank) if levels else None

    @property
    def gap(self) -> str | None:
        """'Not covered', 'Not mastered', or None when some course brings it to mastered."""
        if not self.cells:
            return "Not covered"
        return None if self.best == AlignmentLevel.MASTERED else "Not mastered"


@dataclass(frozen=True)
class FunctionFigures:
    """One top-level standard's figures (a critical work function, or an imported item at the
    top): it and every counted standard under it."""

    row: CoverageRow
    total: int
    covered: int
    mastered: int

    @property
    def covered_percent(self) -> int:
        return percent(self.covered, self.total)

    @property
    def mastered_percent(self) -> int:
        return percent(self.mastered, self.total)


@dataclass
class Coverage:
    program: Program
    framework: Framework
    courses: list[ProgramCourse]
    rows: list[CoverageRow]  # every row shown, code-only ancestors included
    column_counts: dict[int, int]
    stale_ids: set[int]
    standards: list[CoverageRow] = field(init=False)  # the rows the figures count
    rule: ClassVar[str] = RULE  # for the page and the PDF to state
    not_published: ClassVar[str] = NOT_PUBLISHED

    def __post_init__(self) -> None:
        self.standards = [r for r in self.rows if r.counted]

    @property
    def total(self) -> int:
        return len(self.standards)

    @property
    def covered(self) -> int:
        return sum(1 for r in self.standards if r.cells)

    @property
    def mastered(self) -> int:
        return sum(1 for r in self.standards if r.best == AlignmentLevel.MASTERED)

    @property
    def covered_percent(self) -> int:
        return percent(self.covered, self.total)

    @property
    def mastered_percent(self) -> int:
        return percent(self.mastered, self.total)

    def by_function(self) -> list[FunctionFigures]:
        """Per top-level standard (critical work function or imported item): its figures,
        counting it and every standard under it."""
        out: list[list] = []
        current: list | None = None
        for row in self.rows:
            if row.depth == 0:  # a critical work function, or an imported item at the top
                current = [row, 0, 0, 0]
                out.append(current)
            if current is None or not row.counted:
                continue
            current[1] += 1
            current[2] += bool(row.cells)
            current[3] += row.best == AlignmentLevel.MASTERED
        return [FunctionFigures(*x) for x in out]

    @property
    def top_heading(self) -> str:
        """What the figures' first column is headed: the kind of the top-level standards."""
        kinds = {r.standard.kind for r in self.rows if r.depth == 0}
        if kinds <= {StandardKind.CRITICAL_WORK_FUNCTION}:
            return "Critical work function"
        return "Top-level standard"

    def gaps(self, kind: str) -> list[CoverageRow]:
        """Standards no course covers ("uncovered"), or none brings to mastered ("unmastered",
        which includes the uncovered ones)."""
        if kind == "uncovered":
            return [r for r in self.standards if not r.cells]
        return [r for r in self.standards if r.best != AlignmentLevel.MASTERED]

    def rows_for(self, gaps: str | None = None) -> list[CoverageRow]:
        """All rows, or only the gaps of one kind."""
        return self.gaps(gaps) if gaps else self.rows


def framework_of(program: Program, framework_id: int | None) -> Framework:
    """The framework a program's coverage is measured against: the one asked for, else the
    program's first. AlignmentError (400) when it answers to none or does not use that one."""
    if not program.frameworks:
        raise AlignmentError(
            f"{program.name} ({program.catalog_year}) answers to no framework yet, "
            "so there is no coverage to show.",
            field="framework",
        )
    if framework_id is None:
        return program.frameworks[0]
    for framework in program.frameworks:
        if framework.id == framework_id:
            return framework
    other = db.session.get(Framework, framework_id)
    used = ", ".join(f"“{f.title}”" for f in program.frameworks)
    what = f"the framework “{other.title}”" if other is not None else f"a framework #{framework_id}"
    raise AlignmentError(
        f"{program.name} ({program.catalog_year}) does not use {what}. "
        f"Its coverage can be shown against {used}.",
        field="framework",
    )


def tree(
    framework: Framework,
    *,
    drafts: bool,
    at: datetime | None = None,
    prefer_published: bool = False,
) -> list[CoverageRow]:
    """The framework's standards in tree order, each with the version shown (two queries).

    Now (`at` None): the published version, or with `drafts` the current one (with
    `prefer_published`, the published one where there is one: what was agreed). As of `at`:
    the versions `versions_as_of` gives. Retired standards are left out with everything
    below them; a standard with no version shown but shown standards below it is kept by its
    code only (version None).
    """
    query = db.select(Standard).where(Standard.framework_id == framework.id)
    if at is None:
        query = query.options(
            joinedload(Standard.current_version), joinedload(Standard.published_version)
        )
    standards = db.session.scalars(query.order_by(Standard.position, Standard.id)).all()
    shown: Mapping[int, StandardVersion | None]
    if at is None:
        absent = [s for s in standards if s.retired_at is not None]
        shown = {
            s.id: outline.shown_now(s, drafts=drafts, prefer_published=prefer_published)
            for s in standards
        }
    else:
        absent = [
            s
            for s in standards
            if s.created_at > at or (s.retired_at is not None and s.retired_at <= at)
        ]
        shown = versions_as_of(framework.id, at, drafts=drafts)
    rows = outline.arrange(standards, shown, {s.id for s in absent})
    return [CoverageRow(s, depth, version) for s, depth, version in rows]


def coverage(
    program: Program,
    framework: Framework,
    *,
    drafts: bool = False,
    at: datetime | None = None,
    prefer_published: bool = True,
    courses: list[ProgramCourse] | None = None,
) -> Coverage:
    """The coverage matrix of a program against one of its frameworks, in fixed queries.

    Rows as `tree` gives them (by default each standard's published version; with `drafts`,
    standards never published too, with their draft); cells are the alignments now, or as
    they stood at `at`. `courses`: the program's entries in column order, when already loaded.
    """
    if framework.id not in {f.id for f in program.frameworks}:
        raise AlignmentError(
            f"{program.name} does not use the framework {framework.title}.", field="framework"
        )
    rows = tree(framework, drafts=drafts, at=at, prefer_published=prefer_published)
    if courses is None:
        courses = sorted(program.courses, key=lambda pc: (pc.term, pc.position, pc.id))
    by_standard = {r.standard.id: r for r in rows if r.counted}
    counts: dict[int, int] = defaultdict(int)
    stale_ids: set[int] = set()
    for state in alignments_as_of([pc.course_id for pc in courses], framework.id, at):
        row = by_standard.get(state.standard_id)
        if row is None:
            continue  # not shown to this reader (or not then)
        published = row.standard.published_version if at is None else None
        cell = CoverageCell(
            state.alignment_id,
            state.course_id,
            state.level,
            state.pinned,
            published.number if published else None,
            state.version_id,
            state.note,
            state.outcome_id is None,
            () if state.outcome_id is None else (state.outcome_id,),
        )
        if cell.is_stale and cell.id is not None:
            stale_ids.add(cell.id)
        before = row.cells.get(state.course_id)
        if before is None:
            counts[state.course_id] += 1
        row.cells[state.course_id] = cell if before is None else before.merged(cell)
    return Coverage(program, framework, courses, rows, dict(counts), stale_ids)
