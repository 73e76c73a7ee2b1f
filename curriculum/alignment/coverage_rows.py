"""The rows and cells of the coverage model (alignment/coverage.py, which re-exports them):
a course's alignment to a standard as the matrix needs it, a standard's row, a top-level
standard's figures, and `tree`: a framework's rows as a reader sees them, now or as of a day."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from typing import NamedTuple

from curriculum.alignment.counting import Rollup
from curriculum.alignment.models import AlignmentLevel
from curriculum.standards import outline
from curriculum.standards import rows as standard_rows
from curriculum.standards.history import versions_as_of
from curriculum.standards.models import Framework, StandardVersion
from curriculum.standards.rows import AnyVersion, StandardRow


def percent(n: int, total: int) -> int:
    """n of total as a whole percentage (0 when there is nothing to count)."""
    return round(100 * n / total) if total else 0


class CoverageCell(NamedTuple):
    """A course's alignment to a standard as the matrix needs it (plain values: thousands load
    in milliseconds; a named tuple costs a third of a frozen dataclass to make): the union of
    its course-level alignment and its outcomes' ones, at the highest level among them (`id`,
    `version_id` and `note` are that alignment's)."""

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
    standard: StandardRow  # plain values (`standards.rows`): a matrix reads thousands
    depth: int
    version: AnyVersion | None  # the version shown; None: shown by its code only
    cells: dict[int, CoverageCell] = field(default_factory=dict)  # by course id, in scope
    # The program's courses outside the scope that cover it, by course id.
    outside: dict[int, CoverageCell] = field(default_factory=dict)
    # Covered by some course of the program, but not on every student's path.
    depends_on_elective: bool = False
    rollup: Rollup | None = None  # a row that is not an assessed leaf: how far its leaves are
    leaf: bool = False  # an assessed leaf
    figured: bool = False  # counted in the figures (by the coverage's way of counting)

    @property
    def all_cells(self) -> dict[int, CoverageCell]:
        """Every course of the program that covers it, in scope or not."""
        return {**self.outside, **self.cells} if self.outside else self.cells

    @property
    def title(self) -> str:
        return self.version.title if self.version is not None else ""

    @property
    def counted(self) -> bool:
        """Whether the row is a standard the figures count (not a code-only ancestor)."""
        return self.version is not None

    @cached_property
    def best(self) -> AlignmentLevel | None:
        """The highest level a course in scope reaches (cells are filled once, by the coverage
        model, before anything asks: a page asks for every row twice)."""
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


def tree(
    framework: Framework,
    *,
    drafts: bool,
    at: datetime | None = None,
    prefer_published: bool = False,
    read: tuple | None = None,
) -> list[CoverageRow]:
    """The framework's standards in tree order, each with the version shown (two queries;
    `read`: the framework's change token, as `curriculum.stamped.tokens` gave it).

    Now (`at` None): the published version, or with `drafts` the current one (with
    `prefer_published`, the published one where there is one: what was agreed). As of `at`:
    the versions `versions_as_of` gives. Retired standards are left out with everything
    below them; a standard with no version shown but shown standards below it is kept by its
    code only (version None).
    """
    standards = standard_rows.load([framework.id], read)
    if at is None:
        return rows_now(standards, drafts=drafts, prefer_published=prefer_published)
    absent = [
        s
        for s in standards
        if s.created_at > at or (s.retired_at is not None and s.retired_at <= at)
    ]
    shown: Mapping[int, StandardVersion | None] = versions_as_of(framework.id, at, drafts=drafts)
    arranged = outline.arrange(standards, shown, {s.id for s in absent})
    return [CoverageRow(s, depth, version) for s, depth, version in arranged]


def rows_now(
    standards: list[StandardRow], *, drafts: bool, prefer_published: bool
) -> list[CoverageRow]:
    """A framework's rows now, from its standards (versions loaded) in position order."""
    absent = {s.id for s in standards if s.retired_at is not None}
    shown = {
        s.id: outline.shown_now(s, drafts=drafts, prefer_published=prefer_published)
        for s in standards
    }
    return [CoverageRow(s, depth, v) for s, depth, v in outline.arrange(standards, shown, absent)]
