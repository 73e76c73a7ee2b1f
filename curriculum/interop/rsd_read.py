"""Reading Rich Skill Descriptors into a Package: an RSD collection (OSMT's
`RichSkillCollection`, its `skills` whole or as summaries), a single RSD, or a JSON list of RSDs.

Each skill becomes an Item of kind skill: title `skillName`, statement `skillStatement`,
identity its `uuid` (else its `id`), code its own (`code` / `codedNotation`) or one made from
its category and a counter. Every other field (keywords, categories, occupations, alignments,
standards, certifications, employers, authors, status, dates …) is kept verbatim in the item's
fields. The first category of a skill becomes its parent: an Item of kind `item` with item
type "Category", so the tree keeps the library's grouping. Alignments become Links
(exactMatchOf when their `alignmentType` says exact, else isRelatedTo) to the aligned node's
id, URL and name. The collection's uuid (else id) and name are the package's identity and title.

Refused (ImportRejected, nothing read): not JSON, JSON that is no RSD, a skill without a name
or statement, two skills with one identity.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Mapping

from curriculum.interop.jsonld import is_iri
from curriculum.interop.package import (
    CODE_LENGTH,
    TITLE_LENGTH,
    Fix,
    ImportRejected,
    Item,
    Link,
    Node,
    Package,
    Problem,
    code_from,
    reader,
    title_from,
)
from curriculum.params import MAX_JSON_DEPTH, UNHOLDABLE
from curriculum.standards.models import StandardKind

CATEGORY_TYPE = "Category"
DEFAULT_TITLE = "Rich skill descriptors"
# Identities made here (categories, skills and links without one) are UUIDs derived from what
# names them, so a re-import of the same file finds the same ones.
NAMESPACE = uuid.UUID("0d3c8f6a-41e2-5b0c-8a8e-6a1f3e7c2b54")
MODELLED = ("skillName", "skillStatement")
_NOT_CODE = re.compile(r"[^A-Za-z0-9]+")
IDENTIFIER_LENGTH = 255  # Standard.source_identifier


@reader("rsd")
def read_rsd(data: bytes, options: Mapping) -> Package:
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ImportRejected(f"The file is not JSON ({error}).") from None
    except RecursionError:
        raise ImportRejected(f"The JSON is nested deeper than {MAX_JSON_DEPTH} levels.") from None
    _refuse_unstorable(document)
    head, skills = _shape(document)
    fixes: list[Fix] = []
    problems: list[Problem] = []
    collection_id = _text(head.get("uuid")) or _text(head.get("id"))
    if len(collection_id) > IDENTIFIER_LENGTH:
        problems.append(
            Problem("uuid", f"The collection's identity is over {IDENTIFIER_LENGTH} characters.")
        )
    package = Package(
        format="rsd",
        identifier=collection_id or None,
        title=title_from(_text(head.get("name")) or DEFAULT_TITLE),
        description=_text(head.get("description")),
        fields={k: v for k, v in head.items() if k not in ("skills", "name", "description")},
        fixes=fixes,
    )
    read = [_read_skill(i, skill, collection_id, fixes, problems) for i, skill in enumerate(skills)]
    _refuse_duplicates(read, problems)
    if problems:
        raise ImportRejected(problems)
    _codes(read, fixes)
    _tree(package, read, collection_id)
    return package


def _refuse_unstorable(document: object) -> None:
    """Refuse nesting deeper than the app keeps, and text no database can hold (a NUL, a lone
    UTF-16 surrogate), saying where."""
    stack: list[tuple[object, str, int]] = [(document, "file", 1)]
    while stack:
        value, where, depth = stack.pop()
        if isinstance(value, str):
            if UNHOLDABLE.search(value):
                raise ImportRejected(
                    [Problem(where, "holds a NUL or a lone UTF-16 surrogate, which no text holds.")]
                )
        elif isinstance(value, dict | list):
            if depth > MAX_JSON_DEPTH:
                raise ImportRejected(
                    [Problem(where, f"is nested deeper than {MAX_JSON_DEPTH} levels.")]
                )
            pairs = value.items() if isinstance(value, dict) else enumerate(value)
            for key, child in pairs:
                inner = f"{where}.{key}" if isinstance(value, dict) else f"{where}[{key}]"
                stack.append((key, inner, depth + 1))
                stack.append((child, inner, depth + 1))


def _shape(document: object) -> tuple[dict, list]:
    """(the collection's own fields, the skills) of a collection, an RSD or a list of RSDs."""
    if isinstance(document, list):
        head: dict = {}
        skills = document
    elif isinstance(document, dict) and isinstance(document.get("skills"), list):
        head, skills = document, document["skills"]
    elif isinstance(document, dict) and (
        "skillName" in document or document.get("type") == "RichSkillDescriptor"
    ):
        head, skills = {}, [document]
    else:
        raise ImportRejected(
            "The file is not a Rich Skill Descriptor: expected an RSD collection (with "
            '"skills"), one RSD (with "skillName") or a list of RSDs.'
        )
    if not skills:
        raise ImportRejected([Problem("skills", "The file holds no skills.")])
    return head, skills


class _Skill:
    def __init__(self, where: str, source: dict, item: Item, categories: list[str]):
        self.where = where
        self.source = source
        self.item = item
        self.categories = categories


def _read_skill(
    i: int, skill: object, collection_id: str, fixes: list[Fix], problems: list[Problem]
) -> _Skill | None:
    if not isinstance(skill, dict):
        problems.append(Problem(f"skills[{i}]", "is not an RSD (a JSON object)."))
        return None
    name = _text(skill.get("skillName"))
    statement = _text(skill.get("skillStatement"))
    identifier = _text(skill.get("uuid")) or _text(skill.get("id"))
    label = name[:60] or identifier
    where = f"skills[{i}] ({label})" if label else f"skills[{i}]"
    if not name:
        problems.append(Problem(f"{where}.skillName", "The skill has no name."))
    if not statement:
        problems.append(Problem(f"{where}.skillStatement", "The skill has no statement."))
    if not name or not statement:
        return None
    if not identifier:
        identifier = str(uuid.uuid5(NAMESPACE, f"{collection_id}\n{name}\n{statement}"))
        fixes.append(Fix(f"{where}.uuid", f"No uuid or id: identity {identifier} made from it."))
    elif len(identifier) > IDENTIFIER_LENGTH:
        problems.append(
            Problem(f"{where}.uuid", f"The identity is over {IDENTIFIER_LENGTH} characters.")
        )
        return None
    title = title_from(name)
    if len(" ".join(name.split())) > TITLE_LENGTH:
        fixes.append(Fix(f"{where}.skillName", f"Over {TITLE_LENGTH} characters: shortened."))
    item = Item(
        identifier=identifier,
        code="",
        title=title,
        statement=statement,
        kind=StandardKind.SKILL,
        fields={k: v for k, v in skill.items() if k not in MODELLED},
    )
    return _Skill(where, skill, item, _categories(skill))


def _categories(skill: dict) -> list[str]:
    """A skill's categories: OSMT's `categories` list, or the older single `category`."""
    found = skill.get("categories")
    if found is None:
        found = skill.get("category")
    if isinstance(found, str):
        found = [found]
    if not isinstance(found, list):
        return []
    return [" ".join(c.split()) for c in found if isinstance(c, str) and c.strip()]


def _refuse_duplicates(read: list[_Skill | None], problems: list[Problem]) -> None:
    seen: dict[str, str] = {}
    for skill in read:
        if skill is None:
            continue
        first = seen.setdefault(skill.item.identifier, skill.where)
        if first != skill.where:
            problems.append(
                Problem(
                    f"{skill.where}.uuid",
                    f"The identity {skill.item.identifier} is also that of {first}.",
                )
            )


def _prefix(text: str) -> str:
    """A code prefix from a category's name: its first word's letters and digits, upper case."""
    words = [w for w in _NOT_CODE.split(text.upper()) if w]
    return (words[0][:12] if words else "") or "RSD"


def _codes(read: list[_Skill | None], fixes: list[Fix]) -> None:
    """Give each skill its own code (made unique) or one from its category and a counter."""
    used: set[str] = set()
    counters: dict[str, int] = {}
    made = 0
    for skill in read:
        if skill is None:
            continue
        own = _text(skill.source.get("code")) or _text(skill.source.get("codedNotation"))
        code = code_from(own) if own else ""
        if code and code in used:
            fixes.append(Fix(f"{skill.where}.code", f"The code {code} is taken: a new one made."))
            code = ""
        if not code:
            prefix = _prefix(skill.categories[0] if skill.categories else "RSD")
            code = _next(prefix, counters, used)
            made += 1 if not own else 0
        used.add(code)
        skill.item.code = code
    if made:
        fixes.append(
            Fix(
                "skills[*].code",
                f"{made} skills have no code: each made from its category and a counter "
                "(such as SAFETY-1).",
            )
        )


def _next(prefix: str, counters: dict[str, int], used: set[str]) -> str:
    while True:
        counters[prefix] = counters.get(prefix, 0) + 1
        code = f"{prefix}-{counters[prefix]}"[:CODE_LENGTH]
        if code not in used:
            return code


def _tree(package: Package, read: list[_Skill | None], collection_id: str) -> None:
    """Items in tree order: each category (at its first skill's place) followed by its skills,
    skills without a category at the top; then the links of the skills' alignments."""
    groups: dict[str, list[_Skill]] = {}
    order: list[str | _Skill] = []
    for skill in read:
        if skill is None:
            continue
        if skill.categories:
            name = skill.categories[0]
            if name not in groups:
                groups[name] = []
                order.append(name)
            groups[name].append(skill)
        else:
            order.append(skill)
    used = {s.item.code for s in read if s is not None}
    counters: dict[str, int] = {}
    top = 0
    for entry in order:
        top += 1
        if isinstance(entry, _Skill):
            entry.item.sequence = top
            package.items.append(entry.item)
            continue
        prefix = _prefix(entry)
        category = Item(
            identifier=str(uuid.uuid5(NAMESPACE, f"{collection_id}\ncategory\n{entry}")),
            code=prefix if prefix not in used else _next(prefix, counters, used),
            title=title_from(entry),
            statement=entry,
            kind=StandardKind.ITEM,
            item_type=CATEGORY_TYPE,
            sequence=top,
        )
        used.add(category.code)
        package.items.append(category)
        for n, skill in enumerate(groups[entry], start=1):
            skill.item.parent = category.identifier
            skill.item.sequence = n
            package.items.append(skill.item)
    for skill in read:
        if skill is not None:
            package.links.extend(_alignments(skill, package.fixes))


def _alignments(skill: _Skill, fixes: list[Fix]) -> list[Link]:
    found = skill.source.get("alignments")
    if not isinstance(found, list):
        return []
    origin = Node(
        skill.item.identifier,
        uri=_iri(skill.source.get("id")),
        title=skill.item.title,
    )
    links = []
    for i, alignment in enumerate(found):
        where = f"{skill.where}.alignments[{i}]"
        if isinstance(alignment, str):
            alignment = {"id": alignment}
        if not isinstance(alignment, dict):
            fixes.append(Fix(where, "Not an alignment object: left out."))
            continue
        target_id = _text(alignment.get("id")) or _text(alignment.get("targetUrl"))
        name = (
            _text(alignment.get("skillName"))
            or _text(alignment.get("targetName"))
            or _text(alignment.get("name"))
        )
        if not target_id and not name:
            fixes.append(Fix(where, "An alignment naming nothing: left out."))
            continue
        kind = _text(alignment.get("alignmentType") or alignment.get("type")).lower()
        type_ = "exactMatchOf" if "exact" in kind else "isRelatedTo"
        destination = Node(
            (target_id or name)[:IDENTIFIER_LENGTH], uri=_iri(target_id)[:1000], title=name[:1000]
        )
        identifier = str(
            uuid.uuid5(NAMESPACE, f"{skill.item.identifier}\n{type_}\n{destination.identifier}")
        )
        links.append(Link(identifier, type_, origin, destination, fields=dict(alignment)))
    return links


def _text(value: object) -> str:
    """A field's text, stripped; "" for anything that is not a string."""
    return value.strip() if isinstance(value, str) else ""


def _iri(value: object) -> str:
    text = _text(value)
    return text if text and is_iri(text) else ""
