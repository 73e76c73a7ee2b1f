"""The releases API: prepare (conveners), list and read (whoever may see the release), endorse
once per organization, withdraw, publish once the quorum is met (409 saying why not)."""

from __future__ import annotations

import pytest

from curriculum.extensions import db
from curriculum.standards.models import Standard, VersionStatus
from tests.exports import release_scene as scene

KEYS = {
    "id",
    "framework_id",
    "number",
    "name",
    "notes",
    "status",
    "previous_id",
    "created_at",
    "prepared_at",
    "published_at",
    "counts",
}
COUNTS = {"added", "changed", "moved", "recoded", "retired", "unchanged"}


@pytest.fixture
def convener(api_as):
    return api_as("convener")


def _prepare(api, framework, name="2026 edition", **extra):
    return api.post(f"/api/v1/frameworks/{framework.id}/releases", json={"name": name, **extra})


def test_a_convener_prepares_a_release_of_every_standard(world, convener):
    got = _prepare(convener, world.framework, notes="The first edition.")
    assert got.status_code == 201, got.json
    body = got.json
    assert set(body) == KEYS
    assert (body["number"], body["name"], body["status"]) == (1, "2026 edition", "preparing")
    assert body["notes"] == "The first edition."
    assert body["counts"] == dict.fromkeys(COUNTS, 0) | {"added": 3}
    assert got.headers["Location"].endswith(f"/api/v1/releases/{body['id']}")

    again = _prepare(convener, world.framework, name="Another")
    assert again.status_code == 409
    assert again.json["status"] == 409 and again.json["error"]


def test_only_conveners_prepare_and_a_name_is_required(world, api_as, convener):
    assert _prepare(api_as("panelist"), world.framework).status_code == 403
    assert _prepare(api_as("anonymous"), world.framework).status_code == 401
    got = convener.post(f"/api/v1/frameworks/{world.framework.id}/releases", json={})
    assert got.status_code == 400 and "name" in got.json["fields"]
    too_long = convener.post(
        f"/api/v1/frameworks/{world.framework.id}/releases", json={"name": "x" * 201}
    )
    assert too_long.status_code == 400


def test_a_release_lists_its_fixed_versions_quorum_and_endorsements(world, convener, api_as):
    release_id = _prepare(convener, world.framework).json["id"]
    panelist = api_as("panelist")
    assert panelist.post(
        f"/api/v1/releases/{release_id}/endorsements", json={"note": "Agreed"}
    ).status_code == (201)
    # A newer version saved since does not change what the release fixes.
    scene.new_version(world, world.pi, "Guards and interlocks", "Interlocks too.")

    body = panelist.get(f"/api/v1/releases/{release_id}").json
    assert [v["code"] for v in body["versions"]] == ["A", "A.1", "A.1.1"]
    fixed = body["versions"][2]
    pi = db.session.get(Standard, world.pi.id)
    assert fixed == {
        "standard_id": pi.id,
        "code": "A.1.1",
        "version_id": pi.versions[0].id,
        "number": 1,
        "title": "Guards checked",
        "retired": False,
    }
    assert body["quorum"]["needed"] == 3 and body["quorum"]["count"] == 1
    assert panelist.user.organization.name not in body["quorum"]["waiting_for"]
    assert [e["organization"]["name"] for e in body["endorsements"]] == [
        panelist.user.organization.name
    ]
    assert body["endorsements"][0]["note"] == "Agreed"


def test_who_sees_a_release_in_preparation(world, convener, api_as):
    release_id = _prepare(convener, world.framework).json["id"]
    for role, status in (("panelist", 200), ("viewer", 404), ("outsider", 404)):
        assert api_as(role).get(f"/api/v1/releases/{release_id}").status_code == status, role
    listed = api_as("viewer").get(f"/api/v1/frameworks/{world.framework.id}/releases")
    assert listed.status_code == 200 and listed.json == {"releases": []}
    listed = convener.get(f"/api/v1/frameworks/{world.framework.id}/releases")
    assert [r["id"] for r in listed.json["releases"]] == [release_id]


def test_an_organization_endorses_once_and_may_withdraw(world, convener, api_as):
    url = f"/api/v1/releases/{_prepare(convener, world.framework).json['id']}/endorsements"
    panelist = api_as("panelist")
    first = panelist.post(url)
    assert first.status_code == 201
    assert first.json["organization"]["name"] == panelist.user.organization.name
    colleague = api_as("panelist", organization=panelist.user.organization)
    twice = colleague.post(url, json={"note": "Us too"})
    assert twice.status_code == 409 and "already" in twice.json["error"]
    assert colleague.delete(url).status_code == 204
    assert panelist.post(url).status_code == 201
    assert api_as("viewer").post(url).status_code in (403, 404)


def test_publishing_waits_for_the_quorum_and_says_why(world, convener, api_as):
    release_id = _prepare(convener, world.framework).json["id"]
    url = f"/api/v1/releases/{release_id}"
    panelists = [api_as("panelist") for _ in range(3)]
    assert panelists[0].post(f"{url}/endorsements").status_code == 201

    refused = convener.post(f"{url}/publish")
    assert refused.status_code == 409
    assert refused.json["error"].startswith("Not published: 1 of 3 endorsements; waiting for")
    assert panelists[1].user.organization.name in refused.json["error"]
    assert panelists[1].post(f"{url}/publish").status_code == 403

    for p in panelists[1:]:
        assert p.post(f"{url}/endorsements").status_code == 201
    done = convener.post(f"{url}/publish")
    assert done.status_code == 200, done.json
    assert done.json["status"] == "published" and done.json["published_at"]
    pi = db.session.get(Standard, world.pi.id)
    assert pi.published_version is not None
    assert pi.published_version.status == VersionStatus.PUBLISHED
    assert pi.published_version.release_id == release_id
    versions = convener.get(f"/api/v1/standards/{pi.id}").json["versions"]
    assert [v["release_id"] for v in versions if v["status"] == "published"] == [release_id]
    # Published: everyone reads it, endorsing and withdrawing are over.
    assert api_as("viewer").get(url).json["status"] == "published"
    assert panelists[0].delete(f"{url}/endorsements").status_code == 409
    assert convener.post(f"{url}/publish").status_code == 409


def test_reading_a_release_takes_the_same_queries_whatever_its_size(world, convener, count_queries):
    from curriculum.releases import services

    def queries() -> int:
        release_id = _prepare(convener, world.framework, name="Counted").json["id"]
        with count_queries() as statements:
            assert convener.get(f"/api/v1/releases/{release_id}").status_code == 200
        services.discard_release(services.get_release(release_id), scene.convener(world))
        db.session.commit()
        return len(statements)

    small = queries()
    for n in range(6):
        world.factory.standard(world.framework, world.ka, "performance_indicator", f"More {n}")
    assert queries() == small


def test_a_release_changed_since_it_was_prepared_is_refreshed_or_discarded(world, convener, api_as):
    """GET names the standards changed since the release was prepared; POST refresh fixes it
    again (409 when nothing changed), POST discard abandons it."""
    api = convener
    made = api.post(f"/api/v1/frameworks/{world.framework.id}/releases", json={"name": "2027"})
    assert made.status_code == 201, made.get_json()
    release_id = made.get_json()["id"]
    assert api.get(f"/api/v1/releases/{release_id}").get_json()["changed_since"] == []
    assert api.post(f"/api/v1/releases/{release_id}/refresh").status_code == 409
    standard = world.pi
    scene.new_version(world, standard, "Renamed", "")
    detail = api.get(f"/api/v1/releases/{release_id}").get_json()
    assert detail["changed_since"] == [standard.id]
    refreshed = api.post(f"/api/v1/releases/{release_id}/refresh", json={})
    assert refreshed.status_code == 200 and refreshed.get_json()["changed_since"] == []
    discarded = api.post(f"/api/v1/releases/{release_id}/discard")
    assert discarded.status_code == 200 and discarded.get_json()["status"] == "discarded"
