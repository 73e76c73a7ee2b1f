"""The change stamps behind Last-Modified (curriculum.api.stamps): every kind of change to what
a framework's tree or a program's answers read moves `changed_at` on the framework or the
program it belongs to, at the commit; nothing else moves them."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import timedelta

import pytest
import sqlalchemy as sa

from curriculum.alignment import services as alignment
from curriculum.alignment.models import Alignment
from curriculum.api import stamps
from curriculum.courses import groups, outcomes
from curriculum.courses import services as courses
from curriculum.courses.models import Program
from curriculum.extensions import db as _db
from curriculum.standards import review, services, tree
from curriculum.standards.models import Comment, Framework
from curriculum.testing import bulk


def read(world) -> tuple:
    """(the framework's stamp, the program's stamp), read from the database."""
    return (
        _db.session.scalar(
            sa.select(Framework.changed_at).where(Framework.id == world.framework.id)
        ),
        _db.session.scalar(sa.select(Program.changed_at).where(Program.id == world.program.id)),
    )


@pytest.fixture
def stamping(world, clock):
    """`with stamping(framework=…, program=…):` a change, committed ten seconds on; then the
    stamps named moved to that moment and the others stayed."""

    @contextmanager
    def check(*, framework: bool, program: bool):
        before = read(world)
        clock.now += timedelta(seconds=10)
        yield
        _db.session.commit()
        after = read(world)
        assert after == (
            clock.now if framework else before[0],
            clock.now if program else before[1],
        )

    return check


@pytest.fixture
def author(world, factory):
    return factory.member(world.partnership, "faculty", organization=world.college)


def standard(world, name):
    return services.get_standard(getattr(world, name).id)


def test_standards_stamp_their_framework(world, stamping, author, factory):
    with stamping(framework=True, program=False):  # a new version (an edit)
        services.save_version(
            standard(world, "pi"), 1, "Guards checked daily", "", None, "", author
        )
    with stamping(framework=True, program=False):  # a new standard
        sibling = tree.add_standard(
            world.framework, standard(world, "ka"), "performance_indicator", "Fences", author=author
        )
    with stamping(framework=True, program=False):  # a reorder
        tree.reorder(services.get_standard(sibling.id), "up")
    with stamping(framework=True, program=False):  # a move
        other = tree.add_standard(
            world.framework, standard(world, "cwf"), "key_activity", "Lock out", author=author
        )
        _db.session.flush()
        tree.move(services.get_standard(sibling.id), other)
    with stamping(framework=True, program=False):  # a version sent for review
        pi = standard(world, "pi")
        review.move_to_review(pi, pi.current_version)
    world.partnership.endorsement_quorum = 1
    _db.session.commit()
    with stamping(framework=True, program=False):  # a publication
        factory.publish(standard(world, "pi"))
    with stamping(framework=True, program=False):  # a retirement
        tree.set_retired(services.get_standard(sibling.id), True)
    with stamping(framework=True, program=False):  # the framework's own fields
        world.framework.description = "Now described."
    with stamping(framework=False, program=False):  # a comment is in no cached answer
        _db.session.add(Comment(standard_id=world.pi.id, body="Looks right.", author=author))


def test_a_version_retired_stamps_its_framework(world, stamping, factory, author):
    world.partnership.endorsement_quorum = 1
    pi = standard(world, "pi")
    factory.publish(pi)
    number = services.get_standard(pi.id).current_version.number
    services.save_version(standard(world, "pi"), number, "Guards daily", "", None, "", author)
    _db.session.commit()
    factory.publish(standard(world, "pi"))
    with stamping(framework=True, program=False):
        pi = standard(world, "pi")
        review.retire_version(pi, pi.published_version)


def test_alignments_stamp_the_programs_of_their_course(world, stamping, factory, author):
    with stamping(framework=False, program=True):  # added
        found = factory.align(world.course, world.pi, "introduced", by=author)
    with stamping(framework=False, program=True):  # changed
        alignment.align(courses.get_course(world.course.id), world.pi, "mastered", "", author)
    with stamping(framework=False, program=True):  # removed
        alignment.remove(_db.session.get(Alignment, found.id))


def test_courses_and_the_program_stamp_the_program(world, stamping, factory):
    with stamping(framework=False, program=True):  # a course renamed
        courses.update_course(
            courses.get_course(world.course.id), {"code": "MFG 110", "title": "Shop safety"}
        )
    with stamping(framework=False, program=True):  # an outcome added
        outcome = outcomes.add_outcome(courses.get_course(world.course.id), "Wear goggles.")
    with stamping(framework=False, program=True):  # and edited
        outcomes.update_outcome(outcomes.get_outcome(outcome.id), "Wear safety goggles.", "")
    program = courses.get_program(world.program.id)
    with stamping(framework=False, program=True):  # an elective group added
        group = groups.add_group(program, "Shop electives", 1)
    with stamping(framework=False, program=True):  # a course put in it
        entry = next(e for e in program.courses if e.course_id == world.course2.id)
        groups.put_in_group(program, entry, group.id)
    with stamping(framework=False, program=True):  # the group changed
        groups.edit_group(program, group.id, "Shop options", 1)
    with stamping(framework=False, program=True):  # and removed
        groups.delete_group(program, group.id)
    with stamping(framework=False, program=True):  # a course taken out
        courses.remove_course(program, entry)
    with stamping(framework=False, program=True):  # and back in
        courses.add_course(program, courses.get_course(world.course2.id), 3)
    with stamping(framework=False, program=True):  # the program's own fields
        program.description = "A short program."
    with stamping(framework=False, program=True):  # its college renamed
        world.college.name = "Valley Community College"
    with stamping(framework=False, program=True):  # its partnership renamed
        world.partnership.name = "Valley Manufacturing Partnership"
    with stamping(framework=False, program=False):  # a course in no program
        factory.course(world.college, "MFG 999", "Unused")


def test_a_framework_added_or_deleted_stamps_the_programs_that_use_it(world, stamping, factory):
    other = factory.framework(world.partnership, "Maintenance")
    program = courses.get_program(world.program.id)
    with stamping(framework=False, program=True):
        program.frameworks.append(_db.session.get(Framework, other.id))
    with stamping(framework=False, program=True):  # deleted: the program loses it
        _db.session.delete(_db.session.get(Framework, other.id))


def test_another_framework_or_program_leaves_them_alone(world, stamping, factory, author, clock):
    other = factory.framework(world.partnership, "Maintenance")
    top = factory.standard(other, None, "critical_work_function", "Lubricate", author=author)
    program = factory.program(world.college, world.partnership, [other], name="Maintenance")
    with stamping(framework=False, program=False):
        services.save_version(services.get_standard(top.id), 1, "Oil", "", None, "", author)
        courses.get_program(program.id).description = "Another program."
    stamped = (
        sa.select(Framework.changed_at).where(Framework.id == other.id),
        sa.select(Program.changed_at).where(Program.id == program.id),
    )
    assert [_db.session.scalar(s) for s in stamped] == [clock.now, clock.now]


def test_a_rollback_stamps_nothing(world, clock):
    before = read(world)
    clock.now += timedelta(seconds=10)
    world.framework.description = "Never saved."
    courses.get_course(world.course.id).title = "Never saved"
    _db.session.flush()
    _db.session.rollback()
    _db.session.commit()
    assert read(world) == before


def test_the_stamp_is_the_commits_not_the_flushs(world, clock):
    world.framework.description = "Flushed first."
    _db.session.flush()
    clock.now += timedelta(seconds=10)
    _db.session.commit()
    assert read(world)[0] == clock.now


def test_bulk_writes_stamp_through_touch(world, stamping, author):
    with stamping(framework=False, program=True):
        bulk.align(
            [
                {
                    "course_id": world.course2.id,
                    "standard_id": world.pi.id,
                    "version_id": world.pi.current_version_id,
                    "level": "reinforced",
                }
            ]
        )
    with stamping(framework=True, program=False):
        pi = standard(world, "pi")
        bulk.add_versions([{"standard_id": pi.id, "number": 2, "title": "Bulk", "status": "draft"}])
    with pytest.raises(TypeError, match="unknown keys"):
        stamps.touch(frameworks=[world.framework.id])
