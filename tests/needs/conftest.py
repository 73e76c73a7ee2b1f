"""A small world for the training-needs gap tests: a partnership with a college and three
employers, a published framework A > A.1 > (A.1.1, A.1.2), A > A.2 > A.2.1, a program with a
required course aligned to A.1.1 and an elective aligned to A.2.1, and a closed survey the three
firms answered: A.1, A.1.1 and A.2.1 high, A.2 low.

Expected, by the coverage model's default scope (required courses) and roll-ups: A.1 partly
covered (A.1.2 is not) and A.2.1 not covered are the uncovered high-priority needs; A.1.1 is
covered; A.2 is not high."""

from datetime import timedelta
from types import SimpleNamespace

import pytest

from curriculum.courses.models import ProgramCourse
from curriculum.db import utcnow
from curriculum.extensions import db
from curriculum.needs.models import NeedsSurvey, SurveyRating, SurveyResponse, SurveyStatus
from curriculum.partnerships.services import add_organization

RATINGS = {  # code: (importance, difficulty) per firm
    "A.1": [(5, 4), (5, 4), (4, 4)],
    "A.1.1": [(5, 5), (5, 4), (5, 4)],
    "A.2": [(2, 2), (3, 2), (2, 1)],
    "A.2.1": [(5, 3), (5, 4), (4, 4)],
}


def answer(survey, firm, ratings, by=None):
    """The firm's response: {standard: (importance, difficulty)}."""
    response = SurveyResponse(survey=survey, organization=firm, submitted_by=by)
    for standard, (importance, difficulty) in ratings.items():
        response.ratings.append(
            SurveyRating(standard=standard, importance=importance, difficulty=difficulty)
        )
    db.session.add(response)
    return response


def closed_survey(world, title="2026 employer survey", firms=None, days_ago=10, ratings=None):
    """A closed survey of the world's framework answered by `firms` (default: all three)."""
    survey = NeedsSurvey(
        framework=world.framework,
        title=title,
        status=SurveyStatus.CLOSED,
        closed_at=utcnow() - timedelta(days=days_ago),
    )
    db.session.add(survey)
    for i, firm in enumerate(world.firms if firms is None else firms):
        answer(
            survey,
            firm,
            {world.std[code]: r[i] for code, r in (ratings or RATINGS).items()},
        )
    db.session.commit()
    return survey


@pytest.fixture
def world(partnership, factory, db):
    college = factory.organization(name="Valley College", kind="college")
    add_organization(partnership, college)
    firms = [factory.organization(name=f"Firm {c}", kind="employer") for c in "XYZ"]
    for firm in firms:
        add_organization(partnership, firm)
    framework = factory.framework(partnership)
    author = factory.member(partnership, "panelist")
    a = factory.standard(framework, None, "critical_work_function", "Safety", author=author)
    a1 = factory.standard(framework, a, "key_activity", "Inspect guarding", author=author)
    a11 = factory.standard(framework, a1, "performance_indicator", "Guards checked", author=author)
    a12 = factory.standard(framework, a1, "performance_indicator", "Faults logged", author=author)
    a2 = factory.standard(framework, a, "key_activity", "Lock out energy", author=author)
    a21 = factory.standard(framework, a2, "performance_indicator", "Zero energy", author=author)
    for s in (a, a1, a11, a12, a2, a21):
        factory.publish(s)
    faculty = factory.member(partnership, "faculty", organization=college)
    course = factory.course(college, "MFG 110", "Safety")
    elective = factory.course(college, "MFG 210", "Energy control")
    program = factory.program(
        college, partnership, [framework], courses_by_term=[(course, 1), (elective, 2)]
    )
    entry = db.session.scalar(
        db.select(ProgramCourse).where(
            ProgramCourse.program_id == program.id, ProgramCourse.course_id == elective.id
        )
    )
    entry.required = False
    db.session.commit()
    factory.align(course, a11, "mastered", by=faculty)
    factory.align(elective, a21, "mastered", by=faculty)
    world = SimpleNamespace(
        partnership=partnership,
        college=college,
        firms=firms,
        framework=framework,
        std={"A": a, "A.1": a1, "A.1.1": a11, "A.1.2": a12, "A.2": a2, "A.2.1": a21},
        faculty=faculty,
        course=course,
        elective=elective,
        program=program,
        factory=factory,
    )
    return world
