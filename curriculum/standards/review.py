"""Review, publishing, retiring and endorsements of a standard's versions, with the quorum."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from curriculum import access
from curriculum.concurrency import lock
from curriculum.db import utcnow
from curriculum.errors import Conflict
from curriculum.extensions import db
from curriculum.notifications import events
from curriculum.organizations.models import ENDORSING_KINDS, Organization
from curriculum.partnerships.models import Partnership, PartnershipOrganization
from curriculum.standards.audit import log_change
from curriculum.standards.errors import StandardError, require_active
from curriculum.standards.models import (
    ENDORSABLE_STATUSES,
    Endorsement,
    Standard,
    StandardVersion,
    VersionStatus,
)

if TYPE_CHECKING:
    from curriculum.auth.models import User

# --- Review, publishing, retiring -------------------------------------------------------------


@dataclass
class Quorum:
    """How far a version is from publication."""

    needed: int
    endorsed_by: list[Organization]  # counting organizations that endorsed it
    others: list[Organization]  # endorsements that do not count (colleges, agencies…)
    waiting_for: list[Organization]  # counting organizations of the partnership yet to endorse

    @property
    def count(self) -> int:
        return len(self.endorsed_by)

    @property
    def met(self) -> bool:
        return self.count >= self.needed

    def describe(self) -> str:
        text = f"{self.count} of {self.needed} endorsements"
        if not self.met and self.waiting_for:
            text += "; waiting for " + ", ".join(o.name for o in self.waiting_for)
        return text


def counting_organizations(partnership: Partnership) -> list[Organization]:
    """The organizations whose endorsements count toward the partnership's quorum, by name:
    employer and labor organizations taking part in it (one pending approval to join, or one
    that has left, does not). The one rule, for versions and releases alike."""
    return counting_organizations_in([partnership.id])[partnership.id]


def counting_organizations_in(partnership_ids: Iterable[int]) -> dict[int, list[Organization]]:
    """counting_organizations() of several partnerships in one query: {partnership id: its
    counting organizations by name} (the work queue reads many partnerships at once)."""
    found: dict[int, list[Organization]] = {pid: [] for pid in partnership_ids}
    if not found:
        return found
    rows = db.session.execute(
        db.select(PartnershipOrganization.partnership_id, Organization)
        .join(Organization, PartnershipOrganization.organization_id == Organization.id)
        .where(
            PartnershipOrganization.partnership_id.in_(list(found)),
            Organization.kind.in_(list(ENDORSING_KINDS)),
        )
        .order_by(Organization.name)
    )
    for partnership_id, organization in rows:
        found[partnership_id].append(organization)
    return found


def quorum(version: StandardVersion, partnership: Partnership) -> Quorum:
    """The endorsements of this exact version against the partnership's quorum."""
    return quorum_of([e.organization for e in version.endorsements], partnership)


def quorum_of(
    endorsing: list[Organization],
    partnership: Partnership,
    candidates: list[Organization] | None = None,
) -> Quorum:
    """These endorsing organizations (of a version, or of a release) against the partnership's
    quorum: only counting_organizations() count (`candidates`: them, when the caller has
    already read them, e.g. with counting_organizations_in())."""
    if candidates is None:
        candidates = counting_organizations(partnership)
    eligible = {o.id for o in candidates}
    counting = [o for o in endorsing if o.id in eligible]
    done = {o.id for o in counting}
    return Quorum(
        needed=partnership.endorsement_quorum,
        endorsed_by=sorted(counting, key=lambda o: o.name),
        others=sorted((o for o in endorsing if o.id not in eligible), key=lambda o: o.name),
        waiting_for=[o for o in candidates if o.id not in done],
    )


def _lock(standard: Standard, version: StandardVersion) -> None:
    """Lock the standard's row, then the version's, and reload both, before a review step.

    Publishing, endorsing, withdrawing, sending to review and retiring all take these locks
    in this order, and a save's guarded UPDATE takes the standard's: so while one of them runs,
    nobody adds a version, changes the status or the endorsements it checks, until it commits.
    """
    lock(standard)
    lock(version)


def _require_current(standard: Standard, version: StandardVersion, what: str) -> None:
    if version.id != standard.current_version_id:
        raise Conflict(
            f"Only the newest version can be {what}; version {version.number} has been "
            "followed by a newer one."
        )


def move_to_review(standard: Standard, version: StandardVersion) -> None:
    """A draft goes to the panel for review and endorsement."""
    _lock(standard, version)
    require_active(standard)
    _require_current(standard, version, "sent to review")
    if version.status != VersionStatus.DRAFT:
        raise Conflict(f"Version {version.number} is {version.status.label}, not a draft.")
    version.status = VersionStatus.IN_REVIEW
    version.reviewed_at = utcnow()
    db.session.flush()
    log_change(
        standard,
        "standard.in_review",
        summary=f"{standard.code}: v{version.number} sent to review",
        version=version.number,
    )
    waiting = quorum(version, standard.framework.partnership).waiting_for
    events.version_in_review(standard, version, waiting)  # the panel is asked to review it


def publish(standard: Standard, version: StandardVersion, actor: User) -> None:
    """Publish the newest version once the quorum of employer/labor endorsements is met.

    The locks make the check and the change one step: the endorsements counted, the version's
    status and its being the newest stay as checked until the transaction commits.
    """
    _lock(standard, version)
    require_active(standard)
    _require_current(standard, version, "published")
    if version.status not in ENDORSABLE_STATUSES:
        raise Conflict(f"Version {version.number} is already {version.status.label}.")
    partnership = standard.framework.partnership
    status = quorum(version, partnership)
    if not status.met:
        raise Conflict(f"Not published: {status.describe()}.")
    previous = standard.published_version
    if previous is not None and previous.status == VersionStatus.PUBLISHED:
        previous.status = VersionStatus.SUPERSEDED
    version.status = VersionStatus.PUBLISHED
    version.published_at = utcnow()
    version.published_by_id = actor.id
    standard.published_version = version
    db.session.flush()
    log_change(
        standard,
        "standard.published",
        summary=f"{standard.code}: v{version.number} published ({status.describe()})",
        version=version.number,
        endorsed_by=[o.name for o in status.endorsed_by],
    )
    events.published(standard, version, actor)  # faculty hear of alignments now stale


def retire_version(standard: Standard, version: StandardVersion) -> None:
    """Withdraw the published version: it stays readable, marked retired."""
    _lock(standard, version)
    if version.status != VersionStatus.PUBLISHED:
        raise Conflict(
            f"Only the published version can be retired; v{version.number} is "
            f"{version.status.label}."
        )
    version.status = VersionStatus.RETIRED
    version.retired_at = utcnow()
    standard.published_version = None
    db.session.flush()
    log_change(
        standard,
        "standard.version_retired",
        summary=f"{standard.code}: v{version.number} retired",
        version=version.number,
    )


# --- Endorsements --------------------------------------------------------------------------


def require_endorser(user: User, partnership: Partnership, what: str) -> Organization:
    """Refuse (403) a user who cannot endorse for an organization taking part in the partnership:
    one with no organization, or whose organization does not take part (or waits for a site
    administrator to approve its joining). The one rule for versions and releases (`what`:
    "standards", "releases")."""
    if user.organization is None:
        raise StandardError(
            "Your account belongs to no organization, so it cannot endorse.", status=403
        )
    if partnership.id not in access.partnerships_of(user.organization):
        raise StandardError(
            f"{user.organization.name} does not take part in {partnership.name} (or its joining "
            f"awaits a site administrator), so it cannot endorse its {what}.",
            status=403,
        )
    return user.organization


def endorse(
    standard: Standard, version: StandardVersion, user: User, note: str = ""
) -> Endorsement:
    """The user's organization endorses this exact version (once per organization)."""
    partnership = standard.framework.partnership
    organization = require_endorser(user, partnership, "standards")
    _lock(standard, version)
    if version.status not in ENDORSABLE_STATUSES:
        raise Conflict(
            f"Version {version.number} is {version.status.label}; only drafts and "
            "versions in review can be endorsed."
        )
    _require_current(standard, version, "endorsed")
    existing = db.session.scalar(
        db.select(Endorsement).where(
            Endorsement.version_id == version.id,
            Endorsement.organization_id == user.organization_id,
        )
    )
    if existing is not None:
        raise Conflict(f"{organization.name} already endorsed version {version.number}.")
    endorsement = Endorsement(
        version_id=version.id,
        organization_id=user.organization_id,
        user_id=user.id,
        note=(note or "").strip()[:1000],
    )
    try:
        with db.session.begin_nested():
            db.session.add(endorsement)
            db.session.flush()
        db.session.expire(version, ["endorsements"])
    except IntegrityError:
        raise Conflict(f"{organization.name} already endorsed version {version.number}.") from None
    log_change(
        standard,
        "standard.endorsed",
        summary=f"{standard.code}: {organization.name} endorsed v{version.number}",
        version=version.number,
        organization_id=user.organization_id,
    )
    events.endorsed(standard, version, user, quorum(version, partnership))  # quorum just met?
    return endorsement


def withdraw_endorsement(standard: Standard, version: StandardVersion, user: User) -> None:
    """Withdraw the user's organization's endorsement of an unpublished version."""
    _lock(standard, version)
    endorsement = db.session.scalar(
        db.select(Endorsement).where(
            Endorsement.version_id == version.id,
            Endorsement.organization_id == user.organization_id,
        )
    )
    if endorsement is None:
        raise StandardError("Your organization has not endorsed this version.", status=404)
    if version.status not in ENDORSABLE_STATUSES:
        raise Conflict(
            f"Version {version.number} is {version.status.label}; its endorsements "
            "are part of the record."
        )
    organization = endorsement.organization  # loaded before the row goes
    db.session.delete(endorsement)
    db.session.flush()
    db.session.expire(version, ["endorsements"])
    log_change(
        standard,
        "standard.endorsement_withdrawn",
        summary=f"{standard.code}: {organization.name} withdrew its endorsement of "
        f"v{version.number}",
        version=version.number,
        organization_id=user.organization_id,
    )


def last_endorsed(standard: Standard, before: StandardVersion) -> StandardVersion | None:
    """The newest version older than `before` that has endorsements (for 'v2 was endorsed by…');
    none before version 1, the first (no query)."""
    if before.number <= 1:
        return None
    query = (
        db.select(StandardVersion)
        .options(joinedload(StandardVersion.endorsements).joinedload(Endorsement.organization))
        .where(
            StandardVersion.standard_id == standard.id,
            StandardVersion.number < before.number,
            StandardVersion.endorsements.any(),
        )
        .order_by(StandardVersion.number.desc())
        .limit(1)
    )
    return db.session.execute(query).unique().scalar_one_or_none()
