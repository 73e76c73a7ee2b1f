"""CASE 1.0 and 1.1 packages (CFPackage JSON) written from a `writers.Snapshot`.

Imported content gives back what its source said: every field kept on the framework, the
shown versions and the associations comes out again, under the same identifiers; the app's own
values (title, statement, code, type, times) are laid over them. Content authored here gets
identifiers from the standards' UUIDs and URIs on this server's CASE API (`case_api`).
A 1.0 package leaves out what CASE 1.1 added (`ADDED_IN_1_1`, the 1.1 association types).

Here: the CFDocument, the CFItems, the definitions and the two `@writer`s; the CFAssociations
(tree and stored links) are built by `case_links`, the shared vocabulary lives in `case_schema`
(its names are read from here too: `case_write.tree_link_identifier`, `ADDED_IN_1_1` …).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from flask import current_app, has_request_context, url_for

from curriculum.interop import case_links
from curriculum.interop.case_schema import (  # noqa: F401  (names other modules read here)
    ADDED_IN_1_1,
    DEFINITION_KINDS,
    IMPORTED_NOTE,
    NAMESPACE,
    TYPES_1_0,
    V1_0,
    V1_1,
    is_imported,
    item_type_identifier,
    stamp,
    strip,
    strip_definition,
    tree_link_identifier,
)
from curriculum.interop.models import DefinitionKind
from curriculum.interop.package import code_from, title_from
from curriculum.interop.writers import Snapshot, writer
from curriculum.standards.models import Framework, StandardKind, StandardVersion
from curriculum.standards.outline import FullNode as Node


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


@dataclass
class PackageWriter:
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
        if self.snap.release is not None:  # the edition: its number, adopted when published
            doc["version"] = str(self.snap.release.number)
            if self.snap.release.published_at is not None:
                doc["statusStartDate"] = self.snap.release.published_at.date().isoformat()
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
            if isinstance(source_code, str) and code_from(source_code) == self.snap.code_of(s)
            else self.snap.code_of(s)
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


def build(snap: Snapshot, version: str = V1_1) -> dict:
    """The CFPackage of the snapshot, as a dict, in CASE `version` ("1.0" or "1.1")."""
    w = PackageWriter(snap, version, base=api_base())
    document = w.document()
    items = [w.item(node) for node in snap.nodes]
    associations = case_links.associations(w)
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
