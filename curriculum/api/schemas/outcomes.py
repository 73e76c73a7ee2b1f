"""The API's objects of a course's learning outcomes, and the bodies that make and change them
(their alignments are alignment.py's `Alignment`, with `outcome_id`)."""

from __future__ import annotations

from pydantic import Field

from curriculum.api.schemas.alignment import Alignment
from curriculum.api.schemas.base import Input, Integer, Response, Str, Time
from curriculum.courses import models
from curriculum.courses.outcomes import MAX_ASSESSMENT, MAX_TEXT


class Outcome(Response):
    """One learning outcome of a course, numbered within it."""

    id: int
    course_id: int
    position: int = Field(description="Its number in the course: 1, 2, … (no gaps).")
    text: str
    assessment: str = Field(description='How it is assessed ("" when not said).')
    created_at: Time


class OutcomeDetail(Outcome):
    """An outcome with the standards it serves."""

    alignments: list[Alignment] = Field(description="Its alignments, by framework and code.")

    @classmethod
    def of(cls, o: models.CourseOutcome, alignments: list[Alignment]) -> OutcomeDetail:
        return cls.from_object(o, alignments=alignments)


class OutcomeList(Response):
    """A course's learning outcomes in order, each with the standards it serves, and the
    course's course-level alignments (made without an outcome)."""

    course_id: int
    items: list[OutcomeDetail]
    course_level: list[Alignment] = Field(
        description='The course\'s alignments made without an outcome ("course-level").'
    )


class OutcomeInput(Input):
    text: Str = Field(max_length=MAX_TEXT, description="What a student can do after the course.")
    assessment: Str = Field("", max_length=MAX_ASSESSMENT, description="How it is assessed.")


class OutcomeChange(Input):
    text: Str | None = Field(None, max_length=MAX_TEXT, description="Left out: unchanged.")
    assessment: Str | None = Field(
        None, max_length=MAX_ASSESSMENT, description="Left out: unchanged."
    )
    position: Integer | None = Field(
        None,
        description="Move it to this number (1 to the course's count); the others keep their "
        "order around it. Left out: it stays.",
    )
