"""Cohort (a program's students by term of entry) with the counts funders ask for,
CohortCredential (credentials earned, by credential) and CohortPlacement (placements by
employer). No individual's record enters the app: only counts, and `privacy.py` suppresses the
small ones wherever they are shown."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import CheckConstraint, ForeignKey, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from curriculum.auth.models import User
from curriculum.courses.models import Program
from curriculum.db import UTCDateTime, utcnow, value_enum
from curriculum.extensions import Model
from curriculum.organizations.models import Organization


class Season(StrEnum):
    """The term of entry within its year, in calendar order."""

    WINTER = "winter"
    SPRING = "spring"
    SUMMER = "summer"
    FALL = "fall"

    @property
    def label(self) -> str:
        return self.value.capitalize()

    @property
    def rank(self) -> int:
        return list(Season).index(self)


# The count columns of a cohort, in the order pages and files show them, with their labels.
COUNT_FIELDS: dict[str, str] = {
    "enrolled": "Enrolled",
    "completed": "Completed",
    "employed_q2": "Employed in the sector, 2nd quarter after exit",
    "employed_q4": "Employed in the sector, 4th quarter after exit",
    "with_health_insurance": "In jobs with health insurance",
    "with_paid_time_off": "In jobs with paid time off",
}
EARNINGS_FIELDS: dict[str, str] = {
    "median_earnings_before": "Median quarterly earnings before",
    "median_earnings_after": "Median quarterly earnings after",
}


class Cohort(Model):
    """A program's students who entered in one term, and what became of them (counts)."""

    __tablename__ = "cohorts"
    __table_args__ = (
        UniqueConstraint("program_id", "entry_year", "entry_season"),
        *(
            CheckConstraint(f"{name} IS NULL OR {name} >= 0", name=f"{name}_not_negative")
            for name in COUNT_FIELDS
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    program_id: Mapped[int] = mapped_column(
        ForeignKey("programs.id", ondelete="CASCADE"), index=True
    )
    entry_year: Mapped[int]
    entry_season: Mapped[Season] = mapped_column(value_enum(Season, 16))
    enrolled: Mapped[int | None]
    completed: Mapped[int | None]
    employed_q2: Mapped[int | None]
    employed_q4: Mapped[int | None]
    with_health_insurance: Mapped[int | None]
    with_paid_time_off: Mapped[int | None]
    # Median quarterly earnings in dollars, before entry and after exit.
    median_earnings_before: Mapped[Decimal | None] = mapped_column(Numeric(10, 2))
    median_earnings_after: Mapped[Decimal | None] = mapped_column(Numeric(10, 2))
    source: Mapped[str] = mapped_column(String(200), default="")  # where the figures come from
    notes: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    program: Mapped[Program] = relationship()
    updated_by: Mapped[User | None] = relationship()
    credentials: Mapped[list[CohortCredential]] = relationship(
        back_populates="cohort",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="CohortCredential.credential",
    )
    placements: Mapped[list[CohortPlacement]] = relationship(
        back_populates="cohort",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="CohortPlacement.id",
    )

    @property
    def term(self) -> str:
        """ "Fall 2025"."""
        return f"{self.entry_season.label} {self.entry_year}"

    @property
    def order(self) -> tuple[int, int]:
        return (self.entry_year, self.entry_season.rank)


class CohortCredential(Model):
    """How many of a cohort earned one credential."""

    __tablename__ = "cohort_credentials"
    __table_args__ = (
        UniqueConstraint("cohort_id", "credential"),
        CheckConstraint("earned >= 0", name="earned_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohorts.id", ondelete="CASCADE"))
    credential: Mapped[str] = mapped_column(String(200))
    earned: Mapped[int] = mapped_column(default=0)

    cohort: Mapped[Cohort] = relationship(back_populates="credentials")


class CohortPlacement(Model):
    """How many of a cohort one employer hired."""

    __tablename__ = "cohort_placements"
    __table_args__ = (
        UniqueConstraint("cohort_id", "organization_id"),
        CheckConstraint("placed >= 0", name="placed_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohorts.id", ondelete="CASCADE"))
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    placed: Mapped[int] = mapped_column(default=0)

    cohort: Mapped[Cohort] = relationship(back_populates="placements")
    organization: Mapped[Organization] = relationship()
