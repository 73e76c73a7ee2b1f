"""The CASE package of a release: schema-valid, its CFDocument's version the release number,
its items the versions the release fixes (not newer ones), its tree and codes as the release
fixed them; downloaded at /releases/<id>/case.json and from the API by whoever may see it."""

from __future__ import annotations

import json

import pytest

from curriculum.extensions import db
from curriculum.interop import writers
from curriculum.interop.case_write import V1_1
from curriculum.releases import services as releases
from curriculum.standards import tree
from tests.conftest import login
from tests.exports import release_scene as scene
from tests.interop import case_world
from tests.interop.test_case_write import set_aside_1_1


@pytest.fixture
def published(world):
    w = world
    scene.new_version(w, w.pi, "Guards checked", "Check every guard before the shift.")
    release = scene.prepare(w)
    scene.publish(w, release)
    return w, release


def _package(app, release, name="case") -> dict:
    with app.test_request_context("/"):
        return json.loads(writers.write_release(release, name))


def _tree(package: dict) -> dict[str, tuple[str, int]]:
    """Each item's code -> (its parent's identifier, its sequence number)."""
    codes = {i["identifier"]: i["humanCodingScheme"] for i in package["CFItems"]}
    return {
        codes[a["originNodeURI"]["identifier"]]: (
            codes.get(a["destinationNodeURI"]["identifier"], "document"),
            a.get("sequenceNumber"),
        )
        for a in package["CFAssociations"]
        if a["associationType"] == "isChildOf"
    }


def test_the_package_holds_the_fixed_versions_after_newer_ones(app, published):
    w, release = published
    scene.new_version(w, w.pi, "Guards and interlocks", "Interlocks are tested too.")
    w.factory.publish(w.pi)

    package = _package(app, release)
    case_world.validate(set_aside_1_1(package))
    case_world.validate(_package(app, release, "case-1.0"))
    document = package["CFDocument"]
    assert document["version"] == str(release.number) == "1"
    assert document["adoptionStatus"] == "Adopted"
    assert document["identifier"] == w.framework.identifier
    items = {i["humanCodingScheme"]: i for i in package["CFItems"]}
    assert items["A.1.1"]["fullStatement"] == "Check every guard before the shift."
    assert items["A.1.1"]["identifier"] == w.pi.identifier
    assert "Interlocks are tested too." not in json.dumps(package)
    # The framework's own package has the newer version.
    with app.test_request_context("/"):
        now = json.loads(writers.write(w.framework, "case", drafts=False))
    assert "Interlocks are tested too." in json.dumps(now)


def test_the_tree_and_codes_are_as_the_release_fixed_them(app, world):
    w = world
    other = w.factory.standard(w.framework, w.cwf, "key_activity", "Report hazards")
    gone = w.factory.standard(w.framework, w.ka, "performance_indicator", "Logs kept")
    tree.set_retired(gone, True)
    db.session.commit()
    release = scene.prepare(w, name="2027 edition")
    # Since then: the indicator moved under the other activity and got a new code.
    w.pi.parent_id, w.pi.code = other.id, "A.2.1"
    db.session.commit()

    package = _package(app, release)
    case_world.validate(set_aside_1_1(package))
    assert package["CFDocument"]["adoptionStatus"] == "Draft"  # not published yet
    assert _tree(package) == {
        "A": ("document", 1),
        "A.1": ("A", 1),
        "A.1.1": ("A.1", 1),
        "A.2": ("A", 2),
    }
    assert "Logs kept" not in json.dumps(package)  # listed as retired: left out


def test_the_download_and_the_api_answer_those_who_may_see_the_release(app, client, world, api_as):
    w = world
    release = scene.prepare(w, name="2027 edition")
    url = f"/releases/{release.id}/case.json"

    assert client.get(url).status_code in (401, 404)  # in preparation: not for visitors
    member = w.factory.member(w.partnership, "panelist")
    login(client, member.email)
    got = client.get(url)
    assert got.status_code == 200, got.text
    assert "attachment" in got.headers["Content-Disposition"]
    assert got.headers["Content-Disposition"].endswith('release-1-case.json"')
    assert got.json["CFDocument"]["version"] == "1"

    api = api_as("panelist")
    assert api.get(f"/api/v1/releases/{release.id}/case").json == got.json
    assert api_as("outsider").get(f"/api/v1/releases/{release.id}/case").status_code == 404


def test_a_published_release_is_open_to_everyone(app, client, published):
    _w, release = published
    got = client.get(f"/releases/{release.id}/case.json")
    assert got.status_code == 200
    assert got.json["CFDocument"]["version"] == "1"
    assert got.json["CFDocument"]["caseVersion"] == V1_1


def test_writing_a_release_takes_the_same_queries_whatever_its_size(app, world, count_queries):
    w = world

    def queries() -> int:
        release = scene.prepare(w, name="Counted")
        with count_queries() as statements:
            _package(app, release)
        releases.discard_release(release, scene.convener(w))
        db.session.commit()
        return len(statements)

    small = queries()
    for n in range(6):
        w.factory.standard(w.framework, w.ka, "performance_indicator", f"More {n}")
    assert queries() == small
