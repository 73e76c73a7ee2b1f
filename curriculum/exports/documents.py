"""What a printed document holds, gathered in fixed queries as plain values for the templates.

Both documents (a program's aligned curriculum, a framework's skill standards) show the
standards as a reader saw them at a moment: now, or the end of an "as of" day. Published-only
documents show the newest published version of each standard; with drafts, the newest version.
Standards keep their current codes (codes are not versioned).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time

from sqlalchemy.orm import joinedload

from curriculum.alignment.history import alignments_as_of
from curriculum.alignment.models import LEVEL_RANK, AlignmentLevel
from curriculum.courses.models import Program, ProgramCourse
from curriculum.extensions import db
from curriculum.standards.history import endorsers_as_of, statuses_as_of, versions_as_of
from curriculum.standards.models import (
    PUBLIC_STATUSES,
    Framework,
    Standard,
    StandardKind,
    StandardVersion,
    VersionStatus,
)

# Coverage blocks: at most this many course columns and standard rows per printed table.
BLOCK_COLUMNS = 10
BLOCK_ROWS = 30


def end_of(day: date | None) -> datetime | None:
    """The last moment of an "as of" day (UTC), or None for now."""
    if day is None:
        return None
    return datetime.combine(day, time.max, tzinfo=UTC)


@dataclass
class PrintedVersion:
    """One version of a standard as the document prints it."""

    standard: Standard
    version: StandardVersion
    status: VersionStatus
    depth: int = 0
    endorsers: list[str] = field(default_factory=list)

    @property
    def code(self) -> str:
        return self.standard.code

    @property
    def anchor(self) -> str:
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
        return published and self.shown.version.number > self.pinned.version.number


@dataclass
class PrintedCourse:
    entry: ProgramCourse
    alignments: dict[int, list[PrintedAlignment]] = field(default_factory=dict)  # by framework

    @property
    def course(self):
        return self.entry.course

    @property
    def anchor(self) -> str:
        return f"course-{self.entry.course_id}"

    @property
    def aligned(self) -> int:
        return sum(len(a) for a in self.alignments.values())


@dataclass
class MatrixBlock:
    courses: list[PrintedCourse]
    rows: list[tuple[PrintedVersion, list[PrintedAlignment | None]]]
    first_column: int  # 1-based numbers, for "courses 11-20 of 34"
    first_row: int


@dataclass
class FrameworkPart:
    """One framework in a curriculum document: its standards, coverage blocks and gaps."""

    framework: Framework
    rows: list[PrintedVersion]
    blocks: list[MatrixBlock]
    uncovered: list[PrintedVersion]
    unmastered: list[PrintedVersion]
    covered: int

    @property
    def anchor(self) -> str:
        return f"framework-{self.framework.id}"


@dataclass
class CurriculumDocument:
    program: Program
    parts: list[FrameworkPart]
    terms: list[tuple[int, list[PrintedCourse]]]
    appendix: list[tuple[Framework, list[PrintedVersion]]]
    drafts: bool
    as_of: date | None

    @property
    def courses(self) -> list[PrintedCourse]:
        return [c for _, courses in self.terms for c in courses]


@dataclass
class StandardsDocument:
    framework: Framework
    rows: list[PrintedVersion]
    drafts: bool
    as_of: date | None

    @property
    def functions(self) -> list[tuple[PrintedVersion, list[PrintedVersion]]]:
        """Each critical work function with the rows under it, in tree order."""
        out: list[tuple[PrintedVersion, list[PrintedVersion]]] = []
        for row in self.rows:
            if row.standard.kind == StandardKind.CRITICAL_WORK_FUNCTION:
                out.append((row, []))
            elif out:
                out[-1][1].append(row)
        return out


def _tree(framework: Framework, at: datetime | None, drafts: bool) -> list[PrintedVersion]:
    """The framework's standards in tree order, each with the version shown (fixed queries)."""
    shown = versions_as_of(framework.id, at, drafts=drafts)
    standards = db.session.scalars(
        db.select(Standard)
        .where(Standard.framework_id == framework.id)
        .order_by(Standard.position, Standard.id)
    ).all()
    children: dict[int | None, list[Standard]] = defaultdict(list)
    for s in standards:
        children[s.parent_id].append(s)
    rows: list[PrintedVersion] = []

    def walk(parent_id: int | None, depth: int) -> None:
        for s in children[parent_id]:
            version = shown.get(s.id)
            if version is None:
                continue  # not visible then: nor are its children
            rows.append(PrintedVersion(s, version, version.status, depth))
            walk(s.id, depth + 1)

    walk(None, 0)
    return rows


def _annotate(printed: list[PrintedVersion], at: datetime | None) -> None:
    """Fill in each printed version's status then and its endorsers then (two queries)."""
    versions = {p.version.id: p.version for p in printed}
    statuses = statuses_as_of(versions.values(), at)
    endorsers = endorsers_as_of(list(versions), at)
    for p in printed:
        p.status = statuses[p.version.id]
        p.endorsers = endorsers[p.version.id]


def standards_document(framework: Framework, *, drafts: bool, as_of: date | None):
    rows = _tree(framework, end_of(as_of), drafts)
    _annotate(rows, end_of(as_of))
    return StandardsDocument(framework, rows, drafts, as_of)


def curriculum_document(
    program: Program, frameworks: list[Framework], *, drafts: bool, as_of: date | None
) -> CurriculumDocument:
    at = end_of(as_of)
    entries = db.session.scalars(
        db.select(ProgramCourse)
        .options(joinedload(ProgramCourse.course))
        .where(ProgramCourse.program_id == program.id)
        .order_by(ProgramCourse.term, ProgramCourse.position, ProgramCourse.id)
    ).all()
    courses = [PrintedCourse(pc) for pc in entries]
    by_course = {c.entry.course_id: c for c in courses}
    parts, appendix = [], []
    for framework in frameworks:
        rows = _tree(framework, at, drafts)
        by_standard = {r.standard.id: r for r in rows}
        order = {r.standard.id: i for i, r in enumerate(rows)}
        states = alignments_as_of(list(by_course), framework.id, at)
        pinned_ids = {s.version_id for s in states} - {r.version.id for r in rows}
        pinned_rows = {r.version.id: r for r in rows}
        for version in db.session.scalars(
            db.select(StandardVersion).where(StandardVersion.id.in_(pinned_ids))
        ):
            shown = by_standard.get(version.standard_id)
            if shown is not None:
                pinned_rows[version.id] = PrintedVersion(shown.standard, version, version.status)
        _annotate(list(pinned_rows.values()), at)
        cells: dict[tuple[int, int], PrintedAlignment] = {}
        for state in states:
            shown = by_standard.get(state.standard_id)
            pinned = pinned_rows.get(state.version_id)
            if shown is None or pinned is None:
                continue  # the standard is not printed (never published, or not yet then)
            if not drafts and pinned.status not in PUBLIC_STATUSES:
                pinned = shown  # a published-only document prints no draft text
            aligned = PrintedAlignment(shown, pinned, state.level, state.note)
            by_course[state.course_id].alignments.setdefault(framework.id, []).append(aligned)
            cells[(state.standard_id, state.course_id)] = aligned
        for course in courses:
            course.alignments.get(framework.id, []).sort(key=lambda a: order[a.shown.standard.id])
        parts.append(_part(framework, rows, courses, cells))
        printed = {r.version.id: r for r in rows}
        for course in courses:
            for a in course.alignments.get(framework.id, []):
                printed.setdefault(a.pinned.version.id, a.pinned)
        listed = sorted(printed.values(), key=lambda p: (order[p.standard.id], p.version.number))
        appendix.append((framework, listed))
    terms: dict[int, list[PrintedCourse]] = defaultdict(list)
    for course in courses:
        terms[course.entry.term].append(course)
    return CurriculumDocument(program, parts, sorted(terms.items()), appendix, drafts, as_of)


def _part(framework, rows, courses, cells) -> FrameworkPart:
    best: dict[int, int] = {}
    for (standard_id, _), a in cells.items():
        best[standard_id] = max(best.get(standard_id, 0), LEVEL_RANK[a.level])
    mastered = LEVEL_RANK[AlignmentLevel.MASTERED]
    blocks = []
    # Balanced widths: 11 courses print as 6 + 5 columns, not 10 + 1.
    width = -(-len(courses) // max(1, -(-len(courses) // BLOCK_COLUMNS))) if courses else 1
    for c0 in range(0, max(len(courses), 1), width):
        columns = courses[c0 : c0 + width]
        for r0 in range(0, len(rows), BLOCK_ROWS):
            block_rows = [
                (row, [cells.get((row.standard.id, c.entry.course_id)) for c in columns])
                for row in rows[r0 : r0 + BLOCK_ROWS]
            ]
            blocks.append(MatrixBlock(columns, block_rows, c0 + 1, r0 + 1))
    # A standard with a taught standard below it is not a gap, whatever its own cells say.
    parent_of = {r.standard.id: r.standard.parent_id for r in rows}
    taught_below: set[int] = set()
    for standard_id in best:
        parent = parent_of.get(standard_id)
        while parent is not None and parent not in taught_below:
            taught_below.add(parent)
            parent = parent_of.get(parent)
    return FrameworkPart(
        framework,
        rows,
        blocks,
        uncovered=[r for r in rows if r.standard.id not in best.keys() | taught_below],
        unmastered=[r for r in rows if 0 < best.get(r.standard.id, 0) < mastered],
        covered=len(best),
    )
