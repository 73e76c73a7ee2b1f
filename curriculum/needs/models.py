"""NeedsSurvey (of a framework, or one release of it), SurveyResponse (one per employer
organization), SurveyRating (importance and hiring difficulty of one standard, 1-5) and
SurveyHires (expected hires in 12 months per career-ladder step)."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from curriculum.auth.models import User
from curriculum.db import UTCDateTime, utcnow, value_enum
from curriculum.extensions import Model
from curriculum.ladders.models import LadderStep
from curriculum.organizations.models import Organization
from curriculum.releases.models import Release
from curriculum.standards.models import Framework, Standard


class SurveyStatus(StrEnum):
    """Open: employers answer and may change their answers. Closed: the results stand."""

    OPEN = "open"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class NeedsSurvey(Model):
    """A convener's survey of the partnership's employers about one framework (or release)."""

    __tablename__ = "needs_surveys"

    id: Mapped[int] = mapped_column(primary_key=True)
    framework_id: Mapped[int] = mapped_column(
        ForeignKey("frameworks.id", ondelete="CASCADE"), index=True
    )
    release_id: Mapped[int | None] = mapped_column(ForeignKey("releases.id", ondelete="SET NULL"))
    title: Mapped[str] = mapped_column(String(200))
    instructions: Mapped[str] = mapped_column(Text, default="")  # Markdown
    status: Mapped[SurveyStatus] = mapped_column(
        value_enum(SurveyStatus, 16), default=SurveyStatus.OPEN
    )
    closes_on: Mapped[date | None]  # the day it is meant to close (closing is a convener's act)
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    framework: Mapped[Framework] = relationship()
    release: Mapped[Release | None] = relationship()
    created_by: Mapped[User | None] = relationship()
    responses: Mapped[list[SurveyResponse]] = relationship(
        back_populates="survey",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="SurveyResponse.id",
    )

    @property
    def is_open(self) -> bool:
        return self.status == SurveyStatus.OPEN


class SurveyResponse(Model):
    """One employer organization's answers to a survey (editable while it is open)."""

    __tablename__ = "survey_responses"
    __table_args__ = (UniqueConstraint("survey_id", "organization_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("needs_surveys.id", ondelete="CASCADE"))
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    survey: Mapped[NeedsSurvey] = relationship(back_populates="responses")
    organization: Mapped[Organization] = relationship()
    submitted_by: Mapped[User | None] = relationship()
    ratings: Mapped[list[SurveyRating]] = relationship(
        back_populates="response",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="SurveyRating.id",
    )
    hires: Mapped[list[SurveyHires]] = relationship(
        back_populates="response",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="SurveyHires.id",
    )

    @property
    def expected_hires(self) -> int:
        """The firm's expected hires in the next 12 months, over every step."""
        return sum(h.hires for h in self.hires)


class SurveyRating(Model):
    """How important a standard is to the firm and how hard it is to hire for (1-5 each)."""

    __tablename__ = "survey_ratings"
    __table_args__ = (
        UniqueConstraint("response_id", "standard_id"),
        CheckConstraint("importance BETWEEN 1 AND 5", name="importance_1_5"),
        CheckConstraint("difficulty BETWEEN 1 AND 5", name="difficulty_1_5"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("survey_responses.id", ondelete="CASCADE"))
    standard_id: Mapped[int] = mapped_column(
        ForeignKey("standards.id", ondelete="CASCADE"), index=True
    )
    importance: Mapped[int]
    difficulty: Mapped[int]

    response: Mapped[SurveyResponse] = relationship(back_populates="ratings")
    standard: Mapped[Standard] = relationship()


class SurveyHires(Model):
    """A firm's expected hires in the next 12 months for one career-ladder step."""

    __tablename__ = "survey_hires"
    __table_args__ = (
        UniqueConstraint("response_id", "step_id"),
        CheckConstraint("hires >= 0", name="hires_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("survey_responses.id", ondelete="CASCADE"))
    step_id: Mapped[int] = mapped_column(
        ForeignKey("ladder_steps.id", ondelete="CASCADE"), index=True
    )
    hires: Mapped[int] = mapped_column(default=0)

    response: Mapped[SurveyResponse] = relationship(back_populates="hires")
    step: Mapped[LadderStep] = relationship()
