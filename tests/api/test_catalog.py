"""Keeping the catalog through the API: courses and programs created and changed (partially),
and a program's whole course list with its elective groups."""

from __future__ import annotations

from decimal import Decimal

import pytest

from curriculum.audit.models import AuditEvent
from curriculum.courses.models import Course, CourseOutcome, ElectiveGroup, Program, ProgramCourse
from curriculum.extensions import db as _db
from tests.api.test_openapi import PREFIX, _conforms, _template
from tests.conftest import PASSWORD, csrf_token_from, login


def _send(api, method: str, path: str, body=None):
    """A request of any method through the ApiClient's token, checked against the document."""
    response = api.client.open(PREFIX + path, method=method, json=body, headers=api.headers)
    template = _template(path)
    from curriculum.api.openapi import document

    responses = document()["paths"][template][method.lower()]["responses"]
    assert str(response.status_code) in responses, (method, path, response.status_code)
    _conforms(response, method.lower(), template)
    return response


@pytest.fixture
def faculty(api_as, world):
    return api_as("faculty", organization=world.college)


def _course_body(world, **values) -> dict:
    return {
        "organization_id": world.college.id,
        "code": "weld 101",
        "title": "Welding basics",
        "credits": 3.5,
        "contact_hours": 60,
        "description": "Arc and *MIG*.",
        **values,
    }


def _count(model) -> int:
    return _db.session.scalar(_db.select(_db.func.count()).select_from(model))


# --- Courses -------------------------------------------------------------------------------


def test_faculty_create_a_course(faculty, world):
    response = _send(faculty, "POST", "/courses", _course_body(world))
    assert response.status_code == 201
    body = response.json
    assert body["code"] == "WELD 101" and body["credits"] == 3.5
    assert body["contact_hours"] == 60 and body["college"]["id"] == world.college.id
    assert response.headers["Location"].endswith(f"/api/v1/courses/{body['id']}")
    course = _db.session.get(Course, body["id"])
    assert course.credits == Decimal("3.50") and course.description == "Arc and *MIG*."
    created = _db.select(AuditEvent.object_id).where(AuditEvent.action == "course.created")
    assert course.id in _db.session.scalars(created).all()


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"title": ""}, "title"),
        ({"code": "  "}, "code"),
        ({"credits": 120}, "credits"),
        ({"credits": "3"}, "credits"),
        ({"contact_hours": 5000}, "contact_hours"),
        ({"contact_hours": 1.5}, "contact_hours"),
        ({"organization_id": 10**6}, "organization_id"),
    ],
)
def test_bad_course_input_is_refused_naming_the_field(faculty, world, values, field):
    before = _count(Course)
    response = _send(faculty, "POST", "/courses", _course_body(world, **values))
    assert response.status_code == 400, response.json
    assert field in response.json["fields"]
    assert _count(Course) == before


def test_a_course_code_the_college_has_is_a_conflict(faculty, world):
    response = _send(faculty, "POST", "/courses", _course_body(world, code="MFG 110"))
    assert response.status_code == 409
    assert response.json["fields"] == {"code": "Valley College already has a course MFG 110."}


def test_a_course_of_a_college_one_does_not_teach_at_is_refused(api_as, world):
    other = api_as("faculty", organization=world.other_college)
    viewer = api_as("viewer")
    before = _count(Course)
    assert _send(other, "POST", "/courses", _course_body(world)).status_code == 403
    assert _send(viewer, "POST", "/courses", _course_body(world)).status_code == 403
    assert _send(api_as("anonymous"), "POST", "/courses", _course_body(world)).status_code == 401
    assert _count(Course) == before


def test_patch_changes_only_the_fields_sent(faculty, world, db):
    course = world.course
    course.outcomes.append(CourseOutcome(position=1, text="Wear the right protection."))
    course.contact_hours = 45
    db.session.commit()
    response = _send(faculty, "PATCH", f"/courses/{course.id}", {"title": "Shop safety"})
    assert response.status_code == 200
    body = response.json
    assert body["title"] == "Shop safety"
    assert body["code"] == "MFG 110" and body["credits"] == 3 and body["contact_hours"] == 45
    assert body["learning_outcomes"] == ["Wear the right protection."]
    response = _send(faculty, "PATCH", f"/courses/{course.id}", {"contact_hours": None})
    assert response.json["contact_hours"] is None and response.json["title"] == "Shop safety"


def test_patch_refusals(api_as, faculty, world):
    course = world.course
    assert _send(faculty, "PATCH", f"/courses/{course.id}", {"title": ""}).status_code == 400
    clash = _send(faculty, "PATCH", f"/courses/{course.id}", {"code": "mfg 120"})
    assert clash.status_code == 409
    other = api_as("faculty", organization=world.other_college)
    assert _send(other, "PATCH", f"/courses/{course.id}", {"title": "Mine"}).status_code == 403
    assert _send(faculty, "PATCH", "/courses/999999", {"title": "Gone"}).status_code == 404
    assert _db.session.get(Course, course.id).title == "Safety"


@pytest.fixture
def csrf_app(make_app):
    app = make_app(WTF_CSRF_ENABLED=True)
    with app.app_context():
        yield app


def test_a_cookie_session_must_send_the_csrf_header(csrf_app, world):
    user = world.factory.member(world.partnership, "faculty", organization=world.college)
    client = csrf_app.test_client()
    login(client, user.email, PASSWORD, csrf_token=csrf_token_from(client.get("/login").text))
    url = f"/api/v1/courses/{world.course.id}"
    refused = client.patch(url, json={"title": "Forged"})
    assert refused.status_code == 400 and "X-CSRFToken" in refused.json["error"]
    put = client.put(f"/api/v1/programs/{world.program.id}/courses", json={"courses": []})
    assert put.status_code == 400 and "X-CSRFToken" in put.json["error"]
    token = csrf_token_from(client.get("/account").text)
    taken = client.patch(url, json={"title": "Kept"}, headers={"X-CSRFToken": token})
    assert taken.status_code == 200 and taken.json["title"] == "Kept"


# --- Programs ------------------------------------------------------------------------------


def _program_body(world, **values) -> dict:
    return {
        "organization_id": world.college.id,
        "name": "Welding Technician",
        "catalog_year": "2027-2028",
        "partnership_id": world.partnership.id,
        "framework_ids": [world.framework.id],
        **values,
    }


def test_faculty_create_a_program(faculty, world):
    response = _send(faculty, "POST", "/programs", _program_body(world))
    assert response.status_code == 201
    body = response.json
    assert body["name"] == "Welding Technician" and body["award_type"] == "Certificate"
    assert body["frameworks"] == [{"id": world.framework.id, "title": world.framework.title}]
    assert response.headers["Location"].endswith(f"/api/v1/programs/{body['id']}")


@pytest.mark.parametrize(
    ("values", "field", "status"),
    [
        ({"catalog_year": "2027"}, "catalog_year", 400),
        ({"name": ""}, "name", 400),
        ({"partnership_id": 10**6}, "partnership_id", 400),
        ({"framework_ids": [10**6]}, "framework_ids", 400),
        ({"framework_ids": "1"}, "framework_ids", 400),
        ({"name": "Production Technician", "catalog_year": "2026-2027"}, "name", 409),
    ],
)
def test_bad_program_input(faculty, world, values, field, status):
    before = _count(Program)
    response = _send(faculty, "POST", "/programs", _program_body(world, **values))
    assert response.status_code == status, response.json
    assert field in response.json["fields"]
    assert _count(Program) == before


def test_a_program_of_another_college_is_refused(api_as, world):
    other = api_as("faculty", organization=world.other_college)
    assert _send(other, "POST", "/programs", _program_body(world)).status_code == 403
    patch = _send(other, "PATCH", f"/programs/{world.program.id}", {"name": "Taken"})
    assert patch.status_code == 403
    assert _db.session.get(Program, world.program.id).name == "Production Technician"


def test_program_patch_is_partial(faculty, world):
    program = world.program
    response = _send(faculty, "PATCH", f"/programs/{program.id}", {"award_type": "AAS"})
    assert response.status_code == 200
    body = response.json
    assert body["award_type"] == "AAS" and body["name"] == "Production Technician"
    assert body["catalog_year"] == "2026-2027"
    assert [f["id"] for f in body["frameworks"]] == [world.framework.id]
    assert [c["code"] for t in body["terms"] for c in t["courses"]] == ["MFG 110", "MFG 120"]
    bad = _send(faculty, "PATCH", f"/programs/{program.id}", {"catalog_year": "next year"})
    assert bad.status_code == 400 and "catalog_year" in bad.json["fields"]
    assert _send(faculty, "PATCH", "/programs/999999", {"name": "X"}).status_code == 404


# --- A program's course list ---------------------------------------------------------------


def _list_body(world, third) -> dict:
    return {
        "courses": [
            {"course_id": world.course2.id, "term": 1},
            {"course_id": world.course.id, "term": 2, "required": False, "group": "Shop"},
            {"course_id": third.id, "term": 2, "required": False, "group": "shop"},
        ],
        "groups": [{"name": "Shop", "choose": 1}],
    }


def test_put_sets_the_whole_list_with_groups(faculty, world):
    third = world.factory.course(world.college, "ROB 220", "Robotics", "4")
    path = f"/programs/{world.program.id}/courses"
    response = _send(faculty, "PUT", path, _list_body(world, third))
    assert response.status_code == 200, response.json
    body = response.json
    assert [(c["code"], c["term"], c["required"], c["group"]) for c in body["courses"]] == [
        ("MFG 120", 1, True, None),
        ("MFG 110", 2, False, "Shop"),
        ("ROB 220", 2, False, "Shop"),
    ]
    assert body["groups"] == [
        {"name": "Shop", "choose": 1, "label": "Choose 1 of MFG 110, ROB 220"}
    ]
    assert _send(faculty, "GET", path).json == body
    # Sent again without the group: the group goes, the courses stay as free electives.
    body2 = {"courses": [{**c, "group": None} for c in _list_body(world, third)["courses"]]}
    response = _send(faculty, "PUT", path, body2)
    assert response.json["groups"] == [] and _count(ElectiveGroup) == 0


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda b: b["courses"][2].update(group="Lab"), "courses[2].group"),
        (lambda b: b["courses"][1].update(required=True), "courses[1].required"),
        (lambda b: b["courses"][0].update(term=13), "courses[0].term"),
        (lambda b: b["courses"][0].update(course_id=10**6), "courses[0].course_id"),
        (lambda b: b["courses"].append(dict(b["courses"][0])), "courses[3].course_id"),
        (lambda b: b["groups"][0].update(choose=3), "groups"),
        (lambda b: b["groups"].append({"name": " SHOP "}), "groups"),
        (lambda b: b["courses"][0].update(term="1"), "courses[0]"),
    ],
)
def test_a_bad_entry_changes_nothing(faculty, world, change, field):
    third = world.factory.course(world.college, "ROB 220", "Robotics", "4")
    before = [
        (pc.course_id, pc.term, pc.required, pc.group_id)
        for pc in _db.session.scalars(_db.select(ProgramCourse).order_by(ProgramCourse.id))
    ]
    body = _list_body(world, third)
    change(body)
    response = _send(faculty, "PUT", f"/programs/{world.program.id}/courses", body)
    assert response.status_code == 400, response.json
    assert field in response.json["fields"]
    after = [
        (pc.course_id, pc.term, pc.required, pc.group_id)
        for pc in _db.session.scalars(_db.select(ProgramCourse).order_by(ProgramCourse.id))
    ]
    assert after == before and _count(ElectiveGroup) == 0


def test_a_course_of_another_college_cannot_join_the_list(faculty, world):
    foreign = world.factory.course(world.other_college, "HVAC 100", "Air", "3")
    body = {"courses": [{"course_id": foreign.id, "term": 1}]}
    response = _send(faculty, "PUT", f"/programs/{world.program.id}/courses", body)
    assert response.status_code == 400 and "courses[0].course_id" in response.json["fields"]


def test_put_refusals(api_as, world):
    body = {"courses": [{"course_id": world.course.id, "term": 1}]}
    path = f"/programs/{world.program.id}/courses"
    other = api_as("faculty", organization=world.other_college)
    assert _send(other, "PUT", path, body).status_code == 403
    assert _send(api_as("viewer"), "PUT", path, body).status_code == 403
    assert _send(api_as("anonymous"), "PUT", path, body).status_code == 401
    assert _send(api_as("faculty"), "PUT", "/programs/999999/courses", body).status_code == 404
    assert _count(ProgramCourse) == 2


def test_a_convener_adds_no_course_another_partnership_holds(api_as, world, factory):
    """The access rule of adding courses (access.addable_courses) holds for the PUT too."""
    elsewhere = factory.partnership(name="Elsewhere")
    from curriculum.partnerships import services as partnerships

    partnerships.add_organization(elsewhere, world.college)
    admin = factory.user(admin=True, name="Admin")
    partnerships.decide_join(partnerships.pending_request(elsewhere, world.college), admin, True)
    shared = factory.course(world.college, "MFG 300", "Shared", "3")
    factory.program(world.college, elsewhere, [], name="Other", courses_by_term=[(shared, 1)])
    convener = api_as("convener")
    body = {"courses": [{"course_id": shared.id, "term": 1}]}
    response = _send(convener, "PUT", f"/programs/{world.program.id}/courses", body)
    assert response.status_code == 400 and "MFG 300" in response.json["error"]
