"""A standard's versions (the rules of its life; review.py and comments.py hold the rest).

Every save carries the version number it was based on. A new version is added only if that is
still the current one: the insert of number N+1 (unique per standard) and a guarded UPDATE of
`Standard.current_version_id` run in one savepoint; if another save got there first, either
fails and the caller gets `VersionConflict` with the version now current. Services flush; the
view commits.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload, selectinload

from curriculum.concurrency import changed
from curriculum.errors import Conflict, NotFound
from curriculum.extensions import db
from curriculum.names import clean_name
from curriculum.standards.audit import log_change
from curriculum.standards.errors import StandardError, require_active
from curriculum.standards.models import (
    Endorsement,
    Framework,
    Level,
    Standard,
    StandardVersion,
    VersionStatus,
)

if TYPE_CHECKING:
    from curriculum.auth.models import User


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


def clean_content(title: str | None, statement: str | None, level: Level | str | None) -> dict:
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
    """Version `number` of the standard, or 404; with its endorsements, their organizations and
    the people who gave them (one query)."""
    version = (
        db.session.execute(
            db.select(StandardVersion)
            .options(
                joinedload(StandardVersion.endorsements).options(
                    joinedload(Endorsement.organization), joinedload(Endorsement.user)
                )
            )
            .where(StandardVersion.standard_id == standard.id, StandardVersion.number == number)
        )
        .unique()
        .scalar_one_or_none()
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


def version_numbers(standard: Standard) -> list[tuple[int, int]]:
    """(id, number) of every version of the standard, newest first (a chooser of versions)."""
    query = (
        db.select(StandardVersion.id, StandardVersion.number)
        .where(StandardVersion.standard_id == standard.id)
        .order_by(StandardVersion.number.desc())
    )
    return [(vid, number) for vid, number in db.session.execute(query)]


def _add_version(
    standard: Standard,
    base: StandardVersion | None,
    content: dict,
    author: User | None,
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
        # An imported node's unmodelled fields ride along unless the caller gives new ones.
        **({"source_fields": base.source_fields if base else None} | content),
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
    standard: Standard, content: dict, author: User | None, note: str = ""
) -> StandardVersion:
    """Version 1 of a new standard."""
    return _add_version(standard, None, content, author, note or "Created")


def save_version(
    standard: Standard,
    base_number: int | None,
    title: str | None,
    statement: str | None,
    level: Level | str | None,
    change_note: str,
    author: User | None,
) -> tuple[StandardVersion, bool]:
    """Save edited content based on version `base_number`.

    Returns (version, created): the new version, or the current one unchanged when the content
    equals it. Raises VersionConflict when `base_number` is no longer current.
    """
    require_active(standard)
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


def revert(
    standard: Standard, to_number: int, base_number: int | None, author: User | None
) -> StandardVersion:
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


# Review, publishing and endorsements (review.py) and comments (comments.py) are operations of
# the same feature, kept in modules of their own; callers reach every one through this module.
from curriculum.standards.comments import add_comment, comments_of, set_resolved  # noqa: E402
from curriculum.standards.review import (  # noqa: E402
    Quorum,
    endorse,
    last_endorsed,
    move_to_review,
    publish,
    quorum,
    retire_version,
    withdraw_endorsement,
)

__all__ = [
    "Quorum",
    "StandardError",
    "VersionConflict",
    "add_comment",
    "clean_content",
    "comments_of",
    "create_first_version",
    "current_version_of",
    "endorse",
    "get_standard",
    "get_version",
    "last_endorsed",
    "move_to_review",
    "publish",
    "quorum",
    "retire_version",
    "revert",
    "save_version",
    "set_resolved",
    "version_numbers",
    "versions_of",
    "withdraw_endorsement",
]
