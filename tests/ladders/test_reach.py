"""The one rule of reaching a step's requirements (reach.py): required courses, electives,
elective groups every path crosses, teaching below the level, standards beneath the one
required; what stands between two steps; which ladders a reader sees; fixed queries."""

from decimal import Decimal
from types import SimpleNamespace

import pytest
from flask_login import AnonymousUserMixin

from curriculum.alignment import services as alignment
from curriculum.courses import groups, outcomes
from curriculum.courses import services as courses
from curriculum.courses.models import ProgramCourse
from curriculum.ladders import reach
from curriculum.ladders import requirements as ladder_requirements
from curriculum.ladders import services as ladders
from curriculum.ladders import steps as ladder_steps
from curriculum.ladders.steps import StepData
from curriculum.ladders.views_gap import wage_text
from curriculum.partnerships.services import add_organization, remove_organization


def build_world(partnership, factory) -> SimpleNamespace:
    """The alignment tests' small world: a partnership with a college (and a second college
    outside it), a framework A > A.1 > A.1.1 (drafts), two courses in a program."""
    college = factory.organization(name="Valley College", kind="college")
    other_college = factory.organization(name="Ridge Tech", kind="college")
    add_organization(partnership, college)
    framework = factory.framework(partnership)
    author = factory.member(partnership, "panelist")
    cwf = factory.standard(framework, None, "critical_work_function", "Safety", author=author)
    ka = factory.standard(framework, cwf, "key_activity", "Inspect guarding", author=author)
    pi = factory.standard(framework, ka, "performance_indicator", "Guards checked", author=author)
    course = factory.course(college, "mfg 110", "Safety", "3")
    course2 = factory.course(college, "MFG 120", "Machining", "4.5")
    program = factory.program(
        college, partnership, [framework], courses_by_term=[(course, 1), (course2, 2)]
    )
    return SimpleNamespace(
        partnership=partnership,
        college=college,
        other_college=other_college,
        framework=framework,
        cwf=cwf,
        ka=ka,
        pi=pi,
        course=course,
        course2=course2,
        program=program,
        factory=factory,
    )


@pytest.fixture
def world(partnership, factory, db):
    return build_world(partnership, factory)


@pytest.fixture
def lad(world, db):
    """A published ladder of the world's partnership: Associate (entry, $18.00 median) and
    Technician (advanced, $27.50), and a panelist who aligns courses."""
    ladder = ladders.create_ladder(world.partnership, title="Production", status="published")
    entry = ladder_steps.add_step(
        ladder, StepData(title="Associate", level="entry", wage_median="18.00")
    )
    tech = ladder_steps.add_step(
        ladder, StepData(title="Technician", level="advanced", wage_median="27.50")
    )
    db.session.commit()
    author = world.factory.member(world.partnership, "panelist")
    return SimpleNamespace(ladder=ladder, entry=entry, tech=tech, author=author)


def _require(step, standard, level, db):
    found = ladder_requirements.require_standard(step, standard.id, level)
    db.session.commit()
    return found


def _align(course, standard, level, author, db, outcome=None):
    alignment.align(course, standard, level, "", author, outcome=outcome)
    db.session.commit()


def _entry(world, db, course) -> ProgramCourse:
    return db.session.scalar(
        db.select(ProgramCourse).where(
            ProgramCourse.program_id == world.program.id, ProgramCourse.course_id == course.id
        )
    )


def _only(step):
    (found,) = reach.programs_for_step(step)
    (row,) = found.rows
    return found, row


def test_a_required_course_teaching_at_the_level_reaches_it(world, lad, db):
    _require(lad.tech, world.ka, "intermediate", db)
    _align(world.course, world.ka, "reinforced", lad.author, db)
    found, row = _only(lad.tech)
    assert found.program == world.program
    assert row.state == "reached" and row.courses == [world.course]
    assert found.complete and found.summary == "reaches 1 of 1 required standards"
    assert found.credential == "Certificate: Production Technician"


def test_only_an_elective_teaching_it_is_through_electives(world, lad, db):
    courses.update_entry(world.program, _entry(world, db, world.course2), 2, False)
    db.session.commit()
    _require(lad.tech, world.ka, "intermediate", db)
    _align(world.course2, world.ka, "mastered", lad.author, db)
    found, row = _only(lad.tech)
    assert row.state == "electives" and row.courses == [world.course2]
    assert not found.complete
    assert found.summary == "reaches 0 of 1 required standards, 1 more through electives"


def test_taught_below_the_level_required_is_below(world, lad, db):
    _require(lad.tech, world.ka, "mastery", db)
    _align(world.course, world.ka, "reinforced", lad.author, db)
    found, row = _only(lad.tech)
    assert row.state == "below" and row.courses == []
    assert found.summary == "reaches 0 of 1 required standards, 1 below the level required"


def test_teaching_a_standard_beneath_the_required_one_counts_but_above_does_not(world, lad, db):
    _require(lad.tech, world.ka, "mastery", db)
    _align(world.course, world.pi, "mastered", lad.author, db)  # A.1.1, beneath A.1
    _found, row = _only(lad.tech)
    assert row.state == "reached"
    # Teaching the critical work function above A.1 says nothing of A.1.
    _require(lad.entry, world.ka, "baseline", db)
    other = world.factory.course(world.college, "MFG 130", "Overview")
    world.factory.entry(world.program, other, 1)
    _align(other, world.cwf, "mastered", lad.author, db)
    (found,) = reach.programs_for_step(lad.entry)
    assert found.rows[0].courses == [world.course]


def test_an_elective_group_every_choice_of_which_teaches_it_reaches_it(world, lad, db):
    rob = world.factory.course(world.college, "ROB 220", "Robotics")
    cnc = world.factory.course(world.college, "MFG 215", "CNC")
    group = groups.add_group(world.program, "Technical elective", 1)
    for course in (rob, cnc):
        groups.put_in_group(world.program, world.factory.entry(world.program, course, 3), group.id)
    db.session.commit()
    _require(lad.tech, world.ka, "intermediate", db)
    _align(rob, world.ka, "reinforced", lad.author, db)
    assert _only(lad.tech)[1].state == "electives"  # a student may take MFG 215 instead
    _align(cnc, world.ka, "mastered", lad.author, db)
    _found, row = _only(lad.tech)
    assert row.state == "reached"
    assert {c.code for c in row.courses} == {"ROB 220", "MFG 215"}


def test_the_gap_lists_what_the_target_requires_beyond_the_origin(world, lad, db):
    # Associate holds A.1 at baseline and A at mastery; Technician asks A.1 at mastery,
    # A.1.1 at intermediate and A at baseline (held higher: not in the gap).
    _require(lad.entry, world.ka, "baseline", db)
    _require(lad.entry, world.cwf, "mastery", db)
    _require(lad.tech, world.ka, "mastery", db)
    _require(lad.tech, world.pi, "intermediate", db)
    _require(lad.tech, world.cwf, "baseline", db)
    taught = outcomes.add_outcome(world.course, "Inspect every press guard")
    _align(world.course, world.ka, "mastered", lad.author, db, outcome=taught)
    _align(world.course2, world.pi, "introduced", lad.author, db)  # below intermediate
    # A course of a college that has left the partnership teaches A.1 at mastery: not listed.
    add_organization(world.partnership, world.other_college)
    outside = world.factory.course(world.other_college, "RT 100", "Elsewhere")
    _align(outside, world.ka, "mastered", lad.author, db)
    remove_organization(world.partnership, world.other_college)
    db.session.commit()

    found = reach.gap(lad.entry, lad.tech)
    by_code = {item.requirement.standard_id: item for item in found.items}
    assert set(by_code) == {world.ka.id, world.pi.id}
    ka, pi = by_code[world.ka.id], by_code[world.pi.id]
    assert ka.held.value == "baseline" and pi.held is None
    (teaching,) = ka.teaching
    assert teaching.course == world.course and teaching.level.value == "mastered"
    assert teaching.outcomes == [f"{world.course.code} outcome 1: Inspect every press guard"]
    assert pi.teaching == []
    # Once the college takes part in the partnership again its course is listed too.
    add_organization(world.partnership, world.other_college)
    db.session.commit()
    (ka,) = [i for i in reach.gap(lad.entry, lad.tech).items if i.requirement.standard == world.ka]
    assert [t.course.code for t in ka.teaching] == ["MFG 110", "RT 100"]


def test_held_at_the_same_level_is_not_in_the_gap(world, lad, db):
    _require(lad.entry, world.ka, "intermediate", db)
    _require(lad.tech, world.ka, "intermediate", db)
    assert reach.gap(lad.entry, lad.tech).items == []


def test_the_wage_difference(world, lad, db):
    found = reach.gap(lad.entry, lad.tech)
    assert found.wage_difference == Decimal("9.50")
    assert wage_text(found.wage_difference) == "+$9.50 an hour"
    assert wage_text(reach.gap(lad.tech, lad.entry).wage_difference) == "−$9.50 an hour"
    ladder_steps.update_step(lad.entry, StepData(wage_median=None, given={"wage_median"}))
    db.session.commit()
    assert reach.gap(lad.entry, lad.tech).wage_difference is None
    assert wage_text(None) == "unknown"


def test_visible_ladders_hide_drafts_from_visitors_and_outsiders(world, lad, db):
    draft = ladders.create_ladder(world.partnership, title="Draft lattice")
    db.session.commit()

    def seen(reader):
        return set(db.session.scalars(reach.visible_ladders(reader, {world.partnership.id})))

    assert seen(AnonymousUserMixin()) == {lad.ladder}
    assert seen(world.factory.user()) == {lad.ladder}  # signed in, no member
    assert seen(world.factory.member(world.partnership, "panelist")) == {lad.ladder, draft}
    assert seen(world.factory.member(world.partnership, "convener")) == {lad.ladder, draft}
    elsewhere = world.factory.partnership(name="Elsewhere")
    assert seen(world.factory.member(elsewhere, "convener")) == {lad.ladder}
    assert draft not in reach.steps_visible(AnonymousUserMixin(), world.partnership.id)


def test_programs_for_a_step_take_the_same_queries_however_many(world, lad, db, count_queries):
    _require(lad.tech, world.ka, "intermediate", db)
    _align(world.course, world.ka, "reinforced", lad.author, db)
    db.session.expire_all()
    with count_queries() as few:
        assert len(reach.programs_for_step(db.session.get(type(lad.tech), lad.tech.id))) == 1
    for n in range(4):
        standard = world.factory.standard(
            world.framework, world.cwf, "key_activity", f"More {n}", author=lad.author
        )
        _require(lad.tech, standard, "baseline", db)
        course = world.factory.course(world.college, f"MFG 3{n}0", "More")
        program = world.factory.program(
            world.college,
            world.partnership,
            [world.framework],
            name=f"Program {n}",
            courses_by_term=[(course, 1), (world.course, 1)],
        )
        assert program.id
        _align(course, standard, "introduced", lad.author, db)
    db.session.expire_all()
    with count_queries() as many:
        found = reach.programs_for_step(db.session.get(type(lad.tech), lad.tech.id))
    assert len(found) == 5 and all(p.total == 5 for p in found)
    assert len(many) == len(few), (len(few), len(many))
