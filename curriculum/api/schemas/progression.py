"""The API's objects of the progression check: per assessed standard of a program's framework,
the terms the required path introduces, reinforces and masters it in, the electives beside it,
and the problems found (alignment/progression.py)."""

from __future__ import annotations

from pydantic import Field

from curriculum.alignment import progression as model
from curriculum.alignment.models import AlignmentLevel
from curriculum.alignment.progression_flags import FlagKey
from curriculum.api.schemas.base import Response
from curriculum.api.schemas.general import IdAndName, IdAndTitle
from curriculum.standards.models import StandardKind


class ProgressionFlag(Response):
    """A problem of one standard's progression."""

    key: FlagKey
    label: str
    explanation: str = Field(description="What, concretely, is wrong (terms and courses).")


class ProgressionElective(Response):
    """An elective aligned to the standard (never part of the required path)."""

    course_id: int
    code: str
    term: int
    level: AlignmentLevel
    group: str | None = Field(
        description="The either/or group it belongs to; null for a free elective."
    )
    adds: bool = Field(description="It brings a level the required path does not.")


class ProgressionTerms(Response):
    """The terms in which a required course takes the standard to each level, in order."""

    introduced: list[int]
    reinforced: list[int]
    mastered: list[int]


class ProgressionStandard(Response):
    """One assessed standard along the required path."""

    standard_id: int
    code: str
    title: str
    kind: StandardKind
    function_id: int | None = Field(description="Its top-level standard (critical work function).")
    introduced: int | None = Field(description="The first term that introduces it, if any.")
    reinforced: int | None = Field(description="The first term that reinforces it, if any.")
    mastered: int | None = Field(description="The first term that masters it, if any.")
    terms: ProgressionTerms
    electives: list[ProgressionElective]
    flags: list[ProgressionFlag]

    @classmethod
    def of(cls, s: model.StandardProgress) -> ProgressionStandard:
        return cls(
            standard_id=s.standard.id,
            code=s.code,
            title=s.title,
            kind=s.standard.kind,
            function_id=s.function.standard.id if s.function else None,
            introduced=s.introduced,
            reinforced=s.reinforced,
            mastered=s.mastered,
            terms=ProgressionTerms(
                introduced=s.terms(model.INTRODUCED),
                reinforced=s.terms(model.REINFORCED),
                mastered=s.terms(model.MASTERED),
            ),
            electives=[
                ProgressionElective(
                    course_id=e.entry.course_id,
                    code=e.code,
                    term=e.term,
                    level=e.level,
                    group=e.group.name if e.group is not None else None,
                    adds=s.added(e),
                )
                for e in s.electives
            ],
            flags=[
                ProgressionFlag(key=f.key, label=f.label, explanation=f.explanation)
                for f in s.flags
            ],
        )


class FlagCount(Response):
    """How many standards have one kind of problem."""

    key: FlagKey
    label: str
    rule: str = Field(description="What the flag means.")
    count: int


class Progression(Response):
    """The progression check of a program against one of its frameworks."""

    program: IdAndName
    framework: IdAndTitle
    rule: str = Field(description="What is followed and how, in words.")
    first_term: int | None = Field(description="The first term of the required path.")
    total: int = Field(description="Assessed standards followed.")
    flagged: int = Field(description="Standards with at least one flag.")
    counts: list[FlagCount] = Field(description="Every flag, with how many standards have it.")
    standards: list[ProgressionStandard] = Field(description="In tree order.")

    @classmethod
    def of(cls, check: model.Progression) -> Progression:
        counts = check.counts
        return cls(
            program=IdAndName.from_object(check.program),
            framework=IdAndTitle.from_object(check.framework),
            rule=check.rule,
            first_term=check.first_term,
            total=len(check.standards),
            flagged=len(check.flagged),
            counts=[
                FlagCount(key=k.key, label=k.label, rule=k.rule, count=counts[k.key])
                for k in check.flag_kinds
            ],
            standards=[ProgressionStandard.of(s) for s in check.standards],
        )
