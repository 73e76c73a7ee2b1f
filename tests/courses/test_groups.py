"""A program's course list as a whole, and its either/or elective groups."""

import pytest

from curriculum.courses import paths
from curriculum.courses.groups import (
    EntrySpec,
    GroupSpec,
    add_group,
    delete_group,
    edit_group,
    put_in_group,
    set_program_courses,
)
from curriculum.courses.services import CourseError, update_entry
from curriculum.errors import Conflict


@pytest.fixture
def electives(world):
    rob = world.factory.course(world.college, "ROB 220", "Robotics", "3")
    mfg = world.factory.course(world.college, "MFG 215", "CNC programming", "3")
    return rob, mfg


def codes(entries):
    return [pc.course.code for pc in entries]


def test_whole_list_with_a_group_feeds_the_paths_rule(world, electives, db):
    rob, mfg = electives
    set_program_courses(
        world.program,
        [
            EntrySpec(world.course.id, 1),
            EntrySpec(world.course2.id, 2),
            EntrySpec(rob.id, 3, False, "Technical elective"),
            EntrySpec(mfg.id, 3, False, "technical elective"),
        ],
        [GroupSpec("Technical elective", 1)],
    )
    program = world.program
    assert [g.label for g in program.elective_groups] == ["Choose 1 of ROB 220, MFG 215"]
    assert codes(paths.courses_in_scope(program, "required")) == ["MFG 110", "MFG 120"]
    assert codes(paths.courses_in_scope(program, "all")) == [
        "MFG 110",
        "MFG 120",
        "ROB 220",
        "MFG 215",
    ]
    assert codes(paths.courses_in_scope(program, "chosen", [mfg.id])) == [
        "MFG 110",
        "MFG 120",
        "MFG 215",
    ]
    with pytest.raises(paths.ScopeError):
        paths.courses_in_scope(program, "chosen", [mfg.id, rob.id])


def test_existing_rows_are_kept_and_missing_ones_removed(world, electives, db):
    rob, _ = electives
    first_id = next(pc.id for pc in world.program.courses if pc.course_id == world.course.id)
    set_program_courses(world.program, [EntrySpec(rob.id, 1), EntrySpec(world.course.id, 2)], [])
    by_course = {pc.course_id: pc for pc in world.program.courses}
    assert set(by_course) == {rob.id, world.course.id}
    assert by_course[world.course.id].id == first_id
    assert by_course[world.course.id].term == 2


@pytest.mark.parametrize(
    ("entries", "groups", "field"),
    [
        ([EntrySpec(0, 1)], [], "courses[0].course_id"),
        ([EntrySpec(-1, 1)], [], "courses[0].course_id"),
        ([EntrySpec("c1", 13)], [], "courses[0].term"),
        ([EntrySpec("c1", 1), EntrySpec("c1", 2)], [], "courses[1].course_id"),
        ([EntrySpec("c1", 1, False, "Nope")], [], "courses[0].group"),
        ([EntrySpec("c1", 1, True, "G")], [GroupSpec("G")], "courses[0].required"),
        ([EntrySpec("c1", 1, False, "G")], [GroupSpec("G", 2)], "groups"),
        ([], [GroupSpec("G"), GroupSpec("g")], "groups"),
        ([], [GroupSpec("  ")], "groups[0].name"),
    ],
)
def test_bad_lists_change_nothing(world, db, entries, groups, field):
    entries = [
        EntrySpec(world.course.id, e.term, e.required, e.group) if e.course_id == "c1" else e
        for e in entries
    ]
    before = [(pc.course_id, pc.term) for pc in world.program.courses]
    with pytest.raises(CourseError) as caught:
        set_program_courses(world.program, entries, groups)
    assert caught.value.field == field
    assert [(pc.course_id, pc.term) for pc in world.program.courses] == before
    assert world.program.elective_groups == []


def test_a_course_of_another_college_is_refused(world, db):
    stranger = world.factory.course(world.other_college, "ENG 101", "Writing", "3")
    with pytest.raises(CourseError, match="not a course of Valley College"):
        set_program_courses(world.program, [EntrySpec(stranger.id, 1)], [])


def test_the_small_steps_of_the_program_page(world, electives, db):
    rob, mfg = electives
    program = world.program
    group = add_group(program, "Technical elective", 1)
    with pytest.raises(Conflict):
        add_group(program, "technical ELECTIVE")
    with pytest.raises(CourseError):
        add_group(program, "Other", 0)
    for course in (rob, mfg):
        set_program_courses(
            program,
            [EntrySpec(pc.course_id, pc.term, pc.required) for pc in program.courses]
            + [EntrySpec(course.id, 3)],
            [GroupSpec(g.name, g.choose) for g in program.elective_groups],
        )
    entries = {pc.course_id: pc for pc in program.courses}
    put_in_group(program, entries[rob.id], group.id)
    put_in_group(program, entries[mfg.id], group.id)
    assert entries[rob.id].required is False
    assert group.label == "Choose 1 of ROB 220, MFG 215"
    with pytest.raises(CourseError, match="cannot choose 3 of 2"):
        edit_group(program, group.id, "Technical elective", 3)
    edit_group(program, group.id, "Tech elective", 2)
    assert group.label == "Choose 2 of ROB 220, MFG 215"
    # Making a grouped course required takes it out of its group, which then holds one.
    update_entry(program, entries[rob.id], 3, True)
    assert entries[rob.id].group is None
    assert group.label == "Choose 1 of MFG 215"
    delete_group(program, group.id)
    assert program.elective_groups == []
    assert entries[mfg.id].group is None
    assert entries[mfg.id].required is False  # a free elective now
    assert codes(paths.courses_in_scope(program, "required")) == ["MFG 110", "MFG 120", "ROB 220"]
