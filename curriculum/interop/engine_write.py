"""The import engine's writing half: carries out a `Plan` in bulk (a few statements per kind of
row, not one per item), flushing, never committing.

Codes are unique in a framework and places among one parent's children; so every standard
whose code or place changes is first parked on a value nothing else uses (code "~<id>",
position -id, as `tree._set_positions` and `tree.renumber` do), then given its final one: swaps
never collide mid-way. New standards are inserted parked ("~n<index>", a low negative
position), level by level so their parents' ids are known.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from curriculum.audit.services import record
from curriculum.concurrency import unique_or_conflict
from curriculum.extensions import db
from curriculum.interop import engine_links
from curriculum.interop.case_schema import IMPORTED_NOTE
from curriculum.interop.engine_plan import ORIGINS, Plan, category_of, content_of
from curriculum.interop.models import Association, Definition
from curriculum.interop.package import Package
from curriculum.standards.models import (
    Framework,
    Standard,
    StandardVersion,
    VersionStatus,
)

if TYPE_CHECKING:
    from curriculum.auth.models import User
    from curriculum.partnerships.models import Partnership

NEW_POSITION = -(2**30)  # parked places of new standards: below every -id


def _framework(plan: Plan, package: Package, partnership: Partnership) -> Framework:
    """The target framework (locked by the plan) or a new one, its source fields brought up
    to date."""
    framework = plan.framework
    if framework is None:
        framework = Framework(
            partnership_id=partnership.id,
            title=plan.new_title,
            description=package.description,
            origin=ORIGINS[plan.mode],
            source_identifier=package.identifier,
            source_fields=package.fields or None,
            source_name=plan.filename[:255],
            imported_at=plan.when,
        )
        with unique_or_conflict(field="title"):  # the same title, imported at the same moment
            db.session.add(framework)
        return framework
    if package.identifier and framework.source_identifier == package.identifier:
        if package.description:
            framework.description = package.description
        framework.source_fields = package.fields or None
    if plan.whole:  # a file added into a framework does not become its source
        framework.source_name = plan.filename[:255]
        framework.imported_at = plan.when
    db.session.flush()
    return framework


def _insert_standards(plan: Plan, framework: Framework, user_id: int | None) -> dict[int, int]:
    """Insert the new standards (parked), parents before children. Returns index -> id."""
    ids: dict[int, int] = {}
    depth: dict[int, int] = {}
    levels: dict[int, list[int]] = defaultdict(list)
    for i in plan.created:  # in package order: parents first
        p = plan.parent[i]
        depth[i] = depth[p] + 1 if p is not None and p not in plan.matched else 0
        levels[depth[i]].append(i)
    for level in sorted(levels):
        members = levels[level]
        rows = []
        for i in members:
            item = plan.items[i]
            p = plan.parent[i]
            parent_id = None if p is None else (plan.matched[p].id if p in plan.matched else ids[p])
            rows.append(
                {
                    "framework_id": framework.id,
                    "parent_id": parent_id,
                    "kind": item.kind,
                    "category": category_of(item),
                    "code": f"~n{i}",
                    "position": NEW_POSITION - i,
                    "source_identifier": item.identifier or None,
                    "item_type": item.item_type,
                    "created_by_id": user_id,
                }
            )
        result = db.session.execute(
            sa.insert(Standard)
            .returning(Standard.id, sort_by_parameter_order=True)
            .execution_options(render_nulls=True),
            rows,
        )
        for i, (standard_id,) in zip(members, result.all(), strict=True):
            ids[i] = standard_id
    return ids


def _place(plan: Plan, ids: dict[int, int]) -> None:
    """Give every standard its final code, parent, place, kind and state: moving ones parked
    first, then all set."""
    final: list[dict[str, Any]] = []
    for i, item in enumerate(plan.items):
        p = plan.parent[i]
        parent_id = None if p is None else (plan.matched[p].id if p in plan.matched else ids[p])
        values = {
            "code": item.code,
            "parent_id": parent_id,
            "position": plan.position[i],
            "kind": item.kind,
            "item_type": item.item_type,
            "category": category_of(item),
        }
        row = plan.matched.get(i)
        if row is None:
            final.append({"id": ids[i], **values})
            continue
        old = {
            "code": row.code,
            "parent_id": row.parent_id,
            "position": row.position,
            "kind": row.kind,
            "item_type": row.item_type,
            "category": row.category,
        }
        if old != values:
            final.append({"id": row.id, **values})
    rows = {row.id: row for row in plan.rows}
    for standard_id, move in plan.absent_moves.items():
        row = rows[standard_id]
        final.append(
            {
                "id": standard_id,
                "code": move.get("code", row.code),
                "parent_id": row.parent_id,
                "position": move.get("position", row.position),
                "kind": row.kind,
                "item_type": row.item_type,
                "category": row.category,
            }
        )
    new_ids = set(ids.values())
    parked = [
        {"id": v["id"], "code": f"~{v['id']}", "position": -v["id"]}
        for v in final
        if v["id"] not in new_ids
    ]
    if parked:
        db.session.execute(sa.update(Standard), parked)
    if final:
        db.session.execute(sa.update(Standard), final)
    restored = [row.id for i, row in plan.matched.items() if row.retired]
    if restored:
        db.session.execute(sa.update(Standard), [{"id": s, "retired_at": None} for s in restored])
    if plan.retire:
        db.session.execute(
            sa.update(Standard), [{"id": row.id, "retired_at": plan.when} for row in plan.retire]
        )


def _versions(plan: Plan, ids: dict[int, int], user_id: int | None) -> None:
    """Version 1 of each new standard and a new version of each changed one: published at once
    for a reference framework (the one before superseded), drafts otherwise."""
    reference = plan.mode == "reference"
    note = f"{IMPORTED_NOTE} {plan.filename or 'a file'}, {plan.when.date().isoformat()}"[:500]
    status = VersionStatus.PUBLISHED if reference else VersionStatus.DRAFT
    published = (
        {"published_at": plan.when, "published_by_id": user_id}
        if reference
        else {"published_at": None, "published_by_id": None}
    )
    rows: list[dict[str, Any]] = []
    standard_ids: list[int] = []
    superseded: list[int] = []
    for i in plan.created:
        standard_ids.append(ids[i])
        rows.append({"standard_id": ids[i], "number": 1, "change_note": note})
    for i in sorted(plan.content):
        row = plan.matched[i]
        standard_ids.append(row.id)
        rows.append({"standard_id": row.id, "number": row.number + 1, "change_note": note})
        if reference and row.published_version_id is not None:
            superseded.append(row.published_version_id)
    if not rows:
        return
    for values, i in zip(rows, plan.created + sorted(plan.content), strict=True):
        values.update(content_of(plan.items[i]))
        values.update(status=status, author_id=user_id, created_at=plan.when, **published)
    if superseded:
        db.session.execute(
            sa.update(StandardVersion)
            .where(
                StandardVersion.id.in_(superseded),
                StandardVersion.status == VersionStatus.PUBLISHED,
            )
            .values(status=VersionStatus.SUPERSEDED)
            .execution_options(synchronize_session=False)
        )
    result = db.session.execute(
        sa.insert(StandardVersion)
        .returning(StandardVersion.id, sort_by_parameter_order=True)
        .execution_options(render_nulls=True),
        rows,
    )
    pointers = []
    for standard_id, (version_id,) in zip(standard_ids, result.all(), strict=True):
        values = {"id": standard_id, "current_version_id": version_id}
        if reference:
            values["published_version_id"] = version_id
        pointers.append(values)
    db.session.execute(sa.update(Standard), pointers)


def _forget_stale() -> None:
    """The bulk statements bypassed the session: reload what it holds of these tables."""
    for obj in list(db.session.identity_map.values()):
        if isinstance(obj, Standard | StandardVersion | Association | Definition):
            db.session.expire(obj)


def execute(
    plan: Plan,
    package: Package,
    partnership: Partnership,
    user: User | None,
    progress: Callable[[int, str], None],
) -> Framework:
    """Write the plan; one audit event. Returns the framework imported into."""
    user_id = user.id if user is not None else None
    framework = _framework(plan, package, partnership)
    progress(40, f"Writing {len(plan.created) + len(plan.updated) + len(plan.retire)} standards")
    ids = _insert_standards(plan, framework, user_id)
    _place(plan, ids)
    _versions(plan, ids, user_id)
    progress(70, f"Writing {plan.links.total} links")
    engine_links.write_links(plan, framework.id, ids, user_id)
    db.session.flush()
    # The bulk statements passed the session by: the search index rebuilds what they touched,
    # and the framework's answers are stamped as changed (Last-Modified).
    from curriculum.api import stamps
    from curriculum.search import indexing

    indexing.touch("framework_standards", [framework.id])
    stamps.touch(framework=[framework.id])
    _forget_stale()
    db.session.expire(framework, ["standards"])
    links = plan.links
    record(
        "framework.imported",
        obj=framework,
        partnership=partnership,
        actor=user,
        summary=(
            f"Imported {plan.filename or 'a file'} into {framework.title} as a "
            f"{plan.mode} framework: {len(plan.created)} created, {len(plan.updated)} updated, "
            f"{plan.unchanged} unchanged, {len(plan.retire)} retired, {links.total} links"
        ),
        filename=plan.filename,
        mode=plan.mode,
        created=len(plan.created),
        updated=len(plan.updated),
        unchanged=plan.unchanged,
        retired=len(plan.retire),
        associations=links.total,
        fixes=len(plan.fixes),
    )
    return framework
