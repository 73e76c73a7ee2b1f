"""What the ladder and step pages show, loaded in a fixed number of queries whatever the number
of steps, moves, requirements, employers or programs: the steps by level with their occupation,
job quality, requirements and the programs that lead there (reach.reach, once for all steps)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import joinedload, selectinload

from curriculum.errors import NotFound
from curriculum.extensions import db
from curriculum.ladders import reach
from curriculum.ladders.models import (
    Benefit,
    Ladder,
    LadderMove,
    LadderStep,
    StepEmployer,
    StepLevel,
    StepRequirement,
)
from curriculum.ladders.steps import employers_of
from curriculum.organizations.models import Organization
from curriculum.standards import onet
from curriculum.standards.models import Framework, Standard, StandardVersion

if TYPE_CHECKING:
    from curriculum.access import Reader


def _step_options() -> list[Any]:
    """Everything a step's details show, loaded with the step."""
    return [
        selectinload(LadderStep.benefits),
        selectinload(LadderStep.employers).joinedload(StepEmployer.organization),
        selectinload(LadderStep.requirements).options(
            joinedload(StepRequirement.standard).options(
                joinedload(Standard.framework), joinedload(Standard.published_version)
            ),
            joinedload(StepRequirement.version),
        ),
    ]


def load_ladder(ladder_id: Any) -> Ladder:
    """A ladder with its partnership, steps (and all they show) and moves; NotFound when none."""
    try:
        wanted = int(ladder_id)
    except (TypeError, ValueError):
        raise NotFound() from None
    ladder = db.session.scalar(
        db.select(Ladder)
        .where(Ladder.id == wanted)
        .options(
            joinedload(Ladder.partnership),
            selectinload(Ladder.steps).options(*_step_options()),
            selectinload(Ladder.moves),
        )
        .execution_options(populate_existing=True)
    )
    if ladder is None:
        raise NotFound()
    return ladder


def ladder_of_step(step_id: Any) -> tuple[Ladder, LadderStep]:
    """The step's ladder, loaded as load_ladder does, and the step in it."""
    try:
        wanted = int(step_id)
    except (TypeError, ValueError):
        raise NotFound() from None
    ladder_id = db.session.scalar(db.select(LadderStep.ladder_id).where(LadderStep.id == wanted))
    if ladder_id is None:
        raise NotFound()
    ladder = load_ladder(ladder_id)
    return ladder, next(s for s in ladder.steps if s.id == wanted)


@dataclass
class StepView:
    """One step as its details show it."""

    step: LadderStep
    occupation: onet.Occupation | None
    programs: list[reach.ProgramReach] = field(default_factory=list)
    moves_in: list[LadderMove] = field(default_factory=list)
    moves_out: list[LadderMove] = field(default_factory=list)

    @property
    def benefits(self) -> list[tuple[Benefit, int]]:
        """The benefits some of the partnership's employers offer, with how many do."""
        counts = {b.benefit: b.employers for b in self.step.benefits}
        return [(b, counts[b]) for b in Benefit if counts.get(b)]

    @property
    def benefits_not_offered(self) -> list[Benefit]:
        """The benefits recorded as offered by none of the employers."""
        counts = {b.benefit: b.employers for b in self.step.benefits}
        return [b for b in Benefit if counts.get(b) == 0]

    @property
    def has_wages(self) -> bool:
        s = self.step
        return any(w is not None for w in (s.wage_low, s.wage_median, s.wage_high))


@dataclass
class LadderPage:
    """A ladder's page: its steps by level (entry first), the moves, the partnership's
    employers (what benefit counts are out of)."""

    ladder: Ladder
    views: dict[int, StepView]
    employers: list[Organization]

    @property
    def levels(self) -> list[tuple[StepLevel, list[StepView]]]:
        rows: list[tuple[StepLevel, list[StepView]]] = []
        for level in StepLevel:
            found = [self.views[s.id] for s in self.ladder.steps if s.level == level]
            if found:
                rows.append((level, found))
        return rows

    @property
    def moves(self) -> list[LadderMove]:
        return sorted(
            self.ladder.moves,
            key=lambda m: (m.from_step.level.rank, m.from_step.title, m.to_step.title),
        )

    def view(self, step: LadderStep) -> StepView:
        return self.views[step.id]


def occupation(code: str) -> onet.Occupation | None:
    return onet.occupations().get(code) if code else None


def ladder_page(ladder: Ladder) -> LadderPage:
    """Everything the ladder page shows (the ladder from load_ladder)."""
    steps = list(ladder.steps)
    programs = reach.reach(steps, reach.programs_of(ladder.partnership_id)) if steps else {}
    views = {s.id: StepView(s, occupation(s.onet_code), programs.get(s.id, [])) for s in steps}
    for move in ladder.moves:
        views[move.from_step_id].moves_out.append(move)
        views[move.to_step_id].moves_in.append(move)
    return LadderPage(ladder, views, employers_of(ladder.partnership_id))


def steps_to_compare(step: LadderStep, reader: Reader) -> list[LadderStep]:
    """The other steps of the ladders of the step's partnership the reader may see (the
    "what stands between" chooser), by ladder, level and place."""
    ladders = reach.visible_ladders(reader, {step.ladder.partnership_id})
    found = db.session.scalars(
        db.select(LadderStep)
        .where(
            LadderStep.ladder_id.in_(ladders.with_only_columns(Ladder.id)),
            LadderStep.id != step.id,
        )
        .options(joinedload(LadderStep.ladder))
    )
    return sorted(found, key=lambda s: (s.ladder.title, s.level.rank, s.position, s.title))


# --- Lists and searches ------------------------------------------------------------------------


def like_pattern(text: str) -> str:
    """`%text%` for LIKE, with its wildcards taken literally (escape character backslash)."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def ladders_of(reader: Reader, partnership_id: int, q: str = ""):
    """A select of the partnership's ladders the reader may see, by title (`q` in it)."""
    query = reach.visible_ladders(reader, {partnership_id}).order_by(Ladder.title)
    if q:
        query = query.where(Ladder.title.ilike(like_pattern(q), escape="\\"))
    return query


def step_counts(ladder_ids: list[int]) -> dict[int, int]:
    """{ladder id: its number of steps} (one query)."""
    return dict(
        db.session.execute(
            db.select(LadderStep.ladder_id, db.func.count(LadderStep.id))
            .where(LadderStep.ladder_id.in_(ladder_ids))
            .group_by(LadderStep.ladder_id)
        ).all()
    )


def standards_to_require(step: LadderStep, q: str = ""):
    """A select of the standards a step may require: those of its partnership's frameworks
    (reference frameworks included), not retired, `q` in the code or in the title of the
    version that would be pinned (the published one, else the current draft)."""
    pinned = db.func.coalesce(Standard.published_version_id, Standard.current_version_id)
    query = (
        db.select(Standard)
        .join(Framework, Framework.id == Standard.framework_id)
        .join(StandardVersion, StandardVersion.id == pinned)
        .where(
            Framework.partnership_id == step.ladder.partnership_id,
            Standard.retired_at.is_(None),
        )
        .options(
            joinedload(Standard.framework),
            joinedload(Standard.published_version),
            joinedload(Standard.current_version),
        )
        .order_by(Framework.title, Standard.code)
    )
    if q:
        pattern = like_pattern(q)
        query = query.where(
            db.or_(
                Standard.code.ilike(pattern, escape="\\"),
                StandardVersion.title.ilike(pattern, escape="\\"),
            )
        )
    return query
