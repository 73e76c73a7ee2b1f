"""The CASE reader: a CASE 1.0 or 1.1 CFPackage (JSON) into a `Package`.

CFDocument -> the framework (identifier, title, description or notes, every other key kept);
CFItems -> items (kind from the CFItemType title where it maps, else `item` keeping the type's
title; every field kept); the tree from `isChildOf`, ordered by sequenceNumber, then
humanCodingScheme in natural order; every association (isChildOf included) -> a link;
CFDefinitions and CFRubrics -> definitions.

Lenient with what real packages do, each mend listed as a `Fix`: a missing fullStatement
filled from abbreviatedStatement, association types misspelled (`RelatedTo`, `is_related_to`),
bare identifiers or URLs where a LinkGenURI object belongs, timestamps without a zone (read as
UTC), educationLevel as a string, sequenceNumber as a string, item types given only by
CFItemTypeURI, missing or duplicate codes, a package wrapped in {"CFPackage": …}, a byte order
mark. Refused (ImportRejected, naming item and field): a file over package.upload_limit(), not
JSON (line and column), JSON that is not a package, an item or association without an
identifier, a duplicate item identifier, an item without any statement, a cycle in isChildOf.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Mapping
from typing import Any

from curriculum.interop.case_lenient import Reading
from curriculum.interop.case_schema import DEFINITION_KINDS
from curriculum.interop.models import DefinitionKind
from curriculum.interop.package import (
    CODE_LENGTH,
    Definition,
    ImportRejected,
    Item,
    Link,
    Package,
    Problem,
    code_from,
    reader,
    title_from,
    upload_limit,
)
from curriculum.standards.models import StandardKind

KINDS = {
    "criticalworkfunction": StandardKind.CRITICAL_WORK_FUNCTION,
    "keyactivity": StandardKind.KEY_ACTIVITY,
    "performanceindicator": StandardKind.PERFORMANCE_INDICATOR,
    "knowledge": StandardKind.KNOWLEDGE,
    "skill": StandardKind.SKILL,
}


DOCUMENT_MODELLED = ("identifier", "title", "description")  # the rest is kept in fields
_LINKS = ("CFDocumentURI", "CFItemTypeURI", "licenseURI", "CFAssociationGroupingURI")


# --- Reading ---------------------------------------------------------------------------------


def _load(data: bytes) -> Any:
    if len(data) > upload_limit():
        raise ImportRejected(
            f"The file is {len(data) // 1024} KB; "
            f"the largest accepted is {upload_limit() // 1024} KB."
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportRejected(f"The file is not UTF-8 text (byte {exc.start}).") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportRejected(
            [Problem("file", f"Not JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}.")]
        ) from None


def _natural(code: str) -> tuple:
    """Sort key of a code in natural order: M.G3.C10 after M.G3.C9."""
    return tuple(
        (0, int(part), "") if part.isdigit() else (1, 0, part.lower())
        for part in re.split(r"(\d+)", code)
        if part
    )


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value.strip())
        except ValueError:
            return None
    return None


def _item_type(raw: dict) -> str:
    value = raw.get("CFItemType")
    if isinstance(value, str) and value.strip():
        return value.strip()
    uri = raw.get("CFItemTypeURI")
    if isinstance(uri, dict) and isinstance(uri.get("title"), str) and uri["title"].strip():
        return uri["title"].strip()
    return ""


def _item(raw: dict, n: int, reading: Reading) -> Item | None:
    where = f"CFItems[{n}]"
    identifier = raw.get("identifier")
    if not isinstance(identifier, str) or not identifier.strip():
        reading.problem(f"{where}.identifier", "the item has no identifier.")
        return None
    identifier = identifier.strip()
    where = f"CFItems[{n}] ({identifier})"
    statement = raw.get("fullStatement")
    abbreviated = raw.get("abbreviatedStatement")
    abbreviated = abbreviated if isinstance(abbreviated, str) else ""
    if not isinstance(statement, str) or not statement.strip():
        if not abbreviated.strip():
            reading.problem(f"{where}.fullStatement", "the item has no statement.")
            return None
        statement = abbreviated
        reading.fix(f"{where}.fullStatement", "missing; filled from abbreviatedStatement.")
    reading.timestamps(raw, where)
    for key in _LINKS:
        if isinstance(raw.get(key), str):
            reading.link_gen(raw, key, where)
    level = raw.get("educationLevel")
    if isinstance(level, str):
        raw["educationLevel"] = [part.strip() for part in level.split(",") if part.strip()]
        reading.fix(f"{where}.educationLevel", f"{level!r} read as a list.")
    type_title = _item_type(raw)
    kind = KINDS.get(re.sub(r"[\s_\-]", "", type_title).lower(), StandardKind.ITEM)
    fields = {k: v for k, v in raw.items() if k not in ("identifier", "fullStatement")}
    hcs = raw.get("humanCodingScheme")
    return Item(
        identifier=identifier,
        code=code_from(hcs) if isinstance(hcs, str) else "",
        title=title_from(abbreviated) if abbreviated.strip() else title_from(statement),
        statement=statement,  # verbatim: an export gives it back
        kind=kind,
        item_type="" if kind != StandardKind.ITEM else (type_title or "Item"),
        fields=fields,
    )


def _unique_codes(items: list[Item], reading: Reading) -> None:
    taken: set[str] = set()
    for item in items:
        if item.code and item.code not in taken:
            taken.add(item.code)
            continue
        base = item.code or re.sub(r"[^A-Za-z0-9]", "", item.identifier)[:8] or "item"
        code, n = base, 1
        while code in taken:
            n += 1
            suffix = f"-{n}"
            code = base[: CODE_LENGTH - len(suffix)] + suffix
        where = f"CFItems ({item.identifier}).humanCodingScheme"
        if item.code:
            reading.fix(where, f"code {item.code} is used by an earlier item; this one is {code}.")
        else:
            reading.fix(where, f"missing; the item is coded {code}.")
        item.code = code
        taken.add(code)


def _link(raw: dict, n: int, reading: Reading) -> Link | None:
    where = f"CFAssociations[{n}]"
    identifier = raw.get("identifier")
    if not isinstance(identifier, str) or not identifier.strip():
        reading.problem(f"{where}.identifier", "the association has no identifier.")
        return None
    where = f"CFAssociations[{n}] ({identifier.strip()})"
    reading.timestamps(raw, where)
    kind = reading.association_type(raw.get("associationType"), where)
    origin = reading.link_gen(raw, "originNodeURI", where)
    destination = reading.link_gen(raw, "destinationNodeURI", where)
    for key, node in (("originNodeURI", origin), ("destinationNodeURI", destination)):
        if node is None:
            reading.problem(f"{where}.{key}", "missing, or without an identifier.")
    for key in _LINKS:
        if isinstance(raw.get(key), str):
            reading.link_gen(raw, key, where)
    if origin is None or destination is None or not kind:
        return None
    sequence = raw.get("sequenceNumber")
    number = _number(sequence)
    if sequence is not None and not isinstance(sequence, int):
        reading.fix(f"{where}.sequenceNumber", f"{sequence!r} read as a number.")
    skip = ("identifier", "associationType", "originNodeURI", "destinationNodeURI")
    return Link(
        identifier=identifier.strip(),
        type=kind,
        origin=origin,
        destination=destination,
        sequence=int(number) if number is not None else None,
        fields={k: v for k, v in raw.items() if k not in skip + ("sequenceNumber",)},
    )


def _tree(items: list[Item], links: list[Link], document: str) -> list[Item]:
    """Set each item's parent (its first isChildOf to an item) and sequence; return the items
    parents first, siblings in order. Refuses a cycle."""
    by_id = {item.identifier: item for item in items}
    parent: dict[str, str | None] = {}
    for link in links:
        if link.type != "isChildOf" or link.origin.identifier not in by_id:
            continue
        child = link.origin.identifier
        if child in parent:
            continue  # a second parent stays a link
        target = link.destination.identifier
        if target in by_id:
            parent[child] = target
        elif target == document:
            parent[child] = None
        else:
            continue
        by_id[child].sequence = float(link.sequence) if link.sequence is not None else None
    # A cycle: following parents from an item never reaches the top.
    state: dict[str, int] = {}  # 1: on the current path, 2: reaches the top
    for start in by_id:
        path: list[str] = []
        node: str | None = start
        while node is not None and state.get(node) is None:
            state[node] = 1
            path.append(node)
            node = parent.get(node)
        if node is not None and state.get(node) == 1:
            cycle = path[path.index(node) :] + [node]
            names = " → ".join(f"{by_id[i].code or i} ({i})" for i in cycle)
            raise ImportRejected([Problem("CFAssociations (isChildOf)", f"a cycle: {names}.")])
        for visited in path:
            state[visited] = 2
    children: dict[str | None, list[Item]] = defaultdict(list)
    for item in items:
        item.parent = parent.get(item.identifier)
        children[item.parent].append(item)
    order = {item.identifier: n for n, item in enumerate(items)}

    def key(item: Item) -> tuple:
        hcs = item.fields.get("humanCodingScheme")
        return (
            item.sequence is None,
            item.sequence or 0.0,
            _natural(hcs if isinstance(hcs, str) else item.code),
            order[item.identifier],
        )

    ordered: list[Item] = []
    stack = list(reversed(sorted(children[None], key=key)))
    while stack:
        item = stack.pop()
        ordered.append(item)
        stack.extend(reversed(sorted(children[item.identifier], key=key)))
    return ordered


def _definitions(package: dict, reading: Reading) -> list[Definition]:
    found: list[Definition] = []
    definitions = package.get("CFDefinitions") or {}
    sources: list[tuple[DefinitionKind, Any, str]] = []
    if isinstance(definitions, dict):
        sources += [
            (kind, definitions.get(kind.value), f"CFDefinitions.{kind.value}")
            for kind in DEFINITION_KINDS
        ]
    sources.append((DefinitionKind.RUBRIC, package.get("CFRubrics"), "CFRubrics"))
    for kind, values, where in sources:
        if values is None:
            continue
        if not isinstance(values, list):
            reading.problem(where, "is not a list.")
            continue
        for n, raw in enumerate(values):
            identifier = raw.get("identifier") if isinstance(raw, dict) else None
            if not isinstance(identifier, str) or not identifier.strip():
                reading.problem(f"{where}[{n}].identifier", "the definition has no identifier.")
                continue
            reading.timestamps(raw, f"{where}[{n}]")
            title = raw.get("title")
            found.append(
                Definition(
                    kind=kind.value,
                    identifier=identifier.strip(),
                    title=title if isinstance(title, str) else "",
                    fields=raw,
                )
            )
    return found


@reader("case")
def read_case(data: bytes, options: Mapping) -> Package:
    """Read a CASE 1.0 or 1.1 CFPackage, or raise ImportRejected."""
    package = _load(data)
    reading = Reading()
    if isinstance(package, dict) and isinstance(package.get("CFPackage"), dict):
        package = package["CFPackage"]
        reading.fix("CFPackage", "the package was wrapped in a CFPackage object.")
    if not isinstance(package, dict) or not isinstance(package.get("CFDocument"), dict):
        raise ImportRejected([Problem("CFDocument", "missing: this is not a CASE CFPackage.")])
    items_raw = package.get("CFItems", [])
    if not isinstance(items_raw, list):
        raise ImportRejected([Problem("CFItems", "is not a list: this is not a CASE CFPackage.")])
    links_raw = package.get("CFAssociations", [])
    if not isinstance(links_raw, list):
        raise ImportRejected([Problem("CFAssociations", "is not a list.")])
    document = package["CFDocument"]
    identifier = document.get("identifier")
    if not isinstance(identifier, str) or not identifier.strip():
        reading.problem("CFDocument.identifier", "the document has no identifier.")
        identifier = ""
    reading.timestamps(document, "CFDocument")
    title = document.get("title")
    if not isinstance(title, str) or not title.strip():
        reading.fix("CFDocument.title", "missing; called “CASE framework”.")
        title = "CASE framework"
    description = document.get("description")
    if not isinstance(description, str) or not description.strip():
        notes = document.get("notes")
        description = notes if isinstance(notes, str) else ""
    items: list[Item] = []
    seen: dict[str, int] = {}
    for n, raw in enumerate(items_raw):
        if not isinstance(raw, dict):
            reading.problem(f"CFItems[{n}]", "is not an object.")
            continue
        item = _item(raw, n, reading)
        if item is None:
            continue
        if item.identifier in seen:
            reading.problem(
                f"CFItems[{n}].identifier",
                f"{item.identifier} is also the identifier of CFItems[{seen[item.identifier]}].",
            )
            continue
        seen[item.identifier] = n
        items.append(item)
    links = []
    for n, raw in enumerate(links_raw):
        if not isinstance(raw, dict):
            reading.problem(f"CFAssociations[{n}]", "is not an object.")
            continue
        link = _link(raw, n, reading)
        if link is not None:
            links.append(link)
    definitions = _definitions(package, reading)
    if reading.problems:
        raise ImportRejected(reading.problems)
    _unique_codes(items, reading)
    ordered = _tree(items, links, identifier.strip())
    return Package(
        format="case",
        identifier=identifier.strip(),
        title=" ".join(title.split()),
        description=description,
        fields={k: v for k, v in document.items() if k not in DOCUMENT_MODELLED},
        items=ordered,
        links=links,
        definitions=definitions,
        fixes=reading.fixes,
    )
