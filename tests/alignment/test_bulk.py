"""Saving a course's alignments to a framework at once: counts, scope, forgotten ticks."""

import pytest

from curriculum.alignment import bulk, services
from curriculum.alignment.models import Alignment
from curriculum.standards import tree


def _faculty(w):
    return w.factory.member(w.partnership, "faculty", organization=w.college)


def _rows(db, course):
    return {
        a.standard_id: (a.level.value, a.note)
        for a in db.session.scalars(db.select(Alignment).filter_by(course_id=course.id))
    }


def test_sync_adds_updates_keeps_and_removes_with_counts(world, db):
    user = _faculty(world)
    services.align(world.course, world.cwf, "introduced", "Week 1", user)
    services.align(world.course, world.ka, "introduced", "Lab 2", user)
    services.align(world.course, world.pi, "mastered", "Exam", user)
    db.session.commit()
    saved = bulk.sync(
        world.course,
        world.framework,
        [
            bulk.Row(world.cwf.id, True, "introduced", "Week 1"),  # as it was
            bulk.Row(world.ka.id, True, "reinforced", "Lab 2"),  # a new level
            bulk.Row(world.pi.id, False, "mastered", "Exam"),  # unticked as shown: removed
        ],
        user,
        scope={world.cwf.id, world.ka.id, world.pi.id},
    )
    db.session.commit()
    assert saved == bulk.Saved(added=0, updated=1, unchanged=1, removed=1)
    assert _rows(db, world.course) == {
        world.cwf.id: ("introduced", "Week 1"),
        world.ka.id: ("reinforced", "Lab 2"),
    }


def test_a_level_or_note_on_an_unticked_row_is_refused_not_dropped(world, db):
    user = _faculty(world)
    services.align(world.course, world.ka, "reinforced", "Lab 2", user)
    db.session.commit()
    scope = {world.cwf.id, world.ka.id, world.pi.id}
    rows = [
        bulk.Row(world.cwf.id, False, "introduced", ""),  # untouched: fine
        bulk.Row(world.ka.id, False, "reinforced", "Lab 2 and 3"),  # note changed, unticked
        bulk.Row(world.pi.id, False, "mastered", ""),  # a level set, never ticked
    ]
    with pytest.raises(bulk.RowErrors) as refused:
        bulk.sync(world.course, world.framework, rows, user, scope=scope)
    db.session.rollback()
    assert set(refused.value.rows) == {world.ka.id, world.pi.id}
    assert "not ticked" in refused.value.rows[world.pi.id]
    assert "undo the change to remove" in refused.value.rows[world.ka.id]
    assert "A.1, A.1.1" in refused.value.message
    assert _rows(db, world.course) == {world.ka.id: ("reinforced", "Lab 2")}
    # A note alone counts as well; a note of blanks does not.
    rows = [bulk.Row(world.pi.id, False, "introduced", "Practical")]
    with pytest.raises(bulk.RowErrors):
        bulk.sync(world.course, world.framework, rows, user, scope=scope)
    db.session.rollback()
    rows = [bulk.Row(world.pi.id, False, "introduced", "  ")]
    saved = bulk.sync(world.course, world.framework, rows, user, scope=scope)
    assert saved == bulk.Saved(removed=1)


def test_whole_framework_scope_removes_unlisted_and_refuses_strangers(world, db, factory):
    user = _faculty(world)
    services.align(world.course, world.cwf, "introduced", "", user)
    services.align(world.course, world.ka, "reinforced", "Project", user)
    db.session.commit()
    # Left out: the level and note of an existing alignment stay; A is no longer listed.
    saved = bulk.sync(world.course, world.framework, [bulk.Row(world.ka.id, True)], user)
    db.session.commit()
    assert saved == bulk.Saved(unchanged=1, removed=1)
    assert _rows(db, world.course) == {world.ka.id: ("reinforced", "Project")}
    other = tree.create_framework(world.partnership, {"title": "Maintenance"})
    stranger = tree.add_standard(other, None, "critical_work_function", "Repair")
    db.session.commit()
    rows = [
        bulk.Row(stranger.id, True, "mastered"),
        bulk.Row(world.pi.id, True),  # new, with no level
        bulk.Row(world.ka.id, True, "mastered"),
        bulk.Row(world.ka.id, True, "mastered"),
    ]
    with pytest.raises(bulk.RowErrors) as refused:
        bulk.sync(world.course, world.framework, rows, user)
    db.session.rollback()
    assert refused.value.rows == {
        stranger.id: "There is no such standard in Production Technician.",
        world.pi.id: "Choose a level: introduced, reinforced or mastered.",
        world.ka.id: "This standard is listed twice.",
    }
    assert _rows(db, world.course) == {world.ka.id: ("reinforced", "Project")}


def test_a_framework_of_a_partnership_the_college_is_not_in_is_refused(world, db, factory):
    elsewhere = tree.create_framework(factory.partnership(name="Elsewhere"), {"title": "Weld"})
    db.session.commit()
    with pytest.raises(services.AlignmentError, match="is not part of Elsewhere"):
        bulk.sync(world.course, elsewhere, [], _faculty(world))
