"""The API's objects for keeping the catalog: request bodies that create and change courses and
programs, and a program's course list as a whole (what `PUT /programs/<id>/courses` reads and
answers). What the reads answer: courses.py."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from curriculum.api.schemas.base import Bool, Credits, Id, Input, Integer, Response, Str
from curriculum.courses import models

# Credits as JSON sends them: 3 or 4.5 (the service says when they are out of range).
Number = Annotated[float, Field(strict=True)]
Text = Annotated[Str, Field(max_length=20000)]


class CourseFields(Input):
    """What a course holds, as a request gives it."""

    code: Annotated[Str, Field(max_length=200)] | None = Field(
        None, description="Unique within the college, such as MFG 110 (upper case, 32 at most)."
    )
    title: Annotated[Str, Field(max_length=1000)] | None = None
    credits: Number | None = Field(None, description="From 0 to 99, such as 3 or 4.5.")
    contact_hours: Integer | None = Field(None, description="From 0 to 2,000; null: not given.")
    description: Text | None = Field(None, description="Markdown.")


class CourseInput(CourseFields):
    """A new course of a college."""

    organization_id: Id = Field(description="The college or training provider keeping it.")
    code: Annotated[Str, Field(max_length=200)] = Field(
        description="Unique within the college, such as MFG 110 (upper case, 32 at most)."
    )
    title: Annotated[Str, Field(max_length=1000)]


class CoursePatch(CourseFields):
    """Changes to a course: only the fields sent change (its college and outcomes stay)."""


class ProgramFields(Input):
    """What a program holds, as a request gives it."""

    name: Annotated[Str, Field(max_length=1000)] | None = None
    award_type: Annotated[Str, Field(max_length=200)] | None = Field(
        None, description="Certificate by default."
    )
    catalog_year: Annotated[Str, Field(max_length=20)] | None = Field(
        None, description="Such as 2026-2027."
    )
    description: Text | None = Field(None, description="Markdown.")
    partnership_id: Id | None = Field(
        None, description="The partnership the program answers to; its college takes part in it."
    )
    framework_ids: Annotated[list[Id], Field(max_length=1000)] | None = Field(
        None, description="Frameworks of the program's partnership it answers to."
    )
    committee_signatory: Annotated[Str, Field(max_length=1000)] | None = None
    convener_signatory: Annotated[Str, Field(max_length=1000)] | None = None


class ProgramInput(ProgramFields):
    """A new program of a college."""

    organization_id: Id = Field(description="The college or training provider offering it.")
    name: Annotated[Str, Field(max_length=1000)]
    catalog_year: Annotated[Str, Field(max_length=20)] = Field(description="Such as 2026-2027.")
    partnership_id: Id = Field(description="The partnership the program answers to.")


class ProgramPatch(ProgramFields):
    """Changes to a program: only the fields sent change (its college and courses stay)."""


class EntryInput(Input):
    """One course of the program's list."""

    course_id: Id = Field(description="A course of the program's college.")
    term: Integer = Field(1, description="From 1 to 12.")
    required: Bool = Field(True, description="False for an elective; a course in a group is one.")
    group: Annotated[Str, Field(max_length=1000)] | None = Field(
        None, description="The name of one of `groups`: an either/or elective."
    )


class GroupInput(Input):
    """An elective group: a student takes `choose` of its courses."""

    name: Annotated[Str, Field(max_length=1000)]
    choose: Integer = Field(1, description="At least 1, at most the courses the group holds.")


class ProgramCoursesInput(Input):
    """The program's whole course list and elective groups; what is not listed leaves it."""

    courses: Annotated[list[EntryInput], Field(max_length=1000)] = Field(
        description="In order within each term."
    )
    groups: Annotated[list[GroupInput], Field(max_length=200)] = Field(
        default_factory=list, description="Groups are matched by name (case aside)."
    )


class ProgramEntry(Response):
    """A course in the program's list."""

    course_id: int
    code: str
    title: str
    credits: Credits
    term: int
    position: int = Field(description="Its place in the term, from 0.")
    required: bool
    group: str | None = Field(description="Its elective group's name, if it is in one.")

    @classmethod
    def of(cls, pc: models.ProgramCourse) -> ProgramEntry:
        return cls.from_object(
            pc,
            code=pc.course.code,
            title=pc.course.title,
            credits=pc.course.credits,
            group=pc.group.name if pc.group is not None else None,
        )


class ProgramGroup(Response):
    """An elective group of the program."""

    name: str
    choose: int
    label: str = Field(description="Such as “Choose 1 of ROB 220, MFG 215”.")


class ProgramCourses(Response):
    """The program's course list by term, and its elective groups."""

    program_id: int
    courses: list[ProgramEntry]
    groups: list[ProgramGroup]

    @classmethod
    def of(cls, program: models.Program) -> ProgramCourses:
        return cls(
            program_id=program.id,
            courses=[ProgramEntry.of(pc) for pc in program.courses],
            groups=[ProgramGroup.from_object(g) for g in program.elective_groups],
        )
