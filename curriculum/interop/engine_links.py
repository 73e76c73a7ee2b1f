"""The import engine's links and definitions: plan (read only) and write (in bulk).

Every link of the package is kept as an `Association` of the framework, matched by identifier
on re-import (added, updated, removed; links made here, which carry no source fields, are left
alone). Each end is resolved to a standard of the same partnership by identifier (this
framework first, then its other frameworks, by source identifier or uuid); links of the other
frameworks whose ends were dangling and name a standard of this framework get resolved too.
Definitions are upserted by (kind, identifier).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from curriculum.extensions import db
from curriculum.interop.models import Association, Definition, DefinitionKind
from curriculum.interop.package import Link, Package
from curriculum.standards.models import Framework, Standard

if TYPE_CHECKING:
    from curriculum.interop.engine_plan import Plan, Ref
    from curriculum.partnerships.models import Partnership

CHUNK = 500  # identifiers per IN (...) query
URI_LENGTH = 1000  # Association.*_uri and *_title


@dataclass
class LinkPlan:
    total: int = 0
    add: list[dict] = field(default_factory=list)  # association values (ends as refs)
    change: list[dict] = field(default_factory=list)  # values with "id"
    remove: list[int] = field(default_factory=list)
    unchanged: int = 0
    # Other frameworks' associations whose ends now resolve here: (id, column, ref).
    resolve: list[tuple[int, str, Ref]] = field(default_factory=list)

    def counts(self) -> dict:
        return {
            "added": len(self.add),
            "updated": len(self.change),
            "removed": len(self.remove),
            "unchanged": self.unchanged,
            "resolved_elsewhere": len(self.resolve),
        }


@dataclass
class DefinitionPlan:
    add: list[dict] = field(default_factory=list)
    change: list[dict] = field(default_factory=list)
    unchanged: int = 0

    def counts(self) -> dict:
        return {"added": len(self.add), "updated": len(self.change), "unchanged": self.unchanged}


def _chunks(values: list[str]):
    for start in range(0, len(values), CHUNK):
        yield values[start : start + CHUNK]


def _elsewhere(partnership: Partnership, framework_id: int | None, identifiers: set[str]) -> dict:
    """Identifier -> ("id", standard id) among the partnership's other frameworks."""
    others = db.select(Framework.id).where(
        Framework.partnership_id == partnership.id,
        Framework.id != (framework_id or 0),
    )
    found: dict[str, Ref] = {}
    wanted = sorted(identifiers)
    for column in (Standard.uuid, Standard.source_identifier):
        for chunk in _chunks(wanted):
            rows = db.session.execute(
                sa.select(column, Standard.id)
                .where(Standard.framework_id.in_(others), column.in_(chunk))
                .order_by(Standard.id)
            )
            for identifier, standard_id in rows:
                if identifier:
                    found.setdefault(identifier, ("id", standard_id))
    return found


def _values(link: Link, refs: dict[str, Ref]) -> dict[str, Any]:
    return {
        "identifier": link.identifier,
        "association_type": link.type[:100],
        "origin_id": refs.get(link.origin.identifier),
        "origin_identifier": link.origin.identifier[:255],
        "origin_uri": link.origin.uri[:URI_LENGTH],
        "origin_title": link.origin.title[:URI_LENGTH],
        "destination_id": refs.get(link.destination.identifier),
        "destination_identifier": link.destination.identifier[:255],
        "destination_uri": link.destination.uri[:URI_LENGTH],
        "destination_title": link.destination.title[:URI_LENGTH],
        "sequence_number": link.sequence,
        "source_fields": link.fields,
    }


COMPARED = (
    "association_type",
    "origin_id",
    "origin_identifier",
    "origin_uri",
    "origin_title",
    "destination_id",
    "destination_identifier",
    "destination_uri",
    "destination_title",
    "sequence_number",
    "source_fields",
)


def plan_links(plan: Plan, package: Package, partnership: Partnership) -> None:
    """Fill `plan.links` and `plan.definitions` (reads only)."""
    framework_id = plan.framework.id if plan.framework is not None else None
    ends = {n.identifier for link in package.links for n in (link.origin, link.destination)}
    refs: dict[str, Ref] = dict(plan.refs)
    outside = ends - refs.keys()
    if outside:
        for identifier, ref in _elsewhere(partnership, framework_id, outside).items():
            refs.setdefault(identifier, ref)
    links = LinkPlan(total=len(package.links))
    existing: dict[str, dict[str, Any]] = {}
    if framework_id is not None:
        columns = [Association.id, Association.identifier] + [
            getattr(Association, name) for name in COMPARED
        ]
        for row in db.session.execute(
            sa.select(*columns).where(Association.framework_id == framework_id)
        ):
            existing[row.identifier] = dict(row._mapping)
    # Stored ends are standard ids; the plan names them as refs.
    for stored in existing.values():
        for end in ("origin_id", "destination_id"):
            if stored[end] is not None:
                stored[end] = ("id", stored[end])
    seen: set[str] = set()
    for link in package.links:
        if link.identifier in seen:
            continue  # a reader keeps the first of duplicates
        seen.add(link.identifier)
        values = _values(link, refs)
        found = existing.get(link.identifier)
        if found is None:
            links.add.append(values)
        elif any(found[name] != values[name] for name in COMPARED):
            links.change.append({"id": found["id"], **values})
        else:
            links.unchanged += 1
    links.total = len(seen)
    links.remove = [
        old["id"]
        for identifier, old in existing.items()
        if identifier not in seen and old["source_fields"] is not None
    ]
    # Dangling ends of the partnership's other frameworks' links naming this framework's nodes.
    own = plan.refs
    if own:
        query = (
            sa.select(
                Association.id,
                Association.origin_id,
                Association.origin_identifier,
                Association.destination_id,
                Association.destination_identifier,
            )
            .join(Framework, Framework.id == Association.framework_id)
            .where(
                Framework.partnership_id == partnership.id,
                Association.framework_id != (framework_id or 0),
                sa.or_(Association.origin_id.is_(None), Association.destination_id.is_(None)),
            )
        )
        for aid, origin_id, origin_ident, dest_id, dest_ident in db.session.execute(query):
            if origin_id is None and origin_ident in own:
                links.resolve.append((aid, "origin_id", own[origin_ident]))
            if dest_id is None and dest_ident in own:
                links.resolve.append((aid, "destination_id", own[dest_ident]))
    plan.links = links
    plan.definitions = _plan_definitions(package, framework_id)


def _plan_definitions(package: Package, framework_id: int | None) -> DefinitionPlan:
    definitions = DefinitionPlan()
    existing: dict[tuple[str, str], tuple[int, str, dict]] = {}
    if framework_id is not None:
        for did, kind, identifier, title, fields in db.session.execute(
            sa.select(
                Definition.id,
                Definition.kind,
                Definition.identifier,
                Definition.title,
                Definition.fields,
            ).where(Definition.framework_id == framework_id)
        ):
            existing[(DefinitionKind(kind).value, identifier)] = (did, title, fields)
    seen: set[tuple[str, str]] = set()
    for d in package.definitions:
        key = (d.kind, d.identifier[:255])
        if key in seen:
            continue
        seen.add(key)
        values = {
            "kind": DefinitionKind(d.kind),
            "identifier": d.identifier[:255],
            "title": d.title[:1000],
            "fields": d.fields,
        }
        old = existing.get(key)
        if old is None:
            definitions.add.append(values)
        elif (old[1], old[2]) != (values["title"], values["fields"]):
            definitions.change.append({"id": old[0], **values})
        else:
            definitions.unchanged += 1
    return definitions


# --- Writing ---------------------------------------------------------------------------------


def write_links(plan: Plan, framework_id: int, ids: dict[int, int], user_id: int | None) -> None:
    """Carry out the link and definition plan; `ids`: item index -> standard id (new ones)."""

    def resolve(ref: Ref | None) -> int | None:
        if ref is None:
            return None
        kind, n = ref
        return n if kind == "id" else ids[n]

    def concrete(values: dict) -> dict:
        return {
            **values,
            "origin_id": resolve(values["origin_id"]),
            "destination_id": resolve(values["destination_id"]),
        }

    links: LinkPlan = plan.links
    if links.remove:
        for start in range(0, len(links.remove), CHUNK):
            db.session.execute(
                sa.delete(Association)
                .where(Association.id.in_(links.remove[start : start + CHUNK]))
                .execution_options(synchronize_session=False)
            )
    if links.add:
        db.session.execute(
            sa.insert(Association).execution_options(render_nulls=True),
            [
                {**concrete(v), "framework_id": framework_id, "created_by_id": user_id}
                for v in links.add
            ],
        )
    if links.change:
        db.session.execute(sa.update(Association), [concrete(v) for v in links.change])
    for end in ("origin_id", "destination_id"):
        rows = [{"id": a, end: resolve(ref)} for a, column, ref in links.resolve if column == end]
        if rows:
            db.session.execute(sa.update(Association), rows)
    definitions: DefinitionPlan = plan.definitions
    if definitions.add:
        db.session.execute(
            sa.insert(Definition).execution_options(render_nulls=True),
            [{**v, "framework_id": framework_id} for v in definitions.add],
        )
    if definitions.change:
        db.session.execute(sa.update(Definition), definitions.change)
