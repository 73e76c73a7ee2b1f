"""The heavy part of publishing a release: holding the framework's standards, and publishing
every fixed version with the endorsements the release gathered (releases.services decides when)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import joinedload

from curriculum.auth.models import User
from curriculum.extensions import db
from curriculum.releases.models import Release, ReleaseEntry
from curriculum.standards.models import (
    ENDORSABLE_STATUSES,
    Endorsement,
    Framework,
    Standard,
    VersionStatus,
)


def lock_standards(framework: Framework) -> None:
    """Hold every standard of the framework against saves until the transaction ends (on
    SQLite the release's lock already holds the database's write lock)."""
    if db.session.get_bind().dialect.name != "sqlite":
        db.session.execute(
            db.select(Standard.id)
            .where(Standard.framework_id == framework.id)
            .order_by(Standard.id)
            .with_for_update(key_share=True)
        )


def publish_versions(release: Release, actor: User, now: datetime) -> int:
    """Publish the fixed versions not yet published, with per-version endorsements. Held
    entries publish nothing: they fix a published version, or are not in the edition."""
    entries = db.session.scalars(
        db.select(ReleaseEntry)
        .options(
            joinedload(ReleaseEntry.version),
            joinedload(ReleaseEntry.standard).joinedload(Standard.published_version),
        )
        .where(
            ReleaseEntry.release_id == release.id,
            ReleaseEntry.retired.is_(False),
            ReleaseEntry.held.is_(False),  # held: at its published version, or not in it
        )
        .execution_options(populate_existing=True)
    ).all()
    to_publish = [e for e in entries if e.version.status in ENDORSABLE_STATUSES]
    version_ids = [e.version_id for e in to_publish]
    endorsed: set[tuple[int, int]] = set()
    if version_ids:
        rows = db.session.execute(
            db.select(Endorsement.version_id, Endorsement.organization_id).where(
                Endorsement.version_id.in_(version_ids)
            )
        )
        endorsed = {(version_id, org_id) for version_id, org_id in rows}
    for entry in to_publish:
        version, standard = entry.version, entry.standard
        previous = standard.published_version
        if previous is not None and previous.status == VersionStatus.PUBLISHED:
            previous.status = VersionStatus.SUPERSEDED
        version.status = VersionStatus.PUBLISHED
        version.published_at = now
        version.published_by_id = actor.id
        version.release_id = release.id
        standard.published_version = version
        for given in release.endorsements:
            if (version.id, given.organization_id) in endorsed:
                continue
            db.session.add(
                Endorsement(
                    version_id=version.id,
                    organization_id=given.organization_id,
                    user_id=given.user_id,
                    note=given.note,
                    created_at=given.created_at,
                    release_id=release.id,
                )
            )
    db.session.flush()
    return len(to_publish)
