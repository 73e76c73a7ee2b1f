"""Finding releases: by id, a framework's (newest first), the one in preparation, the last
published, the one that published a version, and a release's quorum. services.py re-exports
these; callers ask services."""

from __future__ import annotations

from sqlalchemy.orm import joinedload, selectinload

from curriculum.errors import NotFound
from curriculum.extensions import db
from curriculum.releases.models import Release, ReleaseEndorsement, ReleaseStatus
from curriculum.standards.models import Framework, StandardVersion
from curriculum.standards.review import Quorum, quorum_of


def get_release(release_id: int) -> Release:
    """The release with its framework, partnership and endorsements, or NotFound."""
    release = db.session.scalar(
        db.select(Release)
        .options(
            joinedload(Release.framework).joinedload(Framework.partnership),
            selectinload(Release.endorsements).joinedload(ReleaseEndorsement.organization),
            selectinload(Release.endorsements).joinedload(ReleaseEndorsement.user),
        )
        .where(Release.id == release_id)
    )
    if release is None:
        raise NotFound()
    return release


def releases_of(framework: Framework) -> list[Release]:
    """The framework's releases, newest first."""
    return list(
        db.session.scalars(
            db.select(Release)
            .options(selectinload(Release.endorsements))
            .where(Release.framework_id == framework.id)
            .order_by(Release.number.desc())
        )
    )


def current_preparing(framework: Framework) -> Release | None:
    return db.session.scalar(
        db.select(Release).where(
            Release.framework_id == framework.id, Release.status == ReleaseStatus.PREPARING
        )
    )


def last_published(framework: Framework) -> Release | None:
    return db.session.scalar(
        db.select(Release)
        .where(Release.framework_id == framework.id, Release.status == ReleaseStatus.PUBLISHED)
        .order_by(Release.number.desc())
        .limit(1)
    )


def release_of(version: StandardVersion | None) -> Release | None:
    """The release that published this version, if a release did."""
    if version is None or version.release_id is None:
        return None
    return db.session.get(Release, version.release_id)


def release_quorum(release: Release) -> Quorum:
    """The release's endorsements against the partnership's quorum (the rule of versions)."""
    return quorum_of([e.organization for e in release.endorsements], release.framework.partnership)
