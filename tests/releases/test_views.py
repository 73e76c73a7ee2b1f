"""Release pages as a convener, panelist, faculty, viewer and outsider."""

from curriculum.releases import services as releases
from curriculum.releases.models import Release, ReleaseStatus
from tests.conftest import login


def _sign_in(client, user):
    assert login(client, user.email).status_code == 302


def test_convener_prepares_a_release_from_the_framework_page(world, client, db):
    world.publish(world.prepare())
    world.edit(world.pis[0], "Indicator zero, revised")
    _sign_in(client, world.convener)
    page = client.get(f"/frameworks/{world.framework.id}")
    assert "Release 1: 2026 edition" in page.text and "Prepare a release" in page.text
    assert "0 added · 0 changed · 0 retired · 0 unchanged" not in page.text
    form = client.get(f"/frameworks/{world.framework.id}/releases/new")
    assert form.status_code == 200
    # The preview: what the release will contain, against release 1, before confirming.
    assert "since Release 1: 2026 edition" in form.text
    assert "0 added · 1 changed · 0 moved · 0 recoded · 0 retired · 3 unchanged" in form.text
    assert "<ins>" in form.text and "revised" in form.text
    done = client.post(
        f"/frameworks/{world.framework.id}/releases/new",
        data={"name": "2027 edition", "notes": "The *revised* indicators."},
    )
    release = db.session.scalar(db.select(Release).where(Release.number == 2))
    assert done.status_code == 302 and done.headers["Location"] == f"/releases/{release.id}"
    page = client.get(f"/releases/{release.id}")
    assert "Release 2: 2027 edition" in page.text and "<em>revised</em>" in page.text
    assert "0 of 2</strong> employer or labor endorsements; waiting for" in page.text
    assert "Publish Release 2: 2027 edition</button>" in page.text  # disabled, with the reason
    assert "Discard" in page.text
    # A second one is not offered while this one is in preparation.
    assert "Prepare a release" not in client.get(f"/frameworks/{world.framework.id}").text
    again = client.get(f"/frameworks/{world.framework.id}/releases/new")
    assert "already in preparation" in again.text and 'name="name"' not in again.text


def test_a_release_needs_a_name_on_the_form(world, client, db):
    _sign_in(client, world.convener)
    response = client.post(
        f"/frameworks/{world.framework.id}/releases/new", data={"name": " ", "notes": ""}
    )
    assert response.status_code == 200 and "Give the release a name" in response.text
    assert releases.releases_of(world.framework) == []


def test_panelist_endorses_withdraws_and_cannot_publish(world, client, db):
    release = world.prepare()
    _sign_in(client, world.panelists[0])
    page = client.get(f"/releases/{release.id}")
    org = world.panelists[0].organization.name
    assert f"Endorse Release 1: 2026 edition for {org}" in page.text
    assert "Prepare a release" not in client.get(f"/frameworks/{world.framework.id}").text
    client.post(f"/releases/{release.id}/endorse", data={"note": "Our shop agrees"})
    page = client.get(f"/releases/{release.id}")
    assert "Our shop agrees" in page.text and "1 of 2</strong>" in page.text
    assert f"Withdraw {org}’s endorsement" in page.text
    again = client.post(f"/releases/{release.id}/endorse", data={"note": ""}, follow_redirects=True)
    assert "already endorsed" in again.text
    assert client.post(f"/releases/{release.id}/publish").status_code == 403
    client.post(f"/releases/{release.id}/withdraw")
    db.session.refresh(release)
    assert release.endorsements == []


def test_convener_publishes_and_the_standard_page_says_which_release(world, client, db):
    release = world.prepare()
    for panelist in world.panelists[:2]:
        releases.endorse_release(release, panelist)
    db.session.commit()
    _sign_in(client, world.convener)
    page = client.get(f"/releases/{release.id}")
    assert "2 of 2</strong> employer or labor endorsements — ready to publish." in page.text
    assert '<details class="publish-confirm">' in page.text
    response = client.post(f"/releases/{release.id}/publish", follow_redirects=True)
    assert "is published" in response.text
    db.session.refresh(release)
    assert release.status == ReleaseStatus.PUBLISHED
    standard_page = client.get(f"/standards/{world.pis[0].id}")
    assert f'Published in <a href="/releases/{release.id}">Release 1: 2026 edition</a>' in (
        standard_page.text
    )


def test_changes_since_preparing_offer_a_refresh(world, client, db):
    release = world.prepare()
    releases.endorse_release(release, world.panelists[0])
    db.session.commit()
    world.edit(world.pis[1], "Indicator one, revised")
    _sign_in(client, world.convener)
    page = client.get(f"/releases/{release.id}")
    assert "1 standard changed since the release was prepared" in page.text
    assert "Indicator one, revised" in page.text
    assert "Refresh the release? It withdraws 1 endorsement " in page.text
    assert "Refresh it first" in page.text
    response = client.post(f"/releases/{release.id}/refresh", follow_redirects=True)
    assert "1 changed, 1 endorsement withdrawn" in response.text
    assert "changed since the release was prepared" not in response.text


def test_who_sees_a_release_in_preparation(world, client, factory, app):
    release = world.prepare()
    faculty = factory.member(world.partnership, "faculty")
    viewer = factory.member(world.partnership, "viewer")
    outsider = factory.member(factory.partnership(), "convener")
    url = f"/releases/{release.id}"
    assert client.get(url).status_code == 404  # a visitor
    for user, status in ((faculty, 200), (viewer, 404), (outsider, 404)):
        other = app.test_client()
        _sign_in(other, user)
        assert other.get(url).status_code == status, user.display_name
    page = app.test_client()
    _sign_in(page, faculty)
    text = page.get(url).text
    assert "Endorse Release" not in text and "Publish Release" not in text
    # The viewer's framework page does not list it.
    _sign_in(client, viewer)
    assert "Release 1" not in client.get(f"/frameworks/{world.framework.id}").text
    assert client.get(f"/frameworks/{world.framework.id}/releases/new").status_code == 403
    assert client.post(f"{url}/discard").status_code == 404


def test_a_published_release_is_public(world, client, db):
    release = world.publish(world.prepare())
    page = client.get(f"/releases/{release.id}")
    assert page.status_code == 200 and "Published" in page.text
    assert "Release 1: 2026 edition" in client.get(f"/frameworks/{world.framework.id}").text
    assert "4 added · 0 changed · 0 retired · 0 unchanged" in (
        client.get(f"/frameworks/{world.framework.id}").text
    )


def test_release_page_query_count_does_not_grow_with_the_framework(
    world, client, db, factory, count_queries
):
    def grow(n):
        for i in range(n):
            ka = factory.standard(world.framework, world.cwf, "key_activity", f"Activity {i}")
            factory.standard(world.framework, ka, "performance_indicator", f"Indicator {i}")

    def measure(n):
        """A release adding 2n standards and changing one, endorsed once: the page's queries."""
        grow(n)
        world.edit(world.pis[0], f"Revised for {n}")
        release = world.prepare(f"Edition {n}")
        releases.endorse_release(release, world.panelists[0], "ok")
        db.session.commit()
        with count_queries() as queries:
            assert client.get(f"/releases/{release.id}").status_code == 200
        releases.discard_release(release, world.convener)
        db.session.commit()
        return len(queries)

    _sign_in(client, world.convener)
    world.publish(world.prepare())
    assert measure(2) == measure(20)


def _stamp(page: str) -> str:
    import re

    found = re.search(r'<input[^>]*name="prepared"[^>]*>', page)
    assert found, "the endorse form carries the release's stamp"
    return re.search(r'value="([^"]+)"', found.group(0)).group(1)


def test_an_endorsement_sent_from_a_page_read_before_a_refresh_is_refused(world, client, db):
    """The endorse form carries the release's content stamp: a panelist who read the release
    before the convener refreshed it cannot endorse content they have not read."""
    release = world.prepare()
    _sign_in(client, world.panelists[0])
    stamp = _stamp(client.get(f"/releases/{release.id}").text)
    world.edit(world.pis[0], "Indicator zero, revised")
    releases.refresh(release, world.convener)
    db.session.commit()
    late = client.post(
        f"/releases/{release.id}/endorse",
        data={"prepared": stamp, "note": "ok"},
        follow_redirects=True,
    )
    assert "changed since you opened it" in late.text
    db.session.refresh(release)
    assert release.endorsements == []
    # Read again, endorse: accepted.
    fresh = _stamp(client.get(f"/releases/{release.id}").text)
    client.post(f"/releases/{release.id}/endorse", data={"prepared": fresh, "note": "ok"})
    db.session.refresh(release)
    assert len(release.endorsements) == 1
    bad = client.post(f"/releases/{release.id}/endorse", data={"prepared": "yesterday"})
    assert bad.status_code in (302, 400) and bad.status_code != 500


def test_the_release_diff_shows_a_change_of_level(world, client, db):
    """A version whose only change is its proficiency level shows that change in the diff."""
    from curriculum.standards import services as standards

    world.publish(world.prepare())
    pi = world.pis[0]
    version = pi.current_version
    standards.save_version(
        pi, version.number, version.title, version.statement, "baseline", "level", world.convener
    )
    db.session.commit()
    release = world.prepare("2027 edition")
    _sign_in(client, world.convener)
    page = client.get(f"/releases/{release.id}").text
    assert "Proficiency level: <del>none</del> → <ins>Baseline</ins>" in page
