"""Demo releases of the Production Technician framework: the published "2026 edition" (adopted
by the three panel firms) and the "2027 edition" in preparation, with one endorsement.

The standards demo (curriculum.standards.demo) replays each standard's history in two parts
around the 2026 edition: what happened before its adoption, then the edition is published (it
publishes the version each standard's adoption would have), then what came after (new drafts,
reviews, comments); the 2027 edition is prepared once the courses demo has published its
corrections. Standards never adopted in the demo (B.2, E.3 …) are held back from both
editions: never published, they are left out of each (listed under "Held back"), so publishing
the 2026 edition does not publish them.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from curriculum.auth.models import User
from curriculum.db import utcnow
from curriculum.extensions import db
from curriculum.partnerships.models import Partnership
from curriculum.releases import services as releases
from curriculum.releases.models import Release, ReleaseStatus
from curriculum.standards.models import Framework, Standard, StandardVersion

FIRST = (
    "2026 edition",
    "The panel's first adopted edition of the Production Technician standards.",
)
NEXT = (
    "2027 edition",
    "Group lockout, environmental checks and the measurement standards revised after a year of "
    "use; the standards still under review are held back again.",
)
ENDORSEMENTS = {
    "panelist@example.com": "Kestrel adopts the 2026 edition as reviewed with our EHS and "
    "quality managers.",
    "panelist2@example.com": "Miami Valley Automation adopts it for our integration and "
    "field-service technicians.",
    "panelist3@example.com": "Reviewed with the shop committee; agreed.",
}
EARLY = ("panelist@example.com", "The lockout and inspection changes are what we asked for.")


def publish_first(
    framework: Framework, users: dict[str, User], convener: str, held: list[Standard]
) -> Release:
    """The 2026 edition: prepared with the standards not yet adopted held back, endorsed by the
    three panel firms and published."""
    release = releases.prepare_release(
        framework,
        users[convener],
        name=FIRST[0],
        notes=FIRST[1],
        hold={s.id for s in held},
    )
    for email, note in ENDORSEMENTS.items():
        releases.endorse_release(release, users[email], note)
    releases.publish_release(release, users[convener])
    return release


def prepare_next(partnership: Partnership, users: dict[str, User]) -> None:
    """The 2027 edition in preparation, with one firm's endorsement (unless the demo framework
    already has a release after its first)."""
    from curriculum.standards.demo import CONVENER, FRAMEWORK

    framework = db.session.scalar(
        db.select(Framework).where(
            Framework.partnership_id == partnership.id, Framework.title == FRAMEWORK["title"]
        )
    )
    if framework is None or any(r.number > 1 for r in releases.releases_of(framework)):
        return
    never_adopted = db.session.scalars(
        db.select(Standard.id).where(
            Standard.framework_id == framework.id, Standard.published_version_id.is_(None)
        )
    )
    release = releases.prepare_release(
        framework, users[CONVENER], name=NEXT[0], notes=NEXT[1], hold=set(never_adopted)
    )
    email, note = EARLY
    releases.endorse_release(release, users[email], note)


def spread(partnership: Partnership, now: datetime | None = None) -> None:
    """Date the demo's releases like the versions they fix (see demo.spread_history): the 2026
    edition published with its last version, the 2027 edition prepared two days ago."""
    now = now or utcnow()
    frameworks = db.select(Framework.id).where(Framework.partnership_id == partnership.id)
    for release in db.session.scalars(
        db.select(Release).where(Release.framework_id.in_(frameworks))
    ):
        if release.status == ReleaseStatus.PUBLISHED:
            last = db.session.scalar(
                db.select(db.func.max(StandardVersion.published_at)).where(
                    StandardVersion.release_id == release.id
                )
            )
            when = last or now - timedelta(days=60)
            release.published_at = when
            release.created_at = release.prepared_at = when - timedelta(days=7)
            stamp = when - timedelta(days=3)
        else:
            release.created_at = release.prepared_at = now - timedelta(days=2)
            stamp = now - timedelta(days=1)
        for endorsement in release.endorsements:
            endorsement.created_at = stamp
    db.session.flush()
