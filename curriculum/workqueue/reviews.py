"""The work queue's reviews: releases in preparation and versions in review awaiting a
panelist's organization's endorsement, or a convener's publication (the quorum is
standards/review.py's, read for every partnership at once)."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy.orm import contains_eager, selectinload

from curriculum.auth.models import User
from curriculum.extensions import db
from curriculum.organizations.models import Organization
from curriculum.partnerships.models import Partnership
from curriculum.releases.diffs import out_of_date
from curriculum.releases.models import Release, ReleaseEndorsement, ReleaseStatus
from curriculum.standards.models import (
    Endorsement,
    Framework,
    FrameworkOrigin,
    Standard,
    StandardVersion,
    VersionStatus,
)
from curriculum.standards.review import Quorum, counting_organizations_in, quorum_of
from curriculum.workqueue.items import (
    RELEASE_ENDORSEMENT,
    RELEASE_OUT_OF_DATE,
    RELEASE_READY,
    VERSION_ENDORSEMENT,
    VERSION_IN_REVIEW,
    VERSION_READY,
    Item,
)


def review_items(user: User, endorsing: set[int], publishing: set[int]) -> list[Item]:
    pids = endorsing | publishing
    partnerships = {
        p.id: p for p in db.session.scalars(db.select(Partnership).where(Partnership.id.in_(pids)))
    }
    candidates = counting_organizations_in(pids)
    # A panelist acts for their organization, when its endorsements count in that partnership.
    org = user.organization
    acting = {
        pid for pid in endorsing if org is not None and any(o.id == org.id for o in candidates[pid])
    }

    def quorum(endorsers: list[Organization], pid: int) -> Quorum:
        return quorum_of(endorsers, partnerships[pid], candidates[pid])

    found: list[Item] = []
    preparing = _preparing_releases(pids)
    # A release whose standards changed since it was prepared cannot be published before a
    # refresh: that is what its conveners must do (releases.diffs' rule, batched).
    outdated = out_of_date([r for r in preparing if r.framework.partnership_id in publishing])
    for release in preparing:
        pid = release.framework.partnership_id
        endorsers = [e.organization for e in release.endorsements]
        status = quorum(endorsers, pid)
        url = f"/releases/{release.id}"
        what = f"{release.title} of {release.framework.title}"
        if pid in acting and org is not None and org.id not in {o.id for o in endorsers}:
            found.append(
                Item(
                    RELEASE_ENDORSEMENT,
                    f"{what} awaits {org.name}'s endorsement",
                    url,
                    pid,
                    release.prepared_at,
                    status.describe(),
                )
            )
        if release.id in outdated:
            found.append(
                Item(
                    RELEASE_OUT_OF_DATE,
                    f"{what}: standards changed since it was prepared; refresh it",
                    url + "#changed-since",
                    pid,
                    release.prepared_at,
                    status.describe(),
                )
            )
        elif pid in publishing and status.met:
            latest = max((e.created_at for e in release.endorsements), default=None)
            found.append(
                Item(
                    RELEASE_READY,
                    f"{what} has its endorsements and can be published",
                    url,
                    pid,
                    latest or release.prepared_at,
                    status.describe(),
                )
            )
    versions = _versions_in_review(pids)
    endorsed_before = _endorsed_before(
        org, [v for v in versions if v.standard.framework.partnership_id in acting]
    )
    for version in versions:
        standard = version.standard
        pid = standard.framework.partnership_id
        endorsers = [e.organization for e in version.endorsements]
        status = quorum(endorsers, pid)
        url = f"/standards/{standard.id}#endorsements"
        what = f"{standard.code} {version.title} (version {version.number})"
        since = version.reviewed_at or version.created_at
        if pid in acting and org is not None and org.id not in {o.id for o in endorsers}:
            older = endorsed_before.get(standard.id)
            detail = standard.framework.title
            if older is not None:
                detail = f"Changed since you endorsed version {older} · {detail}"
            found.append(
                Item(
                    VERSION_ENDORSEMENT,
                    f"{what} awaits {org.name}'s endorsement",
                    url,
                    pid,
                    since,
                    detail,
                )
            )
        if pid in publishing:
            kind, text = (
                (VERSION_READY, "has its endorsements and can be published")
                if status.met
                else (VERSION_IN_REVIEW, "is in review")
            )
            found.append(Item(kind, f"{what} {text}", url, pid, since, status.describe()))
    return found


def _preparing_releases(pids: set[int]) -> list[Release]:
    """Releases in preparation of the partnerships' frameworks, with their endorsements."""
    return list(
        db.session.scalars(
            db.select(Release)
            .join(Release.framework)
            .where(Framework.partnership_id.in_(pids), Release.status == ReleaseStatus.PREPARING)
            .options(
                contains_eager(Release.framework),
                selectinload(Release.endorsements).joinedload(ReleaseEndorsement.organization),
            )
            .order_by(Release.id)
        )
    )


def _versions_in_review(pids: set[int]) -> list[StandardVersion]:
    """Versions in review that are their standard's current one, of the partnerships' own
    frameworks (a reference framework is never reviewed here), standards not retired."""
    return list(
        db.session.scalars(
            db.select(StandardVersion)
            .join(
                Standard,
                (Standard.id == StandardVersion.standard_id)
                & (Standard.current_version_id == StandardVersion.id),
            )
            .join(Framework, Framework.id == Standard.framework_id)
            .where(
                Framework.partnership_id.in_(pids),
                Framework.origin == FrameworkOrigin.PARTNERSHIP,
                Standard.retired_at.is_(None),
                StandardVersion.status == VersionStatus.IN_REVIEW,
            )
            .options(
                contains_eager(StandardVersion.standard).contains_eager(Standard.framework),
                selectinload(StandardVersion.endorsements).joinedload(Endorsement.organization),
            )
            .order_by(Framework.id, Standard.code)
        )
    )


def _endorsed_before(org: Organization | None, versions: list[StandardVersion]) -> dict[int, int]:
    """{standard id: the newest number of its versions older than these that the organization
    endorsed}, for "changed since you endorsed" (one query)."""
    if org is None or not versions:
        return {}
    rows = db.session.execute(
        db.select(StandardVersion.standard_id, db.func.max(StandardVersion.number))
        .join(Endorsement, Endorsement.version_id == StandardVersion.id)
        .where(
            Endorsement.organization_id == org.id,
            StandardVersion.standard_id.in_(_ids(v.standard_id for v in versions)),
        )
        .group_by(StandardVersion.standard_id)
    )
    newest = {v.standard_id: v.number for v in versions}
    return {sid: number for sid, number in rows if number < newest[sid]}


def _ids(values: Iterable[int]) -> list[int]:
    return sorted(set(values))
