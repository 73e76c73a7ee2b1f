"""Releases: preparing, numbering, the diff, refreshing, endorsing, the quorum, publishing."""

import pytest

from curriculum.access import Denied
from curriculum.audit.models import AuditEvent
from curriculum.errors import Conflict
from curriculum.notifications.models import Notification
from curriculum.releases import services as releases
from curriculum.releases.models import ReleaseStatus
from curriculum.standards import services as standards
from curriculum.standards import tree
from curriculum.standards.models import Endorsement, FrameworkOrigin, VersionStatus


def _notified(db, kind):
    return sorted(
        db.session.scalars(db.select(Notification.user_id).where(Notification.kind == kind))
    )


def _actions(db):
    return list(db.session.scalars(db.select(AuditEvent.action).order_by(AuditEvent.id)))


def test_prepare_fixes_the_current_version_of_every_standard_in_tree_order(world, db):
    world.edit(world.pis[0], "Indicator zero, revised")
    release = world.prepare()
    assert (release.number, release.name, release.status) == (1, "2026 edition", "preparing")
    assert release.previous is None
    entries = release.entries
    assert [e.standard_id for e in entries] == [
        world.cwf.id,
        world.ka.id,
        world.pis[0].id,
        world.pis[1].id,
    ]
    assert entries[2].version.number == 2 and entries[2].code == world.pis[0].code
    assert releases.diff(release).counts() == {
        "added": 4,
        "changed": 0,
        "moved": 0,
        "recoded": 0,
        "retired": 0,
        "unchanged": 0,
    }
    assert "release.prepared" in _actions(db)
    # Every firm's panelist is asked to endorse it; nobody else.
    assert _notified(db, "release_endorsement") == sorted(p.id for p in world.panelists)


def test_one_release_in_preparation_and_numbers_follow(world, db):
    first = world.prepare()
    with pytest.raises(Conflict, match="already in preparation"):
        releases.prepare_release(world.framework, world.convener, name="Another")
    db.session.rollback()
    world.publish(first)
    second = world.prepare("2027 edition")
    assert second.number == 2 and second.previous_id == first.id
    releases.discard_release(second, world.convener)
    db.session.commit()
    third = world.prepare("2027 edition, again")
    assert third.number == 3 and third.previous_id == first.id
    assert [r.number for r in releases.releases_of(world.framework)] == [3, 2, 1]
    assert releases.current_preparing(world.framework).id == third.id
    assert releases.last_published(world.framework).id == first.id


def test_a_release_needs_a_name(world):
    with pytest.raises(releases.ReleaseError) as caught:
        releases.prepare_release(world.framework, world.convener, name="  ")
    assert caught.value.field == "name" and caught.value.status == 400


def test_diff_tells_added_changed_moved_recoded_retired_and_unchanged(world, db, factory):
    world.publish(world.prepare())
    ka2 = factory.standard(world.framework, world.cwf, "key_activity", "Lock out machines")
    world.edit(world.pis[0], "Indicator zero, revised")
    tree.move(world.pis[1], ka2)
    tree.set_code(world.ka, "A.9")
    tree.set_retired(world.cwf, True)
    db.session.commit()
    result = releases.diff(world.prepare("2027 edition"))
    names = {
        kind: [c.standard.id for c in getattr(result, kind)]
        for kind in ("added", "changed", "moved", "recoded", "retired", "unchanged")
    }
    assert names == {
        "added": [ka2.id],
        "changed": [world.pis[0].id],
        "moved": [world.pis[1].id],
        "recoded": [world.ka.id],
        "retired": [world.cwf.id],
        "unchanged": [],
    }
    changed = result.changed[0]
    assert changed.before.version.number == 1 and changed.entry.version.number == 2
    assert result.moved[0].kinds == {"moved"}


def test_unchanged_standards_are_listed_as_such(world, db):
    world.publish(world.prepare())
    world.edit(world.pis[0], "Indicator zero, revised")
    counts = releases.diff(world.prepare("2027 edition")).counts()
    assert counts["changed"] == 1 and counts["unchanged"] == 3 and counts["added"] == 0


def test_changes_since_preparing_block_publishing_until_refreshed(world, db, factory):
    release = world.prepare()
    for panelist in world.panelists[:2]:
        releases.endorse_release(release, panelist, note="Fine by us")
    db.session.commit()
    assert releases.changed_since(release) == []
    world.edit(world.pis[0], "Indicator zero, revised")
    added = factory.standard(world.framework, world.ka, "performance_indicator", "New one")
    assert [s.id for s in releases.changed_since(release)] == sorted([world.pis[0].id, added.id])

    with pytest.raises(Conflict, match="2 standards changed since.*refresh it first"):
        releases.publish_release(release, world.convener)
    db.session.rollback()

    assert releases.refresh(release, world.convener) == 2
    db.session.commit()
    assert release.endorsements == []
    assert releases.changed_since(release) == []
    assert len(release.entries) == 5
    assert _notified(db, "endorsement_withdrawn") == sorted(p.id for p in world.panelists[:2])
    assert "release.refreshed" in _actions(db)
    with pytest.raises(Conflict, match="nothing to refresh"):
        releases.refresh(release, world.convener)


def test_retiring_a_standard_since_preparing_counts_as_a_change(world, db):
    release = world.prepare()
    tree.set_retired(world.pis[1], True)
    db.session.commit()
    assert [s.id for s in releases.changed_since(release)] == [world.pis[1].id]


def test_quorum_and_endorsement_conflicts(world, db):
    release = world.prepare()
    releases.endorse_release(release, world.panelists[0], note="Yes")
    db.session.commit()
    quorum = releases.release_quorum(release)
    assert quorum.describe().startswith("1 of 2 endorsements; waiting for ")
    with pytest.raises(Conflict, match=r"Not published: 1 of 2 endorsements; waiting for"):
        releases.publish_release(release, world.convener)
    db.session.rollback()
    with pytest.raises(Conflict, match="already endorsed"):
        releases.endorse_release(release, world.panelists[0])
    db.session.rollback()
    # A second panelist of the same firm cannot endorse again for it.
    assert _notified(db, "ready_to_publish") == []
    releases.endorse_release(release, world.panelists[1])
    db.session.commit()
    assert releases.release_quorum(release).met
    assert _notified(db, "ready_to_publish") == [world.convener.id]


def test_withdrawing_until_publication(world, db):
    release = world.prepare()
    releases.endorse_release(release, world.panelists[0])
    releases.withdraw_release_endorsement(release, world.panelists[0])
    db.session.commit()
    assert release.endorsements == []
    assert "release.endorsement_withdrawn" in _actions(db)
    with pytest.raises(releases.ReleaseError) as caught:
        releases.withdraw_release_endorsement(release, world.panelists[0])
    assert caught.value.status == 404
    db.session.rollback()
    world.publish(release)
    with pytest.raises(Conflict, match="part of the record"):
        releases.withdraw_release_endorsement(release, world.panelists[0])
    db.session.rollback()
    with pytest.raises(Conflict, match="only a release in preparation"):
        releases.endorse_release(release, world.panelists[2])
    db.session.rollback()
    with pytest.raises(Conflict, match="only a release in preparation"):
        releases.discard_release(release, world.convener)


def test_only_panelists_of_taking_part_organizations_endorse(world, db, factory):
    release = world.prepare()
    with pytest.raises(Denied):
        releases.endorse_release(release, world.convener)
    faculty = factory.member(world.partnership, "faculty")
    with pytest.raises(Denied):
        releases.endorse_release(release, faculty)
    outsider = factory.member(factory.partnership(), "panelist")
    with pytest.raises(Denied) as caught:
        releases.endorse_release(release, outsider)
    assert caught.value.status == 404
    with pytest.raises(Denied):
        releases.publish_release(release, world.panelists[0])


def test_publishing_publishes_every_version_with_its_endorsements(world, db, factory):
    first = world.publish(world.prepare())
    assert first.status == ReleaseStatus.PUBLISHED and first.published_by_id == world.convener.id
    for standard in (world.cwf, world.ka, *world.pis):
        db.session.refresh(standard)
        version = standard.published_version
        assert version.number == 1 and version.status == VersionStatus.PUBLISHED
        assert version.release_id == first.id and version.published_at is not None
    given = db.session.scalars(
        db.select(Endorsement).where(Endorsement.version_id == world.pis[0].current_version_id)
    ).all()
    assert sorted(e.organization_id for e in given) == sorted(
        p.organization_id for p in world.panelists[:2]
    )
    assert {e.release_id for e in given} == {first.id}

    # Release 2: one changed standard; a firm had already endorsed its new version on its own.
    world.edit(world.pis[0], "Indicator zero, revised")
    standards.endorse(world.pis[0], world.pis[0].current_version, world.panelists[0], "Early")
    db.session.commit()
    second = world.publish(world.prepare("2027 edition"))
    db.session.refresh(world.pis[0])
    new = world.pis[0].published_version
    assert new.number == 2 and new.release_id == second.id
    old = standards.get_version(world.pis[0], 1)
    assert old.status == VersionStatus.SUPERSEDED and old.release_id == first.id
    notes = {(e.organization_id, e.release_id, e.note) for e in new.endorsements}
    assert notes == {
        (world.panelists[0].organization_id, None, "Early"),
        (world.panelists[1].organization_id, second.id, ""),
    }
    # Unchanged standards keep the version (and the release) that published them.
    db.session.refresh(world.pis[1])
    assert world.pis[1].published_version.release_id == first.id
    assert "release.published" in _actions(db)


def test_published_release_notifies_members_and_faculty_and_gaps(world, db, factory):
    college = factory.organization(kind="college")
    teacher = factory.member(world.partnership, "faculty", organization=college)
    course = factory.course(college)
    program = factory.program(
        college, world.partnership, [world.framework], courses_by_term=[(course, 1)]
    )
    world.publish(world.prepare())
    published_to = set(_notified(db, "release_published"))
    assert {teacher.id, *(p.id for p in world.panelists)} <= published_to
    assert world.convener.id not in published_to  # the one who published it
    factory.align(course, world.pis[0], by=teacher)
    db.session.query(Notification).delete()
    db.session.commit()

    added = factory.standard(world.framework, world.ka, "performance_indicator", "New one")
    world.publish(world.prepare("2027 edition"))
    gaps = db.session.scalars(
        db.select(Notification).where(Notification.kind == "gaps_required")
    ).all()
    assert [(n.user_id, n.title) for n in gaps] == [
        (
            teacher.id,
            f"{program.name}: 1 standard added by Release 2: 2027 edition of "
            "Production Technician is not covered by its courses",
        )
    ]
    assert added.id  # the new standard is the gap


def test_alignments_go_stale_when_a_release_publishes_a_newer_version(world, db, factory):
    world.publish(world.prepare())
    college = factory.organization(kind="college")
    teacher = factory.member(world.partnership, "faculty", organization=college)
    course = factory.course(college)
    alignment = factory.align(course, world.pis[0], by=teacher)
    assert not alignment.is_stale
    world.edit(world.pis[0], "Indicator zero, revised")
    assert not alignment.is_stale  # a draft does not make it stale
    world.publish(world.prepare("2027 edition"))
    db.session.refresh(alignment)
    db.session.refresh(world.pis[0])
    assert alignment.is_stale


def test_retired_standards_publish_nothing(world, db):
    tree.set_retired(world.pis[1], True)
    db.session.commit()
    release = world.publish(world.prepare())
    assert [e.retired for e in release.entries] == [False, False, False, True]
    db.session.refresh(world.pis[1])
    assert world.pis[1].published_version is None
    assert world.pis[1].current_version.status == VersionStatus.DRAFT


def test_discard(world, db):
    release = world.prepare()
    releases.endorse_release(release, world.panelists[0])
    releases.discard_release(release, world.convener)
    db.session.commit()
    assert release.status == ReleaseStatus.DISCARDED and release.discarded_at is not None
    assert len(release.endorsements) == 1  # kept for the record
    assert "release.discarded" in _actions(db)
    with pytest.raises(Conflict):
        releases.publish_release(release, world.convener)


def test_reference_frameworks_have_no_releases(world, db):
    world.framework.origin = FrameworkOrigin.REFERENCE
    db.session.commit()
    with pytest.raises(Denied, match="reference framework") as caught:
        releases.prepare_release(world.framework, world.convener, name="2026 edition")
    assert caught.value.status == 403
    with pytest.raises(Denied):
        releases.prepare_release(world.framework, world.panelists[0], name="x")
