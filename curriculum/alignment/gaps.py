"""Acting on a gap of a program's coverage: which of the program's courses the reader may align
to a standard, and why not the others."""

from __future__ import annotations

from dataclasses import dataclass, field

from curriculum import access
from curriculum.access import Reader
from curriculum.alignment import services
from curriculum.alignment.models import Alignment
from curriculum.courses.models import Program, ProgramCourse
from curriculum.errors import Refused
from curriculum.extensions import db
from curriculum.standards.models import Standard


@dataclass
class CourseChoice:
    """A course of the program: `why_not` says why the reader cannot align it ("" if they
    can); `aligned` lists its alignments to the standard (course-level and outcomes)."""

    entry: ProgramCourse
    why_not: str
    aligned: list[Alignment] = field(default_factory=list)


def course_choices(program: Program, standard: Standard, reader: Reader) -> list[CourseChoice]:
    """The program's courses in term order, each with whether the reader may align it to
    `standard` and how it is aligned to it now."""
    course_ids = [pc.course_id for pc in program.courses]
    aligned: dict[int, list[Alignment]] = {}
    if course_ids:
        for a in db.session.scalars(
            db.select(Alignment)
            .where(Alignment.standard_id == standard.id, Alignment.course_id.in_(course_ids))
            .order_by(Alignment.course_id, Alignment.outcome_id.is_not(None), Alignment.id)
        ):
            aligned.setdefault(a.course_id, []).append(a)
    taking_part: dict[int, bool] = {}
    choices = []
    for entry in program.courses:
        course = entry.course
        why_not = ""
        try:
            access.require(reader, "edit", course)
        except Refused as exc:
            why_not = exc.message
        if not why_not:
            college = course.organization_id
            if college not in taking_part:
                taking_part[college] = standard.framework in services.frameworks_for(course)
            if not taking_part[college]:
                why_not = (
                    f"{course.organization.name} is not part of "
                    f"{standard.framework.partnership.name}."
                )
        choices.append(CourseChoice(entry, why_not, aligned.get(course.id, [])))
    return choices
