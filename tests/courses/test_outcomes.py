"""A course's learning outcomes: the service (numbering, validation, who may, deletion with the
outcome's alignments), the course page, the edit page and the standard's page."""

import pytest

from curriculum.access import Denied
from curriculum.alignment import services as alignment
from curriculum.alignment.models import Alignment
from curriculum.audit.models import AuditEvent
from curriculum.courses import outcomes
from curriculum.courses.models import Course, CourseOutcome
from curriculum.standards import services as standards
from tests.conftest import login


def _faculty(w):
    return w.factory.member(w.partnership, "faculty", organization=w.college)


def _positions(db, course):
    db.session.expire_all()
    return [(o.position, o.text) for o in db.session.get(Course, course.id).outcomes]


def _outcomes(w, db, *texts):
    found = [outcomes.add_outcome(w.course, t, f"Assessed: {t}") for t in texts]
    db.session.commit()
    return found


# --- The service ---------------------------------------------------------------------------


def test_outcomes_are_numbered_in_order_and_moves_keep_the_numbers_dense(world, db):
    a, b, c = _outcomes(world, db, "Read a schematic", "Size a cylinder", "Bleed a line")
    assert [a.position, b.position, c.position] == [1, 2, 3]
    assert outcomes.move_outcome(c, "up")
    db.session.commit()
    assert _positions(db, world.course) == [
        (1, "Read a schematic"),
        (2, "Bleed a line"),
        (3, "Size a cylinder"),
    ]
    assert not outcomes.move_outcome(db.session.get(CourseOutcome, a.id), "up")  # already first
    assert outcomes.move_outcome(db.session.get(CourseOutcome, a.id), "down")
    db.session.commit()
    assert [t for _, t in _positions(db, world.course)] == [
        "Bleed a line",
        "Read a schematic",
        "Size a cylinder",
    ]
    with pytest.raises(outcomes.OutcomeError):
        outcomes.move_outcome(db.session.get(CourseOutcome, a.id), "sideways")


def test_text_is_required_and_lengths_are_bounded_with_nothing_saved(world, db):
    for text, assessment, field in [
        ("   ", "", "text"),
        ("x" * (outcomes.MAX_TEXT + 1), "", "text"),
        ("Fine", "y" * (outcomes.MAX_ASSESSMENT + 1), "assessment"),
    ]:
        with pytest.raises(outcomes.OutcomeError) as caught:
            outcomes.add_outcome(world.course, text, assessment)
        assert caught.value.field == field and caught.value.status == 400
        db.session.rollback()
    assert _positions(db, world.course) == []
    (only,) = _outcomes(world, db, "Read a schematic")
    with pytest.raises(outcomes.OutcomeError):
        outcomes.update_outcome(only, "", "")
    db.session.rollback()
    assert outcomes.update_outcome(only, "  Read a P&ID  ", "Quiz") is True
    assert outcomes.update_outcome(only, "Read a P&ID", "Quiz") is False  # nothing changed
    db.session.commit()
    assert (only.text, only.assessment) == ("Read a P&ID", "Quiz")
    actions = db.session.scalars(db.select(AuditEvent.action).order_by(AuditEvent.id)).all()
    assert actions.count("outcome.created") == 1 and actions.count("outcome.updated") == 1


def test_only_those_who_may_edit_the_course_may_change_its_outcomes(world, db):
    (one,) = _outcomes(world, db, "Read a schematic")
    other = world.factory.member(world.partnership, "faculty", organization=world.other_college)
    viewer = world.factory.member(world.partnership, "viewer")
    for who in (other, viewer):
        with pytest.raises(Denied):
            outcomes.add_outcome(world.course, "Sneak", "", by=who)
        with pytest.raises(Denied):
            outcomes.update_outcome(one, "Sneak", "", by=who)
        with pytest.raises(Denied):
            outcomes.move_outcome(one, "down", by=who)
        with pytest.raises(Denied):
            outcomes.delete_outcome(one, by=who)
        db.session.rollback()
    outcomes.add_outcome(world.course, "Size a cylinder", "", by=_faculty(world))
    db.session.commit()
    assert len(_positions(db, world.course)) == 2


def test_deleting_an_outcome_deletes_its_alignments_and_the_rest_move_up(world, db):
    a, b, c = _outcomes(world, db, "One", "Two", "Three")
    author = world.factory.member(world.partnership, "panelist")
    alignment.align(world.course, world.ka, "mastered", "Lab", author, outcome=b)
    alignment.align(world.course, world.pi, "introduced", "", author, outcome=b)
    kept, _ = alignment.align(world.course, world.ka, "reinforced", "", author)  # course-level
    db.session.commit()
    assert outcomes.alignment_count(b) == 2
    assert outcomes.delete_outcome(b) == 2
    db.session.commit()
    assert _positions(db, world.course) == [(1, "One"), (2, "Three")]
    left = db.session.scalars(db.select(Alignment)).all()
    assert [x.id for x in left] == [kept.id] and left[0].outcome_id is None
    actions = db.session.scalars(db.select(AuditEvent.action)).all()
    assert actions.count("alignment.removed") == 2 and "outcome.deleted" in actions


def test_a_new_course_takes_its_first_outcomes_as_lines(world, db):
    from curriculum.courses import services

    course = services.create_course(
        world.college,
        {"code": "MFG 130", "title": "Hydraulics", "learning_outcomes": "- Read\n\n* Size"},
    )
    db.session.commit()
    assert _positions(db, course) == [(1, "Read"), (2, "Size")]
    with pytest.raises(services.CourseError) as caught:
        services.create_course(
            world.college,
            {"code": "MFG 131", "title": "x", "learning_outcomes": ["y" * 1001]},
        )
    assert caught.value.field == "learning_outcomes"


# --- The pages -----------------------------------------------------------------------------


def _aligned_world(world, db):
    """Two outcomes: the first serves A.1 (mastered, later stale), the second nothing; the
    course is aligned to A.1.1 course-level."""
    first, second = _outcomes(world, db, "Guard a press", "Write a work order")
    author = world.factory.member(world.partnership, "panelist")
    world.factory.publish(world.ka)
    world.factory.publish(world.pi)
    alignment.align(world.course, world.ka, "mastered", "Practical", author, outcome=first)
    alignment.align(world.course, world.pi, "introduced", "", author)
    db.session.commit()
    standards.save_version(world.ka, 1, "Inspect guarding daily", "", None, "", author)
    db.session.commit()
    world.factory.publish(world.ka)
    return first, second


def test_the_course_page_numbers_outcomes_with_what_they_serve_and_course_level(client, world, db):
    first, second = _aligned_world(world, db)
    page = client.get(f"/courses/{world.course.id}").text
    assert "Learning outcomes" in page and f'id="outcome-{first.id}"' in page
    assert page.index("Guard a press") < page.index("Write a work order")
    assert "Assessed by:</strong> Assessed: Guard a press" in page
    assert "stale: v2 published" in page and "no standard yet" in page
    assert "course-level" in page and "Outcome 1" in page
    # Readers get no controls.
    assert "Align this outcome" not in page and "Add a learning outcome" not in page


def test_editors_get_the_controls_and_the_delete_warning(client, world, db):
    first, second = _aligned_world(world, db)
    login(client, _faculty(world).email)
    page = client.get(f"/courses/{world.course.id}").text
    assert f"/courses/{world.course.id}/align?outcome={first.id}" in page
    assert "Add a learning outcome" in page and "Move down" in page
    assert "Its 1 alignment to standards will be deleted with it." in page
    edit = client.get(f"/courses/{world.course.id}/outcomes/{first.id}/edit").text
    assert "Edit outcome 1 of MFG 110" in edit and "deleting it deletes that alignment too" in edit


def test_adding_and_editing_through_the_pages_keeps_what_was_typed_on_error(client, world, db):
    login(client, _faculty(world).email)
    url = f"/courses/{world.course.id}/outcomes"
    response = client.post(url, data={"text": "", "assessment": "Kept assessment"})
    assert response.status_code == 200  # the course page again, with the form
    assert "Enter the outcome." in response.text and "Kept assessment" in response.text
    response = client.post(url, data={"text": "Read a schematic", "assessment": "Quiz"})
    assert response.status_code == 302
    (outcome,) = db.session.get(Course, world.course.id).outcomes
    edit = f"/courses/{world.course.id}/outcomes/{outcome.id}/edit"
    response = client.post(edit, data={"text": "x" * 1001, "assessment": "Typed"})
    assert response.status_code == 200 and "Typed" in response.text
    assert "at most 1000 characters" in response.text
    assert client.post(edit, data={"text": "Read a P&ID", "assessment": ""}).status_code == 302
    db.session.expire_all()
    assert db.session.get(CourseOutcome, outcome.id).text == "Read a P&ID"


def test_moving_and_deleting_through_the_pages(client, world, db):
    a, b = _outcomes(world, db, "One", "Two")
    login(client, _faculty(world).email)
    base = f"/courses/{world.course.id}/outcomes"
    assert client.post(f"{base}/{b.id}/move/up").status_code == 302
    assert [t for _, t in _positions(db, world.course)] == ["Two", "One"]
    assert client.post(f"{base}/{b.id}/move/around").status_code == 302  # flashed, not moved
    assert [t for _, t in _positions(db, world.course)] == ["Two", "One"]
    response = client.post(f"{base}/{b.id}/delete", follow_redirects=True)
    assert "Outcome 1 deleted" in response.text
    assert _positions(db, world.course) == [(1, "One")]


def test_outsiders_cannot_reach_the_outcome_routes(app, client, world, db):
    (one,) = _outcomes(world, db, "One")
    base = f"/courses/{world.course.id}/outcomes"
    assert client.post(base, data={"text": "x"}).status_code == 302  # to sign in
    other = world.factory.member(world.partnership, "faculty", organization=world.other_college)
    login(client, other.email)
    assert client.post(base, data={"text": "x"}).status_code == 403
    assert client.get(f"{base}/{one.id}/edit").status_code == 403
    assert client.post(f"{base}/{one.id}/delete").status_code == 403
    # An outcome of another course is not found under this one.
    faculty = app.test_client()
    login(faculty, _faculty(world).email)
    assert faculty.get(f"/courses/{world.course2.id}/outcomes/{one.id}/edit").status_code == 404
    assert _positions(db, world.course) == [(1, "One")]


def test_the_standard_page_lists_the_outcomes_and_courses_that_serve_it(
    client, world, db, count_queries
):
    first, _second = _aligned_world(world, db)
    author = world.factory.member(world.partnership, "panelist")
    alignment.align(world.course2, world.ka, "introduced", "", author)
    db.session.commit()
    page = client.get(f"/standards/{world.ka.id}").text
    assert "Outcome 1</a>: Guard a press" in page and "MFG 110" in page
    assert "MFG 120" in page and "course-level" in page
    with count_queries() as few:
        client.get(f"/standards/{world.ka.id}")
    # More outcomes and courses serving it: no more queries.
    for n in range(3):
        course = world.factory.course(world.college, f"MFG 2{n}0", "More")
        more = outcomes.add_outcome(course, f"Outcome {n}")
        alignment.align(course, world.ka, "reinforced", "", author, outcome=more)
    db.session.commit()
    with count_queries() as many:
        client.get(f"/standards/{world.ka.id}")
    assert len(many) == len(few)
