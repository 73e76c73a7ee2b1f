"""What the alignments say about a ladder: the programs that lead to a step, the steps a
program prepares for, the steps that require a standard, and what stands between two steps.

The one rule of "reaching" a requirement: a step requires a standard at a proficiency level;
a course teaches it at the level of its alignment (the union of its outcomes', as coverage
counts it) to that standard or to any standard beneath it in the tree. The levels match as
baseline ↔ introduced, intermediate ↔ reinforced, mastery ↔ mastered. A program **reaches** a
requirement when courses teaching it at that level or higher are on every student's path
(`courses.paths.on_every_path`: required, or an elective group that cannot be passed by);
**through electives** when only some paths take one; **below** when its courses teach the
standard at a lower level only. Every page, export and API answer asks here.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from sqlalchemy.orm import joinedload, selectinload

from curriculum import access
from curriculum.alignment.models import LEVEL_RANK, Alignment, AlignmentLevel
from curriculum.courses import paths
from curriculum.courses.models import Course, ElectiveGroup, Program, ProgramCourse
from curriculum.extensions import db
from curriculum.ladders.models import Ladder, LadderStatus, LadderStep, StepRequirement
from curriculum.partnerships.models import PartnershipOrganization
from curriculum.standards.models import Level, Standard

if TYPE_CHECKING:
    from curriculum.access import Reader

LEVEL_FOR: dict[Level, AlignmentLevel] = {
    Level.BASELINE: AlignmentLevel.INTRODUCED,
    Level.INTERMEDIATE: AlignmentLevel.REINFORCED,
    Level.MASTERY: AlignmentLevel.MASTERED,
}
RANK = {level: LEVEL_RANK[taught] for level, taught in LEVEL_FOR.items()}


def meets(taught: AlignmentLevel | None, required: Level) -> bool:
    """Whether teaching at `taught` reaches the proficiency `required`."""
    return taught is not None and LEVEL_RANK[taught] >= RANK[required]


def beneath(standard_ids: Iterable[int]) -> dict[int, set[int]]:
    """Each standard's id with the ids of every standard below it in its tree (one query)."""
    wanted = set(standard_ids)
    if not wanted:
        return {}
    frameworks = db.select(Standard.framework_id).where(Standard.id.in_(wanted))
    children: dict[int, list[int]] = defaultdict(list)
    for sid, parent in db.session.execute(
        db.select(Standard.id, Standard.parent_id).where(Standard.framework_id.in_(frameworks))
    ):
        if parent is not None:
            children[parent].append(sid)
    found: dict[int, set[int]] = {}
    for root in wanted:
        seen, todo = {root}, [root]
        while todo:
            for child in children.get(todo.pop(), ()):
                if child not in seen:
                    seen.add(child)
                    todo.append(child)
        found[root] = seen
    return found


def _alignments(standard_ids: set[int], courses) -> list[Alignment]:
    """Alignments of these courses (a select of ids) to these standards, loaded for display."""
    if not standard_ids:
        return []
    return list(
        db.session.scalars(
            db.select(Alignment)
            .where(Alignment.standard_id.in_(standard_ids), Alignment.course_id.in_(courses))
            .options(
                joinedload(Alignment.course).joinedload(Course.organization),
                joinedload(Alignment.outcome),
            )
            .order_by(Alignment.course_id, Alignment.id)
        )
    )


def _best_by_course(alignments: Iterable[Alignment], ids: set[int]) -> dict[int, AlignmentLevel]:
    best: dict[int, AlignmentLevel] = {}
    for a in alignments:
        if a.standard_id in ids and (
            a.course_id not in best or LEVEL_RANK[a.level] > LEVEL_RANK[best[a.course_id]]
        ):
            best[a.course_id] = a.level
    return best


# --- Programs and steps ------------------------------------------------------------------------


@dataclass
class RequirementReach:
    """How one program meets one requirement of a step."""

    requirement: StepRequirement
    state: str  # "reached", "electives", "below" or "none"
    courses: list[Course] = field(default_factory=list)  # teaching it at the level or above


@dataclass
class ProgramReach:
    """How far a program leads to a step."""

    program: Program
    rows: list[RequirementReach]

    def count(self, state: str) -> int:
        return sum(1 for r in self.rows if r.state == state)

    @property
    def reached(self) -> int:
        return self.count("reached")

    @property
    def electives(self) -> int:
        return self.count("electives")

    @property
    def below(self) -> int:
        return self.count("below")

    @property
    def total(self) -> int:
        return len(self.rows)

    @property
    def complete(self) -> bool:
        """Every requirement reached on every student's path."""
        return self.total > 0 and self.reached == self.total

    @property
    def credential(self) -> str:
        """What the program awards: "Certificate: Industrial Maintenance (2026-2027)"."""
        return f"{self.program.award_type}: {self.program.name}"

    @property
    def summary(self) -> str:
        text = f"reaches {self.reached} of {self.total} required standards"
        if self.electives:
            text += f", {self.electives} more through electives"
        if self.below:
            text += f", {self.below} below the level required"
        return text


def _programs(partnership_ids: set[int], program_ids: set[int] | None = None) -> list[Program]:
    query = (
        db.select(Program)
        .where(Program.partnership_id.in_(partnership_ids))
        .options(
            joinedload(Program.organization),
            selectinload(Program.courses).joinedload(ProgramCourse.course),
            selectinload(Program.elective_groups)
            .selectinload(ElectiveGroup.courses)
            .joinedload(ProgramCourse.course),
        )
        .order_by(Program.name, Program.catalog_year.desc())
    )
    if program_ids is not None:
        query = query.where(Program.id.in_(program_ids))
    return list(db.session.scalars(query))


def reach(steps: list[LadderStep], programs: list[Program]) -> dict[int, list[ProgramReach]]:
    """{step id: the programs (those touching any of its requirements), best first}, in a
    fixed number of queries whatever the counts. Steps need `requirements` loaded."""
    requirements = [r for s in steps for r in s.requirements]
    under = beneath({r.standard_id for r in requirements})
    all_ids = set().union(*under.values()) if under else set()
    course_ids = {pc.course_id for p in programs for pc in p.courses}
    found = _alignments(all_ids, list(course_ids)) if course_ids else []
    answer: dict[int, list[ProgramReach]] = {}
    for step in steps:
        reaches = []
        for program in programs:
            entries = {pc.course_id: pc.course for pc in program.courses}
            rows = []
            for requirement in step.requirements:
                best = _best_by_course(found, under[requirement.standard_id])
                teaching = [c for c, lvl in best.items() if c in entries]
                enough = [c for c in teaching if meets(best[c], requirement.level)]
                if enough and paths.on_every_path(program, enough):
                    state = "reached"
                elif enough:
                    state = "electives"
                elif teaching:
                    state = "below"
                else:
                    state = "none"
                rows.append(RequirementReach(requirement, state, [entries[c] for c in enough]))
            result = ProgramReach(program, rows)
            if result.reached or result.electives or result.below:
                reaches.append(result)
        reaches.sort(key=lambda r: (-r.reached, -r.electives, -r.below, r.program.name))
        answer[step.id] = reaches
    return answer


def programs_for_step(step: LadderStep) -> list[ProgramReach]:
    """The programs of the step's partnership that lead towards it, best first."""
    return reach([step], _programs({step.ladder.partnership_id}))[step.id]


def ladder_reach(ladder: Ladder) -> dict[int, list[ProgramReach]]:
    """{step id: the programs of the ladder's partnership that lead towards it, best first} for
    every step of the ladder at once (fixed queries; steps need `requirements` loaded)."""
    return reach(list(ladder.steps), _programs({ladder.partnership_id}))


def visible_ladders(reader: Reader, partnership_ids: Iterable[int] | None = None):
    """A select of the ladders a reader may see: published ones, and drafts of partnerships
    whose drafts the reader sees (the access rule for `view`, as a query)."""
    query = db.select(Ladder)
    if partnership_ids is not None:
        query = query.where(Ladder.partnership_id.in_(set(partnership_ids)))
    if access.is_admin(reader):
        return query
    insiders = [pid for pid in access.roles_of(reader) if access.sees_drafts(reader, pid)]
    return query.where(
        db.or_(Ladder.status == LadderStatus.PUBLISHED, Ladder.partnership_id.in_(insiders))
    )


def _steps_of(ladders) -> list[LadderStep]:
    return list(
        db.session.scalars(
            db.select(LadderStep)
            .where(LadderStep.ladder_id.in_(ladders.with_only_columns(Ladder.id)))
            .options(
                joinedload(LadderStep.ladder),
                selectinload(LadderStep.requirements).options(
                    joinedload(StepRequirement.standard), joinedload(StepRequirement.version)
                ),
            )
            .order_by(LadderStep.ladder_id, LadderStep.position, LadderStep.id)
        )
    )


def steps_for_program(program: Program, reader: Reader) -> list[tuple[LadderStep, ProgramReach]]:
    """The steps (of ladders the reader may see) a program leads towards, best first."""
    steps = _steps_of(visible_ladders(reader, {program.partnership_id}))
    if not steps:
        return []
    programs = _programs({program.partnership_id}, {program.id})
    if not programs:
        return []
    found = reach(steps, programs)
    pairs = [(s, found[s.id][0]) for s in steps if found[s.id]]
    pairs.sort(key=lambda p: (-p[1].reached, -p[1].electives, p[0].ladder.title, p[0].title))
    return pairs


def find_step(step_id: int) -> LadderStep | None:
    """A step with its ladder, partnership and requirements (None when there is none)."""
    return db.session.scalar(
        db.select(LadderStep)
        .where(LadderStep.id == step_id)
        .options(
            joinedload(LadderStep.ladder).joinedload(Ladder.partnership),
            selectinload(LadderStep.requirements),
        )
    )


def steps_visible(reader: Reader, partnership_id: int) -> list[LadderStep]:
    """The steps of the partnership's ladders the reader may see, by ladder then level and
    place (for choosing a step; one query)."""
    ladders = visible_ladders(reader, {partnership_id})
    return list(
        db.session.scalars(
            db.select(LadderStep)
            .join(Ladder, Ladder.id == LadderStep.ladder_id)
            .where(LadderStep.ladder_id.in_(ladders.with_only_columns(Ladder.id)))
            .options(joinedload(LadderStep.ladder))
            .order_by(Ladder.title, Ladder.id, LadderStep.position, LadderStep.id)
        )
    )


def steps_requiring(standard: Standard, reader: Reader) -> list[StepRequirement]:
    """The requirements of a standard by steps of ladders the reader may see."""
    ladders = visible_ladders(reader, {standard.framework.partnership_id})
    return list(
        db.session.scalars(
            db.select(StepRequirement)
            .join(LadderStep, LadderStep.id == StepRequirement.step_id)
            .where(
                StepRequirement.standard_id == standard.id,
                LadderStep.ladder_id.in_(ladders.with_only_columns(Ladder.id)),
            )
            .options(
                joinedload(StepRequirement.step).joinedload(LadderStep.ladder),
                joinedload(StepRequirement.version),
            )
            .order_by(LadderStep.ladder_id, LadderStep.position, LadderStep.id)
        )
    )


# --- Between two steps -------------------------------------------------------------------------


@dataclass
class Teaching:
    """A course teaching a standard at a level: its outcomes that do (none: course-level)."""

    course: Course
    level: AlignmentLevel
    outcomes: list[str] = field(default_factory=list)  # "MFG 110 outcome 2: …"


@dataclass
class GapItem:
    """A standard the target step requires beyond the origin's: at what level the origin
    holds it (None: not at all), and the courses that teach it at the level needed."""

    requirement: StepRequirement
    held: Level | None
    teaching: list[Teaching]


@dataclass
class Gap:
    origin: LadderStep
    target: LadderStep
    items: list[GapItem]

    @property
    def wage_difference(self) -> Decimal | None:
        """The target's median hourly wage less the origin's (None when one is unknown)."""
        if self.origin.wage_median is None or self.target.wage_median is None:
            return None
        return self.target.wage_median - self.origin.wage_median


def gap(origin: LadderStep, target: LadderStep) -> Gap:
    """What stands between two steps: the standards the target requires that the origin does
    not (or at a lower level), with the courses of the partnership's colleges teaching each at
    the level needed (credits on each course). Fixed queries."""
    held = {r.standard_id: r.level for r in origin.requirements}
    missing = [
        r
        for r in target.requirements
        if r.standard_id not in held or RANK[held[r.standard_id]] < RANK[r.level]
    ]
    if missing:  # their standards and pinned versions, in one query rather than one each
        db.session.scalars(
            db.select(StepRequirement)
            .where(StepRequirement.id.in_([r.id for r in missing]))
            .options(joinedload(StepRequirement.standard), joinedload(StepRequirement.version))
        ).all()
    under = beneath({r.standard_id for r in missing})
    colleges = db.select(PartnershipOrganization.organization_id).where(
        PartnershipOrganization.partnership_id == target.ladder.partnership_id
    )
    courses = db.select(Course.id).where(Course.organization_id.in_(colleges))
    found = _alignments(set().union(*under.values()) if under else set(), courses)
    items = []
    for requirement in missing:
        by_course: dict[int, Teaching] = {}
        for a in found:
            if a.standard_id not in under[requirement.standard_id]:
                continue
            if not meets(a.level, requirement.level):
                continue
            teaching = by_course.setdefault(a.course_id, Teaching(a.course, a.level))
            if LEVEL_RANK[a.level] > LEVEL_RANK[teaching.level]:
                teaching.level = a.level
            label = (
                f"{a.course.code} outcome {a.outcome.position}: {a.outcome.text}"
                if a.outcome
                else ""
            )
            if label and label not in teaching.outcomes:
                teaching.outcomes.append(label)
        teaching_list = sorted(by_course.values(), key=lambda t: t.course.code)
        items.append(GapItem(requirement, held.get(requirement.standard_id), teaching_list))
    return Gap(origin, target, items)


def programs_of(partnership_id: int) -> list[Program]:
    """The partnership's programs, loaded as `reach` needs them (one query per relation)."""
    return _programs({partnership_id})
