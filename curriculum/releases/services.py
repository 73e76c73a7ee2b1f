"""Releases of a framework: preparing, refreshing, endorsing, publishing and discarding them.

Every step that checks and changes a release locks its row first (curriculum.concurrency.lock),
so endorsing, withdrawing, refreshing, publishing and discarding the same release run one after
the other. Publishing also locks the framework's standards, as a single publish locks its
standard, so no save slips in between the check that nothing changed and the publication.
Services flush; the view commits.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.exc import IntegrityError

from curriculum import access
from curriculum.audit.services import record
from curriculum.auth.models import User
from curriculum.concurrency import lock
from curriculum.db import utcnow
from curriculum.errors import Conflict, DomainError
from curriculum.extensions import db
from curriculum.names import clean_name
from curriculum.releases import notices
from curriculum.releases.diffs import (
    Change,
    ReleaseDiff,
    changed_since,
    diff,
    fix_entries,
    held_ids,
)
from curriculum.releases.models import Release, ReleaseEndorsement, ReleaseEntry, ReleaseStatus
from curriculum.releases.publishing import lock_standards, publish_versions
from curriculum.releases.queries import (
    current_preparing,
    get_release,
    last_published,
    release_of,
    release_quorum,
    releases_of,
)
from curriculum.standards.models import (
    Framework,
    Standard,
)
from curriculum.standards.review import require_endorser

__all__ = [
    "ReleaseError",
    "changed_since",
    "diff",
    "current_preparing",
    "discard_release",
    "endorse_release",
    "get_release",
    "last_published",
    "prepare_release",
    "publish_release",
    "read_stamp",
    "refresh",
    "release_of",
    "release_quorum",
    "releases_of",
    "withdraw_release_endorsement",
]


class ReleaseError(DomainError):
    """A release cannot do this in its state (409 unless said otherwise)."""

    status = 409


MAX_NAME = 200
MAX_NOTES = 20000

# --- Preparing and refreshing -------------------------------------------------------------------


def _clean(name: str | None, notes: str | None) -> tuple[str, str]:
    name = clean_name(name)
    if not name:
        raise ReleaseError(
            "Give the release a name, such as “2027 edition”.", field="name", status=400
        )
    if len(name) > MAX_NAME:
        raise ReleaseError(f"A name has at most {MAX_NAME} characters.", field="name", status=400)
    notes = (notes or "").replace("\r\n", "\n").strip()
    if len(notes) > MAX_NOTES:
        raise ReleaseError(f"Notes have at most {MAX_NOTES} characters.", field="notes", status=400)
    return name, notes


def _hold(framework: Framework, hold: Iterable[Any]) -> set[int]:
    """The standard ids to hold back, each a standard of this framework (else a 400 naming
    `hold`)."""
    wanted = set()
    for value in hold:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ReleaseError("Hold back standards by their ids.", field="hold", status=400)
        wanted.add(value)
    if not wanted:
        return wanted
    found = set(
        db.session.scalars(
            db.select(Standard.id).where(
                Standard.id.in_(wanted), Standard.framework_id == framework.id
            )
        )
    )
    if found != wanted:
        raise ReleaseError(
            f"Only standards of {framework.title} can be held back from its release.",
            field="hold",
            status=400,
        )
    return wanted


def prepare_release(
    framework: Framework,
    actor: User,
    *,
    name: str,
    notes: str = "",
    hold: Iterable[int] = (),
) -> Release:
    """A new release fixing the current version of every standard, compared with the last
    published release; one release of a framework is in preparation at a time. The standards
    in `hold` are held back: fixed at their published version, or left out of the edition
    when never published (diffs.entries_now)."""
    access.require(actor, "prepare", framework)
    name, notes = _clean(name, notes)
    held = _hold(framework, hold)
    lock(framework)  # one preparation at a time: the check below and the number hold
    preparing = current_preparing(framework)
    if preparing is not None:
        raise Conflict(f"{preparing.title} is already in preparation; publish or discard it first.")
    number = db.session.scalar(
        db.select(db.func.coalesce(db.func.max(Release.number), 0)).where(
            Release.framework_id == framework.id
        )
    )
    previous = last_published(framework)
    release = Release(
        framework_id=framework.id,
        number=number + 1,
        name=name,
        notes=notes,
        status=ReleaseStatus.PREPARING,
        previous_id=previous.id if previous else None,
        created_by_id=actor.id,
    )
    db.session.add(release)
    db.session.flush()
    fix_entries(release, framework, held)
    kept = sorted(held_ids(release))
    _log(release, "release.prepared", f"{release.title} prepared", actor, held=kept)
    notices.ask_for_endorsements(release, actor)
    return release


def refresh(release: Release, actor: User, hold: Iterable[int] | None = None) -> int:
    """Fix the release again on the standards as they are now, holding back `hold` (None: the
    standards it holds back now). The endorsements were given to the older content, so all are
    withdrawn (only their givers are told: the others were asked when it was prepared). Returns
    how many standards changed."""
    access.require(actor, "refresh", release)
    lock(release)
    _require_preparing(release, "refreshed")
    before = held_ids(release)
    held = before if hold is None else _hold(release.framework, hold)
    changed = changed_since(release)
    if not changed and held == before:
        raise Conflict("No standard changed since the release was prepared; nothing to refresh.")
    endorsers = [e.user for e in release.endorsements if e.user is not None]
    withdrawn = len(release.endorsements)
    db.session.execute(db.delete(ReleaseEntry).where(ReleaseEntry.release_id == release.id))
    release.endorsements.clear()
    db.session.flush()
    fix_entries(release, release.framework, held)
    db.session.expire(release, ["endorsements"])
    _log(
        release,
        "release.refreshed",
        f"{release.title} refreshed: {len(changed)} standards changed, {withdrawn} "
        "endorsements withdrawn",
        actor,
        changed=[s.code for s in changed],
        withdrawn=withdrawn,
        held=sorted(held_ids(release)),
    )
    notices.endorsements_withdrawn(release, endorsers, actor)
    return len(changed)


# --- Endorsing ----------------------------------------------------------------------------------


def read_stamp(text: str | None) -> datetime | None:
    """The release's prepared_at as an endorse form or API body sent it back (None: not sent);
    a value that is not a time is a 400."""
    if not text:
        return None
    try:
        stamp = datetime.fromisoformat(text)
    except ValueError:
        raise ReleaseError("The release's time stamp is not a time.", status=400) from None
    return stamp if stamp.tzinfo else stamp.replace(tzinfo=UTC)


def endorse_release(
    release: Release, user: User, note: str = "", *, seen: datetime | None = None
) -> ReleaseEndorsement:
    """The user's organization endorses the whole release (once per organization).

    `seen`: the release's prepared_at when the endorser read it (the page's form sends it back):
    if the release was refreshed since, its content changed and the endorsement is refused
    (409), so nobody endorses what they did not read."""
    access.require(user, "endorse", release)
    organization = require_endorser(user, release.framework.partnership, "releases")
    lock(release)
    _require_preparing(release, "endorsed")
    if seen is not None and abs((seen - release.prepared_at).total_seconds()) > 0.001:
        raise Conflict(
            f"{release.title} changed since you opened it (it was refreshed on "
            f"{release.prepared_at:%d %b %Y, %H:%M} UTC). Read its changes again, then endorse."
        )
    already = f"{organization.name} already endorsed {release.title}."
    if any(e.organization_id == user.organization_id for e in release.endorsements):
        raise Conflict(already)
    was_met = release_quorum(release).met
    endorsement = ReleaseEndorsement(
        release_id=release.id,
        organization_id=user.organization_id,
        user_id=user.id,
        note=(note or "").strip()[:1000],
    )
    try:
        with db.session.begin_nested():
            db.session.add(endorsement)
            db.session.flush()
    except IntegrityError:
        raise Conflict(already) from None
    db.session.expire(release, ["endorsements"])
    _log(
        release,
        "release.endorsed",
        f"{release.title}: {organization.name} endorsed it",
        user,
        organization_id=user.organization_id,
    )
    if not was_met and release_quorum(release).met:
        notices.ready_to_publish(release, user)
    return endorsement


def withdraw_release_endorsement(release: Release, user: User) -> None:
    """Withdraw the user's organization's endorsement, until the release is published."""
    access.require(user, "withdraw", release)
    lock(release)
    endorsement = next(
        (e for e in release.endorsements if e.organization_id == user.organization_id), None
    )
    if endorsement is None:
        raise ReleaseError("Your organization has not endorsed this release.", status=404)
    if release.status != ReleaseStatus.PREPARING:
        raise Conflict(
            f"{release.title} is {release.status.label.lower()}; its endorsements are part of "
            "the record."
        )
    organization = endorsement.organization
    release.endorsements.remove(endorsement)
    db.session.flush()
    _log(
        release,
        "release.endorsement_withdrawn",
        f"{release.title}: {organization.name} withdrew its endorsement",
        user,
        organization_id=organization.id,
    )


# --- Publishing and discarding ------------------------------------------------------------------


def publish_release(release: Release, actor: User) -> None:
    """Publish every version the release fixes, in one transaction, once the quorum is met and
    nothing changed since it was fixed; each is recorded as published by the release and
    endorsed by the organizations that endorsed it."""
    access.require(actor, "publish", release)
    lock(release)
    _require_preparing(release, "published")
    status = release_quorum(release)
    if not status.met:
        raise Conflict(f"Not published: {status.describe()}.")
    lock_standards(release.framework)
    changed = changed_since(release)
    if changed:
        raise Conflict(
            f"Not published: {len(changed)} standard{'s' if len(changed) != 1 else ''} changed "
            "since the release was prepared; refresh it first."
        )
    added = {c.standard.id for c in diff(release).added}
    now = utcnow()
    published = publish_versions(release, actor, now)
    release.status = ReleaseStatus.PUBLISHED
    release.published_at = now
    release.published_by_id = actor.id
    db.session.flush()
    _log(
        release,
        "release.published",
        f"{release.title} published: {published} versions ({status.describe()})",
        actor,
        versions=published,
        endorsed_by=[o.name for o in status.endorsed_by],
    )
    notices.published(release, added, actor)


def discard_release(release: Release, actor: User) -> None:
    """Abandon a release in preparation (kept, with its endorsements, for the record)."""
    access.require(actor, "discard", release)
    lock(release)
    _require_preparing(release, "discarded")
    release.status = ReleaseStatus.DISCARDED
    release.discarded_at = utcnow()
    db.session.flush()
    _log(release, "release.discarded", f"{release.title} discarded", actor)
    notices.closed(release)


# --- Helpers ------------------------------------------------------------------------------------


def _require_preparing(release: Release, what: str) -> None:
    if release.status != ReleaseStatus.PREPARING:
        raise Conflict(
            f"{release.title} is {release.status.label.lower()}; only a release in preparation "
            f"can be {what}."
        )


def _log(release: Release, action: str, summary: str, actor: User | None, **details: Any) -> None:
    record(
        action,
        obj=release,
        partnership=release.framework.partnership,
        summary=f"{release.framework.title}: {summary}",
        actor=actor,
        release=release.number,
        **details,
    )


__all__ = [
    "Change",
    "ReleaseDiff",
    "ReleaseError",
    "changed_since",
    "current_preparing",
    "diff",
    "discard_release",
    "endorse_release",
    "get_release",
    "last_published",
    "prepare_release",
    "publish_release",
    "refresh",
    "release_of",
    "release_quorum",
    "releases_of",
    "withdraw_release_endorsement",
]
