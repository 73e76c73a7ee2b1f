"""The API's objects of career ladders: ladders, their steps (with job quality, requirements and
the programs that lead there), moves, what stands between two steps, and the bodies that draw
them."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Self

from pydantic import Field, PlainSerializer, WithJsonSchema

from curriculum import access
from curriculum.alignment.models import AlignmentLevel
from curriculum.api.schemas.base import Bool, Credits, Id, Input, Integer, Response, Str, Time
from curriculum.api.schemas.general import Page
from curriculum.ladders import models
from curriculum.ladders import reach as reach_rule
from curriculum.ladders.models import Benefit, LadderStatus, MoveKind, StepLevel
from curriculum.ladders.services import MAX_TEXT, MAX_TITLE
from curriculum.standards.models import Level

# An hourly wage in dollars as a JSON number: 18, or 21.5.
Wage = Annotated[
    Decimal,
    PlainSerializer(lambda value: float(value), return_type=float),
    WithJsonSchema({"type": "number"}),
]
# A wage as a request sends it (the service says when it is out of range).
WageInput = Annotated[float, Field(strict=True)]
Title = Annotated[Str, Field(max_length=MAX_TITLE)]
Text = Annotated[Str, Field(max_length=MAX_TEXT)]

# --- Ladders -----------------------------------------------------------------------------------


class Ladder(Response):
    """A career ladder (or lattice) of a partnership, without its steps."""

    id: int
    partnership_id: int
    title: str
    description: str = Field(description="Markdown.")
    status: LadderStatus = Field(
        description="draft: seen by those who see the partnership's drafts; published: by all."
    )
    step_count: int = Field(description="How many steps it has.")
    created_at: Time
    updated_at: Time

    @classmethod
    def of(cls, ladder: models.Ladder, **values) -> Self:
        return cls.from_object(ladder, step_count=len(ladder.steps), **values)


class LadderPage(Page):
    items: list[Ladder] = Field(description="By title.")


class StandardRef(Response):
    """A standard a step requires."""

    id: int
    code: str
    title: str | None = Field(
        description="The pinned version's title; null when the reader may not see that version "
        "(a draft of a partnership they have no role in)."
    )
    framework_id: int


class Requirement(Response):
    """A step requires a standard at a proficiency level, pinned to one version of it."""

    id: int
    step_id: int
    standard: StandardRef
    level: Level = Field(description="The proficiency the job asks: baseline to mastery.")
    version_id: int
    version: int = Field(description="The pinned version's number.")
    stale: bool = Field(description="A newer version than the pinned one has been published.")
    created_at: Time

    @classmethod
    def of(cls, r: models.StepRequirement, reader) -> Requirement:
        title = r.version.title if access.can(reader, "view", r.version) else None
        standard = StandardRef(
            id=r.standard_id,
            code=r.standard.code,
            title=title,
            framework_id=r.standard.framework_id,
        )
        return cls.from_object(r, standard=standard, version=r.version.number, stale=r.is_stale)


class HiringEmployer(Response):
    """One of the partnership's employers hiring for the step."""

    organization_id: int
    name: str
    openings: int | None = Field(description="Openings expected in the next 12 months.")


class ProgramLead(Response):
    """A program whose coverage reaches (some of) the standards a step requires."""

    program_id: int
    name: str
    credential: str = Field(description="What the program awards, such as “Certificate: …”.")
    reached: int = Field(description="Required standards reached on every student's path.")
    electives: int = Field(description="Reached only through electives.")
    below: int = Field(description="Taught, but below the level the step requires.")
    total: int = Field(description="The standards the step requires.")

    @classmethod
    def of(cls, found: reach_rule.ProgramReach) -> ProgramLead:
        return cls.from_object(
            found,
            program_id=found.program.id,
            name=found.program.name,
            credential=found.credential,
        )


class Step(Response):
    """A job on the ladder with its job quality and the standards it requires."""

    id: int
    ladder_id: int
    title: str
    onet_code: str = Field(description='An O*NET-SOC code, such as 51-4041.00 ("": none).')
    level: StepLevel
    position: int = Field(description="Its place within its level, left to right.")
    description: str = Field(description="Markdown.")
    wage_low: Wage | None = Field(description="Typical hourly wage in dollars: low.")
    wage_median: Wage | None
    wage_high: Wage | None
    wage_source: str
    wage_year: int | None
    schedule: str
    conditions: str = Field(description="Working conditions.")
    benefits: dict[Benefit, int] = Field(
        description="Each benefit commonly offered: by how many of the partnership's employers."
    )
    employers: list[HiringEmployer]
    openings: int = Field(description="Openings of every hiring employer together.")
    requirements: list[Requirement]

    @classmethod
    def of(cls, step: models.LadderStep, reader, **values) -> Self:
        return cls.from_object(
            step,
            benefits={b.benefit: b.employers for b in step.benefits},
            employers=[
                HiringEmployer(
                    organization_id=e.organization_id,
                    name=e.organization.name,
                    openings=e.openings,
                )
                for e in step.employers
            ],
            requirements=[Requirement.of(r, reader) for r in step.requirements],
            **values,
        )


class StepDetail(Step):
    """A step with the programs that lead there, best first."""

    programs: list[ProgramLead]

    @classmethod
    def with_programs(
        cls, step: models.LadderStep, reader, found: list[reach_rule.ProgramReach]
    ) -> StepDetail:
        return cls.of(step, reader, programs=[ProgramLead.of(p) for p in found])


class Move(Response):
    """A move from one step to another: up (a promotion) or sideways (a lattice move)."""

    id: int
    ladder_id: int
    from_step_id: int
    to_step_id: int
    kind: MoveKind
    typical_months: int | None = Field(description="How long it typically takes.")
    support: str = Field(description="The training or credential that supports it.")


class LadderDetail(Ladder):
    """A ladder with its steps (levels from the bottom, then place) and its moves."""

    steps: list[StepDetail] = Field(description="By level from the bottom, then place.")
    moves: list[Move]


# --- Between two steps -------------------------------------------------------------------------


class GapCourse(Response):
    """A course of the partnership's colleges teaching the standard at the level needed."""

    course_id: int
    code: str
    title: str
    credits: Credits
    level: AlignmentLevel = Field(description="How far it takes the standard.")
    outcomes: list[str] = Field(
        description="Its learning outcomes that teach it ([]: aligned as a whole)."
    )


class GapItem(Response):
    """A standard the target step requires that the origin does not, or at a lower level."""

    standard: StandardRef
    needed: Level
    held: Level | None = Field(description="The level the origin step requires (null: none).")
    courses: list[GapCourse]


class Gap(Response):
    """What stands between two steps."""

    from_step_id: int
    to_step_id: int
    wage_difference: Wage | None = Field(
        description="The target's median hourly wage less the origin's (null: one is unknown)."
    )
    items: list[GapItem]

    @classmethod
    def of(cls, found: reach_rule.Gap, reader) -> Gap:
        items = []
        for item in found.items:
            requirement = Requirement.of(item.requirement, reader)
            courses = [
                GapCourse(
                    course_id=t.course.id,
                    code=t.course.code,
                    title=t.course.title,
                    credits=t.course.credits,
                    level=t.level,
                    outcomes=t.outcomes,
                )
                for t in item.teaching
            ]
            items.append(
                GapItem(
                    standard=requirement.standard,
                    needed=item.requirement.level,
                    held=item.held,
                    courses=courses,
                )
            )
        return cls(
            from_step_id=found.origin.id,
            to_step_id=found.target.id,
            wage_difference=found.wage_difference,
            items=items,
        )


# --- Request bodies ----------------------------------------------------------------------------


class LadderFields(Input):
    title: Title | None = None
    description: Text | None = Field(None, description="Markdown.")
    status: LadderStatus | None = Field(None, description="A new ladder is a draft by default.")


class LadderInput(LadderFields):
    """A new ladder of the partnership."""

    title: Title


class LadderPatch(LadderFields):
    """Changes to a ladder: only the fields sent change ("status": "published" publishes)."""


class EmployerInput(Input):
    organization_id: Id = Field(description="One of the partnership's employers.")
    openings: Integer | None = Field(None, description="Expected in the next 12 months.")


class StepFields(Input):
    title: Title | None = None
    onet_code: Annotated[Str, Field(max_length=20)] | None = Field(
        None, description="From the bundled O*NET-SOC list, such as 51-4041.00."
    )
    level: StepLevel | None = Field(None, description="entry by default.")
    position: Integer | None = Field(None, description="Its place within its level, from 0.")
    description: Text | None = Field(None, description="Markdown.")
    wage_low: WageInput | None = Field(None, description="Hourly, in dollars.")
    wage_median: WageInput | None = None
    wage_high: WageInput | None = None
    wage_source: Title | None = None
    wage_year: Integer | None = None
    schedule: Text | None = None
    conditions: Text | None = None
    benefits: dict[Benefit, Integer] | None = Field(
        None,
        description="Employers offering each benefit (at most the partnership's employers); "
        "benefits left out stay as they are.",
    )
    employers: Annotated[list[EmployerInput], Field(max_length=1000)] | None = Field(
        None, description="Every employer hiring for the step (replaces the list)."
    )


class StepInput(StepFields):
    """A new step of the ladder."""

    title: Title


class StepPatch(StepFields):
    """Changes to a step: only the fields sent change (null clears a wage)."""


class MoveFields(Input):
    kind: MoveKind | None = Field(
        None, description="up (default): to a higher level; sideways: the same level."
    )
    typical_months: Integer | None = Field(None, description="From 0 to 600.")
    support: Text | None = Field(None, description="The training or credential supporting it.")


class MoveInput(MoveFields):
    """A move between two steps of the ladder."""

    from_step_id: Id
    to_step_id: Id


class MovePatch(MoveFields):
    """Changes to a move (its steps stay: delete it and add another)."""


class RequirementInput(Input):
    """The step requires a standard of the partnership's frameworks at a proficiency level."""

    standard_id: Id
    level: Level | None = Field(None, description="baseline by default.")


class RequirementPatch(Input):
    level: Level | None = None
    confirm: Bool | None = Field(
        None, description="true: re-pin it to the standard's published version."
    )
