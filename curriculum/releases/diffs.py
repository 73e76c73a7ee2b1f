"""A release's entries: fixing them (holding back the standards the convener chose), what they
change against the last published release, and which standards changed since they were fixed.

A held standard is fixed at its published version (its newer draft stays out); one never
published is recorded as `absent` and is no part of the edition (see ReleaseEntry). Every read
of the edition's contents here leaves absent entries out."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import joinedload, selectinload

from curriculum.db import utcnow
from curriculum.extensions import db
from curriculum.releases.models import Release, ReleaseEntry
from curriculum.standards.models import Framework, Standard

CATEGORIES = ("added", "changed", "moved", "recoded", "retired", "unchanged")


@dataclass
class Change:
    """One standard in a release, against where it stood in the previous one."""

    standard: Standard
    entry: ReleaseEntry
    before: ReleaseEntry | None
    kinds: set[str] = field(default_factory=set)  # subset of added/changed/moved/recoded/retired


@dataclass
class ReleaseDiff:
    """The release's standards by category, in the tree's order. A standard changed and moved
    (or recoded) is listed under each; `unchanged` holds those with no change at all."""

    added: list[Change] = field(default_factory=list)
    changed: list[Change] = field(default_factory=list)
    moved: list[Change] = field(default_factory=list)
    recoded: list[Change] = field(default_factory=list)
    retired: list[Change] = field(default_factory=list)
    unchanged: list[Change] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {name: len(getattr(self, name)) for name in CATEGORIES}


def kinds_of(entry: Any, before: Any | None) -> set[str]:
    """How a standard changed between two releases (the one rule of the diff's categories), from
    two entries (ReleaseEntry rows, or plain rows with its columns)."""
    if entry.retired:
        return set() if before is not None and before.retired else {"retired"}
    if before is None or before.retired:
        return {"added"}  # new, or restored since
    kinds = set()
    if entry.version_id != before.version_id:
        kinds.add("changed")
    if entry.parent_id != before.parent_id or entry.position != before.position:
        kinds.add("moved")
    if entry.code != before.code:
        kinds.add("recoded")
    return kinds


def entries_of(release: Release, *, with_absent: bool = False) -> list[ReleaseEntry]:
    """The release's entries, with standards and versions loaded; absent ones (held back, never
    published: not in the edition) only `with_absent`, for fixed.in_tree_order."""
    absent = () if with_absent else (ReleaseEntry.absent.is_(False),)
    return list(
        db.session.scalars(
            db.select(ReleaseEntry)
            .options(joinedload(ReleaseEntry.standard), joinedload(ReleaseEntry.version))
            .where(ReleaseEntry.release_id == release.id, *absent)
            .order_by(ReleaseEntry.id)
        ).unique()
    )


def held_of(release: Release) -> list[ReleaseEntry]:
    """The release's held-back entries (at their published version, or absent), by code, with
    standards and their current versions loaded."""
    return list(
        db.session.scalars(
            db.select(ReleaseEntry)
            .options(
                joinedload(ReleaseEntry.standard).joinedload(Standard.current_version),
                joinedload(ReleaseEntry.version),
            )
            .where(ReleaseEntry.release_id == release.id, ReleaseEntry.held.is_(True))
            .order_by(ReleaseEntry.code)
        ).unique()
    )


def held_ids(release: Release) -> set[int]:
    """The ids of the standards the release holds back."""
    return set(
        db.session.scalars(
            db.select(ReleaseEntry.standard_id).where(
                ReleaseEntry.release_id == release.id, ReleaseEntry.held.is_(True)
            )
        )
    )


def _entries_of_release(release_id: int) -> dict[int, ReleaseEntry]:
    return {
        e.standard_id: e
        for e in db.session.scalars(
            db.select(ReleaseEntry)
            .options(selectinload(ReleaseEntry.version))
            .where(ReleaseEntry.release_id == release_id, ReleaseEntry.absent.is_(False))
        )
    }


def compare(entries: list[ReleaseEntry], previous_id: int | None) -> ReleaseDiff:
    """These entries against those of release `previous_id` (None: everything is added)."""
    before = _entries_of_release(previous_id) if previous_id is not None else {}
    result = ReleaseDiff()
    for entry in entries:
        old = before.get(entry.standard_id)
        change = Change(entry.standard, entry, old, kinds_of(entry, old))
        for kind in sorted(change.kinds) or ["unchanged"]:
            getattr(result, kind).append(change)
    return result


def diff(release: Release) -> ReleaseDiff:
    """The release against the one it follows (release.previous; None: everything is added)."""
    return compare(entries_of(release), release.previous_id)


def preview(
    framework: Framework, previous_id: int | None, hold: Collection[int] = ()
) -> ReleaseDiff:
    """What a release prepared now (holding back `hold`) would change against release
    `previous_id` (nothing saved)."""
    return compare([e for e in entries_now(framework, hold) if not e.absent], previous_id)


def counts_of(releases: list[Release]) -> dict[int, dict[str, int]]:
    """{release id: its diff's counts} for a list of releases, from one query of plain rows."""
    ids = {r.id for r in releases} | {r.previous_id for r in releases if r.previous_id}
    by_release: dict[int, dict[int, Any]] = {i: {} for i in ids}
    rows = db.session.execute(
        db.select(
            ReleaseEntry.release_id,
            ReleaseEntry.standard_id,
            ReleaseEntry.version_id,
            ReleaseEntry.code,
            ReleaseEntry.parent_id,
            ReleaseEntry.position,
            ReleaseEntry.retired,
        ).where(ReleaseEntry.release_id.in_(ids), ReleaseEntry.absent.is_(False))
    )
    for row in rows:
        by_release[row.release_id][row.standard_id] = row
    found = {}
    for release in releases:
        before = by_release.get(release.previous_id, {}) if release.previous_id else {}
        counts = dict.fromkeys(CATEGORIES, 0)
        for entry in by_release[release.id].values():
            for kind in kinds_of(entry, before.get(entry.standard_id)) or {"unchanged"}:
                counts[kind] += 1
        found[release.id] = counts
    return found


def changed_since(release: Release) -> list[Standard]:
    """Standards whose state no longer matches the release's entries: added or retired (or
    restored) since it was fixed, or given a newer version. A held standard is compared with
    its published version (its newer drafts are what it holds back): it changed when another
    version was published since (or, never published then, one was published since)."""
    fixed = {
        e.standard_id: e
        for e in db.session.scalars(
            db.select(ReleaseEntry).where(ReleaseEntry.release_id == release.id)
        )
    }
    standards = db.session.scalars(
        db.select(Standard)
        .options(joinedload(Standard.current_version))
        .where(Standard.framework_id == release.framework_id)
        .order_by(Standard.code)
        .execution_options(populate_existing=True)
    )
    return [s for s in standards if _differs(fixed.get(s.id), s)]


def out_of_date(releases: Iterable[Release]) -> set[int]:
    """The ids of these releases (in preparation) that changed_since() would find something in:
    the same rule, for many releases in two queries (the work queue's)."""
    wanted = {r.id: r.framework_id for r in releases}
    if not wanted:
        return set()
    fixed: dict[int, dict[int, ReleaseEntry]] = {rid: {} for rid in wanted}
    for entry in db.session.scalars(
        db.select(ReleaseEntry).where(ReleaseEntry.release_id.in_(list(wanted)))
    ):
        fixed[entry.release_id][entry.standard_id] = entry
    by_framework: dict[int, list[tuple[int, int | None, int | None, bool]]] = {}
    rows = db.session.execute(
        db.select(
            Standard.framework_id,
            Standard.id,
            Standard.current_version_id,
            Standard.published_version_id,
            Standard.retired_at.is_not(None),
        ).where(Standard.framework_id.in_(set(wanted.values())))
    )
    for framework_id, *state in rows:
        by_framework.setdefault(framework_id, []).append(tuple(state))
    return {
        rid
        for rid, framework_id in wanted.items()
        if any(
            _differs(fixed[rid].get(sid), _State(current, published, retired))
            for sid, current, published, retired in by_framework.get(framework_id, [])
        )
    }


@dataclass
class _State:
    """What _differs reads of a standard (a Standard row has the same attributes)."""

    current_version_id: int | None
    published_version_id: int | None
    retired: bool

    @property
    def retired_at(self) -> object | None:
        return True if self.retired else None


def _differs(entry: ReleaseEntry | None, standard: Any) -> bool:
    """Whether a standard no longer matches the release's entry for it (none: added since)."""
    return (
        entry is None
        or entry.retired != (standard.retired_at is not None)
        or entry.version_id != _expected_version(entry, standard)
    )


def _expected_version(entry: ReleaseEntry, standard: Any) -> int | None:
    """The version the entry should fix for it to be current: the standard's current version,
    or for a held one its published version (an absent one: the version it recorded, as long
    as the standard has no published version)."""
    if not entry.held:
        return standard.current_version_id
    if entry.absent:
        return entry.version_id if standard.published_version_id is None else None
    return standard.published_version_id


def _in_tree_order(framework: Framework) -> list[Standard]:
    """Every standard of the framework, retired ones too, parents before their children."""
    standards = db.session.scalars(
        db.select(Standard)
        .where(Standard.framework_id == framework.id)
        .options(joinedload(Standard.current_version), joinedload(Standard.published_version))
        .order_by(Standard.position, Standard.id)
        .execution_options(populate_existing=True)
    ).all()
    children: dict[int | None, list[Standard]] = {}
    for standard in standards:
        children.setdefault(standard.parent_id, []).append(standard)
    ordered: list[Standard] = []
    stack = list(reversed(children.get(None, [])))
    while stack:
        standard = stack.pop()
        ordered.append(standard)
        stack.extend(reversed(children.get(standard.id, [])))
    return ordered


def holds(standard: Standard) -> bool:
    """Whether holding the standard back keeps anything out: it is not retired and its
    current version is not its published one (a draft, or new)."""
    return (
        standard.retired_at is None
        and standard.current_version_id is not None
        and standard.current_version_id != standard.published_version_id
    )


def holdable(framework: Framework) -> list[Standard]:
    """The framework's standards that holding back would keep something out of, in tree
    order, with their current and published versions loaded."""
    return [s for s in _in_tree_order(framework) if holds(s)]


def entries_now(framework: Framework, hold: Collection[int] = ()) -> list[ReleaseEntry]:
    """Unsaved entries fixing every standard as it is now: its current version and place; a
    standard in `hold` (where holding keeps something out) is fixed at its published version,
    or recorded as absent when it has none. Its place is where it stands now. Holding a
    standard holds only it: the standards below it are fixed as they are unless held too (the
    release's tree then leaves them out, as it leaves out what stands below a retired one)."""
    entries = []
    for standard in _in_tree_order(framework):
        if standard.current_version_id is None:
            continue
        held = standard.id in hold and holds(standard)
        absent = held and standard.published_version_id is None
        version = standard.current_version
        if held and standard.published_version is not None:
            version = standard.published_version
        entries.append(
            ReleaseEntry(
                standard_id=standard.id,
                standard=standard,
                version_id=version.id if version else None,
                version=version,
                code=standard.code,
                parent_id=standard.parent_id,
                position=standard.position,
                retired=standard.retired_at is not None,
                held=held,
                absent=absent,
            )
        )
    return entries


def fix_entries(release: Release, framework: Framework, hold: Collection[int] = ()) -> None:
    """Fix the release on every standard as it is now, holding back those in `hold`."""
    for entry in entries_now(framework, hold):
        entry.release_id = release.id
        db.session.add(entry)
    release.prepared_at = utcnow()
    db.session.flush()
    db.session.expire(release, ["entries"])
