"""The demo's releases: a published 2026 edition and a 2027 edition in preparation."""

from curriculum import demo
from curriculum.audit.models import AuditEvent
from curriculum.auth.models import User
from curriculum.notifications.models import Notification
from curriculum.releases import services as releases
from curriculum.releases.diffs import entries_of, held_of
from curriculum.releases.models import ReleaseStatus
from curriculum.standards.models import Endorsement, Framework, Standard, StandardVersion


def test_demo_releases(db, client):
    demo.load()
    db.session.commit()
    framework = db.session.scalar(
        db.select(Framework).where(Framework.title == "Production Technician")
    )
    second, first = releases.releases_of(framework)
    assert (first.name, first.status) == ("2026 edition", ReleaseStatus.PUBLISHED)
    assert len(first.endorsements) == 3 and releases.release_quorum(first).met
    published_by_it = db.session.scalar(
        db.select(db.func.count(StandardVersion.id)).where(StandardVersion.release_id == first.id)
    )
    assert published_by_it >= 60
    assert (
        db.session.scalar(
            db.select(db.func.count(Endorsement.id)).where(Endorsement.release_id == first.id)
        )
        >= published_by_it
    )  # per-version endorsements of the firms that had not endorsed alone
    # Standards never adopted in the demo stay unpublished (B.2 is shown by its code only).
    b2 = db.session.scalar(
        db.select(Standard).where(Standard.framework_id == framework.id, Standard.code == "B.2")
    )
    assert b2.published_version_id is None and b2.retired_at is None
    # It was held back from the 2026 edition (not retired and restored): not in the edition,
    # listed as held, and no retire/restore in the log.
    first_counts = releases.diff(first).counts()
    assert first_counts["retired"] == 0 and first_counts["added"] == published_by_it
    held_first = {e.code: e.absent for e in held_of(first)}
    assert held_first["B.2"] is True and len(held_first) == 11
    assert b2.id not in {e.standard_id for e in entries_of(first)}
    assert not db.session.scalar(
        db.select(db.func.count(AuditEvent.id)).where(
            AuditEvent.action.in_(["standard.retired", "standard.restored"])
        )
    )

    assert (second.name, second.status) == ("2027 edition", ReleaseStatus.PREPARING)
    assert len(second.endorsements) == 1
    counts = releases.diff(second).counts()
    assert counts["changed"] >= 3 and counts["unchanged"] >= 60
    # What the demo never adopts is held back from the 2027 edition too.
    assert counts["added"] == 0 and set(held_first) == {e.code for e in held_of(second)}
    assert releases.changed_since(second) == []
    assert first.published_at < second.prepared_at

    # The panel was asked to endorse it.
    asked = set(
        db.session.scalars(
            db.select(User.email)
            .join(Notification, Notification.user_id == User.id)
            .where(
                Notification.kind == "release_endorsement",
                Notification.url == f"/releases/{second.id}",
            )
        )
    )
    assert {"panelist@example.com", "panelist2@example.com", "panelist3@example.com"} <= asked

    page = client.get(f"/releases/{first.id}")
    assert page.status_code == 200 and "Release 1: 2026 edition" in page.text
    assert "Held back: 11 standards" in page.text and "new, not yet in an edition" in page.text
