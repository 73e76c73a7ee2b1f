"""GET /api/v1/search: the search page's results and rules as JSON."""

from __future__ import annotations

import pytest

from curriculum.extensions import db
from curriculum.standards import services as standards


@pytest.fixture
def scene(factory, partnership):
    framework = factory.framework(partnership, title="Press Brake Operation")
    published = factory.standard(framework, None, "critical_work_function", "Bend <sheet> metal")
    factory.publish(published)
    factory.standard(framework, None, "critical_work_function", "Draft bending fixture")
    return framework


def test_the_api_finds_what_the_page_finds(client, scene):
    answer = client.get("/api/v1/search?q=bend").get_json()
    assert answer["total"] == 1
    hit = answer["items"][0]
    assert (hit["kind"], hit["title"], hit["status"]) == (
        "standard",
        "Bend <sheet> metal",
        "published",
    )
    assert hit["title_html"] == "<mark>Bend</mark> &lt;sheet&gt; metal"
    assert hit["url"] == f"/standards/{hit['id']}"
    assert answer["by_kind"] == {"standard": 1}
    page = client.get("/search?q=bend").text
    assert "<mark>Bend</mark> &lt;sheet&gt; metal" in page
    assert "Draft bending fixture" not in page


def test_drafts_only_for_those_who_see_them(client, scene, login_as):
    assert client.get("/api/v1/search?q=fixture").get_json()["total"] == 0
    login_as("panelist")
    answer = client.get("/api/v1/search?q=fixture").get_json()
    assert [h["title"] for h in answer["items"]] == ["Draft bending fixture"]
    assert answer["items"][0]["status"] == "draft"


def test_filters_and_bad_filters(client, scene, partnership):
    assert client.get(f"/api/v1/search?q=bend&framework={scene.id}").get_json()["total"] == 1
    assert client.get("/api/v1/search?q=bend&kind=program").get_json()["total"] == 0
    assert (
        client.get(f"/api/v1/search?q=bend&partnership={partnership.id}").get_json()["total"] == 1
    )
    for bad in ("kind=rocket", "status=lost", "partnership=x", "framework=-1", "page=0"):
        response = client.get(f"/api/v1/search?q=bend&{bad}")
        assert response.status_code == 400, bad
        assert response.get_json()["error"]
    assert client.get("/search?q=bend&kind=rocket").status_code == 400


@pytest.mark.parametrize(
    "q",
    ['"', "NEAR(bend metal, 2)", "bend AND", "bend*", "^bend", "title:bend", "'; DROP TABLE x"],
)
def test_odd_queries_answer(client, scene, q):
    assert client.get("/api/v1/search", query_string={"q": q}).status_code == 200
    assert client.get("/search", query_string={"q": q}).status_code == 200


def test_too_long_a_query_is_a_400(client, scene):
    assert client.get("/api/v1/search", query_string={"q": "x" * 201}).status_code == 400
    assert client.get("/search", query_string={"q": "x" * 201}).status_code == 400


def test_the_navigation_box_is_on_every_page(client, scene):
    page = client.get("/").text
    assert 'class="nav-search"' in page and 'action="/search"' in page


def test_an_edit_through_the_api_is_found_at_once(client, scene, factory, partnership):
    panelist = factory.member(partnership, "panelist")
    standard = scene.standards[0]
    standards.save_version(standard, 1, "Bend plate", None, None, "", panelist)
    db.session.commit()
    factory.publish(standard)
    titles = [h["title"] for h in client.get("/api/v1/search?q=plate").get_json()["items"]]
    assert titles == ["Bend plate"]
    assert client.get("/api/v1/search?q=sheet").get_json()["total"] == 0
