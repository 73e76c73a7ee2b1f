"""Holding standards back from a release: a changed standard stays at its published version,
a new one is left out; publishing, "changed since", refreshing, the pages and the API follow."""

import pytest

from curriculum.auth.services import create_token
from curriculum.releases import services as releases
from curriculum.releases.diffs import entries_of, held_of
from curriculum.releases.services import ReleaseError
from curriculum.standards import services as standards
from curriculum.standards.models import VersionStatus
from tests.conftest import login


@pytest.fixture
def scene(world, db, factory):
    """Release 1 published; then Indicator 0 gets a draft v2 and a new indicator appears."""
    world.publish(world.prepare())
    world.edit(world.pis[0], "Indicator zero, revised")
    new = factory.standard(world.framework, world.ka, "performance_indicator", "Indicator new")
    return world, new


def _prepare(world, hold):
    release = releases.prepare_release(
        world.framework, world.convener, name="2027 edition", hold=hold
    )
    from curriculum.extensions import db

    db.session.commit()
    return release


def test_a_held_standard_stays_at_its_published_version_and_shows_unchanged(scene, db):
    world, new = scene
    release = _prepare(world, {world.pis[0].id})
    fixed = {e.standard_id: e for e in entries_of(release)}
    published = world.pis[0].published_version
    assert fixed[world.pis[0].id].version_id == published.id and fixed[world.pis[0].id].held
    result = releases.diff(release)
    assert world.pis[0].id in {c.standard.id for c in result.unchanged}
    assert result.counts()["changed"] == 0 and result.counts()["added"] == 1
    assert [e.code for e in held_of(release)] == [world.pis[0].code]

    world.publish(release)
    db.session.refresh(world.pis[0])
    assert world.pis[0].published_version_id == published.id  # v1 still, not the draft
    assert world.pis[0].current_version.status != VersionStatus.PUBLISHED
    assert new.published_version.release_id == release.id  # the rest is published


def test_a_held_new_standard_is_not_in_the_release_and_stays_unpublished(scene, db):
    world, new = scene
    release = _prepare(world, {new.id})
    assert new.id not in {e.standard_id for e in entries_of(release)}
    assert new.id not in {e.standard_id for e in release.entries}
    counts = releases.diff(release).counts()
    assert counts["added"] == 0 and counts["changed"] == 1
    (held,) = held_of(release)
    assert held.standard_id == new.id and held.absent
    assert releases.changed_since(release) == []

    world.publish(release)
    db.session.refresh(new)
    assert new.published_version_id is None
    assert new.current_version.status != VersionStatus.PUBLISHED
    # The next release (holding nothing) lists it as added.
    following = releases.prepare_release(world.framework, world.convener, name="2028 edition")
    assert new.id in {c.standard.id for c in releases.diff(following).added}


def test_changed_since_ignores_a_held_standards_newer_drafts(scene, db):
    world, new = scene
    release = _prepare(world, {world.pis[0].id, new.id})
    world.edit(world.pis[0], "Indicator zero, revised again")
    world.edit(new, "Indicator new, revised")
    assert releases.changed_since(release) == []
    # Another standard's draft still counts; so does publishing a held standard on its own.
    world.edit(world.pis[1], "Indicator one, revised")
    assert [s.id for s in releases.changed_since(release)] == [world.pis[1].id]
    version = world.pis[0].current_version
    for panelist in world.panelists[:2]:
        standards.endorse(world.pis[0], version, panelist, "")
    standards.publish(world.pis[0], version, world.convener)
    db.session.commit()
    assert {s.id for s in releases.changed_since(release)} == {world.pis[0].id, world.pis[1].id}


def test_refresh_keeps_the_held_set_or_takes_a_new_one(scene, db):
    world, new = scene
    release = _prepare(world, {world.pis[0].id, new.id})
    world.edit(world.pis[1], "Indicator one, revised")
    assert releases.refresh(release, world.convener) == 1
    db.session.commit()
    assert {e.standard_id for e in held_of(release)} == {world.pis[0].id, new.id}
    assert releases.diff(release).counts()["changed"] == 1  # Indicator 1 only

    # Nothing changed, but a new choice of what to hold is a reason to refresh.
    releases.refresh(release, world.convener, hold=[new.id])
    db.session.commit()
    assert {e.standard_id for e in held_of(release)} == {new.id}
    assert releases.diff(release).counts()["changed"] == 2
    with pytest.raises(releases.Conflict):
        releases.refresh(release, world.convener, hold=[new.id])


def test_holding_another_frameworks_standard_is_refused(scene, db, factory):
    world, new = scene
    other = factory.framework(world.partnership, title="Other")
    stranger = factory.standard(other, None, "critical_work_function", "Elsewhere")
    with pytest.raises(ReleaseError) as refused:
        releases.prepare_release(
            world.framework, world.convener, name="2027 edition", hold={stranger.id}
        )
    assert refused.value.status == 400 and refused.value.field == "hold"
    db.session.rollback()
    assert releases.current_preparing(world.framework) is None


def test_the_prepare_page_offers_hold_back_boxes_and_keeps_them(scene, client, db, factory):
    world, new = scene
    assert login(client, world.convener.email).status_code == 302
    url = f"/frameworks/{world.framework.id}/releases/new"
    page = client.get(url).text
    for standard in (world.pis[0], new):
        assert f'name="hold" value="{standard.id}" form="prepare-form">' in page
    assert f'name="hold" value="{world.pis[1].id}"' not in page  # unchanged: nothing to hold

    # An error keeps what was ticked.
    again = client.post(url, data={"name": " ", "hold": [str(new.id)]}).text
    assert "Give the release a name" in again
    assert f'value="{new.id}" form="prepare-form" checked>' in again
    assert f'value="{world.pis[0].id}" form="prepare-form">' in again

    # Another framework's standard is a form error, never a 500.
    stranger = factory.standard(
        factory.framework(world.partnership, title="Other"), None, "critical_work_function", "X"
    )
    refused = client.post(url, data={"name": "2027 edition", "hold": [str(stranger.id)]})
    assert refused.status_code == 200 and "Only standards of" in refused.text
    assert client.post(url, data={"name": "2027", "hold": ["x"]}).status_code == 200
    assert releases.current_preparing(world.framework) is None

    done = client.post(
        url, data={"name": "2027 edition", "hold": [str(world.pis[0].id), str(new.id)]}
    )
    assert done.status_code == 302
    release = releases.current_preparing(world.framework)
    page = client.get(f"/releases/{release.id}").text
    assert "Held back: 2 standards" in page
    assert "its draft v2 stays out of this edition" in page
    assert "new, not yet in an edition" in page
    # The refresh box offers the same choice, ticked as held.
    assert f'name="hold" value="{new.id}" checked>' in page
    response = client.post(
        f"/releases/{release.id}/refresh",
        data={"choosing": "1", "hold": [str(new.id)]},
        follow_redirects=True,
    )
    assert "1 held back" in response.text and "Held back: 1 standard<" in response.text
    assert client.post(f"/releases/{release.id}/refresh", data={"hold": ["x"]}).status_code == 400


def test_the_api_holds_back(scene, app, db, factory):
    world, new = scene
    _, secret = create_token(world.convener, "script")
    db.session.commit()
    api = app.test_client()
    headers = {"Authorization": f"Bearer {secret}"}
    url = f"/api/v1/frameworks/{world.framework.id}/releases"
    stranger = factory.standard(
        factory.framework(world.partnership, title="Other"), None, "critical_work_function", "X"
    )
    refused = api.post(url, json={"name": "2027", "hold": [stranger.id]}, headers=headers)
    assert refused.status_code == 400 and "hold" in refused.json["fields"]
    assert api.post(url, json={"name": "2027", "hold": ["1"]}, headers=headers).status_code == 400
    got = api.post(url, json={"name": "2027", "hold": [new.id, world.pis[0].id]}, headers=headers)
    assert got.status_code == 201, got.json
    assert got.json["counts"]["added"] == 0 and got.json["counts"]["changed"] == 0
    detail = api.get(f"/api/v1/releases/{got.json['id']}", headers=headers).json
    assert new.id not in {v["standard_id"] for v in detail["versions"]}
    case = api.get(f"/api/v1/releases/{got.json['id']}/case", headers=headers)
    assert case.status_code == 200 and "Indicator 0" in case.text
    assert "Indicator new" not in case.text and "revised" not in case.text


def test_a_held_new_parent_keeps_its_published_children_in_every_output(world, db, factory):
    """Holding a never-published key activity back while its new indicator goes into the
    edition: the indicator is published and printed, with the held parent by its code only
    (the tree's rule for an unpublished ancestor), in the PDF, the CASE package and the API."""
    import json
    import re

    from curriculum.exports import services as exports
    from tests.exports.conftest import pages_text

    world.publish(world.prepare())
    parent = factory.standard(world.framework, world.cwf, "key_activity", "Secret new activity")
    child = factory.standard(world.framework, parent, "performance_indicator", "Child indicator")
    release = _prepare(world, {parent.id})
    world.publish(release)
    db.session.refresh(child)
    assert child.published_version.release_id == release.id
    assert parent.published_version_id is None

    job = exports.request_export("release", release, world.convener, {})
    db.session.refresh(job)
    assert job.state == "done", job.message
    text = re.sub(r"\s+", " ", " ".join(pages_text(job.file.data)))
    assert "Child indicator" in text and parent.code in text
    assert "Secret new activity" not in text

    from flask import current_app

    client = current_app.test_client()
    login(client, world.convener.email)
    package = json.loads(client.get(f"/releases/{release.id}/case.json").data)
    titles = " ".join(i.get("fullStatement", "") for i in package["CFItems"])
    assert "Child indicator" in titles and "Secret new activity" not in titles

    token = create_token(world.convener, "api")[1]
    db.session.commit()
    detail = current_app.test_client().get(
        f"/api/v1/releases/{release.id}", headers={"Authorization": f"Bearer {token}"}
    )
    versions = {v["standard_id"] for v in detail.get_json()["versions"]}
    assert child.id in versions and parent.id not in versions
