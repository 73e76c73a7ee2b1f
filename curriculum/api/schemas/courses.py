"""The API's objects of courses and programs (a course's alignments: alignment.py)."""

from __future__ import annotations

from decimal import Decimal

from pydantic import Field

from curriculum.api.schemas.alignment import Alignment
from curriculum.api.schemas.base import Credits, Response, Time
from curriculum.api.schemas.general import IdAndName, IdAndTitle, Organization, Page
from curriculum.courses import models


class Course(Response):
    """A course of a college."""

    id: int
    code: str
    title: str
    college: Organization
    credits: Credits
    contact_hours: int | None
    description: str = Field(description="Markdown.")
    learning_outcomes: list[str]
    created_at: Time
    updated_at: Time

    @classmethod
    def of(cls, c: models.Course, **values) -> Course:
        return cls.from_object(
            c,
            college=c.organization,
            learning_outcomes=[o.text for o in c.outcomes],
            **values,
        )


class CoursePage(Page):
    items: list[Course]


class CourseDetail(Course):
    """A course with its alignments."""

    alignments: list[Alignment] = Field(description="By framework and standard code.")


class Program(Response):
    """A program's identity, without its courses."""

    id: int
    name: str
    award_type: str
    catalog_year: str = Field(description="Such as 2026-2027.")
    college: Organization
    partnership_id: int
    copied_from_id: int | None = Field(
        description="The program of an earlier catalog year it was copied from."
    )
    created_at: Time

    @classmethod
    def of(cls, p: models.Program, **values) -> Program:
        return cls.from_object(p, college=p.organization, **values)


class ProgramPage(Page):
    items: list[Program]


class TermCourse(Response):
    """A course in a program's term."""

    id: int = Field(description="The course's id.")
    code: str
    title: str
    credits: Credits
    required: bool = Field(description="False for an elective.")
    position: int

    @classmethod
    def of(cls, pc: models.ProgramCourse) -> TermCourse:
        return cls.from_object(pc.course, required=pc.required, position=pc.position)


class Term(Response):
    """A term of a program: its courses, and their credits together."""

    term: int
    credits: Credits
    courses: list[TermCourse]


class ProgramDetail(Program):
    """A program with its partnership, frameworks, and courses by term with credits."""

    description: str = Field(description="Markdown.")
    partnership: IdAndName
    frameworks: list[IdAndTitle]
    terms: list[Term]
    total_credits: Credits
    required_credits: Credits

    @classmethod
    def of(cls, p: models.Program, **values) -> Program:
        by_term: dict[int, list[models.ProgramCourse]] = {}
        for pc in p.courses:
            by_term.setdefault(pc.term, []).append(pc)
        terms = [
            Term(
                term=term,
                credits=sum((pc.course.credits for pc in entries), Decimal("0")),
                courses=[TermCourse.of(pc) for pc in entries],
            )
            for term, entries in sorted(by_term.items())
        ]
        return super().of(p, terms=terms, **values)
