"""What the program page shows, gathered in a fixed number of queries: the courses by term
(required, elective, or in an elective group), the elective groups with their courses, the
coverage figures per framework, and the college's courses that could be added."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from curriculum import access
from curriculum.alignment import coverage as coverage_model
from curriculum.courses import services
from curriculum.courses.models import Course, ElectiveGroup, Program, ProgramCourse
from curriculum.courses.paths import in_order, is_required
from curriculum.extensions import db
from curriculum.standards.models import Framework

# The "add an existing course" search shows this many courses at most; more: refine.
SEARCH_LIMIT = 20


@dataclass
class Group:
    """An elective group with its courses in column order (read from the program's list, so
    no query per group)."""

    group: ElectiveGroup
    entries: list[ProgramCourse] = field(default_factory=list)

    @property
    def codes(self) -> str:
        return ", ".join(pc.course.code for pc in self.entries)

    @property
    def rule(self) -> str:
        """ "choose 1 of ROB 220, MFG 215" ("choose 1 (no courses yet)" when empty)."""
        if not self.entries:
            return f"choose {self.group.choose} (no courses in it yet)"
        return f"choose {self.group.choose} of {self.codes}"


@dataclass
class Term:
    number: int
    entries: list[ProgramCourse]

    @property
    def credits(self) -> Decimal:
        return sum((pc.course.credits for pc in self.entries), Decimal("0"))


@dataclass(frozen=True)
class Figures:
    """A framework's headline coverage figures: from the required courses, and from all."""

    framework: Framework
    required: coverage_model.Coverage
    everything: coverage_model.Coverage

    @property
    def total(self) -> int:
        return self.required.total


@dataclass
class ProgramPage:
    program: Program
    terms: list[Term]
    groups: list[Group]
    by_entry: dict[int, Group]  # program course id -> its group

    def kind(self, entry: ProgramCourse) -> str:
        """ "Required", "Elective", or "Technical elective: choose 1 of ROB 220, MFG 215"."""
        group = self.by_entry.get(entry.id)
        if group is not None:
            return f"{group.group.name}: {group.rule}"
        return "Required" if is_required(entry) else "Elective"


def gather(program: Program) -> ProgramPage:
    """The program's courses by term and its elective groups (one query for the groups; the
    courses come loaded with the program)."""
    groups = {g.id: Group(g) for g in program.elective_groups}
    by_entry: dict[int, Group] = {}
    terms: dict[int, list[ProgramCourse]] = {}
    for pc in in_order(program):
        terms.setdefault(pc.term, []).append(pc)
        if pc.group_id is not None and pc.group_id in groups:
            groups[pc.group_id].entries.append(pc)
            by_entry[pc.id] = groups[pc.group_id]
    return ProgramPage(
        program,
        [Term(n, entries) for n, entries in sorted(terms.items())],
        list(groups.values()),
        by_entry,
    )


def figures(program: Program, *, drafts: bool) -> list[Figures]:
    """For each framework of the program, its coverage from the required courses and from all
    its courses, as the coverage module counts them (a fixed number of queries per framework,
    whatever the number of courses)."""
    everything = in_order(program)
    return [
        Figures(
            framework,
            coverage_model.coverage(program, framework, drafts=drafts, courses=everything),
            coverage_model.coverage(
                program, framework, drafts=drafts, courses=everything, scope="all"
            ),
        )
        for framework in program.frameworks
    ]


@dataclass(frozen=True)
class Candidates:
    """The college's courses found for "add an existing course": those the user may add, those
    they may not (in programs of other partnerships), and how many matched in all."""

    courses: list[Course]
    addable: set[int]
    matched: int

    @property
    def more(self) -> bool:
        return self.matched > len(self.courses)


def candidates(program: Program, user, q: str) -> Candidates:
    """Courses of the program's college matching `q` (words in code or title) that are not in
    the program yet: the first SEARCH_LIMIT by code, and the count of all matches."""
    taken = [pc.course_id for pc in program.courses]
    query = services.search_courses(q, program.organization_id)
    if taken:
        query = query.where(Course.id.not_in(taken))
    found = list(db.session.scalars(query.limit(SEARCH_LIMIT)))
    matched = len(found)
    if matched == SEARCH_LIMIT:
        matched = db.session.scalar(db.select(db.func.count()).select_from(query.subquery())) or 0
    addable = {c.id for c in access.addable_courses(user, program, found)}
    return Candidates(found, addable, matched)
