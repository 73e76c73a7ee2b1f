"""The API's objects of alignment: a course's alignments, the bodies that make them, and a
program's coverage matrix."""

from __future__ import annotations

from pydantic import Field

from curriculum import access
from curriculum.alignment import counting, models
from curriculum.alignment import coverage as matrix
from curriculum.alignment.counting import Rollup
from curriculum.alignment.models import AlignmentLevel
from curriculum.api.schemas.base import Bool, Id, Input, Integer, Response, Str, Time
from curriculum.api.schemas.general import IdAndName, IdAndTitle
from curriculum.courses import paths
from curriculum.standards.models import StandardKind, VersionStatus

# --- A course's alignments ---------------------------------------------------------------------


class AlignedStandard(Response):
    """The standard a course is aligned to."""

    id: int
    code: str
    title: str | None = Field(
        description="The pinned version's title; null when the reader may not see that version "
        "(a draft of a partnership they have no role in)."
    )
    kind: StandardKind
    framework_id: int


class PinnedVersion(Response):
    """The version the alignment was made (or re-confirmed) against."""

    number: int
    status: VersionStatus


class Alignment(Response):
    """A course, or one of its learning outcomes, aligned to a standard at a level, pinned to
    one version of it."""

    id: int
    course_id: int
    outcome_id: int | None = Field(
        description="The course's learning outcome aligned; null: the course as a whole "
        "(course-level)."
    )
    standard: AlignedStandard
    level: AlignmentLevel
    note: str = Field(description="How the course teaches or assesses it.")
    version: PinnedVersion
    published_version: int | None
    stale: bool = Field(description="A newer version than the pinned one has been published.")
    created_by: str | None
    created_at: Time
    confirmed_by: str | None
    confirmed_at: Time | None

    @classmethod
    def of(cls, a: models.Alignment, reader) -> Alignment:
        s, pinned, published = a.standard, a.version, a.standard.published_version
        title = pinned.title if access.can(reader, "view", pinned) else None
        return cls.from_object(
            a,
            standard=AlignedStandard.from_object(s, title=title),
            version=pinned,
            published_version=published.number if published else None,
            stale=a.is_stale,
            created_by=a.created_by.display_name if a.created_by else None,
            confirmed_by=a.confirmed_by.display_name if a.confirmed_by else None,
        )


class AlignmentInput(Input):
    standard_id: Integer = Field(
        description="A standard of a framework of a partnership the course's college takes part in."
    )
    level: AlignmentLevel
    note: Str | None = Field(
        None,
        max_length=500,
        description="Left out: none for a new alignment; an existing one keeps its note.",
    )


class AlignmentRow(Input):
    standard_id: Id = Field(description="A standard of the framework, listed once.")
    aligned: Bool = Field(
        True,
        description="False: the standard is not aligned (the same as leaving it out). Such a row "
        "with a level or note other than its alignment's (or, for a standard not aligned, other "
        "than introduced and no note) is refused as a forgotten tick.",
    )
    level: AlignmentLevel | None = Field(
        None,
        description="Needed for a new alignment; null or left out, an existing alignment keeps "
        "its level.",
    )
    note: Str | None = Field(
        None,
        max_length=500,
        description="Null or left out: none for a new alignment; an existing one keeps its note.",
    )


class AlignmentSetInput(Input):
    framework_id: Id = Field(
        description="A framework of a partnership the course's college takes part in."
    )
    alignments: list[AlignmentRow] = Field(
        description="The course's alignments to this framework's standards (those the caller "
        "can see) become the rows with aligned true; every other one is removed. An empty list "
        "removes them all."
    )


class AlignmentCounts(Response):
    """What a PUT of a course's alignments changed."""

    added: int = Field(description="New alignments.")
    updated: int = Field(description="Alignments with a new level or note.")
    unchanged: int = Field(description="Alignments listed as they were.")
    removed: int = Field(description="Alignments removed.")


# --- A program's coverage ----------------------------------------------------------------------


class CoverageCourse(Response):
    """A column of the matrix: a course of the program."""

    id: int
    code: str
    title: str
    term: int
    required: bool
    count: int = Field(description="Standards the course covers.")


class CoverageCell(Response):
    """A course that covers the row's standard."""

    alignment_id: int | None
    course_id: int
    level: AlignmentLevel
    version: int = Field(description="The pinned version's number.")
    stale: bool


class CoverageRow(Response):
    """A row of the matrix: a standard and the courses that cover it."""

    standard_id: int
    code: str
    depth: int
    kind: StandardKind
    title: str
    published: bool = Field(
        description="False for an ancestor shown by its code only (not yet published, no "
        "title): it counts in no figure."
    )
    best: AlignmentLevel | None = Field(
        description="The highest level any course in scope reaches."
    )
    cells: list[CoverageCell] = Field(
        description="The courses in scope that cover it, in column order."
    )
    counted: bool = Field(description="Whether the figures count it (see `counting`).")
    leaf: bool = Field(
        description="An assessed leaf: a performance indicator, knowledge or skill item (or an "
        "imported item with nothing under it)."
    )
    rollup: Rollup | None = Field(
        description="For a standard that is not an assessed leaf (a critical work function, a "
        "key activity): covered when every leaf under it is covered, partly when some are, "
        "none when none is; null for a leaf."
    )
    depends_on_elective: bool = Field(
        description="Some course of the program covers it, but not one that every student's "
        "path takes (only electives do): it depends on the elective chosen."
    )
    outside_scope: list[CoverageCell] = Field(
        description="The program's courses outside the scope that cover it, in program order."
    )

    @classmethod
    def of(
        cls, row: matrix.CoverageRow, course_ids: list[int], other_ids: list[int]
    ) -> CoverageRow:
        return cls.of_values(
            standard_id=row.standard.id,
            code=row.standard.code,
            kind=row.standard.kind,
            depth=row.depth,
            title=row.title,
            published=row.counted,
            best=row.best,
            cells=_cells(row.cells, course_ids),
            counted=row.figured,
            leaf=row.leaf,
            rollup=row.rollup,
            depends_on_elective=row.depends_on_elective,
            outside_scope=_cells(row.outside, other_ids),
        )


def _cells(cells: dict[int, matrix.CoverageCell], course_ids: list[int]) -> list[CoverageCell]:
    return [
        CoverageCell.of_values(
            alignment_id=cell.id,
            course_id=course_id,
            level=cell.level,
            version=cell.pinned,
            stale=cell.is_stale,
        )
        for course_id in course_ids
        if (cell := cells.get(course_id)) is not None
    ]


class Figures(Response):
    """How many standards, how many covered and mastered."""

    total: int = Field(description="Standards.")
    covered: int = Field(description="Standards some course covers.")
    covered_percent: int
    mastered: int = Field(description="Standards some course brings to mastered.")
    mastered_percent: int


class FunctionFigures(Figures):
    """A critical work function's figures, counting it and every standard under it."""

    standard_id: int
    code: str
    title: str

    @classmethod
    def of(cls, f: matrix.FunctionFigures) -> FunctionFigures:
        s = f.row.standard
        return cls.from_object(f, standard_id=s.id, code=s.code, title=f.row.title)


class KindFigures(Response):
    """The figures of one kind of counted standard."""

    kind: StandardKind
    total: int = Field(description="Standards of this kind counted.")
    covered: int
    mastered: int


class Summary(Figures):
    """The matrix's figures (of the counted standards: see `counting`)."""

    stale: int = Field(description="Stale alignments in the matrix.")
    depends_on_elective: int = Field(
        description="Counted standards whose coverage depends on the elective chosen."
    )
    by_kind: list[KindFigures] = Field(description="Per kind of standard counted.")
    by_function: list[FunctionFigures] = Field(
        description="Per critical work function, counting the counted standards under it."
    )


class CoverageScope(Response):
    """Which of the program's courses the matrix and figures take."""

    name: str = Field(
        description="required (the courses every student takes), all (every course, as if a "
        "student took every elective) or chosen (the required courses and `electives`).",
        json_schema_extra={"enum": list(paths.SCOPES)},
    )
    statement: str = Field(description="The scope in words, as every output states it.")
    electives: list[int] = Field(description="Scope chosen: the course ids of the electives.")


class Counting(Response):
    """What the figures count."""

    count: str = Field(
        description="leaves (the assessed leaves; work functions roll up) or all (every "
        "standard alike).",
        json_schema_extra={"enum": list(counting.COUNTS)},
    )
    rule: str = Field(description="The rule in words, as every output states it.")


class Coverage(Response):
    """The coverage matrix: columns (courses), rows (standards) with their cells, and figures."""

    program: IdAndName
    framework: IdAndTitle
    courses: list[CoverageCourse] = Field(
        description="The matrix's columns: the program's courses by term."
    )
    rows: list[CoverageRow] = Field(
        description="The framework's standards in tree order, drafts included."
    )
    scope: CoverageScope
    counting: Counting
    summary: Summary

    @classmethod
    def of(cls, cov: matrix.Coverage) -> Coverage:
        course_ids = [pc.course_id for pc in cov.courses]
        other_ids = [pc.course_id for pc in cov.entries if pc.course_id not in set(course_ids)]
        courses = [
            CoverageCourse.from_object(
                pc.course,
                term=pc.term,
                required=pc.required,
                count=cov.column_counts.get(pc.course_id, 0),
            )
            for pc in cov.courses
        ]
        summary = Summary.from_object(
            cov,
            stale=len(cov.stale_ids),
            depends_on_elective=len(cov.depending),
            by_kind=[KindFigures.from_object(k) for k in cov.kinds],
            by_function=[FunctionFigures.of(f) for f in cov.by_function()],
        )
        return cls(
            program=IdAndName.from_object(cov.program),
            framework=IdAndTitle.from_object(cov.framework),
            courses=courses,
            rows=[CoverageRow.of(row, course_ids, other_ids) for row in cov.rows],
            scope=CoverageScope(
                name=cov.scope,
                statement=cov.scope_statement,
                electives=[pc.course_id for pc in cov.chosen],
            ),
            counting=Counting(count=cov.count, rule=cov.counting_rule),
            summary=summary,
        )
