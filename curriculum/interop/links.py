"""Typed links between standards (`Association`): what a standard's page and API object show,
and the links a partnership adds between its own standards and the items of any framework it
holds (reference items above all).

A standard's links are read in one query (`links_of`): outgoing and incoming, grouped by type,
each named with the words of its direction, the tree's own isChildOf left out (a second parent
is shown as "Also child of"). The other end is linked when it is a standard here the reader may
see; otherwise it is shown by the title, identifier and URI the link keeps (a standard here the
reader may not see is never described).
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import or_
from sqlalchemy.orm import joinedload

from curriculum import access
from curriculum.audit.services import record
from curriculum.errors import Conflict, DomainError
from curriculum.extensions import db
from curriculum.interop.models import Association
from curriculum.standards.models import Framework, Standard, StandardVersion

if TYPE_CHECKING:
    from curriculum.auth.models import User

CHILD_OF = "isChildOf"
# The CASE association types and the words of each direction: (from this standard, to it).
LINK_WORDS: dict[str, tuple[str, str]] = {
    "exactMatchOf": ("Exact match of", "Has exact match"),
    "isRelatedTo": ("Related to", "Related to"),
    "precedes": ("Precedes", "Preceded by"),
    "replacedBy": ("Replaced by", "Replaces"),
    "isPeerOf": ("Peer of", "Peer of"),
    "isPartOf": ("Part of", "Has part"),
    "exemplar": ("Exemplar", "Has exemplar"),
    "hasSkillLevel": ("Has skill level", "Skill level of"),
    "isTranslationOf": ("Translation of", "Has translation"),
    CHILD_OF: ("Also child of", "Also parent of"),
}
# The types a link made here may have (isChildOf is the tree's; translations come by import).
ADDABLE_TYPES = (
    "exactMatchOf",
    "isRelatedTo",
    "precedes",
    "replacedBy",
    "isPeerOf",
    "isPartOf",
    "exemplar",
    "hasSkillLevel",
)
MAX_TARGETS = 50


class LinkError(DomainError):
    """A link that cannot be made."""


def words(association_type: str, outgoing: bool) -> str:
    """How a page names a link of this type seen from one end ("ext:…" by its name)."""
    if association_type in LINK_WORDS:
        return LINK_WORDS[association_type][0 if outgoing else 1]
    name = association_type.removeprefix("ext:") or association_type
    return name if outgoing else f"{name} (to this)"


@dataclass
class LinkEnd:
    """The other end of a link as this reader may see it."""

    standard: Standard | None  # a standard here the reader may see (linked)
    version: StandardVersion | None  # the version of it the reader sees
    identifier: str
    uri: str
    title: str
    hidden: bool = False  # a standard here the reader may not see: named by nothing

    @property
    def code(self) -> str:
        return self.standard.code if self.standard is not None else ""


@dataclass
class Link:
    association: Association
    outgoing: bool
    words: str
    other: LinkEnd


@dataclass
class LinkGroup:
    words: str
    links: list[Link]


def _shown(user, standard: Standard) -> StandardVersion | None:
    """The version of a linked standard the reader sees (no query: roles are read once)."""
    if access.sees_drafts(user, standard.framework.partnership_id):
        return standard.current_version
    return standard.published_version


def _end(user, a: Association, outgoing: bool) -> LinkEnd:
    other = a.destination if outgoing else a.origin
    identifier = a.destination_identifier if outgoing else a.origin_identifier
    uri = a.destination_uri if outgoing else a.origin_uri
    title = a.destination_title if outgoing else a.origin_title
    if other is None:
        return LinkEnd(None, None, identifier, uri, title)
    version = _shown(user, other)
    if version is None:
        return LinkEnd(None, None, "", "", "", hidden=True)
    return LinkEnd(other, version, other.identifier, uri, version.title)


def _with_ends():
    def end(attribute):
        return joinedload(attribute).options(
            joinedload(Standard.framework),
            joinedload(Standard.current_version),
            joinedload(Standard.published_version),
        )

    return (
        joinedload(Association.framework),
        end(Association.origin),
        end(Association.destination),
    )


def _tree_edge(standard: Standard, a: Association, outgoing: bool) -> bool:
    """Whether an isChildOf link is the tree's own edge (shown by the tree, not as a link)."""
    if outgoing:  # this standard is the child
        if a.destination_id is None:  # its parent is the framework's document, or elsewhere
            return standard.parent_id is None and (
                a.destination_identifier == standard.framework.identifier
            )
        return a.destination_id == standard.parent_id
    return a.origin is not None and a.origin.parent_id == standard.id


def links_of(standard: Standard, user) -> list[LinkGroup]:
    """The standard's typed links, grouped by the words of their direction: their ids in a
    light query, then, when there are any, the links with both ends in one more (most standards
    have none, and the query loading the ends costs several plain ones even when it finds
    nothing)."""
    ids = list(
        db.session.scalars(
            db.select(Association.id).where(
                or_(Association.origin_id == standard.id, Association.destination_id == standard.id)
            )
        )
    )
    if not ids:
        return []
    rows = db.session.scalars(
        db.select(Association)
        .options(*_with_ends())
        .where(Association.id.in_(ids))
        .order_by(Association.association_type, Association.sequence_number, Association.id)
    ).unique()
    groups: dict[str, list[Link]] = defaultdict(list)
    for a in rows:
        outgoing = a.origin_id == standard.id
        if a.association_type == CHILD_OF and _tree_edge(standard, a, outgoing):
            continue
        label = words(a.association_type, outgoing)
        groups[label].append(Link(a, outgoing, label, _end(user, a, outgoing)))
    return [LinkGroup(label, links) for label, links in groups.items()]


# --- Links made here -----------------------------------------------------------------------


def added_here(association: Association) -> bool:
    """A link this partnership may remove: one between its standards, kept by a partnership
    framework (not the tree's isChildOf, not a link a reference framework's package carried)."""
    return (
        association.association_type != CHILD_OF
        and association.origin_id is not None
        and not association.framework.is_reference
    )


def link_targets(standard: Standard, q: str = "") -> list[tuple[Standard, StandardVersion]]:
    """Standards of the partnership's frameworks a link from `standard` may point to: active,
    with a version, matching the words or code `q`; reference frameworks first, at most 50."""
    query = (
        db.select(Standard, StandardVersion)
        .join(Framework, Framework.id == Standard.framework_id)
        .join(StandardVersion, StandardVersion.id == Standard.current_version_id)
        .options(joinedload(Standard.framework))
        .where(
            Framework.partnership_id == standard.framework.partnership_id,
            Standard.id != standard.id,
            Standard.retired_at.is_(None),
        )
    )
    for word in q.lower().split()[:8]:
        pattern = "%" + "".join(ch for ch in word if ch not in "\\%_") + "%"
        query = query.where(
            or_(
                db.func.lower(Standard.code).like(pattern),
                db.func.lower(StandardVersion.title).like(pattern),
                db.func.lower(StandardVersion.statement).like(pattern),
            )
        )
    query = query.order_by(
        (Framework.origin == "reference").desc(), Framework.title, Standard.code
    ).limit(MAX_TARGETS)
    return [(s, v) for s, v in db.session.execute(query).all()]


def add_link(
    standard: Standard, target: Standard, association_type: str, user: User
) -> Association:
    """Link `standard` to `target` (a standard of a framework of the same partnership)."""
    if association_type not in ADDABLE_TYPES:
        raise LinkError("Choose the kind of link from the list.", field="association_type")
    if target.id == standard.id:
        raise LinkError("A standard cannot be linked to itself.", field="target_id")
    if target.framework.partnership_id != standard.framework.partnership_id:
        raise LinkError(
            "Link to a standard of one of this partnership's frameworks.", field="target_id"
        )
    if target.retired_at is not None:
        raise LinkError(f"{target.code} is retired.", field="target_id")
    exists = db.session.scalar(
        db.select(Association.id).where(
            Association.origin_id == standard.id,
            Association.destination_id == target.id,
            Association.association_type == association_type,
        )
    )
    if exists is not None:
        raise Conflict(
            f"{standard.code} is already linked to {target.code} as "
            f"“{words(association_type, True).lower()}”."
        )
    link = Association(
        framework_id=standard.framework_id,
        identifier=str(uuid.uuid4()),
        association_type=association_type,
        origin_id=standard.id,
        origin_identifier=standard.identifier,
        origin_title=standard.current_version.title,
        destination_id=target.id,
        destination_identifier=target.identifier,
        destination_title=target.current_version.title,
        created_by_id=user.id if user is not None else None,
    )
    db.session.add(link)
    db.session.flush()
    record(
        "association.created",
        obj=link,
        partnership=standard.framework.partnership,
        summary=f"{standard.code} {words(association_type, True).lower()} {target.code} "
        f"({target.framework.title})",
    )
    return link


def remove_link(link: Association) -> None:
    """Remove a link made here (see `added_here`)."""
    if not added_here(link):
        raise Conflict("This link came with an imported framework; it changes only by re-import.")
    origin = link.origin
    summary = (
        f"{origin.code if origin else link.origin_identifier} "
        f"{words(link.association_type, True).lower()} "
        f"{link.destination.code if link.destination else link.destination_identifier} removed"
    )
    record(
        "association.deleted",
        obj=link,
        partnership=link.framework.partnership,
        summary=summary,
    )
    db.session.delete(link)
    db.session.flush()
