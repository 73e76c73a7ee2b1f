"""Standards as a reader saw them at a past moment, for exports "as of" a date.

Versions are immutable and carry the times of their life (created, sent to review, published,
retired), so the past is computed from them: nothing extra is stored. What is not kept:
a standard retired and later restored counts as never retired (only `Standard.retired_at` of
the latest retirement exists), and withdrawn endorsements are gone (they can only be withdrawn
before publication). All times are timezone-aware; `at` None means now.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import and_, func, or_
from sqlalchemy.orm import contains_eager

from curriculum.extensions import db
from curriculum.organizations.models import ENDORSING_KINDS, Organization
from curriculum.standards.models import Endorsement, Standard, StandardVersion, VersionStatus
from curriculum.standards.rows import AnyVersion


def versions_as_of(
    framework_id: int, at: datetime | None, *, drafts: bool
) -> dict[int, StandardVersion]:
    """By standard id, the version a reader saw at `at`, for standards that existed then.

    A standard counts if it was created by `at` and not retired at `at`. drafts=False: the
    newest version published by `at`, unless that one had been retired by then (the standard
    then had no published version, as `retire_version` leaves it); standards with none are
    left out. drafts=True: the newest version created by `at`. `at` None: the published
    (drafts=False) or current (drafts=True) version of each standard not retired.
    Versions come with `.standard` loaded. One query.
    """
    sv = StandardVersion
    if at is None:
        pointer = Standard.current_version_id if drafts else Standard.published_version_id
        query = (
            db.select(sv)
            .join(Standard, Standard.id == sv.standard_id)
            .where(pointer == sv.id, Standard.retired_at.is_(None))
        )
    else:
        seen = sv.created_at <= at if drafts else sv.published_at <= at
        newest = (
            db.select(sv.standard_id, func.max(sv.number).label("number"))
            .join(Standard, Standard.id == sv.standard_id)
            .where(
                Standard.framework_id == framework_id,
                Standard.created_at <= at,
                or_(Standard.retired_at.is_(None), Standard.retired_at > at),
                seen,
            )
            .group_by(sv.standard_id)
            .subquery()
        )
        query = db.select(sv).join(
            newest, and_(newest.c.standard_id == sv.standard_id, newest.c.number == sv.number)
        )
        query = query.join(Standard, Standard.id == sv.standard_id)
        if not drafts:
            query = query.where(or_(sv.retired_at.is_(None), sv.retired_at > at))
    query = query.where(Standard.framework_id == framework_id).options(contains_eager(sv.standard))
    return {v.standard_id: v for v in db.session.scalars(query)}


def _status_at(version: AnyVersion, at: datetime, newest_published: int | None) -> VersionStatus:
    if version.retired_at is not None and version.retired_at <= at:
        return VersionStatus.RETIRED
    if version.published_at is not None and version.published_at <= at:
        if newest_published is not None and newest_published > version.number:
            return VersionStatus.SUPERSEDED
        return VersionStatus.PUBLISHED
    if version.reviewed_at is not None and version.reviewed_at <= at:
        return VersionStatus.IN_REVIEW
    return VersionStatus.DRAFT


def statuses_as_of(versions: Iterable[AnyVersion], at: datetime | None) -> dict[int, VersionStatus]:
    """By version id, the status each version had at `at`.

    Retired if retired by `at`; else superseded if published by `at` and a newer version of
    its standard was too; else published if published by `at`; in review if sent by `at`;
    else draft. `at` None: the status now. At most one query, for any number of versions.
    """
    versions = list(versions)
    if at is None:
        return {v.id: v.status for v in versions}
    standard_ids = {v.standard_id for v in versions}
    newest: dict[int, int] = {}
    if standard_ids:
        newest = dict(
            db.session.execute(
                db.select(StandardVersion.standard_id, func.max(StandardVersion.number))
                .where(
                    StandardVersion.standard_id.in_(standard_ids),
                    StandardVersion.published_at <= at,
                )
                .group_by(StandardVersion.standard_id)
            ).all()
        )
    return {v.id: _status_at(v, at, newest.get(v.standard_id)) for v in versions}


def status_as_of(version: StandardVersion, at: datetime | None) -> VersionStatus:
    """The status one version had at `at` (one query; use `statuses_as_of` for many)."""
    return statuses_as_of([version], at)[version.id]


def endorsers_as_of(version_ids: list[int], at: datetime | None) -> dict[int, list[str]]:
    """By version id (every one asked for), the names of the organizations whose endorsement
    counts (employers, labor) that had endorsed it by `at`, sorted by name. One query."""
    found: dict[int, list[str]] = defaultdict(list)
    if version_ids:
        query = (
            db.select(Endorsement.version_id, Organization.name)
            .join(Organization, Organization.id == Endorsement.organization_id)
            .where(
                Endorsement.version_id.in_(version_ids),
                Organization.kind.in_(list(ENDORSING_KINDS)),
            )
            .order_by(Organization.name)
        )
        if at is not None:
            query = query.where(Endorsement.created_at <= at)
        for version_id, name in db.session.execute(query):
            found[version_id].append(name)
    return {vid: found[vid] for vid in version_ids}
