"""The one coverage model: which standards of a framework a program's courses cover, how far,
the figures and the gaps. The page, CSV, Excel, API and printed curriculum all read it.

The rows are the framework's standards in tree order as a reader sees them, by the rule
`standards.outline.arrange` keeps for the framework page too: published content is always
shown; a standard the reader may not see (never published, for a reader without drafts) but
with shown standards below it stays in the tree by its code only, marked "not yet published":
it has no text, no cells, and does not count in the figures or the gaps.

Which courses count is the scope (`courses.paths`: required, all, or required and chosen
electives); what is counted is `alignment.counting` (the assessed leaves by default, work
functions rolling up). A standard that courses outside the scope cover, but that not every
student's path reaches, is flagged "depends on the elective chosen".
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import ClassVar

from curriculum import stamped
from curriculum.alignment import counting
from curriculum.alignment.counting import KindFigures
from curriculum.alignment.coverage_rows import (
    CoverageCell,
    CoverageRow,
    FunctionFigures,
    percent,
    rows_now,
    tree,
)
from curriculum.alignment.history import AlignmentState, alignments_as_of
from curriculum.alignment.models import AlignmentLevel
from curriculum.alignment.services import AlignmentError
from curriculum.courses import paths
from curriculum.courses.models import Program, ProgramCourse
from curriculum.extensions import db
from curriculum.standards import rows as standard_rows
from curriculum.standards.models import Framework, StandardKind
from curriculum.standards.outline import NOT_PUBLISHED
from curriculum.standards.rows import StandardRow

GAP_KINDS = ("uncovered", "unmastered")
# The rule, stated once: the coverage page and the printed curriculum both print this text.
RULE = (
    "A standard counts as covered when at least one course in scope is aligned to it; "
    "alignments to the standards below it do not count for it. It counts as mastered when at "
    "least one course in scope is aligned to it at Mastered, so the standards not mastered "
    "include those not covered. A standard shown by its code only (not yet published) is not "
    "counted."
)
DEPENDS = "Depends on the elective chosen"
SCOPE_STATEMENTS = {
    "required": "Coverage from required courses only",
    "all": "Coverage from all courses, as if a student took every elective",
    "chosen": "Coverage from required courses and the chosen electives",
}


@dataclass
class Coverage:
    program: Program
    framework: Framework
    courses: list[ProgramCourse]  # the columns: the courses in scope
    rows: list[CoverageRow]  # every row shown, code-only ancestors included
    column_counts: dict[int, int]
    stale_ids: set[int]
    scope: str = "required"
    chosen: list[ProgramCourse] = field(default_factory=list)  # scope "chosen": the electives
    count: str = counting.DEFAULT_COUNT
    entries: list[ProgramCourse] = field(default_factory=list)  # every course of the program
    standards: list[CoverageRow] = field(init=False)  # every row with its text (not code-only)
    counted: list[CoverageRow] = field(init=False)  # the rows the figures count
    rule: ClassVar[str] = RULE  # for the page and the PDF to state
    not_published: ClassVar[str] = NOT_PUBLISHED
    depends_note: ClassVar[str] = DEPENDS

    def __post_init__(self) -> None:
        self.standards = [r for r in self.rows if r.counted]
        found = counting.shape(self.rows)
        self.counted = counting.counted(self.rows, self.count, found)
        rollups = counting.rollups(self.rows, found)
        figured = {id(r) for r in self.counted}
        for row in self.rows:
            row.leaf = row.standard.id in found.leaves
            row.rollup = rollups.get(row.standard.id)
            row.figured = id(row) in figured

    @property
    def total(self) -> int:
        return len(self.counted)

    @property
    def covered(self) -> int:
        return sum(1 for r in self.counted if r.cells)

    @property
    def mastered(self) -> int:
        return sum(1 for r in self.counted if r.best == AlignmentLevel.MASTERED)

    @property
    def kinds(self) -> list[KindFigures]:
        """Covered and mastered of total per kind of counted standard."""
        return counting.by_kind(self.counted)

    @property
    def counting_rule(self) -> str:
        """What the figures count: "Counting 98 assessed leaves: ..."."""
        return counting.statement(self.count, self.counted)

    @property
    def scope_statement(self) -> str:
        """ "Coverage from required courses only", ... (with the electives chosen)."""
        said = SCOPE_STATEMENTS[self.scope]
        if self.scope == "chosen":
            codes = ", ".join(pc.course.code for pc in self.chosen) or "none chosen"
            said = f"{said} ({codes})"
        return said

    def covered_by(self, row: CoverageRow, everywhere: bool = False) -> str:
        """'MFG 110 (I), MFG 120 (R)': the courses in scope that reach a standard, in program
        order; with `everywhere`, every course of the program that does."""
        cells = row.all_cells if everywhere else row.cells
        return ", ".join(
            f"{pc.course.code} ({cells[pc.course_id].level.letter})"
            for pc in (self.entries if everywhere else self.courses)
            if pc.course_id in cells
        )

    def depends_text(self, row: CoverageRow) -> str:
        """'Depends on the elective chosen: ROB 220 (M)' when it does, else ''."""
        if not row.depends_on_elective:
            return ""
        return f"{DEPENDS}: {self.covered_by(row, everywhere=True)}"

    @property
    def depending(self) -> list[CoverageRow]:
        """The counted standards whose coverage depends on the elective chosen."""
        return [r for r in self.counted if r.depends_on_elective]

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
            if current is None or not row.figured:
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
            return [r for r in self.counted if not r.cells]
        return [r for r in self.counted if r.best != AlignmentLevel.MASTERED]

    def rows_for(self, gaps: str | None = None) -> list[CoverageRow]:
        """All rows, or only the gaps of one kind."""
        return self.gaps(gaps) if gaps else self.rows

    def tops(self) -> dict[int, int]:
        """{standard id: the id of the top-level standard (critical work function) it is under
        (its own for a top-level one)} for every row."""
        found: dict[int, int] = {}
        top = 0
        for row in self.rows:
            if row.depth == 0:
                top = row.standard.id
            found[row.standard.id] = top
        return found


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


def coverage(
    program: Program,
    framework: Framework,
    *,
    drafts: bool = False,
    at: datetime | None = None,
    prefer_published: bool = True,
    courses: list[ProgramCourse] | None = None,
    scope: str = "required",
    chosen: Iterable[int] = (),
    count: str = counting.DEFAULT_COUNT,
) -> Coverage:
    """The coverage matrix of a program against one of its frameworks, in fixed queries.

    Rows as `tree` gives them (by default each standard's published version; with `drafts`,
    standards never published too, with their draft); cells are the alignments now, or as
    they stood at `at`. `courses`: the program's entries in column order, when already loaded.
    `scope` and `chosen` (course ids of electives) say which courses the columns and figures
    take (`courses.paths`, ScopeError when wrong); `count` what the figures count (`counting`).
    """
    if framework.id not in {f.id for f in program.frameworks}:
        raise AlignmentError(
            f"{program.name} does not use the framework {framework.title}.", field="framework"
        )
    scope, count = paths.check_scope(scope), counting.check_count(count)
    read = stamped.tokens([framework.id], [program.id])  # once for both answers kept
    rows = tree(framework, drafts=drafts, at=at, prefer_published=prefer_published, read=read)
    entries = courses if courses is not None else paths.in_order(program)
    states = _alignments(program, framework, [pc.course_id for pc in entries], at, read)
    return _fill(program, framework, rows, entries, states, scope, list(chosen), count, at)


def _alignments(
    program: Program,
    framework: Framework,
    course_ids: list[int],
    at: datetime | None,
    read: tuple,
) -> Sequence[AlignmentState]:
    """The alignment states of these courses (the program's) to the framework: now, kept while
    the program and the framework are unchanged (`curriculum.stamped`: any change to an
    alignment, outcome or course of the program gives the program a new change token)."""
    if at is not None:
        return alignments_as_of(course_ids, framework.id, at)
    return stamped.remember(
        "alignments",
        (program.id, framework.id, tuple(course_ids)),
        lambda: tuple(alignments_as_of(course_ids, framework.id, None)),
        frameworks=[framework.id],
        programs=[program.id],
        read=read,
    )


def coverage_many(programs: list[Program], *, drafts: bool = False) -> dict:
    """{(program id, framework id): Coverage} for every program and each framework it uses,
    with the default scope and counting, in three queries whatever the number of programs
    and frameworks (the dashboard's figures). Programs need `frameworks` and `courses` (with
    their elective groups) loaded."""
    frameworks = {f.id: f for p in programs for f in p.frameworks}
    if not frameworks:
        return {}
    by_framework: dict[int, list[StandardRow]] = defaultdict(list)
    for standard in standard_rows.load(frameworks):
        by_framework[standard.framework_id].append(standard)
    rows_of = {
        fid: rows_now(by_framework[fid], drafts=drafts, prefer_published=True) for fid in frameworks
    }
    course_ids = sorted({pc.course_id for p in programs for pc in p.courses})
    states = alignments_as_of(course_ids, list(frameworks), None)
    found = {}
    for program in programs:
        entries = paths.in_order(program)
        mine = {pc.course_id for pc in entries}
        own = [s for s in states if s.course_id in mine]
        for framework in program.frameworks:
            # Each framework's rows are fresh objects: cells are filled per program.
            rows = [CoverageRow(r.standard, r.depth, r.version) for r in rows_of[framework.id]]
            found[(program.id, framework.id)] = _fill(
                program, framework, rows, entries, own, "required", [], counting.DEFAULT_COUNT, None
            )
    return found


def _fill(
    program: Program,
    framework: Framework,
    rows: list[CoverageRow],
    entries: list[ProgramCourse],
    states: Sequence[AlignmentState],
    scope: str,
    chosen: list[int],
    count: str,
    at: datetime | None,
) -> Coverage:
    """Put the alignment states in the rows' cells (merged per course) and make the Coverage."""
    chosen = chosen if scope == "chosen" else []
    in_scope = {pc.course_id for pc in paths.courses_in_scope(program, scope, chosen)}
    by_standard = {r.standard.id: r for r in rows if r.counted}
    counts: dict[int, int] = defaultdict(int)
    stale_ids: set[int] = set()
    for state in states:
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
        cells = row.cells if state.course_id in in_scope else row.outside
        before = cells.get(state.course_id)
        if before is None and cells is row.cells:
            counts[state.course_id] += 1
        cells[state.course_id] = cell if before is None else before.merged(cell)
    for row in by_standard.values():
        for cell in row.cells.values():
            if cell.is_stale and cell.id is not None:
                stale_ids.add(cell.id)
    _flag_electives(program, entries, by_standard.values())
    by_id = {pc.course_id: pc for pc in entries}
    return Coverage(
        program,
        framework,
        [pc for pc in entries if pc.course_id in in_scope],
        rows,
        dict(counts),
        stale_ids,
        scope,
        [by_id[i] for i in dict.fromkeys(chosen) if i in by_id],
        count,
        list(entries),
    )


def _flag_electives(
    program: Program, entries: list[ProgramCourse], rows: Iterable[CoverageRow]
) -> None:
    """Flag the rows some course covers but not every student's path (`paths.on_every_path`)."""
    required = {pc.course_id for pc in entries if paths.is_required(pc)}
    if len(required) == len(entries):
        return  # no electives: every path takes every course
    for row in rows:
        covering = row.all_cells.keys()
        if covering and not covering & required:
            row.depends_on_elective = not paths.on_every_path(program, covering)
