"""Partnerships, frameworks, a framework's tree, and adding standards, through the API."""

import pytest

from curriculum.audit.models import AuditEvent
from curriculum.standards import services, tree
from curriculum.standards.models import Framework, Standard


def test_partnerships_are_listed_for_everyone(api_as, factory, partnership):
    factory.partnership(name="Another Partnership")
    for role in ("anonymous", "outsider", "viewer"):
        response = api_as(role).get("/api/v1/partnerships")
        assert response.status_code == 200
        names = [p["name"] for p in response.json["partnerships"]]
        assert names == ["Another Partnership", "Test Valley Manufacturing Partnership"]
    found = api_as("anonymous").get("/api/v1/partnerships?q=another").json["partnerships"]
    assert [p["name"] for p in found] == ["Another Partnership"]


def test_frameworks_of_a_partnership(api_as, framework, partnership):
    response = api_as("anonymous").get(f"/api/v1/partnerships/{partnership.id}/frameworks")
    assert response.status_code == 200
    (item,) = response.json["frameworks"]
    assert item["title"] == "Production Technician"
    assert item["occupation_codes"] == ["51-9199.00"] and item["uuid"] == framework.uuid
    assert api_as("anonymous").get("/api/v1/partnerships/999/frameworks").status_code == 404


def test_a_convener_creates_a_framework(api_as, partnership, db):
    api = api_as("convener")
    response = api.post(
        f"/api/v1/partnerships/{partnership.id}/frameworks",
        json={
            "title": "CNC Machinist",
            "description": "Set up and run CNC machines.",
            "occupation_codes": ["51-4041.00", "51-4041.00"],
            "coding_prefix": "CNC",
        },
    )
    assert response.status_code == 201, response.json
    body = response.json
    assert body["title"] == "CNC Machinist" and body["occupation_codes"] == ["51-4041.00"]
    assert response.headers["Location"].endswith(f"/api/v1/frameworks/{body['id']}")
    assert db.session.get(Framework, body["id"]).coding_prefix == "CNC"
    event = db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "framework.created"))
    assert event.actor_id == api.user.id and event.partnership_id == partnership.id


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"description": "no title"}, "title"),
        ({"title": "  "}, "title"),
        ({"title": "X", "occupation_codes": ["99-9999.99"]}, "occupation_codes"),
        ({"title": "X", "occupation_codes": "51-4041.00"}, "occupation_codes"),
        ({"title": 7}, "title"),
        ({"title": "X", "coding_prefix": "P" * 17}, "coding_prefix"),
        ({"title": "Production technician"}, "title"),  # taken, whatever the case
    ],
)
def test_bad_framework_input_is_400_with_the_field(api_as, partnership, framework, body, field):
    response = api_as("convener").post(
        f"/api/v1/partnerships/{partnership.id}/frameworks", json=body
    )
    assert response.status_code == 400
    assert response.json["status"] == 400 and list(response.json["fields"]) == [field]
    assert response.json["fields"][field] == response.json["error"]


def test_a_body_that_is_not_a_json_object_is_400(api_as, partnership):
    api = api_as("convener")
    url = f"/api/v1/partnerships/{partnership.id}/frameworks"
    for response in (api.post(url, json=["a list"]), api.post(url, data="title=X")):
        assert response.status_code == 400 and "JSON object" in response.json["error"]


@pytest.mark.parametrize(
    ("role", "status"), [("panelist", 403), ("viewer", 403), ("outsider", 404), ("anonymous", 401)]
)
def test_only_conveners_create_frameworks(api_as, partnership, db, role, status):
    response = api_as(role).post(
        f"/api/v1/partnerships/{partnership.id}/frameworks", json={"title": "Welding"}
    )
    assert response.status_code == status and response.json["status"] == status
    assert db.session.scalar(db.select(db.func.count(Framework.id))) == 0


def test_drafts_readers_see_the_whole_tree(api_as, framework, ka):
    response = api_as("faculty").get(f"/api/v1/frameworks/{framework.id}")
    assert response.status_code == 200
    body = response.json
    assert body["title"] == "Production Technician"
    cwf, item = body["standards"]
    assert (cwf["code"], cwf["kind"], cwf["parent_id"], cwf["depth"]) == (
        "A",
        "critical_work_function",
        None,
        0,
    )
    assert item["id"] == ka.id and item["uuid"] == ka.uuid and item["parent_id"] == cwf["id"]
    assert (item["code"], item["position"], item["current_version"]) == ("A.1", 0, 1)
    assert (item["title"], item["status"], item["published_version"]) == (
        "Inspect guarding",
        "draft",
        None,
    )


@pytest.mark.parametrize("role", ["viewer", "anonymous", "outsider"])
def test_other_readers_see_only_published_content(api_as, framework, ka, publish, db, role):
    api = api_as(role)
    assert api.get(f"/api/v1/frameworks/{framework.id}").json["standards"] == []
    publish(ka.parent)
    publish(ka)
    ka = services.get_standard(ka.id)
    services.save_version(ka, 1, "Inspect all guarding", "New draft", None, "", None)
    db.session.commit()
    standards = api.get(f"/api/v1/frameworks/{framework.id}").json["standards"]
    assert [s["code"] for s in standards] == ["A", "A.1"]
    item = standards[1]
    assert (item["title"], item["statement"], item["status"]) == (
        "Inspect guarding",
        "Check *all* guards.",
        "published",
    )
    assert item["current_version"] == item["published_version"] == 1
    mine = api_as("panelist").get(f"/api/v1/frameworks/{framework.id}").json["standards"][1]
    assert (mine["title"], mine["current_version"], mine["published_version"]) == (
        "Inspect all guarding",
        2,
        1,
    )


def test_a_published_child_of_an_unpublished_parent_shows_it_by_code(
    api_as, framework, ka, publish
):
    publish(ka)
    found = api_as("viewer").get(f"/api/v1/frameworks/{framework.id}").json["standards"]
    assert [(s["code"], s["published"], s["title"]) for s in found] == [
        ("A", False, ""),
        ("A.1", True, "Inspect guarding"),
    ]


def test_unknown_framework_is_404(api_as):
    assert api_as("viewer").get("/api/v1/frameworks/999").status_code == 404


# --- Adding standards ------------------------------------------------------------------------


def test_an_author_adds_a_standard_with_its_version_one(api_as, framework, ka, db):
    api = api_as("faculty")
    response = api.post(
        f"/api/v1/frameworks/{framework.id}/standards",
        json={
            "parent_id": ka.id,
            "kind": "knowledge",
            "category": "academic",
            "title": "Machine guarding rules",
            "statement": "OSHA 1910.212",
            "level": "baseline",
        },
    )
    assert response.status_code == 201, response.json
    body = response.json
    assert (body["code"], body["kind"], body["category"], body["parent_id"]) == (
        "A.1.K1",
        "knowledge",
        "academic",
        ka.id,
    )
    assert body["current_version"] == 1 and body["published_version"] is None
    (v1,) = body["versions"]
    assert (v1["number"], v1["title"], v1["level"], v1["status"]) == (
        1,
        "Machine guarding rules",
        "baseline",
        "draft",
    )
    assert v1["author"] == api.user.display_name
    assert response.headers["Location"].endswith(f"/api/v1/standards/{body['id']}")
    assert db.session.get(Standard, body["id"]).created_by_id == api.user.id


def test_a_top_level_standard_with_its_own_code(api_as, framework):
    response = api_as("convener").post(
        f"/api/v1/frameworks/{framework.id}/standards",
        json={"parent_id": None, "kind": "critical_work_function", "code": "S", "title": "Safety"},
    )
    assert response.status_code == 201 and response.json["code"] == "S"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"kind": "key_activity", "title": "No parent"}, "parent_id"),
        ({"kind": "performance_indicator", "title": "Wrong parent", "parent_id": "cwf"}, None),
        ({"kind": "key_activity", "title": "Missing parent", "parent_id": 999}, "parent_id"),
        ({"kind": "gadget", "title": "Bad kind"}, "kind"),
        ({"kind": "critical_work_function", "title": ""}, "title"),
        ({"kind": "critical_work_function", "title": "X", "level": "expert"}, "level"),
        ({"kind": "critical_work_function", "title": "X", "code": "A"}, "code"),
        ({"kind": "critical_work_function", "title": "X", "parent_id": "1"}, "parent_id"),
    ],
)
def test_bad_standard_input_is_400_with_the_field(api_as, framework, ka, db, body, field):
    if body.get("parent_id") == "cwf":
        body = {**body, "parent_id": ka.parent_id}
        field = "parent_id"
    before = db.session.scalar(db.select(db.func.count(Standard.id)))
    response = api_as("panelist").post(f"/api/v1/frameworks/{framework.id}/standards", json=body)
    assert response.status_code == 400, response.json
    assert list(response.json["fields"]) == [field]
    assert db.session.scalar(db.select(db.func.count(Standard.id))) == before


@pytest.mark.parametrize(
    ("role", "status"), [("viewer", 403), ("outsider", 404), ("anonymous", 401)]
)
def test_readers_cannot_add_standards(api_as, framework, role, status):
    response = api_as(role).post(
        f"/api/v1/frameworks/{framework.id}/standards",
        json={"kind": "critical_work_function", "title": "Safety"},
    )
    assert response.status_code == status


def test_the_tree_costs_the_same_queries_however_big(api_as, framework, ka, count_queries, db):
    api = api_as("panelist")
    url = f"/api/v1/frameworks/{framework.id}"
    api.get(url)  # the token's first use is recorded once

    def queries():
        with count_queries() as statements:
            assert api.get(url).status_code == 200
        return len(statements)

    small = queries()
    for i in range(10):
        tree.add_standard(framework, ka, "performance_indicator", f"Indicator {i}")
    db.session.commit()
    assert queries() == small
