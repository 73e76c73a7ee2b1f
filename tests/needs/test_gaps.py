"""needs/gaps.py: a survey's high-priority standards that a program's coverage does not cover."""

from datetime import timedelta

from curriculum.db import utcnow
from curriculum.extensions import db
from curriculum.needs import gaps
from curriculum.needs.models import NeedsSurvey, SurveyStatus
from tests.needs.conftest import closed_survey


def codes(found):
    return [n.standard.code for n in found.needs]


def test_uncovered_high_priority_needs_follow_coverage_and_rollups(world):
    survey = closed_survey(world)
    found = gaps.uncovered(world.program, survey)
    # A.1.1 is covered (required course); A.2 is not high; A.1 rolls up partly (A.1.2 is not
    # covered); A.2.1 is covered only by an elective, which the default scope does not count.
    assert codes(found) == ["A.1", "A.2.1"]
    assert [n.status for n in found.needs] == ["Partly covered", "Not covered"]
    assert [n.result.priority for n in found.needs] == sorted(
        (n.result.priority for n in found.needs), reverse=True
    )
    assert all(n.result.high for n in found.needs)


def test_a_work_function_is_covered_once_every_leaf_under_it_is(world):
    survey = closed_survey(world)
    world.factory.align(world.course, world.std["A.1.2"], "introduced", by=world.faculty)
    assert codes(gaps.uncovered(world.program, survey)) == ["A.2.1"]


def test_a_required_course_covering_the_leaf_removes_the_need(world):
    survey = closed_survey(world)
    world.factory.align(world.course, world.std["A.2.1"], "introduced", by=world.faculty)
    assert codes(gaps.uncovered(world.program, survey)) == ["A.1"]


def test_latest_closed_survey_is_the_newest_closed_one(world):
    assert gaps.latest_closed(world.framework) is None
    older = closed_survey(world, "2025 employer survey", days_ago=400)
    newer = closed_survey(world, "2026 employer survey", days_ago=10)
    db.session.add(NeedsSurvey(framework=world.framework, title="2027 survey"))  # open
    db.session.commit()
    assert gaps.latest_closed(world.framework) == newer
    newer.status = SurveyStatus.OPEN  # reopened: not closed any more
    db.session.commit()
    assert gaps.latest_closed(world.framework) == older
    assert older.closed_at < utcnow() - timedelta(days=300)


def test_for_framework_lists_the_readers_college_first(world, factory):
    other = factory.organization(name="Alpha College", kind="college")
    from curriculum.partnerships.services import add_organization

    add_organization(world.partnership, other)
    factory.program(other, world.partnership, [world.framework], name="Alpha Technician")
    survey = closed_survey(world)
    default = [p.program.organization.name for p in gaps.for_framework(world.framework, survey)]
    assert default == ["Alpha College", "Valley College"]
    mine = gaps.for_framework(world.framework, survey, first_college=world.college.id)
    assert [p.program.organization.name for p in mine] == ["Valley College", "Alpha College"]
    # A program with no courses covers nothing: every high-priority need is listed.
    assert codes(mine[1]) == ["A.1.1", "A.1", "A.2.1"]


def test_flags_only_for_readers_who_may_see_the_results(world, factory):
    survey = closed_survey(world, firms=world.firms[:2])  # two firms: below the threshold
    convener = factory.member(world.partnership, "convener")
    viewer = factory.member(world.partnership, "viewer")
    flags = gaps.flags(world.program, world.framework, convener)
    assert flags is not None and flags.survey == survey
    assert flags.line == "2 high-priority needs from the 2026 employer survey are not covered"
    assert gaps.flags(world.program, world.framework, viewer) is None
    answer_third = closed_survey(world, "2026 autumn survey", days_ago=1)
    assert gaps.flags(world.program, world.framework, viewer).survey == answer_third


def test_the_line_speaks_of_one_need_in_the_singular(world):
    closed_survey(world, ratings={"A.2.1": [(5, 4), (5, 4), (5, 4)]})
    flags = gaps.flags(world.program, world.framework, world.faculty)
    assert flags.line == "1 high-priority need from the 2026 employer survey is not covered"
    assert flags.text(world.std["A.2.1"].id) == "High-priority need (priority 20.0), not covered"
    assert flags.text(world.std["A.1"].id) == ""
