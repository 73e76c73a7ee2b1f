"""The work queue's items for each role, their disappearance once done, and its query count."""

from datetime import timedelta

from curriculum.db import utcnow
from curriculum.extensions import db
from curriculum.jobs.models import JobState
from curriculum.mail.models import OutgoingMail
from curriculum.notifications import kinds as notification_kinds
from curriculum.notifications.services import notify
from curriculum.partnerships import invitations
from curriculum.partnerships.services import (
    add_organization,
    decide_join,
    membership_of,
    remove_member,
)
from curriculum.releases.models import ReleaseStatus
from curriculum.standards import services as standards
from curriculum.workqueue import services as workqueue
from tests.workqueue.conftest import build, endorse_release, in_review, kinds, stale_world


def _by_kind(user, kind):
    return [i for i in workqueue.items_for(user) if i.kind == kind]


# --- Panelists -----------------------------------------------------------------------------------


def test_a_panelist_sees_the_release_and_the_version_awaiting_their_organization(scene):
    here = scene.here
    panelist = here.panelist
    org = panelist.organization.name
    assert kinds(panelist) == ["release_endorsement", "version_endorsement"]
    (release,) = _by_kind(panelist, "release_endorsement")
    assert release.title == (
        f"Release 1: 2027 edition of {here.framework.title} awaits {org}'s endorsement"
    )
    assert release.url == f"/releases/{here.release.id}"
    assert release.partnership_id == here.partnership.id
    assert release.detail.startswith("0 of 2 endorsements; waiting for ")
    (version,) = _by_kind(panelist, "version_endorsement")
    assert (
        version.title == f"{here.ka.code} Inspect guarding 0 (version 1) awaits {org}'s endorsement"
    )
    assert version.url == f"/standards/{here.ka.id}#endorsements"
    assert version.detail == here.framework.title  # never endorsed before: no flag


def test_endorsing_takes_the_items_away_for_the_whole_organization(scene):
    here = scene.here
    colleague = scene.factory.member(
        here.partnership, "panelist", organization=here.panelist.organization
    )
    assert kinds(colleague) == ["release_endorsement", "version_endorsement"]
    endorse_release(here.release, here.panelist)
    standards.endorse(here.ka, here.ka.current_version, here.panelist)
    db.session.commit()
    assert kinds(here.panelist) == [] and kinds(colleague) == []
    # Another firm's panelist still has both.
    assert kinds(here.panelists[1]) == ["release_endorsement", "version_endorsement"]


def test_a_version_changed_since_the_organization_endorsed_is_flagged(scene):
    here = scene.here
    standards.endorse(here.ka, here.ka.current_version, here.panelist)
    standards.save_version(here.ka, 1, "Inspect all guarding", "", None, "", here.convener)
    db.session.commit()
    in_review(here.ka)
    (item,) = _by_kind(here.panelist, "version_endorsement")
    assert "(version 2)" in item.title
    assert item.detail.startswith("Changed since you endorsed version 1")
    (other,) = _by_kind(here.panelists[1], "version_endorsement")
    assert "Changed since" not in other.detail


def test_drafts_and_published_versions_and_older_versions_are_not_listed(scene):
    here = scene.here
    # A new draft replaces the version in review: the draft is not in review, so nothing waits.
    standards.save_version(here.ka, 1, "Inspect all guarding", "", None, "", here.convener)
    db.session.commit()
    assert _by_kind(here.panelist, "version_endorsement") == []
    # No version waits for the convener; the scene's release, prepared before this save, now
    # needs a refresh.
    assert [i.kind for i in workqueue.items_for(here.convener)] == ["release_out_of_date"]


def test_a_panelist_whose_organization_does_not_count_gets_no_endorsement_items(scene):
    here = scene.here
    college_panelist = scene.factory.member(here.partnership, "panelist", kind="college")
    assert workqueue.items_for(college_panelist) == []


# --- Conveners -----------------------------------------------------------------------------------


def test_a_convener_sees_versions_in_review_then_ready_then_nothing_once_published(scene):
    here = scene.here
    (item,) = workqueue.items_for(here.convener)  # the release has no quorum: not listed
    assert item.kind == "version_in_review" and item.title.endswith("is in review")
    assert item.detail.startswith("0 of 2 endorsements")
    for panelist in here.panelists[:2]:
        standards.endorse(here.ka, here.ka.current_version, panelist)
    db.session.commit()
    (item,) = workqueue.items_for(here.convener)
    assert item.kind == "version_ready" and item.title.endswith("can be published")
    assert item.detail == "2 of 2 endorsements"
    standards.publish(here.ka, here.ka.current_version, here.convener)
    db.session.commit()
    assert workqueue.items_for(here.convener) == []


def test_a_release_with_its_quorum_waits_for_the_convener_until_published(scene):
    here = scene.here
    for panelist in here.panelists[:2]:
        endorse_release(here.release, panelist)
    ready = _by_kind(here.convener, "release_ready")
    assert [i.url for i in ready] == [f"/releases/{here.release.id}"]
    assert ready[0].detail == "2 of 2 endorsements"
    assert _by_kind(here.panelists[2], "release_endorsement")  # the third firm may still endorse
    here.release.status = ReleaseStatus.PUBLISHED
    db.session.commit()
    assert _by_kind(here.convener, "release_ready") == []
    assert _by_kind(here.panelists[2], "release_endorsement") == []


def test_pending_invitations_are_one_item_per_partnership_until_accepted_or_withdrawn(scene):
    here = scene.here
    org = here.panelist.organization
    first, _ = invitations.create_invitation(
        here.partnership, "a@example.org", "panelist", org, None
    )
    invitations.create_invitation(here.partnership, "b@example.org", "viewer", org, None)
    db.session.commit()
    (item,) = _by_kind(here.convener, "invitations")
    assert item.title == "2 invitations not yet accepted"
    assert item.url == f"/partnerships/{here.partnership.id}/members#invitations"
    invitations.revoke_invitation(first)
    db.session.commit()
    assert _by_kind(here.convener, "invitations")[0].title == "1 invitation not yet accepted"
    assert _by_kind(here.panelist, "invitations") == []


def test_join_requests_for_conveners_and_site_administrators_until_decided(scene):
    here, there = scene.here, scene.there
    shared = there.panelist.organization  # takes part in the other partnership
    assert add_organization(here.partnership, shared) == "pending"
    db.session.commit()
    (item,) = _by_kind(here.convener, "join_request")
    assert item.title == f"{shared.name} asks to join {here.partnership.name}"
    assert item.url == f"/partnerships/{here.partnership.id}#join-requests"
    assert _by_kind(there.convener, "join_request") == []
    admin = scene.factory.user(admin=True)
    (for_admin,) = _by_kind(admin, "join_request")
    assert for_admin.url == "/organizations/join-requests"
    request = db.session.scalar(db.select(workqueue.JoinRequest))
    decide_join(request, admin, approve=False)
    db.session.commit()
    assert _by_kind(here.convener, "join_request") == [] and _by_kind(admin, "join_request") == []


# --- Faculty, everyone, site administrators ----------------------------------------------------


def test_faculty_see_one_item_per_course_with_stale_alignments_until_reconfirmed(scene):
    from curriculum.alignment import services as alignment

    here = scene.here
    course = stale_world(scene)
    (item,) = _by_kind(here.faculty, "stale_alignments")
    assert item.title == "MFG 110 Safety: 2 stale alignments"
    assert item.url == f"/courses/{course.id}#stale"
    assert _by_kind(here.viewer, "stale_alignments") == []
    assert _by_kind(here.panelist, "stale_alignments") == []
    for found in alignment.stale([course.id]):
        alignment.confirm(found, here.faculty)
    db.session.commit()
    assert _by_kind(here.faculty, "stale_alignments") == []


def test_unread_notifications_of_the_queue_kinds_open_through_the_notification(scene):
    here = scene.here
    faculty = here.faculty
    (mention,) = notify(
        [here.panelist],
        notification_kinds.MENTION.name,
        "Ana mentioned you",
        url="/x",
        body="On B.1\nmore",
        partnership=here.partnership,
    )
    notify(
        [faculty],
        notification_kinds.RELEASE_PUBLISHED.name,
        "Release 2 published",
        partnership=here.partnership,
    )
    notify(
        [faculty], notification_kinds.GAPS_REQUIRED.name, "New gaps", partnership=here.partnership
    )
    notify([here.viewer], notification_kinds.JOB_FINISHED.name, "Your export is ready")
    # A new release needs nothing of a viewer; kinds the tables already tell (a version in
    # review) are not listed twice.
    notify(
        [here.viewer],
        notification_kinds.RELEASE_PUBLISHED.name,
        "Release 2 published",
        partnership=here.partnership,
    )
    notify([here.viewer], notification_kinds.VERSION_REVIEW.name, "B.1 in review")
    db.session.commit()
    (item,) = _by_kind(here.panelist, "mention")
    assert item.url == f"/notifications/{mention.id}/open" and item.detail == "On B.1"
    assert item.partnership_id == here.partnership.id
    assert kinds(faculty) == ["gaps_required", "release_published"]
    assert kinds(here.viewer) == ["job_finished"]
    mention.read_at = utcnow()
    db.session.commit()
    assert _by_kind(here.panelist, "mention") == []


def test_notifications_of_a_partnership_the_person_left_are_not_listed(scene):
    here = scene.here
    notify([here.viewer], notification_kinds.REPLY.name, "A reply", partnership=here.partnership)
    db.session.commit()
    assert kinds(here.viewer) == ["reply"]
    remove_member(membership_of(here.viewer, here.partnership))
    db.session.commit()
    assert kinds(here.viewer) == []


def test_site_administrators_see_mails_that_failed(scene):
    admin = scene.factory.user(admin=True)
    assert workqueue.items_for(admin) == []
    for i in range(2):
        db.session.add(
            OutgoingMail(
                kind="invitation",
                to=f"x{i}@example.org",
                subject="s",
                body="b",
                state=JobState.FAILED,
                updated_at=utcnow() - timedelta(hours=i),
            )
        )
    db.session.add(OutgoingMail(kind="invitation", to="y@example.org", subject="s", body="b"))
    db.session.commit()
    (item,) = workqueue.items_for(admin)
    assert (item.kind, item.title, item.url) == (
        "failed_mail",
        "2 emails could not be delivered",
        "/admin/mail",
    )
    assert _by_kind(scene.here.convener, "failed_mail") == []


# --- Who sees what --------------------------------------------------------------------------------


def test_a_viewer_and_an_outsider_see_nothing_of_the_partnership(scene):
    here, there = scene.here, scene.there
    assert workqueue.items_for(here.viewer) == []
    assert workqueue.items_for(here.faculty) == []
    outsider = scene.factory.user(organization=scene.factory.organization())
    assert workqueue.items_for(outsider) == []
    assert workqueue.items_for(None) == []
    for person in (there.panelist, there.convener):
        items = workqueue.items_for(person)
        assert items and {i.partnership_id for i in items} == {there.partnership.id}


def test_counts(scene):
    here = scene.here
    assert workqueue.count(here.panelist) == 2
    assert workqueue.counts_by_partnership(here.panelist) == {here.partnership.id: 2}
    assert workqueue.count(here.viewer) == 0 and workqueue.counts_by_partnership(here.viewer) == {}


# --- A fixed number of queries ------------------------------------------------------------------


def test_the_queue_costs_the_same_queries_however_much_work_there_is(factory, db, count_queries):
    def measure(size):
        world = build(factory, quorum=2, standards_count=size)
        for panelist in world.panelists[:2]:
            endorse_release(world.release, panelist)
        for standard in world.reviewed[::2]:
            for panelist in world.panelists[:2]:
                standards.endorse(standard, standard.current_version, panelist)
        org = world.panelist.organization
        for i in range(size):
            invitations.create_invitation(world.partnership, f"n{i}@x.org", "viewer", org, None)
            notify(
                [world.panelist, world.convener],
                notification_kinds.MENTION.name,
                f"m{i}",
                partnership=world.partnership,
            )
        db.session.commit()
        # Each of `size` courses of the faculty's college has a stale alignment.
        college = world.faculty.organization
        factory.publish(world.cwf)
        for _ in range(size):
            factory.align(factory.course(college), world.cwf, by=world.faculty)
        standards.save_version(world.cwf, 1, "Safety first", "", None, "", world.convener)
        db.session.commit()
        factory.publish(world.cwf, number=2)
        counted = {}
        for role in ("panelist", "convener", "faculty"):
            user = getattr(world, role)
            db.session.expire_all()
            with count_queries() as queries:
                items = workqueue.items_for(user)
            counted[role] = (len(queries), len(items))
        return counted

    small, large = measure(2), measure(20)
    for role in small:
        assert small[role][0] == large[role][0], role
    assert large["panelist"][1] > small["panelist"][1]
    assert large["convener"][1] > small["convener"][1]
    assert (small["faculty"][1], large["faculty"][1]) == (2, 20)
