"""Courses, programs, aligning courses to standards, and coverage, through the API."""

import pytest

from curriculum.alignment import services as alignment
from curriculum.alignment.models import Alignment
from curriculum.api.openapi import document
from curriculum.audit.models import AuditEvent
from curriculum.courses import services as courses
from curriculum.standards import services as standards
from curriculum.standards import tree
from tests.api.conftest import ApiClient
from tests.api.test_openapi import PREFIX, _conforms, _template
from tests.conftest import PASSWORD, csrf_token_from, login


def _faculty(api_as, world):
    return api_as("faculty", organization=world.college)


def _align_url(course, tail=""):
    return f"/api/v1/courses/{course.id}/alignments{tail}"


def _align(world, course, standard, level, note=""):
    """An alignment made through the service by faculty of the college."""
    user = world.factory.member(world.partnership, "faculty", organization=world.college)
    found, _ = alignment.align(course, standard, level, note, user)
    return found


def _count(db, **where):
    return db.session.scalar(db.select(db.func.count(Alignment.id)).filter_by(**where))


def _make_stale(world, db):
    """MFG 110 aligned to A.1.1 v1 (published), then v2 published: the alignment is stale."""
    world.factory.publish(world.pi)
    found = _align(world, world.course, world.pi, "mastered")
    db.session.commit()
    standards.save_version(world.pi, 1, "Guards checked every shift", "", None, "", None)
    db.session.commit()
    world.factory.publish(world.pi, number=2)
    return found


# --- Reading courses and programs ----------------------------------------------------------


def test_courses_are_listed_for_everyone_by_college_and_code(api_as, world, db):
    courses.create_course(world.other_college, {"code": "WLD 101", "title": "Welding I"})
    db.session.commit()
    for role in ("anonymous", "outsider", "viewer"):
        response = api_as(role).get("/api/v1/courses")
        assert response.status_code == 200
        body = response.json
        assert [c["code"] for c in body["items"]] == ["WLD 101", "MFG 110", "MFG 120"]
        assert (body["page"], body["pages"], body["total"]) == (1, 1, 3)
    first = api_as("anonymous").get("/api/v1/courses").json["items"][1]
    assert first["title"] == "Safety" and first["credits"] == 3
    assert first["college"] == {"id": world.college.id, "name": "Valley College", "kind": "college"}
    machining = api_as("anonymous").get("/api/v1/courses?q=machin").json["items"]
    assert [(c["code"], c["credits"]) for c in machining] == [("MFG 120", 4.5)]
    theirs = api_as("anonymous").get(f"/api/v1/courses?college={world.other_college.id}").json
    assert [c["code"] for c in theirs["items"]] == ["WLD 101"] and theirs["total"] == 1


def test_course_lists_come_in_pages(api_as, world, app, db):
    per_page = app.config["PER_PAGE"]
    for n in range(per_page):
        courses.create_course(world.college, {"code": f"ZZZ {n + 100}", "title": f"Extra {n}"})
    db.session.commit()
    api = api_as("anonymous")
    first = api.get("/api/v1/courses").json
    assert (first["page"], first["pages"], first["total"]) == (1, 2, per_page + 2)
    assert len(first["items"]) == per_page
    second = api.get("/api/v1/courses?page=2").json
    last_two = [f"ZZZ {per_page + 98}", f"ZZZ {per_page + 99}"]
    assert second["page"] == 2 and [c["code"] for c in second["items"]] == last_two
    assert api.get("/api/v1/courses?page=9").json["items"] == []


@pytest.mark.parametrize("query", ["page=0", "page=two", "page=-1", "college=x", "page=1.5"])
def test_bad_list_parameters_are_400(api_as, world, query):
    name = query.split("=")[0]
    for url in ("/api/v1/courses", "/api/v1/programs"):
        response = api_as("anonymous").get(f"{url}?{query}")
        assert response.status_code == 400
        assert name in response.json["fields"]


def test_a_course_with_its_alignments(api_as, world, db):
    world.factory.publish(world.pi)
    _align(world, world.course, world.ka, "introduced", "Lab 2: guard inspection")
    _align(world, world.course, world.pi, "mastered")
    db.session.commit()
    response = api_as("anonymous").get(f"/api/v1/courses/{world.course.id}")
    assert response.status_code == 200
    body = response.json
    assert (body["code"], body["title"], body["credits"]) == ("MFG 110", "Safety", 3)
    ka, pi = body["alignments"]
    # A.1 is still a draft: a visitor learns its code, never its text.
    assert ka["standard"] == {
        "id": world.ka.id,
        "code": "A.1",
        "title": None,
        "kind": "key_activity",
        "framework_id": world.framework.id,
    }
    assert "Inspect guarding" not in response.get_data(as_text=True)
    as_faculty = _faculty(api_as, world).get(f"/api/v1/courses/{world.course.id}").json
    assert as_faculty["alignments"][0]["standard"]["title"] == "Inspect guarding"
    assert (ka["level"], ka["note"]) == ("introduced", "Lab 2: guard inspection")
    assert ka["version"] == {"number": 1, "status": "draft"} and ka["published_version"] is None
    assert ka["stale"] is False and ka["created_by"].startswith("Faculty")
    assert ka["created_at"] and ka["confirmed_by"] is None and ka["confirmed_at"] is None
    assert pi["version"] == {"number": 1, "status": "published"} and pi["published_version"] == 1
    assert api_as("anonymous").get("/api/v1/courses/999").status_code == 404


def test_reading_a_course_takes_the_same_queries_however_many_people_aligned_it(
    api_as, world, db, count_queries
):
    api = api_as("anonymous")
    _align(world, world.course, world.ka, "introduced")
    db.session.commit()
    with count_queries() as one:
        assert api.get(f"/api/v1/courses/{world.course.id}").status_code == 200
    _align(world, world.course, world.pi, "reinforced")
    _align(world, world.course, world.cwf, "reinforced")  # three alignments, three people
    db.session.commit()
    with count_queries() as three:
        assert len(api.get(f"/api/v1/courses/{world.course.id}").json["alignments"]) == 3
    assert len(three) == len(one)


def test_programs_are_listed_for_everyone(api_as, world, factory, db):
    courses.copy_program(world.program, "2027-2028")
    db.session.commit()
    body = api_as("anonymous").get("/api/v1/programs").json
    assert [(p["name"], p["catalog_year"]) for p in body["items"]] == [
        ("Production Technician", "2027-2028"),
        ("Production Technician", "2026-2027"),
    ]
    assert body["total"] == 2 and body["items"][0]["copied_from_id"] == world.program.id
    assert body["items"][1]["college"]["name"] == "Valley College"
    assert api_as("anonymous").get("/api/v1/programs?q=welding").json["items"] == []
    other = api_as("viewer").get(f"/api/v1/programs?college={world.other_college.id}").json
    assert other["items"] == [] and other["total"] == 0


def test_a_program_with_its_courses_by_term(api_as, world, db):
    elective = courses.create_course(
        world.college, {"code": "MFG 130", "title": "CAD", "credits": 1}
    )
    courses.add_course(world.program, elective, 2, required=False)
    db.session.commit()
    response = api_as("anonymous").get(f"/api/v1/programs/{world.program.id}")
    assert response.status_code == 200
    body = response.json
    assert (body["name"], body["award_type"], body["catalog_year"]) == (
        "Production Technician",
        "Certificate",
        "2026-2027",
    )
    assert body["college"]["id"] == world.college.id
    assert body["partnership"] == {"id": world.partnership.id, "name": world.partnership.name}
    assert body["frameworks"] == [{"id": world.framework.id, "title": "Production Technician"}]
    terms = [
        (t["term"], t["credits"], [(c["code"], c["credits"], c["required"]) for c in t["courses"]])
        for t in body["terms"]
    ]
    assert terms == [
        (1, 3, [("MFG 110", 3, True)]),
        (2, 5.5, [("MFG 120", 4.5, True), ("MFG 130", 1, False)]),
    ]
    assert (body["total_credits"], body["required_credits"]) == (8.5, 7.5)
    assert api_as("anonymous").get("/api/v1/programs/999").status_code == 404


# --- Aligning ------------------------------------------------------------------------------


def test_faculty_of_the_college_align_a_course(api_as, world, db):
    api = _faculty(api_as, world)
    response = api.post(
        _align_url(world.course),
        json={"standard_id": world.ka.id, "level": "introduced", "note": " Lab 2 "},
    )
    assert response.status_code == 201, response.json
    body = response.json
    assert body["course_id"] == world.course.id and body["standard"]["code"] == "A.1"
    assert (body["level"], body["note"], body["version"]["number"]) == ("introduced", "Lab 2", 1)
    assert body["created_by"] == api.user.display_name and body["stale"] is False
    event = db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "alignment.created"))
    assert event.actor_id == api.user.id and event.partnership_id == world.partnership.id
    assert _count(db, course_id=world.course.id) == 1


def test_aligning_again_changes_level_and_note_and_answers_200(api_as, world, db):
    api = _faculty(api_as, world)
    url, ka = _align_url(world.course), world.ka.id
    first = api.post(url, json={"standard_id": ka, "level": "introduced", "note": "Lab 2"}).json
    again = api.post(url, json={"standard_id": ka, "level": "mastered"})
    assert again.status_code == 200, again.json
    assert again.json["id"] == first["id"] and again.json["level"] == "mastered"
    assert again.json["note"] == "Lab 2"  # left out: kept
    cleared = api.post(url, json={"standard_id": ka, "level": "mastered", "note": ""}).json
    assert cleared["note"] == ""
    assert _count(db, course_id=world.course.id) == 1


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"level": "introduced"}, "standard_id"),
        ({"standard_id": "1", "level": "introduced"}, "standard_id"),
        ({"standard_id": True, "level": "introduced"}, "standard_id"),
        ({"standard_id": 99999, "level": "introduced"}, "standard_id"),
        ({"standard_id": "ka"}, "level"),
        ({"standard_id": "ka", "level": None}, "level"),
        ({"standard_id": "ka", "level": 3}, "level"),
        ({"standard_id": "ka", "level": "expert"}, "level"),
        ({"standard_id": "ka", "level": "Mastered"}, "level"),
        ({"standard_id": "ka", "level": "mastered", "note": 5}, "note"),
        ({"standard_id": "ka", "level": "mastered", "note": "x" * 501}, "note"),
    ],
)
def test_bad_alignments_are_400_with_the_field(api_as, world, db, body, field):
    if body.get("standard_id") == "ka":
        body = {**body, "standard_id": world.ka.id}
    response = _faculty(api_as, world).post(_align_url(world.course), json=body)
    assert response.status_code == 400, response.json
    assert set(response.json["fields"]) == {field}
    assert response.json["fields"][field] == response.json["error"]
    assert _count(db) == 0


def test_a_standard_of_a_partnership_the_college_is_not_part_of_is_400(api_as, world, factory, db):
    elsewhere = factory.partnership(name="Elsewhere")
    framework = tree.create_framework(elsewhere, {"title": "Welding"})
    foreign = tree.add_standard(framework, None, "critical_work_function", "Weld")
    db.session.commit()
    body = {"standard_id": foreign.id, "level": "introduced"}
    # Its only version is a draft the faculty member may not read: as if it did not exist.
    response = _faculty(api_as, world).post(_align_url(world.course), json=body)
    assert response.status_code == 400
    assert response.json["fields"]["standard_id"] == "There is no such standard."
    assert "Weld" not in response.get_data(as_text=True)
    factory.publish(foreign)
    response = _faculty(api_as, world).post(_align_url(world.course), json=body)
    assert response.status_code == 400
    assert "not part of" in response.json["fields"]["standard_id"]
    assert _count(db) == 0


def test_a_body_that_is_not_a_json_object_is_400(api_as, world, db):
    api = _faculty(api_as, world)
    for kwargs in ({"data": "standard_id=1", "content_type": "text/plain"}, {"json": [1]}):
        response = api.client.post(_align_url(world.course), headers=api.headers, **kwargs)
        assert response.status_code == 400 and "JSON object" in response.json["error"]


def test_aligning_an_unknown_course_is_404(api_as, world):
    body = {"standard_id": world.ka.id, "level": "introduced"}
    assert (
        _faculty(api_as, world).post("/api/v1/courses/999/alignments", json=body).status_code == 404
    )


# --- Setting a course's alignments to a framework at once (PUT) ---------------------------


def _put(api, course, body):
    url = f"/api/v1/courses/{course}/alignments" if isinstance(course, int) else _align_url(course)
    return api.client.put(url, json=body, headers=api.headers)


def test_put_makes_the_listed_rows_the_alignments_and_answers_counts(api_as, world, db):
    _align(world, world.course, world.cwf, "introduced", "Week 1")
    _align(world, world.course, world.ka, "introduced", "Lab 2")
    _align(world, world.course2, world.ka, "mastered")  # another course: untouched
    db.session.commit()
    api = _faculty(api_as, world)
    body = {
        "framework_id": world.framework.id,
        "alignments": [
            {"standard_id": world.ka.id, "level": "reinforced"},  # note left out: kept
            {"standard_id": world.pi.id, "level": "mastered", "note": "Practical exam"},
            {"standard_id": world.cwf.id, "aligned": False},  # the same as leaving it out
        ],
    }
    response = _put(api, world.course, body)
    assert response.status_code == 200, response.json
    assert response.json == {"added": 1, "updated": 1, "unchanged": 0, "removed": 1}
    _conforms(response, "put", "/courses/{course_id}/alignments")
    rows = {
        a.standard_id: (a.level.value, a.note)
        for a in db.session.scalars(db.select(Alignment).filter_by(course_id=world.course.id))
    }
    assert rows == {
        world.ka.id: ("reinforced", "Lab 2"),
        world.pi.id: ("mastered", "Practical exam"),
    }
    assert _count(db, course_id=world.course2.id) == 1
    # The same again changes nothing; an empty list removes them all.
    response = _put(api, world.course, body)
    assert response.json == {"added": 0, "updated": 0, "unchanged": 2, "removed": 0}
    response = _put(api, world.course, {"framework_id": world.framework.id, "alignments": []})
    assert response.json == {"added": 0, "updated": 0, "unchanged": 0, "removed": 2}
    assert _count(db, course_id=world.course.id) == 0


def test_put_refuses_a_row_with_a_level_but_not_aligned_naming_it(api_as, world, db):
    _align(world, world.course, world.cwf, "introduced")
    db.session.commit()
    body = {
        "framework_id": world.framework.id,
        "alignments": [
            {"standard_id": world.ka.id, "level": "introduced", "note": "Lab 2"},
            {"standard_id": world.pi.id, "aligned": False, "level": "mastered"},
        ],
    }
    response = _put(_faculty(api_as, world), world.course, body)
    assert response.status_code == 400
    assert response.json["error"] == "Nothing was saved: fix the rows of A.1.1."
    assert list(response.json["fields"]) == ["alignments[1]"]
    assert "not ticked" in response.json["fields"]["alignments[1]"]
    _conforms(response, "put", "/courses/{course_id}/alignments")
    assert _count(db, course_id=world.course.id) == 1  # nothing added, nothing removed


def test_put_refuses_bad_rows_and_frameworks(api_as, world, factory, db):
    api = _faculty(api_as, world)
    elsewhere = tree.create_framework(factory.partnership(name="Elsewhere"), {"title": "Weld"})
    foreign = tree.add_standard(elsewhere, None, "critical_work_function", "Weld")
    db.session.commit()
    fw = world.framework.id
    cases = [
        ({"alignments": []}, "framework_id", "framework_id is required."),
        ({"framework_id": 99999, "alignments": []}, "framework_id", "no framework 99999"),
        ({"framework_id": elsewhere.id, "alignments": []}, "framework_id", "is not part of"),
        ({"framework_id": fw, "alignments": {}}, "alignments", "must be a list"),
        ({"framework_id": fw, "alignments": [7]}, "alignments[0]", "must be an object"),
        (
            {"framework_id": fw, "alignments": [{"standard_id": world.ka.id, "aligned": "y"}]},
            "alignments[0]",
            "true or false",
        ),
        ({"framework_id": fw, "alignments": [{"level": "mastered"}]}, "alignments[0]", "required"),
        (
            {"framework_id": fw, "alignments": [{"standard_id": foreign.id, "level": "mastered"}]},
            "alignments[0]",
            "no such standard in Production Technician",
        ),
        (
            {"framework_id": fw, "alignments": [{"standard_id": world.ka.id, "level": "expert"}]},
            "alignments[0]",
            "is not a level",
        ),
    ]
    for body, field, text in cases:
        response = _put(api, world.course, body)
        assert response.status_code == 400, body
        assert text in response.json["fields"][field], (body, response.json)
        assert "Weld" not in response.json["error"]
        _conforms(response, "put", "/courses/{course_id}/alignments")
    assert _count(db) == 0


@pytest.mark.parametrize(
    ("who", "status"),
    [("other_college_faculty", 403), ("college_viewer", 403), ("anonymous", 401)],
)
def test_who_may_not_put_alignments(api_as, world, db, who, status):
    body = {
        "framework_id": world.framework.id,
        "alignments": [{"standard_id": world.ka.id, "level": "introduced"}],
    }
    assert _put(_who(api_as, world, who), world.course, body).status_code == status
    assert _put(api_as("faculty"), 999, body).status_code == 404
    assert _count(db) == 0


# --- Who may align -------------------------------------------------------------------------


def _who(api_as, world, who):
    if who == "other_college_faculty":
        return api_as("faculty", organization=world.other_college)
    if who == "college_viewer":
        return api_as("viewer", organization=world.college)
    return api_as(who)


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("other_college_faculty", 403),
        ("college_viewer", 403),
        ("viewer", 403),
        ("panelist", 403),
        ("outsider", 403),
        ("anonymous", 401),
        ("convener", 201),  # convenes a partnership the college is part of
        ("admin", 201),
    ],
)
def test_who_may_align(api_as, world, db, who, status):
    api = _who(api_as, world, who)
    response = api.post(
        _align_url(world.course), json={"standard_id": world.ka.id, "level": "introduced"}
    )
    assert response.status_code == status, response.json
    assert _count(db) == (1 if status == 201 else 0)
    if status == 403:
        assert "Valley College" in response.json["error"]
    if status == 401:
        assert response.headers["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize(
    ("who", "status"),
    [("other_college_faculty", 403), ("college_viewer", 403), ("anonymous", 401)],
)
def test_who_may_not_remove_or_confirm(api_as, world, db, who, status):
    found = _make_stale(world, db)
    api = _who(api_as, world, who)
    assert api.delete(_align_url(world.course, f"/{found.id}")).status_code == status
    assert api.post(_align_url(world.course, f"/{found.id}/confirm")).status_code == status
    db.session.refresh(found)
    assert found.version.number == 1 and _count(db) == 1


# --- Removing and re-confirming ------------------------------------------------------------


def test_removing_an_alignment(api_as, world, db):
    found = _align(world, world.course, world.ka, "introduced")
    db.session.commit()
    api = _faculty(api_as, world)
    url = _align_url(world.course, f"/{found.id}")
    response = api.delete(url)
    assert response.status_code == 204 and response.data == b""
    assert _count(db) == 0
    event = db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "alignment.removed"))
    assert event.actor_id == api.user.id
    assert api.delete(url).status_code == 404


def test_an_alignment_of_another_course_is_404(api_as, world, db):
    found = _align(world, world.course2, world.ka, "introduced")
    db.session.commit()
    api = _faculty(api_as, world)
    assert api.delete(_align_url(world.course, f"/{found.id}")).status_code == 404
    assert api.post(_align_url(world.course, f"/{found.id}/confirm")).status_code == 404
    assert api.delete(f"/api/v1/courses/999/alignments/{found.id}").status_code == 404
    assert api.delete(_align_url(world.course, "/999")).status_code == 404
    assert _count(db) == 1


def test_a_stale_alignment_is_reconfirmed_once(api_as, world, db):
    found = _make_stale(world, db)
    api = _faculty(api_as, world)
    (shown,) = api.get(f"/api/v1/courses/{world.course.id}").json["alignments"]
    assert shown["stale"] is True and shown["version"]["number"] == 1
    assert shown["published_version"] == 2
    response = api.post(_align_url(world.course, f"/{found.id}/confirm"))
    assert response.status_code == 200, response.json
    body = response.json
    assert body["version"] == {"number": 2, "status": "published"} and body["stale"] is False
    assert body["confirmed_by"] == api.user.display_name and body["confirmed_at"]
    assert body["standard"]["title"] == "Guards checked every shift"
    event = db.session.scalar(
        db.select(AuditEvent).where(AuditEvent.action == "alignment.confirmed")
    )
    assert event.actor_id == api.user.id
    again = api.post(_align_url(world.course, f"/{found.id}/confirm"))
    assert again.status_code == 409 and "already current" in again.json["error"]


def test_a_current_alignment_cannot_be_confirmed(api_as, world, db):
    found = _align(world, world.course, world.ka, "introduced")
    db.session.commit()
    response = _faculty(api_as, world).post(_align_url(world.course, f"/{found.id}/confirm"))
    assert response.status_code == 409
    db.session.refresh(found)
    assert found.confirmed_at is None


# --- Coverage ------------------------------------------------------------------------------


def _hand_checked(world, db):
    # 3 standards (cwf, ka, pi). course: ka introduced; course2: ka mastered, pi reinforced.
    _align(world, world.course, world.ka, "introduced")
    _align(world, world.course2, world.ka, "mastered")
    _align(world, world.course2, world.pi, "reinforced")
    db.session.commit()


def test_coverage_figures_on_the_hand_checked_example(api_as, world, db):
    _hand_checked(world, db)
    url = f"/api/v1/programs/{world.program.id}/coverage"
    response = api_as("panelist").get(f"{url}?count=all")  # every standard alike
    assert response.status_code == 200, response.json
    body = response.json
    assert body["scope"] == {
        "name": "required",
        "statement": "Coverage from required courses only",
        "electives": [],
    }
    assert body["counting"]["count"] == "all"
    assert body["counting"]["rule"].startswith("Counting all 3 standards alike")
    assert body["program"] == {"id": world.program.id, "name": "Production Technician"}
    assert body["framework"] == {"id": world.framework.id, "title": "Production Technician"}
    columns = [(c["code"], c["term"], c["required"], c["count"]) for c in body["courses"]]
    assert columns == [("MFG 110", 1, True, 1), ("MFG 120", 2, True, 2)]
    rows = [(r["code"], r["depth"], r["kind"], r["best"]) for r in body["rows"]]
    assert rows == [
        ("A", 0, "critical_work_function", None),
        ("A.1", 1, "key_activity", "mastered"),
        ("A.1.1", 2, "performance_indicator", "reinforced"),
    ]
    assert body["rows"][1]["title"] == "Inspect guarding"
    assert body["rows"][0]["cells"] == []
    cells = [
        (c["course_id"], c["level"], c["version"], c["stale"]) for c in body["rows"][1]["cells"]
    ]
    assert cells == [
        (world.course.id, "introduced", 1, False),
        (world.course2.id, "mastered", 1, False),
    ]
    summary = body["summary"]
    assert (summary["total"], summary["covered"], summary["mastered"]) == (3, 2, 1)
    assert (summary["covered_percent"], summary["mastered_percent"]) == (67, 33)
    assert summary["stale"] == 0
    (function,) = summary["by_function"]
    assert (function["code"], function["total"], function["covered"], function["mastered"]) == (
        "A",
        3,
        2,
        1,
    )
    assert (function["covered_percent"], function["mastered_percent"]) == (67, 33)
    assert [(r["counted"], r["leaf"], r["rollup"]) for r in body["rows"]] == [
        (True, False, "covered"),  # its one leaf, A.1.1, is covered
        (True, False, "covered"),
        (True, True, None),
    ]
    same = api_as("faculty").get(f"{url}?framework={world.framework.id}&count=all")
    assert same.json == body
    # By default the figures count the assessed leaves: A.1.1 only, covered, not mastered.
    leaves = api_as("faculty").get(url).json
    assert leaves["counting"]["count"] == "leaves"
    assert leaves["counting"]["rule"].startswith("Counting 1 assessed leaf: performance")
    summary = leaves["summary"]
    assert (summary["total"], summary["covered"], summary["mastered"]) == (1, 1, 0)
    assert summary["by_kind"] == [
        {"kind": "performance_indicator", "total": 1, "covered": 1, "mastered": 0}
    ]
    assert [r["counted"] for r in leaves["rows"]] == [False, False, True]


def test_visitors_get_only_published_standards_in_the_matrix(api_as, world, db):
    _hand_checked(world, db)
    body = api_as("anonymous").get(f"/api/v1/programs/{world.program.id}/coverage").json
    assert body["rows"] == [] and body["summary"]["total"] == 0  # nothing published yet


def test_stale_cells_are_flagged_in_the_matrix(api_as, world, db):
    found = _make_stale(world, db)
    body = api_as("panelist").get(f"/api/v1/programs/{world.program.id}/coverage").json
    ((cell,),) = [r["cells"] for r in body["rows"] if r["code"] == "A.1.1"]
    assert cell == {
        "alignment_id": found.id,
        "course_id": world.course.id,
        "level": "mastered",
        "version": 1,
        "stale": True,
    }
    assert body["summary"]["stale"] == 1


def test_coverage_against_a_framework_the_program_does_not_use_is_400(api_as, world, factory, db):
    api = api_as("anonymous")
    unused = tree.create_framework(world.partnership, {"title": "Welding Technician"})
    db.session.commit()
    url = f"/api/v1/programs/{world.program.id}/coverage"
    for query, words in (
        (f"framework={unused.id}", "does not use the framework “Welding Technician”"),
        ("framework=999", "does not use a framework #999"),
        ("framework=welding", "positive whole number"),
    ):
        response = api.get(f"{url}?{query}")
        assert response.status_code == 400
        assert words in response.json["fields"]["framework"]
    world.program.frameworks = []
    db.session.commit()
    response = api.get(url)
    assert response.status_code == 400 and "no framework yet" in response.json["error"]
    assert api.get("/api/v1/programs/999/coverage").status_code == 404


def test_coverage_takes_the_same_queries_for_one_alignment_or_many(
    api_as, world, db, count_queries
):
    api = api_as("panelist")  # a member: never-published standards count too
    url = f"/api/v1/programs/{world.program.id}/coverage"
    api.get(url)  # the token's first use records last_used_at; count from the second
    _align(world, world.course, world.ka, "introduced")
    db.session.commit()
    with count_queries() as one:
        assert api.get(url).status_code == 200
    _align(world, world.course2, world.ka, "mastered")
    _align(world, world.course2, world.pi, "reinforced")
    _align(world, world.course, world.cwf, "introduced")
    db.session.commit()
    with count_queries() as four:
        assert api.get(url).json["summary"]["covered"] == 1  # the one leaf (A.1.1)
    assert len(four) == len(one)


# --- Bearer token or session cookie --------------------------------------------------------


def _signed_in_client(app, user):
    client = app.test_client()
    if app.config["WTF_CSRF_ENABLED"]:
        login(client, user.email, PASSWORD, csrf_token=csrf_token_from(client.get("/login").text))
    else:
        login(client, user.email, PASSWORD)
    return client


def test_the_session_cookie_works_like_a_token(app, world, db):
    user = world.factory.member(world.partnership, "faculty", organization=world.college)
    client = _signed_in_client(app, user)
    response = client.post(
        _align_url(world.course), json={"standard_id": world.ka.id, "level": "reinforced"}
    )
    assert response.status_code == 201, response.json
    assert response.json["created_by"] == user.display_name
    assert client.delete(_align_url(world.course, f"/{response.json['id']}")).status_code == 204


@pytest.fixture
def csrf_app(make_app):
    app = make_app(WTF_CSRF_ENABLED=True)
    with app.app_context():
        yield app


def test_cookie_writes_need_the_csrf_header_and_token_writes_do_not(csrf_app, world, token_for):
    user = world.factory.member(world.partnership, "faculty", organization=world.college)
    client = _signed_in_client(csrf_app, user)
    body = {"standard_id": world.ka.id, "level": "introduced"}
    refused = client.post(_align_url(world.course), json=body)
    assert refused.status_code == 400 and "X-CSRFToken" in refused.json["error"]
    assert client.get(f"/api/v1/programs/{world.program.id}/coverage").status_code == 200
    header = {"X-CSRFToken": csrf_token_from(client.get("/account").text)}
    accepted = client.post(_align_url(world.course), json=body, headers=header)
    assert accepted.status_code == 201, accepted.json
    api = ApiClient(csrf_app, token_for(user))
    by_token = api.post(_align_url(world.course2), json=body)
    assert by_token.status_code == 201, by_token.json
    removed = api.delete(_align_url(world.course2, f"/{by_token.json['id']}"))
    assert removed.status_code == 204


def test_a_bad_token_is_401_even_for_public_reads(app, world):
    api = ApiClient(app, "cur_not-a-real-token")
    assert api.get("/api/v1/courses").status_code == 401
    assert api.get(f"/api/v1/programs/{world.program.id}/coverage").status_code == 401


# --- Answers match the OpenAPI document ----------------------------------------------------


def test_answers_match_the_documented_schemas(api_as, world, factory, db):
    stale = _make_stale(world, db)
    elsewhere = tree.create_framework(factory.partnership(), {"title": "Welding"})
    db.session.commit()
    faculty, other = _faculty(api_as, world), api_as("faculty", organization=world.other_college)
    anonymous = api_as("anonymous")
    c, c2, p = world.course.id, world.course2.id, world.program.id
    good = {"standard_id": world.ka.id, "level": "introduced", "note": "Lab"}
    calls = [
        (anonymous, "get", "/courses?q=mfg", None),
        (anonymous, "get", "/courses?page=x", None),
        (anonymous, "get", f"/courses/{c}", None),
        (anonymous, "get", "/courses/999", None),
        (anonymous, "get", "/programs", None),
        (anonymous, "get", f"/programs/{p}", None),
        (anonymous, "get", "/programs/999", None),
        (anonymous, "get", f"/programs/{p}/coverage", None),
        (anonymous, "get", f"/programs/{p}/coverage?framework={elsewhere.id}", None),
        (anonymous, "get", "/programs/999/coverage", None),
        (faculty, "post", f"/courses/{c}/alignments", good),
        (faculty, "post", f"/courses/{c}/alignments", {**good, "level": "mastered"}),
        (faculty, "post", f"/courses/{c}/alignments", {**good, "level": "expert"}),
        (other, "post", f"/courses/{c}/alignments", good),
        (anonymous, "post", f"/courses/{c}/alignments", good),
        (faculty, "post", "/courses/999/alignments", good),
        (faculty, "post", f"/courses/{c}/alignments/{stale.id}/confirm", None),
        (faculty, "post", f"/courses/{c}/alignments/{stale.id}/confirm", None),
        (other, "post", f"/courses/{c}/alignments/{stale.id}/confirm", None),
        (faculty, "post", f"/courses/{c2}/alignments/{stale.id}/confirm", None),
        (anonymous, "delete", f"/courses/{c}/alignments/{stale.id}", None),
        (other, "delete", f"/courses/{c}/alignments/{stale.id}", None),
        (faculty, "delete", f"/courses/{c}/alignments/{stale.id}", None),
        (faculty, "delete", f"/courses/{c}/alignments/{stale.id}", None),
    ]
    statuses = set()
    for api, method, path, body in calls:
        response = getattr(api, method)(PREFIX + path, **({"json": body} if body else {}))
        template = _template(path.split("?")[0])
        documented = document()["paths"][template][method]["responses"]
        assert str(response.status_code) in documented, (method, path, response.status_code)
        _conforms(response, method, template)
        statuses.add(response.status_code)
    assert statuses == {200, 201, 204, 400, 401, 403, 404, 409}
