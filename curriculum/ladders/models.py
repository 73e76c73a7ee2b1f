"""Ladder, LadderStep (a job with its job quality), StepBenefit, StepEmployer (who hires for it),
StepRequirement (a standard version it requires at a proficiency level) and LadderMove."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import CheckConstraint, ForeignKey, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from curriculum.auth.models import User
from curriculum.db import UTCDateTime, utcnow, value_enum
from curriculum.extensions import Model
from curriculum.organizations.models import Organization
from curriculum.partnerships.models import Partnership
from curriculum.standards.models import Level, Standard, StandardVersion


class LadderStatus(StrEnum):
    """A draft is read by those who see the partnership's drafts; a published ladder by all."""

    DRAFT = "draft"
    PUBLISHED = "published"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class StepLevel(StrEnum):
    """How far up the ladder a step is: the diagram's rows, from the bottom."""

    ENTRY = "entry"
    INTERMEDIATE = "intermediate"
    ADVANCED = "advanced"
    EXPERT = "expert"

    @property
    def label(self) -> str:
        return self.value.capitalize()

    @property
    def rank(self) -> int:
        return list(StepLevel).index(self) + 1


class MoveKind(StrEnum):
    """Up: a promotion. Sideways: a lattice move (another employer, occupation or track)."""

    UP = "up"
    SIDEWAYS = "sideways"

    @property
    def label(self) -> str:
        return {"up": "Up (promotion)", "sideways": "Sideways (lattice move)"}[self.value]


class Benefit(StrEnum):
    """Benefits a step commonly comes with, each counted by the employers offering it."""

    HEALTH_INSURANCE = "health_insurance"
    PAID_TIME_OFF = "paid_time_off"
    RETIREMENT = "retirement"
    TUITION_ASSISTANCE = "tuition_assistance"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


class Ladder(Model):
    """A partnership's career ladder or lattice for its industry."""

    __tablename__ = "ladders"
    __table_args__ = (UniqueConstraint("partnership_id", "title"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    partnership_id: Mapped[int] = mapped_column(
        ForeignKey("partnerships.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")  # Markdown
    status: Mapped[LadderStatus] = mapped_column(
        value_enum(LadderStatus, 16), default=LadderStatus.DRAFT
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    partnership: Mapped[Partnership] = relationship()
    created_by: Mapped[User | None] = relationship()
    steps: Mapped[list[LadderStep]] = relationship(
        back_populates="ladder",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="(LadderStep.position, LadderStep.id)",
    )
    moves: Mapped[list[LadderMove]] = relationship(
        back_populates="ladder",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="LadderMove.id",
    )

    @property
    def is_published(self) -> bool:
        return self.status == LadderStatus.PUBLISHED


class LadderStep(Model):
    """A job on the ladder: title, occupation, level and its job quality (wages with their
    source and year, benefits, schedule and conditions, the employers hiring for it)."""

    __tablename__ = "ladder_steps"
    __table_args__ = (
        UniqueConstraint("ladder_id", "title"),
        CheckConstraint(
            "wage_low IS NULL OR wage_median IS NULL OR wage_low <= wage_median",
            name="wage_low_median",
        ),
        CheckConstraint(
            "wage_median IS NULL OR wage_high IS NULL OR wage_median <= wage_high",
            name="wage_median_high",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    ladder_id: Mapped[int] = mapped_column(ForeignKey("ladders.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    onet_code: Mapped[str] = mapped_column(String(10), default="")  # "51-4041.00"
    level: Mapped[StepLevel] = mapped_column(value_enum(StepLevel, 16), default=StepLevel.ENTRY)
    position: Mapped[int] = mapped_column(default=0)  # order within its level (left to right)
    description: Mapped[str] = mapped_column(Text, default="")  # Markdown
    # Typical hourly wage in US dollars, with where the figures come from and their year.
    wage_low: Mapped[Decimal | None] = mapped_column(Numeric(7, 2))
    wage_median: Mapped[Decimal | None] = mapped_column(Numeric(7, 2))
    wage_high: Mapped[Decimal | None] = mapped_column(Numeric(7, 2))
    wage_source: Mapped[str] = mapped_column(String(200), default="")
    wage_year: Mapped[int | None]
    schedule: Mapped[str] = mapped_column(Text, default="")  # shifts, overtime, hours
    conditions: Mapped[str] = mapped_column(Text, default="")  # working conditions
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    ladder: Mapped[Ladder] = relationship(back_populates="steps")
    benefits: Mapped[list[StepBenefit]] = relationship(
        back_populates="step",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="StepBenefit.benefit",
    )
    employers: Mapped[list[StepEmployer]] = relationship(
        back_populates="step",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="StepEmployer.id",
    )
    requirements: Mapped[list[StepRequirement]] = relationship(
        back_populates="step",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="StepRequirement.id",
    )

    @property
    def openings(self) -> int:
        """Openings its employers expect in the next 12 months, together."""
        return sum(e.openings or 0 for e in self.employers)

    def __repr__(self) -> str:
        return f"<LadderStep {self.title}>"


class StepBenefit(Model):
    """A benefit of a step: offered by how many of the partnership's employers."""

    __tablename__ = "step_benefits"
    __table_args__ = (
        UniqueConstraint("step_id", "benefit"),
        CheckConstraint("employers >= 0", name="employers_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    step_id: Mapped[int] = mapped_column(ForeignKey("ladder_steps.id", ondelete="CASCADE"))
    benefit: Mapped[Benefit] = mapped_column(value_enum(Benefit, 32))
    employers: Mapped[int] = mapped_column(default=0)

    step: Mapped[LadderStep] = relationship(back_populates="benefits")


class StepEmployer(Model):
    """One of the partnership's employers hires for a step, expecting so many openings in the
    next 12 months."""

    __tablename__ = "step_employers"
    __table_args__ = (
        UniqueConstraint("step_id", "organization_id"),
        CheckConstraint("openings IS NULL OR openings >= 0", name="openings_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    step_id: Mapped[int] = mapped_column(ForeignKey("ladder_steps.id", ondelete="CASCADE"))
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    openings: Mapped[int | None]

    step: Mapped[LadderStep] = relationship(back_populates="employers")
    organization: Mapped[Organization] = relationship()


class StepRequirement(Model):
    """A step requires a standard, pinned to the version it was made against, at a proficiency
    level. Stale (like an alignment) when a newer version of the standard is published."""

    __tablename__ = "step_requirements"
    __table_args__ = (UniqueConstraint("step_id", "standard_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    step_id: Mapped[int] = mapped_column(ForeignKey("ladder_steps.id", ondelete="CASCADE"))
    standard_id: Mapped[int] = mapped_column(
        ForeignKey("standards.id", ondelete="CASCADE"), index=True
    )
    version_id: Mapped[int] = mapped_column(ForeignKey("standard_versions.id"), index=True)
    level: Mapped[Level] = mapped_column(value_enum(Level, 16))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    step: Mapped[LadderStep] = relationship(back_populates="requirements")
    standard: Mapped[Standard] = relationship()
    version: Mapped[StandardVersion] = relationship()

    @property
    def is_stale(self) -> bool:
        """A newer version of the standard has been published since the pinned one."""
        published = self.standard.published_version
        return published is not None and published.number > self.version.number


class LadderMove(Model):
    """A move from one step to another of the same ladder: up or sideways, with the typical
    time it takes and the training or credential that supports it."""

    __tablename__ = "ladder_moves"
    __table_args__ = (
        UniqueConstraint("from_step_id", "to_step_id"),
        CheckConstraint("from_step_id <> to_step_id", name="not_to_itself"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    ladder_id: Mapped[int] = mapped_column(ForeignKey("ladders.id", ondelete="CASCADE"), index=True)
    from_step_id: Mapped[int] = mapped_column(
        ForeignKey("ladder_steps.id", ondelete="CASCADE"), index=True
    )
    to_step_id: Mapped[int] = mapped_column(
        ForeignKey("ladder_steps.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[MoveKind] = mapped_column(value_enum(MoveKind, 16), default=MoveKind.UP)
    typical_months: Mapped[int | None]
    support: Mapped[str] = mapped_column(Text, default="")  # training or credential

    ladder: Mapped[Ladder] = relationship(back_populates="moves")
    from_step: Mapped[LadderStep] = relationship(foreign_keys=[from_step_id])
    to_step: Mapped[LadderStep] = relationship(foreign_keys=[to_step_id])
