"""CASE 1.0 and 1.1 packages (CFPackage JSON) written from a `writers.Snapshot`.

Imported content gives back what its source said: every field kept on the framework, the
shown versions and the associations comes out again, under the same identifiers; the app's own
values (title, statement, code, type, times) are laid over them. Content authored here gets
identifiers from the standards' UUIDs and URIs on this server's CASE API (`case_api`).
A 1.0 package leaves out what CASE 1.1 added (`ADDED_IN_1_1`, the 1.1 association types).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from flask import current_app, has_request_context, url_for

from curriculum.extensions import db
from curriculum.interop.models import Association, DefinitionKind
from curriculum.interop.package import code_from, title_from
from curriculum.interop.writers import Snapshot, writer
from curriculum.standards.models import Framework, Standard, StandardKind, StandardVersion
from curriculum.standards.outline import Node

V1_0, V1_1 = "1.0", "1.1"
# The namespace of the identifiers the export makes up (tree links, item types): uuid5, stable.
NAMESPACE = uuid.UUID("6f1c2b1e-3c1a-5d2e-9a47-2f6c1d0b8e55")

# What CASE 1.1 added to each object, left out of a 1.0 package.
ADDED_IN_1_1 = {
    "CFPackage": frozenset({"extensions"}),
    "CFDocument": frozenset({"frameworkType", "caseVersion", "extensions"}),
    "CFItem": frozenset({"subject", "subjectURI", "extensions"}),
    "CFAssociation": frozenset({"notes", "extensions"}),
    "definition": frozenset({"extensions"}),  # definitions, rubrics, criteria, levels
}
# CASE 1.0 association types; 1.1 added isTranslationOf and extensions ("ext:…").
TYPES_1_0 = frozenset(
    {
        "isChildOf",
        "isPeerOf",
        "isPartOf",
        "exactMatchOf",
        "precedes",
        "isRelatedTo",
        "replacedBy",
        "exemplar",
        "hasSkillLevel",
    }
)
DEFINITION_KINDS = (
    DefinitionKind.CONCEPT,
    DefinitionKind.SUBJECT,
    DefinitionKind.LICENSE,
    DefinitionKind.ITEM_TYPE,
    DefinitionKind.ASSOCIATION_GROUPING,
)
IMPORTED_NOTE = "imported from"  # how the import engine begins the change note of its versions


def stamp(moment: datetime) -> str:
    """A CASE dateTime: UTC, whole seconds, with its zone."""
    return moment.astimezone(UTC).replace(microsecond=0).isoformat()


def tree_link_identifier(child: str, parent: str) -> str:
    """The identifier of the isChildOf association the export makes for a tree edge."""
    return str(uuid.uuid5(NAMESPACE, f"isChildOf|{child}|{parent}"))


def item_type_identifier(title: str) -> str:
    """The identifier of a CFItemType the export defines (no stored definition has the title)."""
    return str(uuid.uuid5(NAMESPACE, f"CFItemType|{title}"))


def is_imported(version: StandardVersion) -> bool:
    """The version holds its source's content as it came (not an edit made here since)."""
    return version.source_fields is not None and (
        version.number == 1 or version.change_note.startswith(IMPORTED_NOTE)
    )


def api_base() -> str:
    """This server's CASE API root, ".../ims/case/v1p1/" (outside a request: the app's
    default host, as printed documents use)."""
    if has_request_context():
        return url_for("case_api.documents_v1p1", _external=True).removesuffix("CFDocuments")
    with current_app.test_request_context("/"):
        return url_for("case_api.documents_v1p1", _external=True).removesuffix("CFDocuments")


def last_change(framework: Framework, versions: Iterable[StandardVersion]) -> str:
    """The CFDocument's lastChangeDateTime: the source's while nothing shown changed here since
    the import, else the newest change made here (a version written or published)."""
    local = [v.published_at or v.created_at for v in versions if not is_imported(v)]
    source = (framework.source_fields or {}).get("lastChangeDateTime")
    if isinstance(source, str) and source and not local:
        return source
    if framework.imported_at is None:
        local.append(framework.updated_at)
    return stamp(max(local or [framework.imported_at or framework.updated_at]))


def document(
    fw: Framework,
    versions: Iterable[StandardVersion],
    *,
    drafts: bool,
    version: str,
    base: str,
) -> dict:
    """The CFDocument of a framework whose shown versions are `versions`: the source's fields,
    then the app's own."""
    source = dict(fw.source_fields or {})
    doc = dict(source)
    doc["identifier"] = fw.identifier
    doc["uri"] = source.get("uri") or f"{base}CFDocuments/{fw.identifier}"
    name = fw.partnership.name
    doc["creator"] = source.get("creator") or name
    doc["publisher"] = source.get("publisher") or name
    doc["title"] = fw.title
    if fw.description:
        doc["description"] = fw.description
    doc["lastChangeDateTime"] = last_change(fw, versions)
    package_uri = source.get("CFPackageURI")
    doc["CFPackageURI"] = {
        "title": fw.title,
        "identifier": fw.identifier,
        "uri": (package_uri.get("uri") if isinstance(package_uri, dict) else None)
        or f"{base}CFPackages/{fw.identifier}",
    }
    doc.setdefault("adoptionStatus", "Draft" if drafts else "Adopted")
    doc.setdefault("language", "en")
    if version == V1_1:
        doc["caseVersion"] = V1_1
        return doc
    return strip(doc, ADDED_IN_1_1["CFDocument"])


def modified(snap: Snapshot) -> datetime:
    """When anything a reader of the snapshot sees last changed (the Last-Modified header)."""
    fw = snap.framework
    times = [fw.updated_at, fw.created_at]
    times += [fw.imported_at] if fw.imported_at else []
    for node in snap.nodes:
        if node.shown is not None:
            times.append(node.shown.published_at or node.shown.created_at)
    times += [a.created_at for a in snap.associations]
    return max(times)


def _folded(text: str) -> str:
    return " ".join(text.split()).casefold()


def strip(obj: dict, names: frozenset[str]) -> dict:
    return {k: v for k, v in obj.items() if k not in names}


def strip_definition(obj: Any) -> Any:
    """A definition or rubric without `extensions`, down through criteria and levels."""
    if isinstance(obj, dict):
        return {
            k: strip_definition(v) for k, v in obj.items() if k not in ADDED_IN_1_1["definition"]
        }
    if isinstance(obj, list):
        return [strip_definition(v) for v in obj]
    return obj


@dataclass
class _Writer:
    """The state of one package being written."""

    snap: Snapshot
    version: str
    base: str = ""
    doc_link: dict = field(default_factory=dict)
    items: dict[int, dict] = field(default_factory=dict)  # standard id -> CFItem
    links: dict[int, dict] = field(default_factory=dict)  # standard id -> LinkURI to it
    type_links: dict[str, dict] = field(default_factory=dict)  # item type title -> LinkURI
    made_types: list[dict] = field(default_factory=list)

    def uri(self, collection: str, identifier: str) -> str:
        return f"{self.base}{collection}/{identifier}"

    # --- CFDocument ----------------------------------------------------------------------

    def document(self) -> dict:
        versions = [n.shown for n in self.snap.nodes if n.shown is not None]
        doc = document(
            self.snap.framework,
            versions,
            drafts=self.snap.drafts,
            version=self.version,
            base=self.base,
        )
        fw = self.snap.framework
        self.doc_link = {"title": fw.title, "identifier": fw.identifier, "uri": doc["uri"]}
        return doc

    # --- CFItems -------------------------------------------------------------------------

    def item_type_link(self, title: str) -> dict:
        """The LinkURI of an item type: the stored definition of that title, else one this
        package defines."""
        if title not in self.type_links:
            stored = next(
                (
                    d
                    for d in self.snap.definitions
                    if d.kind == DefinitionKind.ITEM_TYPE and d.title == title
                ),
                None,
            )
            if stored is not None:
                uri = stored.fields.get("uri") or self.uri("CFItemTypes", stored.identifier)
                self.type_links[title] = {
                    "title": title,
                    "identifier": stored.identifier,
                    "uri": uri,
                }
            else:
                identifier = item_type_identifier(title)
                uri = self.uri("CFItemTypes", identifier)
                self.type_links[title] = {"title": title, "identifier": identifier, "uri": uri}
                self.made_types.append(
                    {
                        "identifier": identifier,
                        "uri": uri,
                        "title": title,
                        "description": title,
                        "hierarchyCode": str(len(self.made_types) + 1),
                        "typeCode": title,
                        "lastChangeDateTime": stamp(self.snap.framework.created_at),
                    }
                )
        return self.type_links[title]

    def item(self, node: Node) -> dict:
        s, v = node.standard, node.shown
        # A code-only node (nothing published to show) gives nothing of its versions.
        source = dict(v.source_fields or {}) if v is not None else {}
        item = dict(source)
        item["identifier"] = s.identifier
        item["uri"] = source.get("uri") or self.uri("CFItems", s.identifier)
        if v is None:
            item["fullStatement"] = node.not_published
        else:
            item["fullStatement"] = v.statement or v.title
            if "abbreviatedStatement" in source or v.title != title_from(v.statement):
                item["abbreviatedStatement"] = v.title
        source_code = source.get("humanCodingScheme")
        item["humanCodingScheme"] = (
            source_code
            if isinstance(source_code, str) and code_from(source_code) == s.code
            else s.code
        )
        untyped = s.kind == StandardKind.ITEM and s.item_type in ("", "Item")
        if not (untyped and "CFItemType" not in source):
            title = s.kind_label
            source_type = source.get("CFItemType")
            if isinstance(source_type, str) and _folded(source_type) == _folded(title):
                title = source_type  # the source's spelling of a kind it maps to
            item["CFItemType"] = title
            if not (
                source.get("CFItemType") == title and isinstance(source.get("CFItemTypeURI"), dict)
            ):
                item["CFItemTypeURI"] = self.item_type_link(title)
        when = source.get("lastChangeDateTime")
        if v is None:
            item["lastChangeDateTime"] = stamp(s.created_at)
        elif not (is_imported(v) and isinstance(when, str) and when):
            item["lastChangeDateTime"] = stamp(v.created_at)
        document_uri = source.get("CFDocumentURI")
        if not (
            isinstance(document_uri, dict)
            and document_uri.get("identifier") == self.snap.framework.identifier
        ):
            item["CFDocumentURI"] = self.doc_link
        if self.version == V1_0:
            item = strip(item, ADDED_IN_1_1["CFItem"])
        self.items[s.id] = item
        unchanged = v is not None and is_imported(v)
        self.links[s.id] = {
            "title": item.get("humanCodingScheme")
            or item.get("abbreviatedStatement")
            or title_from(item["fullStatement"]),
            "identifier": s.identifier,
            "uri": item["uri"],
            "_unchanged": unchanged,
        }
        return item

    def link_to(self, standard_id: int, stored_title: str) -> dict:
        """The LinkGenURI naming a standard of this package (its stored title while the item is
        as imported, so a round trip gives the source's back)."""
        link = dict(self.links[standard_id])
        unchanged = link.pop("_unchanged")
        if unchanged and stored_title:
            link["title"] = stored_title
        return link

    # --- CFAssociations ------------------------------------------------------------------

    def tree_links(self, stored_tree: dict[tuple[str, str], Association]) -> list[dict]:
        """isChildOf for every node: to its parent, the top ones to the CFDocument, numbered
        by place among the siblings shown (see `sequence_numbers`)."""
        fw_id = self.snap.framework.identifier
        rows: list[tuple[Node, str, Association | None]] = []
        for node in self.snap.nodes:
            s = node.standard
            parent_ident = fw_id if s.parent_id is None else self.links[s.parent_id]["identifier"]
            rows.append((node, parent_ident, stored_tree.get((s.identifier, parent_ident))))
        numbers = sequence_numbers(rows)
        out = []
        for node, parent_ident, stored in rows:
            s, parent = node.standard, node.standard.parent_id
            destination = self.doc_link if parent is None else self.link_to(parent, "")
            if stored is not None:
                assoc = dict(stored.source_fields or {})
                identifier = stored.identifier
                if parent is not None:
                    destination = self.link_to(parent, stored.destination_title)
                else:
                    destination = {
                        "title": stored.destination_title or self.doc_link["title"],
                        "identifier": fw_id,
                        "uri": stored.destination_uri or self.doc_link["uri"],
                    }
                origin = self.link_to(s.id, stored.origin_title)
            else:
                assoc = {}
                identifier = tree_link_identifier(s.identifier, parent_ident)
                origin = self.link_to(s.id, "")
            assoc["identifier"] = identifier
            assoc["associationType"] = "isChildOf"
            assoc["originNodeURI"] = origin
            assoc["destinationNodeURI"] = destination
            assoc.pop("sequenceNumber", None)
            if numbers[s.id] is not None:
                assoc["sequenceNumber"] = numbers[s.id]
            assoc.setdefault("uri", self.uri("CFAssociations", identifier))
            assoc.setdefault("lastChangeDateTime", self.items[s.id]["lastChangeDateTime"])
            assoc.setdefault("CFDocumentURI", self.doc_link)
            out.append(self.association_version(assoc))
        return out

    def association_version(self, assoc: dict) -> dict:
        return assoc if self.version == V1_1 else strip(assoc, ADDED_IN_1_1["CFAssociation"])

    def associations(self) -> list[dict]:
        fw = self.snap.framework
        fw_id = fw.identifier
        local = set(self.items)
        # isChildOf rows of this package whose child is a node here, by (child, parent).
        tree_rows: dict[int, list[Association]] = {}
        for a in self.snap.associations:
            if a.association_type == "isChildOf" and a.origin_id in local:
                tree_rows.setdefault(a.origin_id, []).append(a)
        edge = {}
        for node in self.snap.nodes:
            s = node.standard
            parent = fw_id if s.parent_id is None else self.snap_standard_identifier(s.parent_id)
            edge[s.id] = parent
        stored_tree: dict[tuple[str, str], Association] = {}
        used: set[int] = set()
        for standard_id, rows in tree_rows.items():
            match = [
                r for r in rows if _end_identifier(r, "destination", self) == edge[standard_id]
            ]
            if match:
                stored_tree[(self.links[standard_id]["identifier"], edge[standard_id])] = match[0]
                used.add(match[0].id)
            else:
                used.add(rows[0].id)  # the tree edge before the node moved here: stale
        out = self.tree_links(stored_tree)
        ends = {i for a in self.snap.associations for i in (a.origin_id, a.destination_id)}
        foreign = self.foreign_ends({i for i in ends if i is not None} - local)
        for a in self.snap.associations:
            if a.id in used:
                continue
            if self.version == V1_0 and a.association_type not in TYPES_1_0:
                continue
            origin = self.end(
                a.origin_id, a.origin_identifier, a.origin_uri, a.origin_title, foreign
            )
            destination = self.end(
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
            assoc.setdefault("uri", self.uri("CFAssociations", a.identifier))
            assoc.setdefault("lastChangeDateTime", stamp(a.created_at))
            if a.framework_id == fw.id:
                assoc.setdefault("CFDocumentURI", self.doc_link)
            out.append(self.association_version(assoc))
        return out

    def snap_standard_identifier(self, standard_id: int) -> str:
        return self.links[standard_id]["identifier"]

    def foreign_ends(self, ids: set[int]) -> dict[int, Standard]:
        """Standards of other frameworks at an end of a link, that a visitor may see."""
        if not ids:
            return {}
        rows = db.session.scalars(db.select(Standard).where(Standard.id.in_(ids)))
        return {
            s.id: s
            for s in rows
            if s.framework_id != self.snap.framework.id
            and s.published_version_id is not None
            and s.retired_at is None
        }

    def end(
        self, standard_id: int | None, identifier: str, uri: str, title: str, foreign: dict
    ) -> dict | None:
        if standard_id is None:
            if identifier == self.snap.framework.identifier:
                return {**self.doc_link, "title": title or self.doc_link["title"]}
            return {"title": title, "identifier": identifier, "uri": uri}
        if standard_id in self.links:
            return self.link_to(standard_id, title)
        other = foreign.get(standard_id)
        if other is None:
            return None
        return {
            "title": title or other.code,
            "identifier": other.identifier,
            "uri": uri or self.uri("CFItems", other.identifier),
        }

    # --- CFDefinitions and CFRubrics -----------------------------------------------------

    def definitions(self) -> tuple[dict, list[dict]]:
        found: dict[str, list[dict]] = {kind.value: [] for kind in DEFINITION_KINDS}
        rubrics: list[dict] = []
        for d in self.snap.definitions:
            obj = {"identifier": d.identifier, **(d.fields or {})}
            if self.version == V1_0:
                obj = strip_definition(obj)
            (rubrics if d.kind == DefinitionKind.RUBRIC else found[d.kind.value]).append(obj)
        found[DefinitionKind.ITEM_TYPE.value] += self.made_types
        return found, rubrics


def sequence_numbers(rows: list[tuple[Node, str, Association | None]]) -> dict[int, int | None]:
    """The sequenceNumber of each node's isChildOf: the source's numbers while they still give
    the tree's order (every sibling came from the source, the numbers rise in tree order; one
    the source left unnumbered stays so), else place among the siblings shown + 1."""
    groups: dict[int | None, list[tuple[int, Association | None]]] = {}
    for node, _parent, stored in rows:
        groups.setdefault(node.standard.parent_id, []).append((node.standard.id, stored))
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


def _end_identifier(a: Association, end: str, w: _Writer) -> str:
    """The identifier at one end of a stored association (the standard's, when it is here)."""
    standard_id = getattr(a, f"{end}_id")
    if standard_id is not None and standard_id in w.links:
        return w.links[standard_id]["identifier"]
    return getattr(a, f"{end}_identifier")


def build(snap: Snapshot, version: str = V1_1) -> dict:
    """The CFPackage of the snapshot, as a dict, in CASE `version` ("1.0" or "1.1")."""
    w = _Writer(snap, version, base=api_base())
    document = w.document()
    items = [w.item(node) for node in snap.nodes]
    associations = w.associations()
    definitions, rubrics = w.definitions()
    package = {
        "CFDocument": document,
        "CFItems": items,
        "CFAssociations": associations,
        "CFDefinitions": definitions,
        "CFRubrics": rubrics,
    }
    return package


def dump(package: dict) -> bytes:
    return json.dumps(package, ensure_ascii=False).encode()


@writer("case", label="CASE 1.1 package (JSON)", media_type="application/json", extension="json")
def write_case(snap: Snapshot) -> bytes:
    return dump(build(snap, V1_1))


@writer(
    "case-1.0", label="CASE 1.0 package (JSON)", media_type="application/json", extension="json"
)
def write_case_1_0(snap: Snapshot) -> bytes:
    return dump(build(snap, V1_0))
