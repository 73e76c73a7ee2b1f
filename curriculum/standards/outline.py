"""A framework's tree as a page reads it: the nodes a reader may see, in order, in a fixed number
of queries; a standard's children; the parents a standard may move under."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy.orm import joinedload

from curriculum.extensions import db
from curriculum.organizations.models import ENDORSING_KINDS, Organization
from curriculum.standards.models import (
    PARENT_KIND,
    Endorsement,
    Framework,
    Standard,
    StandardKind,
    StandardVersion,
)


def siblings_query(framework_id: int, parent_id: int | None):
    """A select of the standards under one parent (the top when None), in their order."""
    return (
        db.select(Standard)
        .where(
            Standard.framework_id == framework_id,
            Standard.parent_id.is_(None) if parent_id is None else Standard.parent_id == parent_id,
        )
        .order_by(Standard.position, Standard.id)
    )


# --- Loading the tree for a page -----------------------------------------------------------


@dataclass
class Node:
    """One row of the framework page."""

    standard: Standard
    depth: int
    shown: StandardVersion  # the version this reader sees
    endorsements: int = 0  # counting endorsements of the current version
    endorsers: list[str] = field(default_factory=list)
    matches: bool = True


def load_tree(
    framework: Framework,
    *,
    drafts: bool,
    status: str = "",
    q: str = "",
    show_retired: bool = False,
    prefer_published: bool = False,
) -> list[Node]:
    """The framework's standards in tree order, in a fixed number of queries.

    `drafts`: the reader may see unpublished versions (else only published ones count).
    `prefer_published`: show the published version where there is one, the draft only for
    standards never published (what was agreed, e.g. for coverage), instead of the newest.
    `status`: keep rows whose shown version has that status; `q`: words in title or statement.
    Ancestors of matching rows stay, so the tree keeps its shape.
    """
    standards = list(
        db.session.scalars(
            db.select(Standard)
            .options(joinedload(Standard.current_version), joinedload(Standard.published_version))
            .where(Standard.framework_id == framework.id)
            .order_by(Standard.position, Standard.id)
        )
    )
    counts: dict[int, list[str]] = defaultdict(list)
    version_ids = [s.current_version_id for s in standards if s.current_version_id]
    if drafts and version_ids:
        rows = db.session.execute(
            db.select(Endorsement.version_id, Organization.name)
            .join(Organization, Organization.id == Endorsement.organization_id)
            .where(Organization.kind.in_(list(ENDORSING_KINDS)))
            .where(
                Endorsement.version_id.in_(
                    db.select(Standard.current_version_id).where(
                        Standard.framework_id == framework.id
                    )
                )
            )
            .order_by(Organization.name)
        )
        for version_id, name in rows:
            counts[version_id].append(name)
    children = defaultdict(list)
    for s in standards:
        children[s.parent_id].append(s)
    words = q.lower().split()
    nodes: list[Node] = []

    def walk(parent_id, depth):
        for s in children[parent_id]:
            if s.retired_at is not None and not show_retired:
                continue
            if prefer_published:
                shown = s.published_version or (s.current_version if drafts else None)
            else:
                shown = s.current_version if drafts else s.published_version
            if shown is None:
                continue  # nothing this reader may see (its children need a visible parent)
            node = Node(
                s, depth, shown, len(counts[s.current_version_id]), counts[s.current_version_id]
            )
            text = f"{s.code} {shown.title} {shown.statement}".lower()
            node.matches = all(w in text for w in words) and (not status or shown.status == status)
            nodes.append(node)
            walk(s.id, depth + 1)

    walk(None, 0)
    if words or status:
        nodes = _keep_matches_with_ancestors(nodes)
    return nodes


def _keep_matches_with_ancestors(nodes: list[Node]) -> list[Node]:
    keep = [False] * len(nodes)
    stack: list[int] = []  # indexes of the current path
    for i, node in enumerate(nodes):
        while stack and nodes[stack[-1]].depth >= node.depth:
            stack.pop()
        if node.matches:
            keep[i] = True
            for j in stack:
                keep[j] = True
        stack.append(i)
    return [n for n, k in zip(nodes, keep, strict=True) if k]


def children(standard: Standard, *, drafts: bool) -> list[Node]:
    """The visible, active children of a standard, in order, each with the version shown."""
    rows = db.session.scalars(
        siblings_query(standard.framework_id, standard.id)
        .options(joinedload(Standard.current_version), joinedload(Standard.published_version))
        .where(Standard.retired_at.is_(None))
    )
    nodes = []
    for child in rows:
        shown = child.current_version if drafts else child.published_version
        if shown is not None:
            nodes.append(Node(child, 0, shown))
    return nodes


def parent_choices(framework: Framework, kind: StandardKind) -> list[Standard]:
    """Standards that may be the parent of a new standard of `kind`."""
    wanted = PARENT_KIND[kind]
    if wanted is None:
        return []
    return list(
        db.session.scalars(
            db.select(Standard)
            .options(joinedload(Standard.current_version))
            .where(
                Standard.framework_id == framework.id,
                Standard.kind == wanted,
                Standard.retired_at.is_(None),
            )
            .order_by(Standard.code)
        )
    )
