"""The fast path of the world builder: bulk inserts for worlds of thousands of rows.

The services write one row at a time with audit events (about 15 s for 600 standards), so
the benchmarks insert what the services would have written, in bulk: a standards tree, its
versions and endorsements, a program's courses and the alignments (with their open
revisions), stamping the answers they change (`stamps.touch`). Only the benchmarks use it;
everything smaller goes through `world.Builder`, which keeps to the rules as they change.
What differs between the benchmarks (titles, which versions are revised, which standards a
course covers) stays in each script.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from curriculum.alignment.models import Alignment, AlignmentRevision
from curriculum.api import stamps
from curriculum.courses.models import Course, Program, ProgramCourse, ProgramFramework
from curriculum.extensions import db
from curriculum.organizations.models import Organization
from curriculum.standards import tree
from curriculum.standards.models import (
    Endorsement,
    Standard,
    StandardKind,
    StandardVersion,
    VersionStatus,
)


def standards_tree(framework_id: int, shape: tuple[int, int, int]) -> list[Standard]:
    """Critical work functions, key activities per function, indicators per activity.

    Coded as the services code them (`tree.default_code`); returns the standards level by
    level (all functions, then all activities, then all indicators).
    """

    kinds = (
        StandardKind.CRITICAL_WORK_FUNCTION,
        StandardKind.KEY_ACTIVITY,
        StandardKind.PERFORMANCE_INDICATOR,
    )
    parents: Sequence[Standard | None] = [None]
    standards: list[Standard] = []
    for kind, per_parent in zip(kinds, shape, strict=True):
        level = [
            Standard(
                framework_id=framework_id,
                parent_id=parent.id if parent else None,
                kind=kind,
                code=tree.default_code(parent.code if parent else None, kind, i),
                position=i,
            )
            for parent in parents
            for i in range(per_parent)
        ]
        db.session.add_all(level)
        db.session.flush()
        standards += level
        parents = level
    return standards


def add_versions(rows: list[dict[str, Any]]) -> dict[int, dict[int, int]]:
    """Insert version rows (dicts of StandardVersion columns), then point each standard at its
    highest version (current) and its highest published one, as the services leave them.

    Returns the version ids by standard id and number.
    """

    db.session.execute(sa.insert(StandardVersion), rows)
    standard_ids = {r["standard_id"] for r in rows}
    ids: dict[int, dict[int, int]] = defaultdict(dict)
    published: dict[int, int] = {}
    found = db.session.execute(
        sa.select(
            StandardVersion.standard_id,
            StandardVersion.number,
            StandardVersion.id,
            StandardVersion.status,
        )
        .where(StandardVersion.standard_id.in_(standard_ids))
        .order_by(StandardVersion.number)
    )
    for standard_id, number, version_id, status in found:
        ids[standard_id][number] = version_id
        if status == VersionStatus.PUBLISHED:
            published[standard_id] = version_id
    db.session.execute(
        sa.update(Standard),
        [
            {
                "id": sid,
                "current_version_id": by_number[max(by_number)],
                "published_version_id": published.get(sid),
            }
            for sid, by_number in ids.items()
        ],
    )
    stamps.touch(standard=standard_ids)
    return ids


def endorse(
    version_ids: Iterable[int],
    organizations: Sequence[Organization],
    created_at: datetime | None = None,
) -> None:
    """Each organization endorses each version (at `created_at`, else now)."""

    when = {} if created_at is None else {"created_at": created_at}
    db.session.execute(
        sa.insert(Endorsement),
        [
            {"version_id": vid, "organization_id": org.id, **when}
            for vid in version_ids
            for org in organizations
        ],
    )


def round_robin(n_courses: int) -> list[tuple[int, int, bool]]:
    """(term, position, required) of each course: dealt over 4 terms, every fifth elective."""
    return [(1 + c % 4, c // 4, c % 5 != 4) for c in range(n_courses)]


def add_program(
    program: Program,
    framework_id: int,
    courses: list[Course],
    places: list[tuple[int, int, bool]],
) -> None:
    """Insert a program on one framework, its courses, and their (term, position, required)."""

    db.session.add(program)
    db.session.add_all(courses)
    db.session.flush()
    db.session.execute(
        sa.insert(ProgramFramework), [{"program_id": program.id, "framework_id": framework_id}]
    )
    db.session.execute(
        sa.insert(ProgramCourse),
        [
            {
                "program_id": program.id,
                "course_id": course.id,
                "term": term,
                "position": position,
                "required": required,
            }
            for course, (term, position, required) in zip(courses, places, strict=True)
        ],
    )
    stamps.touch(program=[program.id])


def align(
    rows: list[dict[str, Any]],
    opened_at: datetime | None = None,
    changed_by_id: int | None = None,
) -> int:
    """Insert alignment rows; with `opened_at`, also the open revision the services keep for
    each (read only by exports "as of" a date). Returns how many alignments."""

    db.session.execute(sa.insert(Alignment), rows)
    stamps.touch(course={r["course_id"] for r in rows})
    if opened_at is not None:
        keep = ("course_id", "outcome_id", "standard_id", "version_id", "level", "note")
        db.session.execute(
            sa.insert(AlignmentRevision),
            [
                {
                    **{k: r[k] for k in keep if k in r},
                    "valid_from": opened_at,
                    "changed_by_id": changed_by_id,
                }
                for r in rows
            ],
        )
    return len(rows)
