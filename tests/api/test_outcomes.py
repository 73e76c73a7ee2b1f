"""The learning outcome endpoints: list, add, change and move, delete, align (same answers as a
course's alignments), who may, and the course's alignment list naming outcome_id."""

from curriculum.alignment.models import Alignment
from curriculum.courses.models import Course, CourseOutcome
from curriculum.extensions import db as _db


def _faculty(api_as, world):
    return api_as("faculty", organization=world.college)


def _patch(api, url, body):
    return api.client.patch(url, json=body, headers=api.headers)


def _texts(course_id):
    _db.session.expire_all()
    return [(o.position, o.text) for o in _db.session.get(Course, course_id).outcomes]


def test_faculty_add_change_move_and_delete_outcomes(api_as, world, db):
    api = _faculty(api_as, world)
    url = f"/api/v1/courses/{world.course.id}/outcomes"
    made = []
    for text in ("Read a schematic", "Size a cylinder", "Bleed a line"):
        response = api.post(url, json={"text": text, "assessment": f"Quiz: {text}"})
        assert response.status_code == 201, response.json
        made.append(response.json)
    assert [m["position"] for m in made] == [1, 2, 3]
    assert made[0]["course_id"] == world.course.id and made[0]["assessment"].startswith("Quiz")
    third = made[2]["id"]
    response = _patch(api, f"/api/v1/outcomes/{third}", {"position": 1, "text": "Bleed lines"})
    assert response.status_code == 200 and response.json["position"] == 1
    assert _texts(world.course.id) == [
        (1, "Bleed lines"),
        (2, "Read a schematic"),
        (3, "Size a cylinder"),
    ]
    assert api.delete(f"/api/v1/outcomes/{made[0]['id']}").status_code == 204
    assert _texts(world.course.id) == [(1, "Bleed lines"), (2, "Size a cylinder")]
    listed = api_as("anonymous").get(url)
    assert listed.status_code == 200
    assert [o["text"] for o in listed.json["items"]] == ["Bleed lines", "Size a cylinder"]


def test_bad_input_is_refused_naming_the_field_and_changes_nothing(api_as, world, db):
    api = _faculty(api_as, world)
    url = f"/api/v1/courses/{world.course.id}/outcomes"
    for body, field in [
        ({"text": "  "}, "text"),
        ({"assessment": "x"}, "text"),
        ({"text": "x" * 1001}, "text"),
        ({"text": 5}, "text"),
        ({"text": "Fine", "assessment": "y" * 2001}, "assessment"),
    ]:
        response = api.post(url, json=body)
        assert response.status_code == 400 and field in response.json["fields"], body
    assert _texts(world.course.id) == []
    outcome = api.post(url, json={"text": "Read"}).json
    for body, field in [({"position": 2}, "position"), ({"position": "1"}, "position")]:
        response = _patch(api, f"/api/v1/outcomes/{outcome['id']}", body)
        assert response.status_code == 400 and field in response.json["fields"], body
    assert _patch(api, f"/api/v1/outcomes/{outcome['id']}", {"text": ""}).status_code == 400
    assert _texts(world.course.id) == [(1, "Read")]
    assert api.delete("/api/v1/outcomes/2147483647").status_code == 404


def test_only_those_who_may_edit_the_course_change_its_outcomes(api_as, world, db):
    faculty = _faculty(api_as, world)
    outcome = faculty.post(
        f"/api/v1/courses/{world.course.id}/outcomes", json={"text": "Read"}
    ).json
    statuses = {"anonymous": 401, "viewer": 403, "outsider": 403}
    for role, status in statuses.items():
        api = api_as(role)
        url = f"/api/v1/courses/{world.course.id}/outcomes"
        assert api.post(url, json={"text": "Sneak"}).status_code == status, role
        oid = outcome["id"]
        assert _patch(api, f"/api/v1/outcomes/{oid}", {"text": "Sneak"}).status_code == status
        assert api.delete(f"/api/v1/outcomes/{oid}").status_code == status
        body = {"standard_id": world.ka.id, "level": "mastered"}
        assert api.post(f"/api/v1/outcomes/{oid}/alignments", json=body).status_code == status
    assert _texts(world.course.id) == [(1, "Read")]


def test_aligning_an_outcome_answers_as_aligning_the_course(api_as, world, db):
    api = _faculty(api_as, world)
    outcome = api.post(
        f"/api/v1/courses/{world.course.id}/outcomes", json={"text": "Guard a press"}
    ).json
    url = f"/api/v1/outcomes/{outcome['id']}/alignments"
    body = {"standard_id": world.ka.id, "level": "reinforced", "note": "Lab 3"}
    first = api.post(url, json=body)
    assert first.status_code == 201, first.json
    assert first.json["outcome_id"] == outcome["id"] and first.json["course_id"] == world.course.id
    # The course-level alignment to the same standard is another alignment.
    course_level = api.post(
        f"/api/v1/courses/{world.course.id}/alignments",
        json={"standard_id": world.ka.id, "level": "introduced", "note": "Intro"},
    )
    assert course_level.status_code == 201 and course_level.json["outcome_id"] is None
    # Again without a note: the level changes, the outcome's note stays (not the course's).
    again = api.post(url, json={"standard_id": world.ka.id, "level": "mastered"})
    assert again.status_code == 200 and again.json["id"] == first.json["id"]
    assert (again.json["level"], again.json["note"]) == ("mastered", "Lab 3")
    refused = api.post(url, json={"standard_id": 2147483647, "level": "mastered"})
    assert refused.status_code == 400 and "standard_id" in refused.json["fields"]
    # The course's alignment list names the outcome; the outcomes list groups them.
    detail = api.get(f"/api/v1/courses/{world.course.id}").json
    assert sorted((a["outcome_id"] or 0) for a in detail["alignments"]) == [0, outcome["id"]]
    listed = api.get(f"/api/v1/courses/{world.course.id}/outcomes").json
    (item,) = listed["items"]
    assert [a["level"] for a in item["alignments"]] == ["mastered"]
    assert [a["note"] for a in listed["course_level"]] == ["Intro"]
    # Deleting the outcome deletes its alignment, not the course-level one.
    assert api.delete(f"/api/v1/outcomes/{outcome['id']}").status_code == 204
    left = db.session.scalars(db.select(Alignment)).all()
    assert [a.outcome_id for a in left] == [None]
    assert db.session.scalar(db.select(db.func.count(CourseOutcome.id))) == 0


def test_every_outcome_answer_matches_the_openapi_document(api_as, world, db):
    from tests.api.test_openapi import _conforms, _template

    api, viewer = _faculty(api_as, world), api_as("viewer")
    course = f"/courses/{world.course.id}/outcomes"
    made = api.post("/api/v1" + course, json={"text": "Read"}).json["id"]
    calls = [
        (api, "post", course, {"text": "Size", "assessment": "Quiz"}),
        (api, "post", course, {"text": ""}),
        (viewer, "post", course, {"text": "Sneak"}),
        (api_as("anonymous"), "get", course, None),
        (api, "patch", f"/outcomes/{made}", {"position": 2}),
        (api, "patch", f"/outcomes/{made}", {"position": 9}),
        (
            api,
            "post",
            f"/outcomes/{made}/alignments",
            {"standard_id": world.ka.id, "level": "introduced"},
        ),
        (
            api,
            "post",
            f"/outcomes/{made}/alignments",
            {"standard_id": world.ka.id, "level": "mastered"},
        ),
        (api, "get", course, None),
        (api, "get", f"/courses/{world.course.id}", None),
        (api, "delete", f"/outcomes/{made}", None),
        (api, "delete", f"/outcomes/{made}", None),
    ]
    statuses = set()
    for client, method, path, body in calls:
        response = client.client.open(
            "/api/v1" + path, method=method.upper(), headers=client.headers, json=body
        )
        _conforms(response, method, _template(path))
        statuses.add(response.status_code)
    assert statuses == {200, 201, 204, 400, 403, 404}
