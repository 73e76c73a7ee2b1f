"""What a release's people are told, and only once: re-endorsing after a withdrawal does not tell
the conveners again; a refresh tells only those whose endorsement it withdrew; publishing or
discarding the release settles (marks read) its requests for endorsement and its "can be
published"; publishing a single version settles its review and "can be published"."""

import sqlalchemy as sa

from curriculum.notifications import kinds
from curriculum.notifications.models import Notification
from curriculum.releases import services as releases
from curriculum.standards import services as standards


def _notes(db, kind: str) -> list[Notification]:
    db.session.expire_all()
    return list(
        db.session.scalars(
            sa.select(Notification).where(Notification.kind == kind).order_by(Notification.id)
        )
    )


def _unread(db, *kinds_: str) -> list[Notification]:
    return [n for kind in kinds_ for n in _notes(db, kind) if n.read_at is None]


def test_withdrawing_and_endorsing_again_tells_the_conveners_once(world, db):
    release = world.prepare()
    releases.endorse_release(release, world.panelists[0])
    releases.endorse_release(release, world.panelists[1])
    db.session.commit()
    releases.withdraw_release_endorsement(release, world.panelists[1])
    db.session.commit()
    releases.endorse_release(release, world.panelists[1])
    db.session.commit()
    assert [n.user_id for n in _notes(db, kinds.READY_TO_PUBLISH.name)] == [world.convener.id]


def test_a_refresh_tells_only_those_whose_endorsement_it_withdrew(world, db):
    release = world.prepare()
    asked = [n.user_id for n in _notes(db, kinds.RELEASE_ENDORSEMENT.name)]
    assert sorted(asked) == sorted(p.id for p in world.panelists)
    releases.endorse_release(release, world.panelists[0])
    db.session.commit()
    world.edit(world.pis[0], "Indicator zero, revised")
    releases.refresh(release, world.convener)
    db.session.commit()
    withdrawn = _notes(db, kinds.ENDORSEMENT_WITHDRAWN.name)
    assert [n.user_id for n in withdrawn] == [world.panelists[0].id]
    # Nobody is asked again: the others still have their request, unread.
    assert sorted(n.user_id for n in _notes(db, kinds.RELEASE_ENDORSEMENT.name)) == sorted(asked)


def test_publishing_a_release_settles_its_requests_and_its_ready_notice(world, db):
    release = world.prepare()
    world.publish(release)
    assert _notes(db, kinds.READY_TO_PUBLISH.name)  # the conveners were told, then settled
    assert _unread(db, kinds.RELEASE_ENDORSEMENT.name, kinds.READY_TO_PUBLISH.name) == []
    # What it tells of its publication stays unread.
    assert _unread(db, kinds.RELEASE_PUBLISHED.name)


def test_discarding_a_release_settles_its_requests(world, db):
    release = world.prepare()
    releases.endorse_release(release, world.panelists[0])
    releases.endorse_release(release, world.panelists[1])
    db.session.commit()
    assert _unread(db, kinds.RELEASE_ENDORSEMENT.name, kinds.READY_TO_PUBLISH.name)
    releases.discard_release(release, world.convener)
    db.session.commit()
    assert _unread(db, kinds.RELEASE_ENDORSEMENT.name, kinds.READY_TO_PUBLISH.name) == []


def test_publishing_a_version_settles_its_review_and_ready_notices(world, db):
    standard = world.pis[1]
    version = standard.current_version
    standards.move_to_review(standard, version)
    db.session.commit()
    assert _unread(db, kinds.VERSION_REVIEW.name)
    for panelist in world.panelists[:2]:
        standards.endorse(standard, version, panelist)
    db.session.commit()
    assert _unread(db, kinds.READY_TO_PUBLISH.name)
    standards.publish(standard, version, world.convener)
    db.session.commit()
    assert _unread(db, kinds.VERSION_REVIEW.name, kinds.READY_TO_PUBLISH.name) == []
