"""Downloads of a framework in every registered exchange format: the framework page's links,
`GET /frameworks/<id>/download/<format>` and `GET /api/v1/frameworks/<id>/<format>`; drafts
only for readers who may see them; an unknown format is a 404 naming the formats."""

from __future__ import annotations

import json

import pytest

from curriculum.interop import writers


@pytest.fixture
def titles_writer():
    """A writer registered for the test: the titles of the nodes a reader may see, as JSON."""

    def write(snap: writers.Snapshot) -> bytes:
        shown = [n.shown.title for n in snap.nodes if n.shown is not None]
        return json.dumps({"drafts": snap.drafts, "titles": shown}).encode()

    writers.writer(
        "titles", label="Titles (JSON)", media_type="application/json", extension="json"
    )(write)
    yield "titles"
    writers.WRITERS.pop("titles", None)


@pytest.fixture
def scene(factory, partnership):
    """A framework with a published standard and a draft one."""
    partnership.endorsement_quorum = 1
    framework = factory.framework(partnership, "Welding Technician")
    author = factory.member(partnership, "panelist")
    published = factory.standard(framework, None, "critical_work_function", "Weld", author=author)
    factory.publish(published)
    factory.standard(framework, None, "critical_work_function", "Draft only", author=author)
    return framework


def test_every_registered_writer_is_offered_and_downloads(client, scene, titles_writer):
    page = client.get(f"/frameworks/{scene.id}")
    assert "Download as" in page.text
    for name, found in writers.WRITERS.items():
        url = f"/frameworks/{scene.id}/download/{name}"
        assert f'href="{url}"' in page.text and found.label in page.text
        response = client.get(url)
        assert response.status_code == 200, (name, response.text[:200])
        assert response.mimetype == found.media_type.split(";")[0]
        disposition = response.headers["Content-Disposition"]
        assert disposition == f'attachment; filename="{writers.filename(scene, name)}"'
        assert response.data


def test_drafts_only_for_readers_who_may_see_them(client, login_as, scene, titles_writer):
    url = f"/frameworks/{scene.id}/download/{titles_writer}"
    assert json.loads(client.get(url + "?drafts=1").data) == {"drafts": False, "titles": ["Weld"]}
    login_as("viewer")
    assert "with drafts" not in client.get(f"/frameworks/{scene.id}").text
    assert json.loads(client.get(url + "?drafts=1").data)["titles"] == ["Weld"]
    client.post("/logout")
    login_as("panelist")
    assert "with drafts" in client.get(f"/frameworks/{scene.id}").text
    assert json.loads(client.get(url).data)["titles"] == ["Weld"]
    assert json.loads(client.get(url + "?drafts=1").data) == {
        "drafts": True,
        "titles": ["Weld", "Draft only"],
    }


def test_an_unknown_format_is_a_404_naming_the_formats(client, scene, titles_writer):
    response = client.get(f"/frameworks/{scene.id}/download/pdf")
    assert response.status_code == 404 and "titles" in response.text
    assert client.get(f"/frameworks/999999/download/{titles_writer}").status_code == 404


def test_the_api_serves_every_writer_with_its_media_type(api_as, scene, titles_writer):
    from curriculum.api.openapi import document
    from tests.api.test_openapi import check

    viewer, panelist, anonymous = api_as("viewer"), api_as("panelist"), api_as("anonymous")
    for name, found in writers.WRITERS.items():
        response = anonymous.get(f"/api/v1/frameworks/{scene.id}/{name}")
        assert response.status_code == 200, name
        assert response.mimetype == found.media_type.split(";")[0]
        assert writers.filename(scene, name) in response.headers["Content-Disposition"]
    url = f"/api/v1/frameworks/{scene.id}/{titles_writer}"
    assert viewer.get(url + "?drafts=true").json["titles"] == ["Weld"]
    assert panelist.get(url + "?drafts=true").json["titles"] == ["Weld", "Draft only"]
    assert panelist.get(url + "?drafts=false").json["titles"] == ["Weld"]
    bad = panelist.get(url + "?drafts=perhaps")
    assert bad.status_code == 400 and bad.json["fields"] == {"drafts": bad.json["error"]}
    unknown = viewer.get(f"/api/v1/frameworks/{scene.id}/pdf")
    assert unknown.status_code == 404 and titles_writer in unknown.json["error"]
    doc = document()
    item = doc["paths"]["/frameworks/{framework_id}/{format}"]
    operation = item["get"]
    formats = next(p for p in item["parameters"] if p["name"] == "format")
    assert formats["schema"]["enum"] == list(writers.WRITERS)
    check(
        panelist.get(url).json,
        operation["responses"]["200"]["content"]["application/json"]["schema"],
        doc["components"]["schemas"],
    )


def test_the_download_route_leaves_the_frameworks_other_routes_alone(app, api_as, scene):
    """GET /api/v1/frameworks/<id>/<format> must not answer for /standards or /exports (their
    Allow headers would list GET): every static route beside it is a reserved name."""
    from curriculum.api.views_imports import DownloadFormat

    siblings = {
        rule.rule.rsplit("/", 1)[1]
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/api/v1/frameworks/<int:framework_id>/")
        and rule.rule.count("/") == 5
        and "<" not in rule.rule.rsplit("/", 1)[1]
    }
    assert siblings and siblings <= set(DownloadFormat.SUBRESOURCES)
    # Those with a GET of their own (a framework's releases) answer it themselves.
    own_get = {
        rule.rule.rsplit("/", 1)[1]
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/api/v1/frameworks/<int:framework_id>/")
        and "GET" in rule.methods
        and rule.endpoint != "api.framework_download"
    }
    urls = app.url_map.bind("localhost")
    for name in own_get & siblings:
        endpoint, _args = urls.match(f"/api/v1/frameworks/{scene.id}/{name}", method="GET")
        assert endpoint != "api.framework_download", name
    api = api_as("convener")
    for name in siblings - own_get:
        answer = api.client.open(f"/api/v1/frameworks/{scene.id}/{name}", method="OPTIONS")
        assert "GET" not in answer.headers["Allow"], name
        assert api.get(f"/api/v1/frameworks/{scene.id}/{name}").status_code == 405
