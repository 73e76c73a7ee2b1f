"""Course, Program, the program's courses by term, and the frameworks a program uses."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import ForeignKey, Numeric, String, Text, UniqueConstraint, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from curriculum.db import UTCDateTime, new_change_token, utcnow
from curriculum.extensions import Model
from curriculum.organizations.models import Organization
from curriculum.partnerships.models import Partnership
from curriculum.standards.models import Framework

COMMITTEE_SIGNATORY = "Chair, College Curriculum Committee"
CONVENER_SIGNATORY = "Convener, Sector Partnership"


class Course(Model):
    """A course of one college or training provider; its code is unique within that college."""

    __tablename__ = "courses"
    __table_args__ = (UniqueConstraint("organization_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    code: Mapped[str] = mapped_column(String(32))
    title: Mapped[str] = mapped_column(String(200))
    credits: Mapped[Decimal] = mapped_column(Numeric(5, 2), default=Decimal("0"))
    contact_hours: Mapped[int | None]
    description: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    organization: Mapped[Organization] = relationship()
    outcomes: Mapped[list[CourseOutcome]] = relationship(
        back_populates="course",
        cascade="all, delete-orphan",
        order_by="(CourseOutcome.position, CourseOutcome.id)",
    )

    def __repr__(self) -> str:
        return f"<Course {self.code}>"


class CourseOutcome(Model):
    """One learning outcome of a course: numbered by `position` (1, 2, …, dense within the
    course), with the assessment methods that show it is met. Outcomes are what faculty align
    to standards (`Alignment.outcome_id`)."""

    __tablename__ = "course_outcomes"

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=1)
    text: Mapped[str] = mapped_column(Text)
    assessment: Mapped[str] = mapped_column(Text, default="", server_default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    course: Mapped[Course] = relationship(back_populates="outcomes")

    @property
    def label(self) -> str:
        """How the outcome is named beside its course: "MFG 110 outcome 2"."""
        return f"{self.course.code} outcome {self.position}"

    def __repr__(self) -> str:
        return f"<CourseOutcome {self.course_id}#{self.position}>"


class Program(Model):
    """A certificate or degree of one college for one catalog year."""

    __tablename__ = "programs"
    __table_args__ = (UniqueConstraint("organization_id", "name", "catalog_year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    partnership_id: Mapped[int] = mapped_column(
        ForeignKey("partnerships.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    award_type: Mapped[str] = mapped_column(String(80))
    catalog_year: Mapped[str] = mapped_column(String(9))
    description: Mapped[str] = mapped_column(Text, default="")
    copied_from_id: Mapped[int | None] = mapped_column(
        ForeignKey("programs.id", ondelete="SET NULL")
    )
    # Who signs the curriculum document's approval page (the titles under its blank lines).
    committee_signatory: Mapped[str] = mapped_column(
        String(120), default=COMMITTEE_SIGNATORY, server_default=COMMITTEE_SIGNATORY
    )
    convener_signatory: Mapped[str] = mapped_column(
        String(120), default=CONVENER_SIGNATORY, server_default=CONVENER_SIGNATORY
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # When the API's answers made of it (the program, its coverage) last changed: set by
    # curriculum.api.stamps for any change to it, its courses, groups, frameworks, alignments.
    changed_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utcnow, server_default=func.now()
    )
    # A new token at each of those changes (and at insert): what the answers kept in memory
    # (curriculum.stamped) are keyed by, unlike the time exact even when the clock stands still.
    change_token: Mapped[str] = mapped_column(
        String(32), default=new_change_token, server_default="initial"
    )

    organization: Mapped[Organization] = relationship()
    partnership: Mapped[Partnership] = relationship()
    frameworks: Mapped[list[Framework]] = relationship(
        secondary="program_frameworks", order_by="Framework.title"
    )
    courses: Mapped[list[ProgramCourse]] = relationship(
        back_populates="program",
        cascade="all, delete-orphan",
        order_by="(ProgramCourse.term, ProgramCourse.position)",
    )
    elective_groups: Mapped[list[ElectiveGroup]] = relationship(
        back_populates="program",
        cascade="all, delete-orphan",
        order_by="(ElectiveGroup.name, ElectiveGroup.id)",
    )

    @property
    def total_credits(self) -> Decimal:
        return sum((pc.course.credits for pc in self.courses), Decimal("0"))

    @property
    def required_credits(self) -> Decimal:
        return sum((pc.course.credits for pc in self.courses if pc.required), Decimal("0"))


class ProgramFramework(Model):
    """A framework whose standards a program answers to."""

    __tablename__ = "program_frameworks"

    program_id: Mapped[int] = mapped_column(
        ForeignKey("programs.id", ondelete="CASCADE"), primary_key=True
    )
    framework_id: Mapped[int] = mapped_column(
        ForeignKey("frameworks.id", ondelete="CASCADE"), primary_key=True
    )


class ProgramCourse(Model):
    """A course in a program: in which term, in what order, required or elective."""

    __tablename__ = "program_courses"
    __table_args__ = (UniqueConstraint("program_id", "course_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id", ondelete="CASCADE"))
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"), index=True)
    term: Mapped[int] = mapped_column(default=1)
    position: Mapped[int] = mapped_column(default=0)
    required: Mapped[bool] = mapped_column(default=True)
    # An elective in an either/or group ("choose 1 of ROB 220, MFG 215"); None with
    # required False: a free elective.
    group_id: Mapped[int | None] = mapped_column(
        ForeignKey("elective_groups.id", ondelete="SET NULL"), index=True
    )

    program: Mapped[Program] = relationship(back_populates="courses")
    course: Mapped[Course] = relationship()
    group: Mapped[ElectiveGroup | None] = relationship(back_populates="courses")


class ElectiveGroup(Model):
    """Either/or electives of a program: a student takes `choose` of the group's courses."""

    __tablename__ = "elective_groups"
    __table_args__ = (UniqueConstraint("program_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    program_id: Mapped[int] = mapped_column(
        ForeignKey("programs.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(120))
    choose: Mapped[int] = mapped_column(default=1)

    program: Mapped[Program] = relationship(back_populates="elective_groups")
    courses: Mapped[list[ProgramCourse]] = relationship(
        back_populates="group", order_by="(ProgramCourse.term, ProgramCourse.position)"
    )

    @property
    def label(self) -> str:
        """ "Choose 1 of ROB 220, MFG 215"."""
        codes = ", ".join(pc.course.code for pc in self.courses)
        return f"Choose {self.choose} of {codes}" if codes else f"Choose {self.choose}"
