"""Pinning, staleness, re-confirmation and coverage figures."""

import pytest

from curriculum.alignment import coverage, services
from curriculum.alignment.models import AlignmentLevel
from curriculum.courses import services as courses
from curriculum.standards import services as standards


def test_alignment_pins_the_published_version_else_the_draft(world, db):
    user = world.factory.member(world.partnership, "faculty", organization=world.college)
    draft_pin, created = services.align(world.course, world.ka, "introduced", "Lab 2", user)
    assert created and draft_pin.version.number == 1 and draft_pin.version.status.value == "draft"
    world.factory.publish(world.pi)
    standards.save_version(world.pi, 1, "Guards checked daily", "", None, "", user)
    db.session.commit()
    published_pin, _ = services.align(world.course, world.pi, "mastered", "", user)
    assert published_pin.version.number == 1  # the published one, not the newer draft v2


def test_realigning_updates_level_and_note(world, db):
    user = world.factory.member(world.partnership, "faculty", organization=world.college)
    services.align(world.course, world.ka, "introduced", "", user)
    again, created = services.align(world.course, world.ka, "reinforced", "Project", user)
    assert not created and again.level == AlignmentLevel.REINFORCED and again.note == "Project"


def test_bad_level_and_foreign_standard_are_refused(world, db, factory):
    user = world.factory.member(world.partnership, "faculty", organization=world.college)
    with pytest.raises(services.AlignmentError, match="not a level"):
        services.align(world.course, world.ka, "expert", "", user)
    from curriculum.standards import tree

    other = factory.partnership(name="Elsewhere")
    foreign_framework = tree.create_framework(other, {"title": "Welding"})
    foreign = tree.add_standard(foreign_framework, None, "critical_work_function", "Weld")
    # A draft of a partnership the user has no role in is answered as if it did not exist.
    with pytest.raises(services.AlignmentError, match="no such standard") as refused:
        services.align(world.course, foreign, "introduced", "", user)
    assert refused.value.field == "standard_id"
    world.factory.publish(foreign)
    with pytest.raises(services.AlignmentError, match="not part of"):
        services.align(world.course, foreign, "introduced", "", user)


def test_stale_when_a_newer_version_is_published_and_cleared_by_confirm(world, db):
    user = world.factory.member(world.partnership, "faculty", organization=world.college)
    world.factory.publish(world.pi)
    alignment, _ = services.align(world.course, world.pi, "mastered", "", user)
    db.session.commit()
    assert not alignment.is_stale and services.stale_for_program(world.program) == []
    standards.save_version(world.pi, 1, "Guards checked every shift", "", None, "", user)
    db.session.commit()
    assert not alignment.is_stale  # a new draft does not make it stale
    world.factory.publish(world.pi, number=2)
    db.session.refresh(alignment)
    assert alignment.is_stale
    assert [a.id for a in services.stale_for_program(world.program)] == [alignment.id]
    assert [a.id for a in services.stale_for_college(world.college.id)] == [alignment.id]
    services.confirm(alignment, user)
    db.session.commit()
    assert alignment.version.number == 2 and alignment.confirmed_by_id == user.id
    assert not alignment.is_stale and services.stale_for_program(world.program) == []
    with pytest.raises(services.AlignmentError):
        services.confirm(alignment, user)


def test_coverage_figures_on_a_hand_checked_example(world, db):
    user = world.factory.member(world.partnership, "faculty", organization=world.college)
    # 3 standards (cwf, ka, pi). course: ka introduced; course2: ka mastered, pi reinforced.
    services.align(world.course, world.ka, "introduced", "", user)
    services.align(world.course2, world.ka, "mastered", "", user)
    services.align(world.course2, world.pi, "reinforced", "", user)
    db.session.commit()
    program = courses.get_program(world.program.id)
    cov = coverage.coverage(program, world.framework, drafts=True, count="all")  # every standard
    assert [r.standard.code for r in cov.rows] == ["A", "A.1", "A.1.1"]
    assert [pc.course.code for pc in cov.courses] == ["MFG 110", "MFG 120"]
    assert (cov.total, cov.covered, cov.mastered) == (3, 2, 1)
    assert (cov.covered_percent, cov.mastered_percent) == (67, 33)
    assert cov.column_counts == {world.course.id: 1, world.course2.id: 2}
    best = {r.standard.code: r.best for r in cov.rows}
    assert best == {"A": None, "A.1": AlignmentLevel.MASTERED, "A.1.1": AlignmentLevel.REINFORCED}
    assert [r.standard.code for r in cov.gaps("uncovered")] == ["A"]
    assert [r.standard.code for r in cov.gaps("unmastered")] == ["A", "A.1.1"]
    (function,) = cov.by_function()
    assert (function.row.standard.code, function.total, function.covered) == ("A", 3, 2)
    assert (function.mastered, function.covered_percent, function.mastered_percent) == (1, 67, 33)


def test_program_copy_keeps_courses_and_alignments(world, db):
    user = world.factory.member(world.partnership, "faculty", organization=world.college)
    services.align(world.course, world.ka, "introduced", "", user)
    db.session.commit()
    copy = courses.copy_program(world.program, "2027-2028")
    db.session.commit()
    copy = courses.get_program(copy.id)
    assert [pc.course.code for pc in copy.courses] == ["MFG 110", "MFG 120"]
    assert copy.frameworks == [world.framework] and copy.copied_from_id == world.program.id
    assert coverage.coverage(copy, world.framework, drafts=True, count="all").covered == 1
    with pytest.raises(courses.CourseError, match="already has"):
        courses.copy_program(world.program, "2027-2028")


def test_course_rules(world, db):
    with pytest.raises(courses.CourseError, match="already has a course MFG 110"):
        courses.create_course(world.college, {"code": "MFG  110", "title": "Dup"})
    other = courses.create_course(world.other_college, {"code": "MFG 110", "title": "Theirs"})
    with pytest.raises(courses.CourseError, match="another college"):
        courses.add_course(world.program, other, 1)
    with pytest.raises(courses.CourseError, match="catalog year"):
        courses.copy_program(world.program, "2027")
    assert world.program.total_credits == 7.5
