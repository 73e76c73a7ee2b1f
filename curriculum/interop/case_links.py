"""The CFAssociations of a CASE package: the tree as isChildOf links (the stored ones while
the edge still holds, else made up with `tree_link_identifier`) and every other stored
association touching the framework whose ends a visitor may see."""

from __future__ import annotations

from typing import TYPE_CHECKING

from curriculum.extensions import db
from curriculum.interop.case_schema import (
    ADDED_IN_1_1,
    TYPES_1_0,
    V1_0,
    V1_1,
    stamp,
    strip,
    tree_link_identifier,
)
from curriculum.interop.models import Association
from curriculum.standards.models import Standard
from curriculum.standards.outline import FullNode as Node

if TYPE_CHECKING:
    from curriculum.interop.case_write import PackageWriter


def associations(w: PackageWriter) -> list[dict]:
    """Every CFAssociation of the package: the tree's first, then the stored others."""
    fw = w.snap.framework
    fw_id = fw.identifier
    local = set(w.items)
    # isChildOf rows of this package whose child is a node here, by (child, parent).
    tree_rows: dict[int, list[Association]] = {}
    for a in w.snap.associations:
        if a.association_type == "isChildOf" and a.origin_id in local:
            tree_rows.setdefault(a.origin_id, []).append(a)
    edge = {}
    for node in w.snap.nodes:
        s = node.standard
        parent_id = w.snap.parent_of(s)
        edge[s.id] = fw_id if parent_id is None else w.links[parent_id]["identifier"]
    stored_tree: dict[tuple[str, str], Association] = {}
    used: set[int] = set()
    for standard_id, rows in tree_rows.items():
        match = [r for r in rows if _end_identifier(r, "destination", w) == edge[standard_id]]
        if match:
            stored_tree[(w.links[standard_id]["identifier"], edge[standard_id])] = match[0]
            used.add(match[0].id)
        else:
            used.add(rows[0].id)  # the tree edge before the node moved here: stale
    out = tree_links(w, stored_tree)
    ends = {i for a in w.snap.associations for i in (a.origin_id, a.destination_id)}
    foreign = foreign_ends(w, {i for i in ends if i is not None} - local)
    for a in w.snap.associations:
        if a.id in used:
            continue
        if w.version == V1_0 and a.association_type not in TYPES_1_0:
            continue
        origin = end(w, a.origin_id, a.origin_identifier, a.origin_uri, a.origin_title, foreign)
        destination = end(
            w,
            a.destination_id,
            a.destination_identifier,
            a.destination_uri,
            a.destination_title,
            foreign,
        )
        if origin is None or destination is None:
            continue  # an end this reader may not see
        assoc = dict(a.source_fields or {})
        assoc["identifier"] = a.identifier
        assoc["associationType"] = a.association_type
        assoc["originNodeURI"] = origin
        assoc["destinationNodeURI"] = destination
        if a.sequence_number is not None:
            assoc["sequenceNumber"] = a.sequence_number
        assoc.setdefault("uri", w.uri("CFAssociations", a.identifier))
        assoc.setdefault("lastChangeDateTime", stamp(a.created_at))
        if a.framework_id == fw.id:
            assoc.setdefault("CFDocumentURI", w.doc_link)
        out.append(for_version(w, assoc))
    return out


def for_version(w: PackageWriter, assoc: dict) -> dict:
    return assoc if w.version == V1_1 else strip(assoc, ADDED_IN_1_1["CFAssociation"])


def tree_links(w: PackageWriter, stored_tree: dict[tuple[str, str], Association]) -> list[dict]:
    """isChildOf for every node: to its parent, the top ones to the CFDocument, numbered
    by place among the siblings shown (see `sequence_numbers`)."""
    fw_id = w.snap.framework.identifier
    rows: list[tuple[Node, str, Association | None]] = []
    for node in w.snap.nodes:
        s, parent_id = node.standard, w.snap.parent_of(node.standard)
        parent_ident = fw_id if parent_id is None else w.links[parent_id]["identifier"]
        rows.append((node, parent_ident, stored_tree.get((s.identifier, parent_ident))))
    numbers = sequence_numbers(rows)
    out = []
    for node, parent_ident, stored in rows:
        s, parent = node.standard, w.snap.parent_of(node.standard)
        destination = w.doc_link if parent is None else w.link_to(parent, "")
        if stored is not None:
            assoc = dict(stored.source_fields or {})
            identifier = stored.identifier
            if parent is not None:
                destination = w.link_to(parent, stored.destination_title)
            else:
                destination = {
                    "title": stored.destination_title or w.doc_link["title"],
                    "identifier": fw_id,
                    "uri": stored.destination_uri or w.doc_link["uri"],
                }
            origin = w.link_to(s.id, stored.origin_title)
        else:
            assoc = {}
            identifier = tree_link_identifier(s.identifier, parent_ident)
            origin = w.link_to(s.id, "")
        assoc["identifier"] = identifier
        assoc["associationType"] = "isChildOf"
        assoc["originNodeURI"] = origin
        assoc["destinationNodeURI"] = destination
        assoc.pop("sequenceNumber", None)
        if numbers[s.id] is not None:
            assoc["sequenceNumber"] = numbers[s.id]
        assoc.setdefault("uri", w.uri("CFAssociations", identifier))
        assoc.setdefault("lastChangeDateTime", w.items[s.id]["lastChangeDateTime"])
        assoc.setdefault("CFDocumentURI", w.doc_link)
        out.append(for_version(w, assoc))
    return out


def sequence_numbers(rows: list[tuple[Node, str, Association | None]]) -> dict[int, int | None]:
    """The sequenceNumber of each node's isChildOf: the source's numbers while they still give
    the tree's order (every sibling came from the source, the numbers rise in tree order; one
    the source left unnumbered stays so), else place among the siblings shown + 1."""
    groups: dict[str, list[tuple[int, Association | None]]] = {}
    for node, parent, stored in rows:
        groups.setdefault(parent, []).append((node.standard.id, stored))
    numbers: dict[int, int | None] = {}
    for children in groups.values():
        kept = [
            a.sequence_number
            for _, a in children
            if a is not None and a.sequence_number is not None
        ]
        from_source = all(a is not None for _, a in children)
        if kept and from_source and all(x < y for x, y in zip(kept, kept[1:], strict=False)):
            numbers.update({i: a.sequence_number if a else None for i, a in children})
        else:
            numbers.update({i: place + 1 for place, (i, _) in enumerate(children)})
    return numbers


def foreign_ends(w: PackageWriter, ids: set[int]) -> dict[int, Standard]:
    """Standards of other frameworks at an end of a link, that a visitor may see."""
    if not ids:
        return {}
    rows = db.session.scalars(db.select(Standard).where(Standard.id.in_(ids)))
    return {
        s.id: s
        for s in rows
        if s.framework_id != w.snap.framework.id
        and s.published_version_id is not None
        and s.retired_at is None
    }


def end(
    w: PackageWriter,
    standard_id: int | None,
    identifier: str,
    uri: str,
    title: str,
    foreign: dict[int, Standard],
) -> dict | None:
    """The LinkGenURI of one end of a stored association; None when a visitor may not see it."""
    if standard_id is None:
        if identifier == w.snap.framework.identifier:
            return {**w.doc_link, "title": title or w.doc_link["title"]}
        return {"title": title, "identifier": identifier, "uri": uri}
    if standard_id in w.links:
        return w.link_to(standard_id, title)
    other = foreign.get(standard_id)
    if other is None:
        return None
    return {
        "title": title or other.code,
        "identifier": other.identifier,
        "uri": uri or w.uri("CFItems", other.identifier),
    }


def _end_identifier(a: Association, side: str, w: PackageWriter) -> str:
    """The identifier at one end of a stored association (the standard's, when it is here)."""
    standard_id = getattr(a, f"{side}_id")
    if standard_id is not None and standard_id in w.links:
        return w.links[standard_id]["identifier"]
    return getattr(a, f"{side}_identifier")
