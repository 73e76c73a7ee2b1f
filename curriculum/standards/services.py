"""Versions, review and publishing, endorsements and comments: the rules of a standard's life.

Every save carries the version number it was based on. A new version is added only if that is
still the current one: the insert of number N+1 (unique per standard) and a guarded UPDATE of
`Standard.current_version_id` run in one savepoint; if another save got there first, either
fails and the caller gets `VersionConflict` with the version now current. Services flush; the
view commits.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload, selectinload

from curriculum import access
from curriculum.audit.services import record
from curriculum.concurrency import changed, lock
from curriculum.db import utcnow
from curriculum.errors import Conflict, DomainError, NotFound
from curriculum.extensions import db
from curriculum.names import clean_name
from curriculum.organizations.models import ENDORSING_KINDS, Organization
from curriculum.partnerships.models import Partnership, PartnershipOrganization
from curriculum.standards.audit import log_change
from curriculum.standards.models import (
    ENDORSABLE_STATUSES,
    Comment,
    Endorsement,
    Framework,
    Level,
    Standard,
    StandardVersion,
    VersionStatus,
)


class StandardError(DomainError):
    """Bad input for a standard."""


class VersionConflict(Conflict):
    """Someone saved a newer version since the editor's base version."""

    def __init__(self, current: StandardVersion, base_number: int | None):
        super().__init__(
            f"Version {current.number} was saved since you started from version "
            f"{base_number}. Nothing was overwritten."
        )
        self.current = current
        self.base_number = base_number


MAX_TITLE = 300
MAX_STATEMENT = 20000


def clean_content(title: str | None, statement: str | None, level) -> dict:
    """Validate and normalise a version's content; raises StandardError naming the field."""
    title = clean_name(title)
    if not title:
        raise StandardError("Give the standard a title.", field="title")
    if len(title) > MAX_TITLE:
        raise StandardError(f"A title has at most {MAX_TITLE} characters.", field="title")
    statement = (statement or "").replace("\r\n", "\n").strip()
    if len(statement) > MAX_STATEMENT:
        raise StandardError(
            f"A statement has at most {MAX_STATEMENT} characters.", field="statement"
        )
    if level in ("", None):
        level = None
    else:
        try:
            level = Level(level)
        except ValueError:
            raise StandardError(
                "The level is baseline, intermediate or mastery (or none).", field="level"
            ) from None
    return {"title": title, "statement": statement, "level": level}


def get_standard(standard_id: int) -> Standard:
    """The standard with its framework, partnership and current version, or 404."""
    standard = db.session.scalar(
        db.select(Standard)
        .options(
            joinedload(Standard.framework).joinedload(Framework.partnership),
            joinedload(Standard.current_version),
            joinedload(Standard.published_version),
        )
        .where(Standard.id == standard_id)
    )
    if standard is None:
        raise NotFound()
    return standard


def get_version(standard: Standard, number: int) -> StandardVersion:
    """Version `number` of the standard, or 404."""
    version = db.session.scalar(
        db.select(StandardVersion)
        .options(selectinload(StandardVersion.endorsements).joinedload(Endorsement.organization))
        .where(StandardVersion.standard_id == standard.id, StandardVersion.number == number)
    )
    if version is None:
        raise NotFound()
    return version


def versions_of(standard: Standard, public_only: bool = False) -> list[StandardVersion]:
    """Every version of the standard, newest first, with authors and endorsements loaded."""
    query = (
        db.select(StandardVersion)
        .options(
            joinedload(StandardVersion.author),
            selectinload(StandardVersion.endorsements).joinedload(Endorsement.organization),
        )
        .where(StandardVersion.standard_id == standard.id)
        .order_by(StandardVersion.number.desc())
    )
    if public_only:
        query = query.where(StandardVersion.published_at.is_not(None))
    return list(db.session.scalars(query))


def _add_version(
    standard: Standard,
    base: StandardVersion | None,
    content: dict,
    author,
    note: str,
    reverted_from: int | None = None,
) -> StandardVersion:
    """Insert version base+1 and swing current_version_id to it, or raise VersionConflict."""
    number = (base.number if base else 0) + 1
    version = StandardVersion(
        standard_id=standard.id,
        number=number,
        author=author,
        change_note=(note or "").strip()[:500],
        status=VersionStatus.DRAFT,
        reverted_from=reverted_from,
        **content,
    )
    try:
        with db.session.begin_nested():
            db.session.add(version)
            db.session.flush()
            swapped = changed(
                db.update(Standard)
                .where(
                    Standard.id == standard.id,
                    Standard.current_version_id.is_(None)
                    if base is None
                    else Standard.current_version_id == base.id,
                )
                .values(current_version_id=version.id)
                .execution_options(synchronize_session=False)
            )
            if swapped != 1:
                raise _Lost()
    except (IntegrityError, _Lost):
        db.session.expire(standard)
        raise VersionConflict(current_version_of(standard), base.number if base else None) from None
    db.session.expire(standard, ["current_version_id", "current_version"])
    return version


class _Lost(Exception):
    """The compare-and-swap found another current version."""


def current_version_of(standard: Standard) -> StandardVersion:
    """The standard's current version, read afresh (every standard has one from its creation)."""
    current = (
        db.session.get(StandardVersion, standard.current_version_id)
        if standard.current_version_id is not None
        else None
    )
    if current is None:
        raise Conflict(f"{standard.code} has no version yet; reload the page.")
    return current


def create_first_version(
    standard: Standard, content: dict, author, note: str = ""
) -> StandardVersion:
    """Version 1 of a new standard."""
    return _add_version(standard, None, content, author, note or "Created")


def save_version(
    standard: Standard,
    base_number: int | None,
    title: str | None,
    statement: str | None,
    level,
    change_note: str,
    author,
) -> tuple[StandardVersion, bool]:
    """Save edited content based on version `base_number`.

    Returns (version, created): the new version, or the current one unchanged when the content
    equals it. Raises VersionConflict when `base_number` is no longer current.
    """
    _require_active(standard)
    content = clean_content(title, statement, level)
    current = current_version_of(standard)
    if base_number is None or int(base_number) != current.number:
        raise VersionConflict(current, base_number)
    if content == current.content():
        return current, False
    version = _add_version(standard, current, content, author, change_note)
    log_change(
        standard,
        "standard.version_saved",
        summary=f"{standard.code}: saved v{version.number}"
        + (f" ({version.change_note})" if version.change_note else ""),
        version=version.number,
    )
    return version, True


def revert(standard: Standard, to_number: int, base_number: int | None, author) -> StandardVersion:
    """Add a new version whose content equals version `to_number` (history only grows)."""
    old = get_version(standard, to_number)
    current = current_version_of(standard)
    if base_number is None or int(base_number) != current.number:
        raise VersionConflict(current, base_number)
    if old.content() == current.content():
        raise Conflict(f"The current version already has the content of version {to_number}.")
    version = _add_version(
        standard, current, old.content(), author, f"Reverted to version {to_number}", to_number
    )
    log_change(
        standard,
        "standard.reverted",
        summary=f"{standard.code}: v{version.number} restores v{to_number}",
        version=version.number,
        restored=to_number,
    )
    return version


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


def quorum(version: StandardVersion, partnership: Partnership) -> Quorum:
    """The endorsements of this exact version against the partnership's quorum.

    Only employer and labor organizations taking part in the partnership count (one pending
    approval to join, or one that has left, does not)."""
    endorsing = [e.organization for e in version.endorsements]
    candidates = list(
        db.session.scalars(
            db.select(Organization)
            .join(
                PartnershipOrganization, PartnershipOrganization.organization_id == Organization.id
            )
            .where(
                PartnershipOrganization.partnership_id == partnership.id,
                Organization.kind.in_(list(ENDORSING_KINDS)),
            )
            .order_by(Organization.name)
        )
    )
    eligible = {o.id for o in candidates}
    counting = [o for o in endorsing if o.id in eligible]
    done = {o.id for o in counting}
    return Quorum(
        needed=partnership.endorsement_quorum,
        endorsed_by=sorted(counting, key=lambda o: o.name),
        others=sorted((o for o in endorsing if o.id not in eligible), key=lambda o: o.name),
        waiting_for=[o for o in candidates if o.id not in done],
    )


def _require_active(standard: Standard) -> None:
    if standard.retired_at is not None:
        raise Conflict(f"{standard.code} is retired. Restore it before changing it.")


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
    _require_active(standard)
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


def publish(standard: Standard, version: StandardVersion, actor) -> None:
    """Publish the newest version once the quorum of employer/labor endorsements is met.

    The locks make the check and the change one step: the endorsements counted, the version's
    status and its being the newest stay as checked until the transaction commits.
    """
    _lock(standard, version)
    _require_active(standard)
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


def endorse(standard: Standard, version: StandardVersion, user, note: str = "") -> Endorsement:
    """The user's organization endorses this exact version (once per organization)."""
    if user.organization is None:
        raise StandardError(
            "Your account belongs to no organization, so it cannot endorse.", status=403
        )
    partnership = standard.framework.partnership
    if partnership.id not in access.partnerships_of(user.organization_id):
        raise StandardError(
            f"{user.organization.name} does not take part in {partnership.name} (or its joining "
            "awaits a site administrator), so it cannot endorse its standards.",
            status=403,
        )
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
        raise Conflict(f"{user.organization.name} already endorsed version {version.number}.")
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
        raise Conflict(
            f"{user.organization.name} already endorsed version {version.number}."
        ) from None
    log_change(
        standard,
        "standard.endorsed",
        summary=f"{standard.code}: {user.organization.name} endorsed v{version.number}",
        version=version.number,
        organization_id=user.organization_id,
    )
    return endorsement


def withdraw_endorsement(standard: Standard, version: StandardVersion, user) -> None:
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
    db.session.delete(endorsement)
    db.session.flush()
    db.session.expire(version, ["endorsements"])
    log_change(
        standard,
        "standard.endorsement_withdrawn",
        summary=f"{standard.code}: {user.organization.name} withdrew its endorsement of "
        f"v{version.number}",
        version=version.number,
        organization_id=user.organization_id,
    )


def last_endorsed(standard: Standard, before: StandardVersion) -> StandardVersion | None:
    """The newest version older than `before` that has endorsements (for 'v2 was endorsed by…')."""
    return db.session.scalar(
        db.select(StandardVersion)
        .options(selectinload(StandardVersion.endorsements).joinedload(Endorsement.organization))
        .where(
            StandardVersion.standard_id == standard.id,
            StandardVersion.number < before.number,
            StandardVersion.endorsements.any(),
        )
        .order_by(StandardVersion.number.desc())
        .limit(1)
    )


# --- Comments ------------------------------------------------------------------------------


def add_comment(
    standard: Standard,
    author,
    body: str,
    version: StandardVersion | None = None,
    parent: Comment | None = None,
) -> Comment:
    """A comment on the standard (about one version, or a reply to another comment)."""
    body = (body or "").strip()
    if not body:
        raise StandardError("Write something first.", field="body")
    if len(body) > 10000:
        raise StandardError("A comment has at most 10,000 characters.", field="body")
    if parent is not None:
        if parent.standard_id != standard.id:
            raise StandardError("That comment belongs to another standard.")
        if parent.parent_id is not None:
            parent = db.session.get(Comment, parent.parent_id)  # replies stay one level deep
    if version is not None and version.standard_id != standard.id:
        raise StandardError("That version belongs to another standard.")
    comment = Comment(
        standard_id=standard.id,
        author=author,
        body=body,
        version=version,
        parent_id=parent.id if parent else None,
    )
    db.session.add(comment)
    db.session.flush()
    record(
        "standard.commented",
        obj=comment,
        partnership=standard.framework.partnership,
        summary=f"{standard.code}: {'reply' if parent else 'comment'} by {author.display_name}",
        standard_id=standard.id,
    )
    return comment


def set_resolved(standard: Standard, comment: Comment, actor, resolved: bool) -> None:
    """Resolve or reopen a top-level comment."""
    if comment.standard_id != standard.id:
        raise NotFound()
    if comment.parent_id is not None:
        raise StandardError("Replies are resolved with the comment they answer.")
    comment.resolved_at = utcnow() if resolved else None
    comment.resolved_by_id = actor.id if resolved else None
    db.session.flush()
    record(
        "standard.comment_resolved" if resolved else "standard.comment_reopened",
        obj=comment,
        partnership=standard.framework.partnership,
        summary=f"{standard.code}: comment {'resolved' if resolved else 'reopened'}",
        standard_id=standard.id,
    )


def comments_of(standard: Standard) -> tuple[list[Comment], int]:
    """Top-level comments, open first, with replies loaded; and how many are resolved."""
    comments = list(
        db.session.scalars(
            db.select(Comment)
            .options(
                joinedload(Comment.author),
                joinedload(Comment.version),
                joinedload(Comment.resolved_by),
                selectinload(Comment.replies).joinedload(Comment.author),
            )
            .where(Comment.standard_id == standard.id, Comment.parent_id.is_(None))
            .order_by(Comment.resolved_at.is_not(None), Comment.created_at.desc())
        )
    )
    return comments, sum(1 for c in comments if c.resolved_at)
