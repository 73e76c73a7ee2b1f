"""Concurrency without duplicates or 500s: simultaneous adds in the tree, re-confirms of one
alignment, creates of the same name, and export requests beyond the limit. Each race runs
many times, then the database is checked."""

from __future__ import annotations

from collections import Counter

import pytest
from sqlalchemy.exc import IntegrityError

from curriculum.alignment import services as alignment
from curriculum.alignment.models import Alignment, AlignmentRevision
from curriculum.audit.models import AuditEvent
from curriculum.auth.models import User
from curriculum.auth.services import create_token
from curriculum.courses.models import Course, Program
from curriculum.exports import services as export_services
from curriculum.exports import services as exports
from curriculum.exports.models import ExportJob, ExportKind, JobState
from curriculum.extensions import db as _db
from curriculum.organizations.models import Organization
from curriculum.partnerships.models import Partnership
from curriculum.standards import services as standards
from curriculum.standards import tree
from curriculum.standards.models import Framework, Standard
from tests.alignment import conftest as alignment_world
from tests.conftest import login
from tests.security.racing import REPEATS, race, requests_together

# The alignment tests' small world (a college in the partnership, a framework, a program)
# instead of the security tests' one.
world = alignment_world.world


def test_ten_simultaneous_adds_under_one_parent_get_distinct_codes_and_places(app, db, world):
    author_id = world.factory.member(world.partnership, "panelist").id
    for i in range(REPEATS):
        parent = tree.add_standard(world.framework, world.cwf, "key_activity", f"Activity {i}")
        db.session.commit()

        def add(n, parent_id=parent.id):
            parent = _db.session.get(Standard, parent_id)
            framework = _db.session.get(Framework, parent.framework_id)
            yield
            tree.add_standard(
                framework,
                parent,
                "performance_indicator",
                f"Indicator {n}",
                author=_db.session.get(User, author_id),
            )

        assert race(app, *(lambda n=n: add(n) for n in range(10))) == ["ok"] * 10
        children = list(db.session.scalars(tree.siblings_query(world.framework.id, parent.id)))
        assert sorted(c.code for c in children) == sorted(
            f"{parent.code}.{n}" for n in range(1, 11)
        )
        assert sorted(c.position for c in children) == list(range(10))
    codes = list(db.session.scalars(db.select(Standard.code)))
    assert [c for c, n in Counter(codes).items() if n > 1] == []


def test_reorders_moves_and_renumbering_still_work_with_unique_places(db, world):
    others = [
        tree.add_standard(world.framework, world.cwf, "key_activity", f"Activity {i}")
        for i in range(3)
    ]
    a, b, c, d = [world.ka, *others]

    def order():
        return list(db.session.scalars(tree.siblings_query(world.framework.id, world.cwf.id)))

    tree.reorder(d, "up")  # a b d c
    tree.place(a, 3)  # b d c a
    tree.reorder(b, "down")  # d b c a
    db.session.commit()
    assert order() == [d, b, c, a]
    assert [s.position for s in order()] == [0, 1, 2, 3]
    tree.move(world.pi, d)
    tree.renumber(world.framework)
    db.session.commit()
    assert [s.code for s in order()] == ["A.1", "A.2", "A.3", "A.4"]
    # The database itself refuses a second standard at a taken place or with a taken code.
    for clash in ({"position": 0, "code": "Z.9"}, {"position": 9, "code": "A.1"}):
        with pytest.raises(IntegrityError), db.session.begin_nested():
            db.session.add(
                Standard(
                    framework_id=world.framework.id,
                    parent_id=world.cwf.id,
                    kind="key_activity",
                    **clash,
                )
            )
            db.session.flush()


def _stale_alignment(world, db, faculty, i) -> Alignment:
    """A new indicator aligned at v1, then v2 published: the alignment is stale."""
    standard = tree.add_standard(world.framework, world.ka, "performance_indicator", f"PI {i}")
    found, _ = alignment.align(world.course, standard, "introduced", "", faculty)
    db.session.commit()
    standards.save_version(standard, 1, f"PI {i}", "Changed.", None, "", faculty)
    db.session.commit()
    world.factory.publish(standard)
    assert found.is_stale
    return found


def test_four_simultaneous_reconfirms_of_one_alignment_make_one_change(app, db, world):
    faculty = world.factory.member(world.partnership, "faculty", organization=world.college)
    faculty_id = faculty.id
    for i in range(REPEATS):
        found = _stale_alignment(world, db, faculty, i)

        def confirm(alignment_id=found.id):
            loaded = alignment.get_alignment(alignment_id)
            assert loaded.is_stale  # what the page showed
            yield
            alignment.confirm(loaded, _db.session.get(User, faculty_id))

        outcomes = race(app, *(confirm for _ in range(4)))
        assert sorted(outcomes, key=str) == [409, 409, 409, "ok"], outcomes
        events = db.session.scalar(
            db.select(db.func.count(AuditEvent.id)).where(
                AuditEvent.action == "alignment.confirmed", AuditEvent.object_id == found.id
            )
        )
        assert events == 1
        revisions = list(
            db.session.scalars(
                db.select(AlignmentRevision)
                .where(
                    AlignmentRevision.course_id == found.course_id,
                    AlignmentRevision.standard_id == found.standard_id,
                )
                .order_by(AlignmentRevision.valid_from, AlignmentRevision.id)
            )
        )
        assert len(revisions) == 2  # made, then re-confirmed once
        for earlier, later in zip(revisions, revisions[1:], strict=False):
            assert earlier.valid_from <= earlier.valid_to == later.valid_from
        assert revisions[-1].valid_to is None


def test_simultaneous_bulk_reconfirms_skip_what_another_request_confirmed(app, db, world):
    faculty = world.factory.member(world.partnership, "faculty", organization=world.college)
    clients = [app.test_client() for _ in range(4)]
    for client in clients:
        assert login(client, faculty.email).status_code == 302
    for i in range(REPEATS):
        found = _stale_alignment(world, db, faculty, i)
        data = {"alignment": [found.id], "next": f"/courses/{world.course.id}"}
        responses = requests_together(
            app, *((c, "post", "/alignments/confirm", {"data": data}) for c in clients)
        )
        assert [getattr(r, "status_code", r) for r in responses] == [302] * 4
        events = db.session.scalar(
            db.select(db.func.count(AuditEvent.id)).where(
                AuditEvent.action == "alignment.confirmed", AuditEvent.object_id == found.id
            )
        )
        assert events == 1


def _admin_client(app, factory):
    admin = factory.user(admin=True, name="Admin")
    clients = [app.test_client() for _ in range(2)]
    for client in clients:
        assert login(client, admin.email).status_code == 302
    return clients


def _one_won(responses, ok: int, lost: tuple[int, ...], message: str):
    assert not any(isinstance(r, Exception) for r in responses), responses
    statuses = sorted(r.status_code for r in responses)
    assert ok in statuses and all(s == ok or s in lost for s in statuses), statuses
    for r in responses:
        if r.status_code != ok:
            assert message in r.text


def test_simultaneous_creates_of_the_same_name_answer_a_message_not_a_500(app, db, factory):
    first, second = _admin_client(app, factory)
    for i in range(REPEATS):
        org = {"name": f"Dayton Gear {i}", "kind": "employer"}
        _one_won(
            requests_together(
                app,
                (first, "post", "/organizations/new", {"data": org}),
                (second, "post", "/organizations/new", {"data": org}),
            ),
            302,
            (200, 409),
            "An organization with this name already exists.",
        )
        partnership = {
            "name": f"Gulf Shipbuilding {i}",
            "industry": "Shipbuilding",
            "region": "Gulf Coast",
            "endorsement_quorum": 2,
        }
        _one_won(
            requests_together(
                app,
                (first, "post", "/partnerships/new", {"data": partnership}),
                (second, "post", "/partnerships/new", {"data": partnership}),
            ),
            302,
            (200, 409),
            "already",
        )
    for model, column in ((Organization, Organization.name), (Partnership, Partnership.name)):
        names = list(db.session.scalars(db.select(column)))
        assert len(names) == len(set(names)), model


def test_simultaneous_api_creates_of_the_same_pair_answer_409_json(app, db, world):
    convener = world.factory.member(world.partnership, "convener")
    faculty = world.factory.member(world.partnership, "faculty", organization=world.college)
    tokens = {u.id: create_token(u, "race")[1] for u in (convener, faculty)}
    db.session.commit()
    clients = [app.test_client() for _ in range(2)]

    def call(client, user, url, body):
        headers = {"Authorization": f"Bearer {tokens[user.id]}"}
        return (client, "post", url, {"json": body, "headers": headers})

    for i in range(REPEATS):
        url = f"/api/v1/partnerships/{world.partnership.id}/frameworks"
        responses = requests_together(
            app, *(call(c, convener, url, {"title": f"Welding {i}"}) for c in clients)
        )
        _one_won(responses, 201, (400, 409), "already has a framework with that title")
        standard = tree.add_standard(world.framework, world.ka, "skill", f"Skill {i}")
        db.session.commit()
        url = f"/api/v1/courses/{world.course.id}/alignments"
        body = {"standard_id": standard.id, "level": "introduced", "note": "Lab"}
        responses = requests_together(app, *(call(c, faculty, url, body) for c in clients))
        assert not any(isinstance(r, Exception) for r in responses), responses
        statuses = sorted(r.status_code for r in responses)
        assert statuses in ([200, 201], [201, 409]), statuses
        for r in responses:
            if r.status_code == 409:
                assert r.json == {
                    "error": "This course is already aligned to that standard.",
                    "status": 409,
                }
    titles = list(db.session.scalars(db.select(Framework.title)))
    assert len(titles) == len(set(titles))
    pairs = list(db.session.execute(db.select(Alignment.course_id, Alignment.standard_id)))
    assert len(pairs) == len(set(pairs))


def test_simultaneous_course_creates_show_the_clash_on_the_form(app, db, world):
    faculty = world.factory.member(world.partnership, "faculty", organization=world.college)
    clients = [app.test_client() for _ in range(2)]
    for client in clients:
        assert login(client, faculty.email).status_code == 302
    for i in range(REPEATS):
        data = {
            "organization_id": world.college.id,
            "code": f"WLD {100 + i}",
            "title": "Weld",
            "credits": "3",
        }
        responses = requests_together(
            app, *((c, "post", "/courses/new", {"data": data}) for c in clients)
        )
        _one_won(responses, 302, (200, 409), "already has a course")
    codes = list(db.session.scalars(db.select(Course.code)))
    assert len(codes) == len(set(codes))


def test_the_export_limit_holds_against_simultaneous_requests(app, db, world, monkeypatch):
    monkeypatch.setattr(export_services, "enqueue", lambda name, job_id: None)  # stay queued
    convener = world.factory.member(world.partnership, "convener")
    limit = app.config["EXPORT_PENDING_PER_USER"]
    assert limit == 3
    user_id, program_id = convener.id, world.program.id

    def ask():
        user = _db.session.get(User, user_id)
        subject = _db.session.get(Program, program_id)
        yield
        exports.request_export(ExportKind.CURRICULUM, subject, user, {})

    for _ in range(REPEATS):
        outcomes = race(app, *(ask for _ in range(6)))
        assert outcomes.count("ok") == limit and outcomes.count(429) == 6 - limit, outcomes
        pending = db.session.scalar(
            db.select(db.func.count(ExportJob.id)).where(
                ExportJob.requested_by_id == user_id, ExportJob.state == JobState.QUEUED
            )
        )
        assert pending == limit
        db.session.execute(
            db.update(ExportJob)
            .where(ExportJob.requested_by_id == user_id)
            .values(state=JobState.DONE)
        )
        db.session.commit()


@pytest.mark.parametrize("api", [False, True])
def test_a_unique_clash_outside_any_check_is_409_with_a_message(make_app, db, api):
    """The app-wide handler: an IntegrityError that reaches a view answers 409, not 500."""
    app = make_app()

    @app.post("/api/v1/_clash" if api else "/_clash")
    def clash():
        _db.session.add(Organization(name="Twice", kind="employer"))
        _db.session.add(Organization(name="Twice", kind="employer"))
        _db.session.commit()

    with app.app_context():
        response = app.test_client().post("/api/v1/_clash" if api else "/_clash")
        assert response.status_code == 409
        if api:
            assert response.json == {
                "error": "An organization with this name already exists.",
                "status": 409,
            }
        else:
            assert "An organization with this name already exists." in response.text
        assert _db.session.scalar(db.select(db.func.count(Organization.id))) == 0
