"""What a printed document holds, gathered in fixed queries as plain values for the templates.

Both documents (a program's aligned curriculum, a framework's skill standards) show the
standards as a reader saw them at a moment: now, or the end of an "as of" day. Published-only
documents show the newest published version of each standard; with drafts, the newest version.
Published content is always printed: an unpublished standard above a printed one is printed
by its code only, marked "not yet published" (the tree of `alignment.coverage.tree`).
Standards keep their current codes (codes are not versioned), except in a release's document:
exactly the versions the release fixes, in its tree and with its codes. The curriculum's coverage
figures and gaps are the coverage model's (`alignment.coverage`), as on the coverage page, and
its progression problems the progression check's (`alignment.progression`) of that coverage.

What each document holds, for every renderer (the print templates, and any other format):

- every `PrintedVersion` carries its version's `statement` (Markdown; render it, it is what
  tells two versions with the same title apart), its status and endorsing organizations then;
- `CurriculumDocument.appendix`: per framework, `AppendixGroup`s: the printed versions
  endorsed by the same set of organizations, listed once under that set (tree order);
- `CurriculumDocument.approval`: the approval page (`approval.Approval`: partnership,
  frameworks with the date they stand on, endorsing organizations with the people who
  endorsed, and the titles under the blank signature lines);
- the value classes themselves live in printed.py (re-exported here);
- `earliest_as_of(frameworks, drafts=...)`: the first day a document has content, the one
  rule for refusing an "as of" date before it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import UTC, date, datetime, time
from typing import TYPE_CHECKING

from sqlalchemy import func
from sqlalchemy.orm import joinedload

from curriculum.alignment import coverage as coverage_model
from curriculum.alignment import progression
from curriculum.alignment.coverage import Coverage, CoverageRow
from curriculum.alignment.history import alignments_as_of
from curriculum.courses.models import Course, Program, ProgramCourse
from curriculum.exports.approval import approval_page
from curriculum.exports.printed import (
    AppendixGroup,
    CurriculumDocument,
    FrameworkPart,
    MatrixBlock,
    NeedLine,
    PrintedAlignment,
    PrintedCourse,
    PrintedServe,
    PrintedVersion,
    StandardsDocument,
    TrainingNeeds,
)
from curriculum.extensions import db
from curriculum.needs.models import NeedsSurvey
from curriculum.needs.results import aggregate, for_members
from curriculum.releases import fixed
from curriculum.releases.models import Release
from curriculum.standards.history import endorsers_as_of, statuses_as_of
from curriculum.standards.models import (
    PUBLIC_STATUSES,
    Framework,
    Standard,
    StandardVersion,
)

if TYPE_CHECKING:
    pass

# The coverage matrix: a grid of one column per course for a program of at most GRID_COURSES
# courses (what a landscape page holds as readable columns); for more, a list of the courses
# reaching each standard. Either way, at most BLOCK_ROWS standards per printed table.
GRID_COURSES = 10
BLOCK_ROWS = 30
LEVELS = (
    "I introduced, R reinforced, M mastered; an asterisk (*) marks an alignment to an earlier "
    "version"
)


def end_of(day: date | None) -> datetime | None:
    """The last moment of an "as of" day (UTC), or None for now."""
    if day is None:
        return None
    return datetime.combine(day, time.max, tzinfo=UTC)


def earliest_as_of(frameworks: list[Framework], *, drafts: bool) -> date | None:
    """The first day (UTC) on which a document of these frameworks has a standard to print:
    the first publication (drafts: the first version written). None when there is none yet.
    An "as of" date before it prints nothing, so the export form and the API refuse it."""
    ids = [f.id for f in frameworks]
    if not ids:
        return None
    when = StandardVersion.created_at if drafts else StandardVersion.published_at
    first = db.session.scalar(
        db.select(func.min(when))
        .join(Standard, Standard.id == StandardVersion.standard_id)
        .where(Standard.framework_id.in_(ids))
    )
    if first is None:
        return None
    if first.tzinfo is None:  # SQLite's MIN() bypasses the column type
        first = first.replace(tzinfo=UTC)
    return first.astimezone(UTC).date()


def _printed(row: CoverageRow) -> PrintedVersion:
    version = row.version
    return PrintedVersion(row.standard, version, version.status if version else None, row.depth)


def _tree(framework: Framework, at: datetime | None, drafts: bool) -> list[PrintedVersion]:
    """The framework's standards in tree order, each with the version shown (fixed queries)."""
    return [_printed(r) for r in coverage_model.tree(framework, drafts=drafts, at=at)]


def _annotate(printed: list[PrintedVersion], at: datetime | None) -> None:
    """Fill in each printed version's status then and its endorsers then (two queries)."""
    versions = {p.version.id: p.version for p in printed if p.version is not None}
    statuses = statuses_as_of(versions.values(), at)
    endorsers = endorsers_as_of(list(versions), at)
    for p in printed:
        if p.version is not None:
            p.status = statuses[p.version.id]
            p.endorsers = endorsers[p.version.id]


def _fixed_tree(release: Release) -> tuple[list[PrintedVersion], list[PrintedVersion]]:
    """The versions a release fixes in its tree, each with the code the release fixed (those it
    lists as retired left out with everything below them), and the retired ones by code. No
    query: the release comes with its entries, their standards and versions loaded."""
    rows = [
        PrintedVersion(
            e.standard, version, version.status if version else None, depth, code_then=e.code
        )
        for e, depth, version in fixed.in_tree_order(release.tree_entries)
    ]
    retired = [
        PrintedVersion(e.standard, e.version, e.version.status, code_then=e.code)
        for e in sorted(release.tree_entries, key=lambda e: e.code)
        if e.retired and not e.absent
    ]
    return rows, retired


def standards_document(
    framework: Framework, *, drafts: bool, as_of: date | None, release: Release | None = None
) -> StandardsDocument:
    """The framework's standards as shown now or as of a day; with `release`, exactly the
    versions that release fixes (`drafts` and `as_of` then only say how the cover reads)."""
    if release is not None:
        rows, retired = _fixed_tree(release)
        _annotate(rows + retired, None)
        return StandardsDocument(framework, rows, drafts, None, release, retired)
    rows = _tree(framework, end_of(as_of), drafts)
    _annotate(rows, end_of(as_of))
    return StandardsDocument(framework, rows, drafts, as_of)


def curriculum_document(
    program: Program,
    frameworks: list[Framework],
    *,
    drafts: bool,
    as_of: date | None,
    scope: str = "required",
    electives: Iterable[int] = (),
) -> CurriculumDocument:
    """The program's aligned curriculum: every course with its alignments and every course in
    the coverage matrix; the figures and gaps from the courses of `scope` (and the chosen
    `electives`), as the coverage page counts them (`alignment.coverage`)."""
    at = end_of(as_of)
    entries = db.session.scalars(
        db.select(ProgramCourse)
        .options(joinedload(ProgramCourse.course).selectinload(Course.outcomes))
        .where(ProgramCourse.program_id == program.id)
        .order_by(ProgramCourse.term, ProgramCourse.position, ProgramCourse.id)
    ).all()
    courses = [PrintedCourse(pc) for pc in entries]
    by_course = {c.entry.course_id: c for c in courses}
    parts, appendix = [], []
    for framework in frameworks:
        cov = coverage_model.coverage(
            program,
            framework,
            drafts=drafts,
            at=at,
            prefer_published=False,
            courses=list(entries),
            scope=scope,
            chosen=electives,
        )
        rows = [_printed(r) for r in cov.rows]
        by_standard = {p.standard.id: p for p in rows}
        shown_ids = {p.version.id for p in rows if p.version is not None}
        pinned_ids = {c.version_id for r in cov.standards for c in r.all_cells.values()}
        pinned_ids -= shown_ids
        pinned_rows = {p.version.id: p for p in rows if p.version is not None}
        for version in db.session.scalars(
            db.select(StandardVersion).where(StandardVersion.id.in_(pinned_ids))
        ):
            shown = by_standard[version.standard_id]
            pinned_rows[version.id] = PrintedVersion(shown.standard, version, version.status)
        _annotate(list(pinned_rows.values()), at)
        cells: dict[tuple[int, int], PrintedAlignment] = {}
        for row in cov.standards:  # in tree order, so each course's list is too
            shown = by_standard[row.standard.id]
            for course_id, cell in row.all_cells.items():  # every course, in scope or not
                pinned = pinned_rows[cell.version_id]
                if not drafts and pinned.status not in PUBLIC_STATUSES:
                    pinned = shown  # a published-only document prints no draft text
                aligned = PrintedAlignment(shown, pinned, cell.level, cell.note)
                by_course[course_id].alignments.setdefault(framework.id, []).append(aligned)
                cells[(row.standard.id, course_id)] = aligned
        parts.append(_part(framework, rows, courses, cells, cov))
        _outcome_serves(framework, rows, by_course, at)
        order = {p.standard.id: i for i, p in enumerate(rows)}
        printed = {p.version.id: p for p in rows if p.version is not None}
        for course in courses:
            for a in course.alignments.get(framework.id, []):
                if a.pinned.version is not None:
                    printed.setdefault(a.pinned.version.id, a.pinned)
        listed = sorted(
            printed.values(),
            key=lambda p: (order[p.standard.id], p.version.number if p.version else 0),
        )
        appendix.append((framework, _groups(listed)))
    terms: dict[int, list[PrintedCourse]] = defaultdict(list)
    for course in courses:
        terms[course.entry.term].append(course)
    printed_versions = [p for _, groups in appendix for g in groups for p in g.versions]
    return CurriculumDocument(
        program,
        parts,
        sorted(terms.items()),
        appendix,
        drafts,
        as_of,
        approval=approval_page(program, frameworks, printed_versions, at),
    )


def _outcome_serves(
    framework: Framework,
    rows: list[PrintedVersion],
    by_course: dict[int, PrintedCourse],
    at: datetime | None,
) -> None:
    """Add to each course what its outcomes serve in the framework (as of `at`; standards the
    document prints only, in tree order). One query."""
    printed = {p.standard.id: (i, p) for i, p in enumerate(rows) if p.version is not None}
    found = [
        (printed[s.standard_id][0], s)
        for s in alignments_as_of(list(by_course), framework.id, at)
        if s.outcome_id is not None and s.standard_id in printed
    ]
    for _order, state in sorted(found, key=lambda item: item[0]):
        code = printed[state.standard_id][1].code
        serves = by_course[state.course_id].serves.setdefault(state.outcome_id or 0, [])
        serves.append(PrintedServe(code, state.level))


def _groups(listed: list[PrintedVersion]) -> list[AppendixGroup]:
    """The versions by the set of organizations that endorsed them: the largest groups first,
    the versions nobody endorsed last."""
    by_set: dict[tuple[str, ...], list[PrintedVersion]] = {}
    for p in listed:
        if p.version is not None:
            by_set.setdefault(tuple(sorted(p.endorsers)), []).append(p)
    order = sorted(by_set.items(), key=lambda item: (not item[0], -len(item[1]), item[0]))
    return [AppendixGroup(names, versions) for names, versions in order]


def _part(
    framework: Framework,
    rows: list[PrintedVersion],
    courses: list[PrintedCourse],
    cells: dict[tuple[int, int], PrintedAlignment],
    cov: Coverage,
) -> FrameworkPart:
    listed = len(courses) > GRID_COURSES
    blocks = [
        MatrixBlock(
            courses,
            [
                (row, [cells.get((row.standard.id, c.entry.course_id)) for c in courses])
                for row in rows[r0 : r0 + BLOCK_ROWS]
            ],
            r0 + 1,
            listed,
        )
        for r0 in range(0, len(rows), BLOCK_ROWS)
    ]
    printed = {p.standard.id: p for p in rows}
    return FrameworkPart(
        framework,
        rows,
        blocks,
        cov,
        _legend(len(courses)),
        functions=[(printed[f.row.standard.id], f) for f in cov.by_function()],
        uncovered=[(printed[r.standard.id], r) for r in cov.gaps("uncovered")],
        unmastered=[(printed[r.standard.id], r) for r in cov.gaps("unmastered")],
        progression=progression.of(cov),
    )


def _legend(courses: int) -> str:
    """What the matrix's marks mean, and why it is a list when it is one."""
    if courses > GRID_COURSES:
        return (
            f"The program has {courses} courses, more than the {GRID_COURSES} a page holds as "
            "columns, so the matrix is printed as a list: each standard with the courses that "
            f"reach it and their levels ({LEVELS})."
        )
    return f"Levels in the matrix: {LEVELS}."


def training_needs(survey: NeedsSurvey, doc: StandardsDocument) -> TrainingNeeds:
    """The survey's ranked priorities for the framework document's "Training needs" section,
    each standard as the document prints it: what every member may see
    (`needs.results.for_members`), since the file goes further than its exporter."""
    printed = {p.standard.id: p for p in doc.rows if p.version is not None}
    lines = [
        NeedLine(rank, result, printed.get(result.standard.id))
        for rank, result in enumerate(for_members(aggregate(survey)), start=1)
    ]
    return TrainingNeeds(survey, len(survey.responses), lines)
