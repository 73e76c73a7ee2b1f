"""A career ladder as PDF: a cover, the diagram, then each step with its job quality, the
standards it requires (by the exact version pinned), the programs that lead there and its moves.

Whoever may view the ladder exports it; a draft ladder prints as a draft (DRAFT on every page).
It takes no options: it prints the ladder as it stands. The programs are `reach`'s, the one rule.
A requirement pinned to a version not (yet) published is printed by its code only in a published
ladder's document (as the standards documents print unpublished standards).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any, ClassVar

from flask import url_for
from markupsafe import Markup
from sqlalchemy.orm import joinedload, selectinload
from werkzeug.routing import BuildError

from curriculum import access
from curriculum.access import Reader
from curriculum.alignment.coverage import NOT_PUBLISHED
from curriculum.errors import NotFound
from curriculum.exports.kinds import Kind, register
from curriculum.extensions import db
from curriculum.ladders import reach
from curriculum.ladders.models import (
    Ladder,
    LadderMove,
    LadderStep,
    StepEmployer,
    StepLevel,
    StepRequirement,
)
from curriculum.ladders.steps import employers_of
from curriculum.partnerships.models import Partnership
from curriculum.standards import onet


def is_draft(ladder: Ladder) -> bool:
    """A ladder not published prints as a draft: every page marked DRAFT."""
    return not ladder.is_published


@dataclass
class PrintedRequirement:
    """A standard a step requires, as printed: its code, the pinned version's title and number
    (`shown` False: a version not published, in a published ladder's document: code only)."""

    requirement: StepRequirement
    shown: bool

    @property
    def code(self) -> str:
        return self.requirement.standard.code

    @property
    def title(self) -> str:
        return self.requirement.version.title if self.shown else NOT_PUBLISHED

    @property
    def version(self) -> int:
        return self.requirement.version.number

    @property
    def label(self) -> str:
        """ "A.1 (intermediate, v2)": the step list's way of naming it."""
        return f"{self.code} ({self.requirement.level.value}, v{self.version})"

    @property
    def stale(self) -> str:
        """ "v3 published since" when a newer version was published, else ""."""
        published = self.requirement.standard.published_version
        if self.requirement.is_stale and published is not None:
            return f"v{published.number} published since"
        return ""


@dataclass
class PrintedStep:
    step: LadderStep
    requirements: list[PrintedRequirement]
    programs: list[reach.ProgramReach]
    moves_out: list[LadderMove] = field(default_factory=list)
    moves_in: list[LadderMove] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return f"step-{self.step.id}"

    @property
    def occupation(self) -> str:
        """ "51-9199.00 Production Workers, All Other" ("" without a code)."""
        code = self.step.onet_code
        found = onet.occupations().get(code) if code else None
        return f"{code} {found.title}" if found else code

    @property
    def wages(self) -> list[tuple[str, str]]:
        """The wage figures given, as ("Low", "$16.40"), ("Median", ...), ("High", ...)."""
        figures = [("Low", self.step.wage_low), ("Median", self.step.wage_median)]
        figures.append(("High", self.step.wage_high))
        return [(name, f"${value:,.2f}") for name, value in figures if value is not None]

    @property
    def benefits(self) -> list[tuple[str, int]]:
        """Each benefit recorded, with the employers offering it."""
        return [(b.benefit.label, b.employers) for b in self.step.benefits]

    @property
    def employers(self) -> list[StepEmployer]:
        """Its hiring employers, most openings first."""
        return sorted(self.step.employers, key=lambda e: (-(e.openings or 0), e.organization.name))


@dataclass
class LadderDocument:
    ladder: Ladder
    steps: list[PrintedStep]  # by level from entry up, then left to right
    employers: int  # the partnership's employers (the benefits' "of N")
    drafts: bool
    diagram: Markup | str = ""
    not_published: ClassVar[str] = NOT_PUBLISHED

    @property
    def levels(self) -> list[tuple[StepLevel, list[PrintedStep]]]:
        """The levels that have steps, from entry up, each with its steps."""
        return [
            (level, found)
            for level in StepLevel
            if (found := [p for p in self.steps if p.step.level == level])
        ]

    @property
    def move_counts(self) -> Counter[str]:
        """How many moves of each kind: {"up": 9, "sideways": 3}."""
        return Counter(m.kind.value for m in self.ladder.moves)

    @property
    def wage_sources(self) -> list[str]:
        """Where the wages come from: "Source (2025)", each once."""
        found = [
            f"{s.step.wage_source} ({s.step.wage_year})" if s.step.wage_year else s.step.wage_source
            for s in self.steps
            if s.step.wage_source
        ]
        return list(dict.fromkeys(found))


def load_ladder(ladder_id: int) -> Ladder:
    """The ladder with everything its PDF and step list print loaded, or NotFound."""
    ladder = db.session.scalar(
        db.select(Ladder)
        .options(
            joinedload(Ladder.partnership),
            selectinload(Ladder.steps).options(
                selectinload(LadderStep.benefits),
                selectinload(LadderStep.employers).joinedload(StepEmployer.organization),
                selectinload(LadderStep.requirements).options(
                    joinedload(StepRequirement.standard),
                    joinedload(StepRequirement.version),
                ),
            ),
            selectinload(Ladder.moves).options(
                joinedload(LadderMove.from_step), joinedload(LadderMove.to_step)
            ),
        )
        .where(Ladder.id == ladder_id)
    )
    if ladder is None:
        raise NotFound()
    return ladder


def in_order(ladder: Ladder) -> list[LadderStep]:
    """The ladder's steps from entry level up, each level's left to right."""
    return sorted(ladder.steps, key=lambda s: (s.level.rank, s.position, s.id))


def ladder_document(ladder: Ladder) -> LadderDocument:
    """What the ladder's PDF prints (fixed queries whatever the ladder's size)."""
    from curriculum.ladders.diagram import ladder_svg

    drafts = is_draft(ladder)
    programs = reach.ladder_reach(ladder)
    ordered = in_order(ladder)
    printed = {
        s.id: PrintedStep(
            s,
            [PrintedRequirement(r, drafts or r.version.is_public) for r in requirements_of(s)],
            programs.get(s.id, []),
        )
        for s in ordered
    }
    for move in ladder.moves:
        printed[move.from_step_id].moves_out.append(move)
        printed[move.to_step_id].moves_in.append(move)
    return LadderDocument(
        ladder,
        list(printed.values()),
        len(employers_of(ladder.partnership_id)),
        drafts,
        ladder_svg(ladder, links=False),
    )


def requirements_of(step: LadderStep) -> list[StepRequirement]:
    """A step's requirements by code (A.2 before A.10)."""
    return sorted(step.requirements, key=lambda r: _code_key(r.standard.code))


def _code_key(code: str) -> list[tuple[int, Any]]:
    """A.10 after A.9: numbers compare as numbers."""
    return [(0, int(p)) if p.isdigit() else (1, p) for p in code.split(".")]


class LadderKind(Kind):
    name = "ladder"
    noun, plural, model, relation = "ladder", "ladders", Ladder, "ladder"
    template = "exports/ladder.html"
    form_template = "exports/new_ladder.html"
    label = "Career ladder"
    summary = (
        "Ask for a career ladder as PDF: the diagram, each step's job quality, required "
        "standards, programs and moves (whoever may see the ladder; a draft is marked DRAFT)."
    )
    options = ()  # it prints the ladder as it stands: no drafts, no "as of"

    def load(self, subject_id: int) -> Ladder:
        return load_ladder(subject_id)

    def partnership(self, ladder: Ladder) -> Partnership:
        return ladder.partnership

    def require(self, user: Reader, ladder: Ladder) -> None:
        access.require(user, "view", ladder)

    def gather(
        self, ladder: Ladder, options: dict, *, drafts: bool, as_of: date | None
    ) -> LadderDocument:
        return ladder_document(ladder)

    def html(self, ladder: Ladder, options: dict, exported_on: str, doc: Any = None) -> str:
        return super().html(ladder, {**options, "drafts": is_draft(ladder)}, exported_on, doc)

    def options_label(self, options: dict) -> str:
        return "the ladder as it stands"

    def titles(self, ladder: Ladder) -> dict:
        return {
            "doc_title": ladder.title,
            "doc_org": ladder.partnership.name,
            "doc_subject": f"The career ladder {ladder.title}: its steps with their job "
            "quality, the standards they require and the programs that lead there",
        }

    def filename_words(self, ladder: Ladder) -> list[str]:
        return [ladder.title, "career ladder"] + (["draft"] if is_draft(ladder) else [])

    def subject_url(self, ladder: Ladder) -> str:
        try:
            return url_for("ladders.ladder", ladder_id=ladder.id)
        except BuildError:  # an app without the ladder pages: the print view stands in
            return url_for("exports.print_ladder", ladder_id=ladder.id)


register(LadderKind())
