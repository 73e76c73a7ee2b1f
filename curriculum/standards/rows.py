"""A framework's standards as plain rows, for the pages and answers that read thousands at once.

The framework page, the API tree and the coverage model read every standard of a framework
with its current and published versions. As ORM objects that cost about 0.04 ms a standard
(identity map, instance state, relationship loading: 66 ms at 1,600 standards, issue 18); as
plain rows of the same columns it costs a tenth of that. Nothing here is written back: code
that changes a standard loads the ORM `Standard`.

`StandardRow` and `VersionRow` have the columns and derived properties (`StandardFacts`,
`VersionFacts`) of `Standard` and `StandardVersion`, with `current_version` and
`published_version` set, so `outline.shown_now`, `outline.arrange` and the templates read
either alike. They have no other relationships (no `framework`, `parent`, `versions`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import aliased

from curriculum.extensions import db
from curriculum.standards.models import (
    Level,
    SkillCategory,
    Standard,
    StandardFacts,
    StandardKind,
    StandardVersion,
    VersionFacts,
    VersionStatus,
)

_VERSION_FIELDS = (
    "id",
    "standard_id",
    "number",
    "title",
    "statement",
    "level",
    "status",
    "change_note",
    "created_at",
    "reviewed_at",
    "published_at",
    "retired_at",
)
_STANDARD_COLUMNS = (
    Standard.id,
    Standard.uuid,
    Standard.framework_id,
    Standard.parent_id,
    Standard.kind,
    Standard.category,
    Standard.code,
    Standard.position,
    Standard.source_identifier,
    Standard.item_type,
    Standard.current_version_id,
    Standard.published_version_id,
    Standard.retired_at,
    Standard.created_at,
)


@dataclass(slots=True, eq=False, frozen=True)
class VersionRow(VersionFacts):
    """A standard's version as plain values (the columns pages show)."""

    id: int
    standard_id: int
    number: int
    title: str
    statement: str
    level: Level | None
    status: VersionStatus
    change_note: str
    created_at: datetime
    reviewed_at: datetime | None
    published_at: datetime | None
    retired_at: datetime | None


@dataclass(slots=True, eq=False, frozen=True)
class StandardRow(StandardFacts):
    """A standard as plain values, with its current and published versions."""

    id: int
    uuid: str
    framework_id: int
    parent_id: int | None
    kind: StandardKind
    category: SkillCategory | None
    code: str
    position: int
    source_identifier: str | None
    item_type: str
    current_version_id: int | None
    published_version_id: int | None
    retired_at: datetime | None
    created_at: datetime
    current_version: VersionRow | None = None
    published_version: VersionRow | None = None


def load(framework_ids: Iterable[int], read: tuple | None = None) -> list[StandardRow]:
    """Every standard of these frameworks (retired ones too), ordered by framework, then
    position and id (sibling order), with their current and published versions: one query,
    or none while the frameworks are unchanged since a request of this process read them
    (`curriculum.stamped`: the rows are frozen, shared by every reader). `read`: the
    frameworks' change tokens, when the caller has just read them."""
    from curriculum.stamped import remember  # (it reads the models of other packages)

    ids = sorted(set(framework_ids))
    if not ids:
        return []
    return list(
        remember("standard rows", tuple(ids), lambda: _load(ids), frameworks=ids, read=read)
    )


def _load(ids: list[int]) -> tuple[StandardRow, ...]:
    current, published = aliased(StandardVersion), aliased(StandardVersion)
    width = len(_VERSION_FIELDS)
    found: sa.Result[Any] = db.session.execute(
        sa.select(
            *_STANDARD_COLUMNS,
            *(getattr(current, name) for name in _VERSION_FIELDS),
            *(getattr(published, name) for name in _VERSION_FIELDS),
        )
        .outerjoin(current, current.id == Standard.current_version_id)
        .outerjoin(published, published.id == Standard.published_version_id)
        .where(Standard.framework_id.in_(ids))
        .order_by(Standard.framework_id, Standard.position, Standard.id)
    )
    n = len(_STANDARD_COLUMNS)
    standards = []
    for row in found:
        now = VersionRow(*tuple(row[n : n + width])) if row[n] is not None else None
        agreed = None
        if row[n + width] is not None:
            agreed = now if row[n + width] == row[n] else VersionRow(*tuple(row[n + width :]))
        standards.append(StandardRow(*(*row[:n], now, agreed)))
    return tuple(standards)


# What the tree rules (`outline.shown_now`, `outline.arrange`) and the rows built from them
# accept: an ORM object or its plain row.
AnyStandard = Standard | StandardRow
AnyVersion = StandardVersion | VersionRow
