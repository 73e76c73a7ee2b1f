"""The align page as a reader sees it: which holder is aligned (the course as a whole or one of
its learning outcomes), which standards are shown (one critical work function at a time, or a
filtered set: words, a standard and its subtree, aligned or not), one page of them, and which
posted rows changed (only those are saved)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from sqlalchemy.orm import joinedload

from curriculum.alignment import bulk, services, suggest
from curriculum.alignment.models import Alignment
from curriculum.courses.models import Course, CourseOutcome
from curriculum.errors import DomainError, NotFound
from curriculum.extensions import db
from curriculum.standards.models import Framework, Standard
from curriculum.standards.outline import Node, load_tree

PER_PAGE = 100
ALIGNED_CHOICES = ("", "yes", "no")


class FilterError(DomainError):
    """A filter of the align page that is not one it offers (400)."""


def outcome_of(course: Course, outcome_id: int | None) -> CourseOutcome | None:
    """The course's outcome with this id (None: the course as a whole); an outcome of another
    course, or none at all, is NotFound."""
    if outcome_id is None:
        return None
    outcome = db.session.get(CourseOutcome, outcome_id)
    if outcome is None or outcome.course_id != course.id:
        raise NotFound()
    return outcome


def holder_label(course: Course, outcome: CourseOutcome | None, length: int = 90) -> str:
    """ "Course as a whole", or "MFG 110 outcome 2: Inspect guards…" (its text cut short)."""
    if outcome is None:
        return "Course as a whole"
    text = " ".join(outcome.text.split())
    if len(text) > length:
        text = text[: length - 1].rstrip() + "…"
    return f"{services.describe(course, outcome)}: {text}"


@dataclass(frozen=True)
class Filters:
    """What the page shows. `cwf`: the critical work function browsed (None: the whole
    framework); `standard`: a standard and its subtree; `q`: words; `aligned`: "yes"/"no".
    `whole`: the whole framework was asked for (`cwf=` empty); else, without a `cwf` of this
    framework's and without other filters, the first critical work function is shown."""

    cwf: int | None = None
    whole: bool = False
    standard: Standard | None = None
    q: str = ""
    aligned: str = ""

    @property
    def narrowed(self) -> bool:
        """A filtered set rather than a critical work function browsed whole."""
        return bool(self.standard or self.q or self.aligned)


@dataclass
class RowState:
    """What a row shows: ticked or not, level, note, and what it showed when the page was
    rendered (`was_level` "" when not aligned), so a save can tell what the user changed."""

    ticked: bool
    level: str
    note: str
    was_level: str
    was_note: str


@dataclass
class Choice:
    """A critical work function (a top-level standard) in the chooser, with how many of its
    standards the holder is aligned to."""

    node: Node
    aligned: int
    total: int


@dataclass
class Row:
    """A row of the table: a standard the page edits, or (`context`) an ancestor shown only as
    the heading of the rows below it (not part of the form)."""

    node: Node
    context: bool
    alignment: Alignment | None
    elsewhere: list[Alignment] = field(default_factory=list)


@dataclass
class AlignPage:
    """Everything the align page renders, loaded in a fixed number of queries."""

    course: Course
    framework: Framework
    outcome: CourseOutcome | None
    filters: Filters
    choices: list[Choice]
    rows: list[Row]
    matched_ids: set[int]  # every standard the view edits (all its pages)
    total: int
    page: int
    pages: int
    existing: dict[int, Alignment]  # the holder's alignments to the framework, by standard
    suggestions: list[suggest.Suggestion] | None = None
    target_alignments: dict[int, Alignment] = field(default_factory=dict)  # by outcome id

    @property
    def first(self) -> int:
        return (self.page - 1) * PER_PAGE + 1 if self.total else 0

    @property
    def last(self) -> int:
        return min(self.page * PER_PAGE, self.total)

    def state(self) -> dict[int, RowState]:
        """Each edited row as the holder's alignments say."""
        found = {}
        for row in self.rows:
            if row.context:
                continue
            a = row.alignment
            level, note = (a.level.value, a.note) if a else ("", "")
            found[row.node.standard.id] = RowState(
                a is not None, level or bulk.DEFAULT_LEVEL.value, note, level, note
            )
        return found


def _alignments(course: Course, framework: Framework) -> list[Alignment]:
    """Every alignment of the course (course-level and outcomes) to the framework's standards,
    with what the rows show (their standards' published versions, for the stale marker)."""
    return list(
        db.session.scalars(
            db.select(Alignment)
            .join(Standard, Standard.id == Alignment.standard_id)
            .options(
                joinedload(Alignment.version),
                joinedload(Alignment.outcome),
                joinedload(Alignment.standard).joinedload(Standard.published_version),
            )
            .where(Alignment.course_id == course.id, Standard.framework_id == framework.id)
            .order_by(Alignment.standard_id, Alignment.outcome_id.is_not(None), Alignment.id)
        )
    )


def _paths(nodes: list[Node]) -> dict[int, list[int]]:
    """Each node's ancestors (ids, top first), from the tree order and depths."""
    stack: list[Node] = []
    paths: dict[int, list[int]] = {}
    for node in nodes:
        while stack and stack[-1].depth >= node.depth:
            stack.pop()
        paths[node.standard.id] = [n.standard.id for n in stack]
        stack.append(node)
    return paths


def top_functions(nodes: list[Node]) -> list[Node]:
    """The top-level standards (critical work functions) of a loaded tree."""
    return [n for n in nodes if n.depth == 0]


def _editable(node: Node) -> bool:
    return node.matches and not node.code_only


def build(
    course: Course,
    framework: Framework,
    outcome: CourseOutcome | None,
    filters: Filters,
    *,
    drafts: bool,
    page: int = 1,
) -> AlignPage:
    """The align page for the holder (the course, or `outcome`) and `filters`."""
    full = load_tree(framework, drafts=drafts)
    paths = _paths(full)
    course_alignments = _alignments(course, framework)
    in_framework = {n.standard.id for n in full}
    holder = outcome.id if outcome is not None else None
    existing = {
        a.standard_id: a
        for a in course_alignments
        if a.outcome_id == holder and a.standard_id in in_framework
    }
    elsewhere: dict[int, list[Alignment]] = {}
    for a in course_alignments:
        if a.outcome_id != holder and a.standard_id in in_framework:
            elsewhere.setdefault(a.standard_id, []).append(a)

    tops = {n.standard.id: Choice(n, 0, 0) for n in top_functions(full)}
    for n in full:
        if not _editable(n):
            continue
        path = paths[n.standard.id]
        choice = tops[path[0] if path else n.standard.id]
        choice.total += 1
        choice.aligned += n.standard.id in existing

    nodes = load_tree(framework, drafts=drafts, q=filters.q) if filters.q else full
    if filters.cwf not in tops:
        first = next(iter(tops), None)
        filters = replace(filters, cwf=None if filters.whole or filters.narrowed else first)
    root = filters.standard.id if filters.standard is not None else filters.cwf
    matched = [
        n
        for n in nodes
        if _editable(n)
        and (root is None or n.standard.id == root or root in paths[n.standard.id])
        and (not filters.aligned or (n.standard.id in existing) == (filters.aligned == "yes"))
    ]
    pages = max(1, -(-len(matched) // PER_PAGE))
    page = min(max(page, 1), pages)
    on_page = matched[(page - 1) * PER_PAGE : page * PER_PAGE]
    by_id = {n.standard.id: n for n in full}
    rows: list[Row] = []
    done: set[int] = set()
    for node in on_page:
        for aid in paths[node.standard.id]:
            if aid not in done:
                done.add(aid)
                rows.append(Row(by_id[aid], True, existing.get(aid)))
        done.add(node.standard.id)
        sid = node.standard.id
        rows.append(Row(node, False, existing.get(sid), elsewhere.get(sid, [])))

    result = AlignPage(
        course=course,
        framework=framework,
        outcome=outcome,
        filters=filters,
        choices=list(tops.values()),
        rows=rows,
        matched_ids={n.standard.id for n in matched},
        total=len(matched),
        page=page,
        pages=pages,
        existing=existing,
    )
    target = by_id.get(filters.standard.id) if filters.standard is not None else None
    if target is not None and target.shown is not None:
        result.suggestions = suggest.for_standard(course, target.shown)
        result.target_alignments = {
            a.outcome_id: a
            for a in course_alignments
            if a.standard_id == target.standard.id and a.outcome_id is not None
        }
    return result


def standard_in(framework: Framework, standard_id: int | None) -> Standard | None:
    """The standard of the framework with this id (None when not asked); else NotFound."""
    if standard_id is None:
        return None
    standard = db.session.get(Standard, standard_id)
    if standard is None or standard.framework_id != framework.id:
        raise NotFound()
    return standard


def check_aligned(value: str) -> str:
    """The `aligned` filter: "", "yes" or "no"."""
    if value not in ALIGNED_CHOICES:
        raise FilterError("Show aligned standards (“yes”), the others (“no”), or all (empty).")
    return value


@dataclass(frozen=True)
class Posted:
    """One row as the form sent it: its tick, level and note, and the level and note it showed
    when the page was rendered (`was_level` "" = not aligned; None: not sent, read as the
    holder's alignment now)."""

    standard_id: int
    ticked: bool
    level: str | None
    note: str | None
    was_level: str | None
    was_note: str | None


def shown_before(posted: Posted, alignment: Alignment | None) -> RowState:
    """What the row showed when the page was rendered."""
    if posted.was_level is None:
        level, note = (alignment.level.value, alignment.note) if alignment else ("", "")
    else:
        level, note = posted.was_level, posted.was_note or ""
    return RowState(bool(level), level or bulk.DEFAULT_LEVEL.value, note, level, note)


def changed_rows(posted: list[Posted], existing: dict[int, Alignment]) -> list[bulk.Row]:
    """The rows the user changed (tick, level or note differ from what the row showed), as
    rows to save; untouched rows are left out, so a save never rewrites them."""
    rows = []
    for p in posted:
        before = shown_before(p, existing.get(p.standard_id))
        level = p.level if p.level is not None else before.level
        note = (p.note if p.note is not None else before.note).strip()
        if (p.ticked, level, note) != (before.ticked, before.level, before.note.strip()):
            rows.append(bulk.Row(p.standard_id, p.ticked, p.level, p.note))
    return rows


def typed_state(posted: list[Posted], existing: dict[int, Alignment]) -> dict[int, RowState]:
    """The rows as the user typed them (a failed save shows them again), keeping what they
    showed first so the next save still tells what changed."""
    found = {}
    for p in posted:
        before = shown_before(p, existing.get(p.standard_id))
        found[p.standard_id] = RowState(
            p.ticked,
            p.level if p.level is not None else before.level,
            p.note if p.note is not None else before.note,
            before.was_level,
            before.was_note,
        )
    return found
