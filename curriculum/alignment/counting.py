"""What the coverage figures count, stated once for the page, CSV, Excel, API and PDF.

Two ways of counting (`count=`):

- ``leaves`` (the default): the assessed leaves, the standards a course is assessed against:
  performance indicators, knowledge and skill items (and an imported item with nothing under
  it). Critical work functions and key activities are not counted; they **roll up** from the
  leaves under them: "covered" when every leaf under them is covered, "partly" when some are,
  "none" when none is (one with no leaf under it rolls up from its own alignments).
- ``all``: every standard shown counts as one, whatever its kind (the old way).

The functions here read coverage rows (anything with `standard`, `depth`, `counted`, `cells`
and `best`) in tree order; they never query.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from curriculum.alignment.models import AlignmentLevel
from curriculum.errors import DomainError
from curriculum.standards.models import KIND_LABELS, StandardKind
from curriculum.standards.rows import AnyStandard

if TYPE_CHECKING:
    pass

COUNTS = ("leaves", "all")
DEFAULT_COUNT = "leaves"
COUNT_LABELS = {
    "leaves": "Assessed leaves (work functions roll up)",
    "all": "Every standard alike",
}
# The kinds that are assessed leaves by their kind; an imported item is one when it is a leaf.
LEAF_KINDS = (
    StandardKind.PERFORMANCE_INDICATOR,
    StandardKind.KNOWLEDGE,
    StandardKind.SKILL,
)
# How the rule names each kind of leaf, in the plural.
_PLURALS = {
    StandardKind.PERFORMANCE_INDICATOR: "performance indicators",
    StandardKind.KNOWLEDGE: "knowledge items",
    StandardKind.SKILL: "skill items",
    StandardKind.ITEM: "items with nothing under them",
}


class CountError(DomainError):
    """A way of counting that is not one (400)."""


class Rollup(StrEnum):
    """How far the leaves under a standard are covered."""

    COVERED = "covered"
    PARTLY = "partly"
    NONE = "none"

    @property
    def label(self) -> str:
        return {"covered": "Covered", "partly": "Partly covered", "none": "Not covered"}[self]


class Row(Protocol):
    depth: int
    cells: Any

    @property
    def standard(self) -> AnyStandard: ...

    @property
    def counted(self) -> bool: ...

    @property
    def best(self) -> AlignmentLevel | None: ...


R = TypeVar("R", bound=Row)


def check_count(count: str | None) -> str:
    """The way of counting asked for ("leaves" when none); CountError for another word."""
    count = (count or DEFAULT_COUNT).strip().lower()
    if count not in COUNTS:
        raise CountError(
            f"“{count}” is not a way of counting: use leaves (the assessed leaves) or all.",
            field="count",
        )
    return count


def is_leaf_kind(kind: StandardKind, has_children: bool) -> bool:
    """Whether a standard of this kind is an assessed leaf."""
    return kind in LEAF_KINDS or (kind == StandardKind.ITEM and not has_children)


@dataclass(frozen=True)
class Shape:
    """What counting needs of the rows: which are leaves, and the leaves under each row."""

    leaves: frozenset[int]  # standard ids of the counted rows that are assessed leaves
    below: dict[int, list[int]]  # standard id -> ids of the counted leaves under it


def shape(rows: Sequence[Row]) -> Shape:
    """Walk the rows (tree order, with depths) once."""
    has_children = {
        rows[i].standard.id: i + 1 < len(rows) and rows[i + 1].depth > rows[i].depth
        for i in range(len(rows))
    }
    leaves = frozenset(
        r.standard.id
        for r in rows
        if r.counted and is_leaf_kind(r.standard.kind, has_children[r.standard.id])
    )
    below: dict[int, list[int]] = {}
    stack: list[Row] = []
    for row in rows:
        while stack and stack[-1].depth >= row.depth:
            stack.pop()
        if row.standard.id in leaves:
            for above in stack:
                below.setdefault(above.standard.id, []).append(row.standard.id)
        stack.append(row)
    return Shape(leaves, below)


def counted(rows: Sequence[R], count: str, found: Shape | None = None) -> list[R]:
    """The rows the figures count: the assessed leaves, or every standard shown."""
    if count == "all":
        return [r for r in rows if r.counted]
    leaves = (found or shape(rows)).leaves
    return [r for r in rows if r.standard.id in leaves]


def rollups(rows: Sequence[Row], found: Shape | None = None) -> dict[int, Rollup]:
    """{standard id: rollup} for every shown row that is not a leaf."""
    found = found or shape(rows)
    covered = {r.standard.id for r in rows if r.cells}
    out: dict[int, Rollup] = {}
    for row in rows:
        sid = row.standard.id
        if sid in found.leaves or not row.counted and sid not in found.below:
            continue
        under = found.below.get(sid)
        if not under:  # nothing assessed below it: its own alignments say
            out[sid] = Rollup.COVERED if row.cells else Rollup.NONE
            continue
        n = sum(1 for leaf in under if leaf in covered)
        out[sid] = Rollup.COVERED if n == len(under) else Rollup.PARTLY if n else Rollup.NONE
    return out


@dataclass(frozen=True)
class KindFigures:
    """The figures of one kind of counted standard."""

    kind: StandardKind
    total: int
    covered: int
    mastered: int

    @property
    def label(self) -> str:
        return KIND_LABELS[self.kind]


def by_kind(rows: Sequence[Row]) -> list[KindFigures]:
    """Covered and mastered of total, per kind, in the kinds' order."""
    figures: dict[StandardKind, list[int]] = {}
    for row in rows:
        f = figures.setdefault(row.standard.kind, [0, 0, 0])
        f[0] += 1
        f[1] += bool(row.cells)
        f[2] += row.best == AlignmentLevel.MASTERED
    return [KindFigures(kind, *figures[kind]) for kind in StandardKind if kind in figures]


def _and(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def statement(count: str, rows: Sequence[Row]) -> str:
    """The rule as the outputs state it: "Counting 98 assessed leaves: performance indicators
    and knowledge items; work functions roll up." (`rows`: the counted rows)."""
    n = len(rows)
    if count == "all":
        return (
            f"Counting all {n} standard{'s' if n != 1 else ''} alike: each critical work "
            "function, key activity and leaf counts as one."
        )
    present = {r.standard.kind for r in rows}
    kinds = [_PLURALS[k] for k in StandardKind if k in present]
    what = _and(kinds) if kinds else "performance indicators, knowledge and skill items"
    return (
        f"Counting {n} assessed lea{'ves' if n != 1 else 'f'}: {what}; work functions roll "
        "up (a key activity or critical work function is covered when every leaf under it is, "
        "partly covered when some are)."
    )
