"""The work queue through the releases services: preparing asks the panelists, their
endorsements make it the convener's to publish, publishing clears everyone's items and tells
the faculty whose programs use the framework (until they open it)."""

from curriculum.extensions import db
from curriculum.releases import services as releases
from curriculum.workqueue import services as workqueue
from tests.workqueue.conftest import kinds


def test_prepare_endorse_publish_moves_the_release_through_the_queues(factory):
    p = factory.partnership(quorum=2)
    convener = factory.member(p, "convener")
    panelists = [factory.member(p, "panelist") for _ in range(3)]
    faculty = factory.member(p, "faculty")
    viewer = factory.member(p, "viewer")
    framework = factory.framework(p)
    factory.standard(framework, None, "critical_work_function", "Safety")
    factory.program(faculty.organization, p, [framework])
    release = releases.prepare_release(framework, convener, name="2027 edition")
    db.session.commit()
    for panelist in panelists:
        assert kinds(panelist) == ["release_endorsement"]
    assert kinds(convener) == []  # no quorum yet
    for panelist in panelists[:2]:
        releases.endorse_release(release, panelist)
    db.session.commit()
    assert kinds(panelists[0]) == [] and kinds(panelists[2]) == ["release_endorsement"]
    (ready,) = workqueue.items_for(convener)
    assert (ready.kind, ready.url) == ("release_ready", f"/releases/{release.id}")
    releases.publish_release(release, convener)
    db.session.commit()
    assert kinds(convener) == [] and kinds(panelists[2]) == []
    # The faculty are told of the new release, and of its standards no course of their program
    # covers, until they open the notifications; the viewer, told too, has nothing to do.
    assert kinds(faculty) == ["gaps_required", "release_published"]
    assert all(i.url.startswith("/notifications/") for i in workqueue.items_for(faculty))
    assert kinds(viewer) == []


def test_a_release_changed_since_it_was_prepared_asks_the_convener_to_refresh(factory):
    """With its quorum met but a standard saved since, the release cannot be published: the
    convener's item says to refresh it (not that it can be published), until they do."""
    from curriculum.standards import services as standards

    p = factory.partnership(quorum=1)
    convener = factory.member(p, "convener")
    panelist = factory.member(p, "panelist")
    framework = factory.framework(p)
    cwf = factory.standard(framework, None, "critical_work_function", "Safety")
    release = releases.prepare_release(framework, convener, name="2027 edition")
    releases.endorse_release(release, panelist)
    db.session.commit()
    assert kinds(convener) == ["release_ready"]
    version = cwf.current_version
    standards.save_version(cwf, version.number, "Safety first", "", None, "", panelist)
    db.session.commit()
    (item,) = workqueue.items_for(convener)
    assert item.kind == "release_out_of_date" and "refresh" in item.title
    assert item.url == f"/releases/{release.id}#changed-since"
    releases.refresh(release, convener)
    db.session.commit()
    assert kinds(convener) == []  # refreshed: its endorsement was withdrawn, no quorum now


def test_a_newer_release_replaces_the_news_of_the_older_one(factory):
    """Faculty hear of each published edition; once a newer one is published, the older one's
    news leaves their queue (it is superseded), the newer one's stays until opened."""
    p = factory.partnership(quorum=1)
    convener = factory.member(p, "convener")
    panelist = factory.member(p, "panelist")
    faculty = factory.member(p, "faculty")
    framework = factory.framework(p)
    factory.standard(framework, None, "critical_work_function", "Safety")
    factory.program(faculty.organization, p, [framework])
    published = []
    for name in ("2026 edition", "2027 edition"):
        release = releases.prepare_release(framework, convener, name=name)
        releases.endorse_release(release, panelist)
        releases.publish_release(release, convener)
        db.session.commit()
        published.append(release)
    news = [i for i in workqueue.items_for(faculty) if i.kind == "release_published"]
    assert [i.title for i in news] == [f"{framework.title}: {published[1].title} was published"]
