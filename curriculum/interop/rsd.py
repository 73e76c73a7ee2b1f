"""Open Skills Network Rich Skill Descriptors: a framework as an RSD collection (JSON-LD).

The shape is the one the Open Skills Management Tool publishes: a `RichSkillCollection`
(`uuid`, `id`, `name`, `description`, `author`, `status`, dates) whose `skills` are whole
`RichSkillDescriptor`s (`uuid`, `id`, `skillName`, `skillStatement`, `categories`, `keywords`,
`occupations`, `alignments`, `authors`, `status`, dates …).

Which nodes are skills (SKILL_KINDS): knowledge, skill and performance indicator statements,
and imported generic items with no children, whatever their level: each is one assessable
statement, which is what an RSD describes. Critical work functions, key activities and
imported items with children group statements: they become the skills' `categories` (the
nearest first), not skills. A node shown by its code only is never a skill (it has no text).

An imported skill gives back what it brought (kept in its version's source fields): keywords,
occupations, authors, certifications, employers, standards, creator. Otherwise keywords come
from a CASE item's conceptKeywords, occupations from the framework's O*NET-SOC codes, authors
from the partnership. `alignments` are the skill's exactMatchOf and isRelatedTo links, each
with its `alignmentType` so a re-import keeps which one it was; `code` is the standard's
code, so a re-import keeps it too (both are extensions OSMT ignores).
"""

from __future__ import annotations

import json

from curriculum.interop import jsonld
from curriculum.interop.models import Association
from curriculum.interop.writers import Snapshot, writer
from curriculum.standards import onet
from curriculum.standards.models import StandardKind, VersionStatus
from curriculum.standards.outline import FullNode as Node

CONTEXT = "https://rsd.openskillsnetwork.org/context-v1.json"
SKILL_KINDS = frozenset(
    {StandardKind.KNOWLEDGE, StandardKind.SKILL, StandardKind.PERFORMANCE_INDICATOR}
)
# Links an RSD alignment can say (the others have no RSD counterpart; CASE export has them).
ALIGNMENT_TYPES = ("exactMatchOf", "isRelatedTo")
# An imported skill's own fields that go back out as they came.
KEPT = ("authors", "certifications", "employers", "standards", "creator")
STATUS = {
    VersionStatus.DRAFT: "draft",
    VersionStatus.IN_REVIEW: "draft",
    VersionStatus.PUBLISHED: "published",
    VersionStatus.SUPERSEDED: "published",
    VersionStatus.RETIRED: "archived",
}


@writer(
    "rsd",
    label="Rich Skill Descriptors (RSD collection, JSON-LD)",
    media_type="application/ld+json",
    extension="json",
)
def write_rsd(snap: Snapshot) -> bytes:
    return json.dumps(collection(snap), ensure_ascii=False, indent=2).encode("utf-8")


def is_skill(node: Node, has_children: bool) -> bool:
    """Whether a node of the tree is written as an RSD (see the module's docstring)."""
    if node.shown is None:
        return False
    kind = node.standard.kind
    return kind in SKILL_KINDS or (kind == StandardKind.ITEM and not has_children)


def collection(snap: Snapshot) -> dict:
    framework = snap.framework
    parents = {n.standard.parent_id for n in snap.nodes}
    by_id = {n.standard.id: n for n in snap.nodes}
    links = _links(snap)
    occupations = _occupations(framework.occupation_codes or [])
    skills = [
        _skill(node, by_id, links, occupations, snap)
        for node in snap.nodes
        if is_skill(node, node.standard.id in parents)
    ]
    shown = [n.shown for n in snap.nodes if n.shown is not None]
    published = any(v.status in (VersionStatus.PUBLISHED, VersionStatus.SUPERSEDED) for v in shown)
    out: dict = {
        "@context": CONTEXT,
        "type": "RichSkillCollection",
        "id": jsonld.framework_iri(framework),
        "uuid": framework.identifier,
        "name": framework.title,
        "description": framework.description or None,
        "author": framework.partnership.name,
        "status": "published" if published and not snap.drafts else "draft",
        "creationDate": jsonld.timestamp(framework.created_at),
        "updateDate": jsonld.timestamp(
            jsonld.newest(framework.updated_at, *(v.created_at for v in shown))
        ),
        "publishDate": jsonld.timestamp(
            jsonld.newest(*(v.published_at for v in shown if v.published_at))
        ),
        "skills": skills,
    }
    return {k: v for k, v in out.items() if v is not None}


def _skill(
    node: Node,
    by_id: dict[int, Node],
    links: dict[int, list[dict]],
    occupations: list[dict],
    snap: Snapshot,
) -> dict:
    standard, version = node.standard, node.shown
    assert version is not None
    source = version.source_fields or {}
    skill: dict = {
        "@context": CONTEXT,
        "type": "RichSkillDescriptor",
        "id": jsonld.item_iri(standard.identifier),
        "uuid": standard.identifier,
        "skillName": version.title,
        "skillStatement": version.statement or version.title,
        "code": standard.code,
        "categories": _categories(node, by_id),
        "keywords": jsonld.keywords(version),
        "occupations": source["occupations"]
        if isinstance(source.get("occupations"), list)
        else occupations,
        "alignments": links.get(standard.id, []),
        "authors": [snap.framework.partnership.name],
        "status": STATUS[version.status],
        "creationDate": jsonld.timestamp(standard.created_at),
        "updateDate": jsonld.timestamp(version.created_at),
        "publishDate": jsonld.timestamp(version.published_at),
        "archiveDate": jsonld.timestamp(version.retired_at),
    }
    for key in KEPT:
        if key in source:
            skill[key] = source[key]
    return {k: v for k, v in skill.items() if v is not None}


def _categories(node: Node, by_id: dict[int, Node]) -> list[str]:
    """The titles of the groups the skill sits in, the nearest first (code-only groups by
    their code); the kind's name for a skill at the top of the tree."""
    found = []
    parent_id = node.standard.parent_id
    while parent_id is not None and parent_id in by_id:
        parent = by_id[parent_id]
        found.append(parent.shown.title if parent.shown is not None else parent.standard.code)
        parent_id = parent.standard.parent_id
    return found or [node.standard.kind_label]


def _links(snap: Snapshot) -> dict[int, list[dict]]:
    """Each standard's RSD alignments: its exactMatchOf and isRelatedTo links to nodes the
    reader may see (another framework's, or one outside the app known by its IRI)."""
    shown = {n.standard.id: n for n in snap.nodes if n.shown is not None}
    elsewhere = jsonld.identities_elsewhere(snap)
    out: dict[int, list[dict]] = {}
    for link in snap.associations:
        if link.association_type not in ALIGNMENT_TYPES or link.origin_id not in shown:
            continue
        target = _target(link, shown, elsewhere, snap)
        if target is not None:
            out.setdefault(link.origin_id, []).append(target)
    return out


def _target(
    link: Association, shown: dict[int, Node], elsewhere: dict[int, str], snap: Snapshot
) -> dict | None:
    alignment: dict = {}
    name = link.destination_title
    part_of: dict | None = None
    if link.destination_id is None:
        iri = jsonld.external_iri(link.destination_identifier, link.destination_uri)
        alignment["id"] = iri or link.destination_identifier
        # An imported alignment names the framework it is part of in the fields it brought.
        found = (link.source_fields or {}).get("isPartOf")
        part_of = found if isinstance(found, dict) and found else None
    elif link.destination_id in elsewhere:
        alignment["id"] = jsonld.item_iri(elsewhere[link.destination_id])
        destination = link.destination
        if destination is not None:
            part_of = {"name": destination.framework.title}
            version = destination.published_version
            name = version.title if version is not None else name
    elif link.destination_id in shown:
        node = shown[link.destination_id]
        alignment["id"] = jsonld.item_iri(node.standard.identifier)
        name = node.shown.title if node.shown is not None else name
        part_of = {"name": snap.framework.title}
    else:
        return None  # a standard of this framework the reader may not see
    if name:
        alignment["skillName"] = name
    if part_of:
        alignment["isPartOf"] = part_of
    alignment["alignmentType"] = link.association_type
    return alignment


def _occupations(codes: list[str]) -> list[dict]:
    """The framework's O*NET-SOC occupations as OSMT job codes."""
    known = onet.occupations()
    out = []
    for code in codes:
        occupation = known.get(code)
        job: dict = {"code": code, "frameworkName": "O*NET-SOC"}
        if occupation is not None:
            job["targetNodeName"] = occupation.title
        out.append(job)
    return out
