"""A framework's tree as a page reads it: the nodes a reader may see, in order, in a fixed number
of queries; a standard's children and ancestors; the parents a standard may move under.

The rule of what a reader sees of a tree lives here, once (`shown_now`, `arrange`), and the
framework page, the API tree, the coverage model and the PDFs all follow it: published content
is always shown; a standard the reader may not see (never published, for a reader without
drafts) but with shown standards below it stays in the tree by its code only, marked "not yet
published" (NOT_PUBLISHED), never with its text.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, NamedTuple, TypeVar, overload

from sqlalchemy import Select
from sqlalchemy.orm import joinedload

from curriculum.extensions import db
from curriculum.organizations.models import ENDORSING_KINDS, Organization
from curriculum.standards import rows
from curriculum.standards.models import (
    Endorsement,
    Framework,
    Standard,
    StandardKind,
    StandardVersion,
    child_kinds,
    may_hold,
)
from curriculum.standards.rows import AnyStandard, AnyVersion, StandardRow, VersionRow

NOT_PUBLISHED = "not yet published"
S = TypeVar("S", Standard, StandardRow)  # a standard: the ORM object or its plain row
V = TypeVar("V", StandardVersion, VersionRow)  # a version: likewise


def siblings_query(framework_id: int, parent_id: int | None) -> Select[Standard]:
    """A select of the standards under one parent (the top when None), in their order."""
    return (
        db.select(Standard)
        .where(
            Standard.framework_id == framework_id,
            Standard.parent_id.is_(None) if parent_id is None else Standard.parent_id == parent_id,
        )
        .order_by(Standard.position, Standard.id)
    )


# --- What a reader sees of a tree ----------------------------------------------------------


@overload
def shown_now(
    standard: Standard, *, drafts: bool, prefer_published: bool = False
) -> StandardVersion | None: ...


@overload
def shown_now(
    standard: StandardRow, *, drafts: bool, prefer_published: bool = False
) -> VersionRow | None: ...


def shown_now(
    standard: AnyStandard, *, drafts: bool, prefer_published: bool = False
) -> AnyVersion | None:
    """The version of `standard` a reader sees now: the current one for readers who see drafts
    (with `prefer_published`, the published one where there is one: what was agreed), else
    the published one; None when there is nothing this reader may see."""
    if drafts and not prefer_published:
        return standard.current_version
    return standard.published_version or (standard.current_version if drafts else None)


def arrange(
    standards: Sequence[S],
    shown: Mapping[int, AnyVersion | None],
    left_out: Collection[int] = (),
    parents: Mapping[int, int | None] | None = None,
) -> list[tuple[S, int, Any]]:
    """(standard, depth, version shown) in tree order: the one rule of what a reader sees.

    `standards`: a framework's standards in sibling order; `shown`: the version the reader
    sees of each (None or missing: none); `left_out`: ids left out with everything below them
    (retired ones). A standard with a version shown is kept; one without is kept by its code
    only (version None, "not yet published") when a standard below it is shown, else dropped.
    `parents`: each standard's parent when the tree is not as it stands now (a release's).
    """
    children: dict[int | None, list[S]] = defaultdict(list)
    for s in standards:
        children[s.parent_id if parents is None else parents.get(s.id)].append(s)

    def walk(parent_id: int | None, depth: int) -> list[tuple[S, int, Any]]:
        out: list[tuple[S, int, Any]] = []
        for s in children[parent_id]:
            if s.id in left_out:
                continue
            below = walk(s.id, depth + 1)
            version = shown.get(s.id)
            if version is not None or below:
                out.append((s, depth, version))
                out.extend(below)
        return out

    return walk(None, 0)


# --- Loading the tree for a page -----------------------------------------------------------


@dataclass
class Node(Generic[S, V]):
    """One row of the framework page: a standard (`PageNode`: its plain row, as pages read
    thousands; `FullNode`: the ORM object, for the exchange formats that write every field)."""

    standard: S
    depth: int
    shown: V | None  # the version this reader sees; None: by its code only
    endorsements: int = 0  # counting endorsements of the current version
    endorsers: list[str] = field(default_factory=list)
    matches: bool = True
    not_published = NOT_PUBLISHED

    @property
    def code_only(self) -> bool:
        """An unpublished ancestor of published standards: shown by its code only."""
        return self.shown is None


PageNode = Node[StandardRow, VersionRow]
FullNode = Node[Standard, StandardVersion]


def load_tree(
    framework: Framework,
    *,
    drafts: bool,
    status: str = "",
    q: str = "",
    show_retired: bool = False,
    prefer_published: bool = False,
) -> list[PageNode]:
    """The framework's standards in tree order, in a fixed number of queries, as plain rows.

    `drafts`: the reader may see unpublished versions (else only published ones count).
    `prefer_published`: show the published version where there is one, the draft only for
    standards never published (what was agreed, e.g. for coverage), instead of the newest.
    `status`: keep rows whose shown version has that status; `q`: words in title or statement.
    Ancestors of matching rows stay, so the tree keeps its shape. A standard the reader may
    not see with shown standards below it is a code-only node (`shown` None, never a match),
    as `arrange` says.
    """
    return _nodes(
        framework,
        rows.load([framework.id]),
        drafts=drafts,
        status=status,
        q=q,
        show_retired=show_retired,
        prefer_published=prefer_published,
    )


def load_full_tree(framework: Framework, *, drafts: bool) -> list[FullNode]:
    """`load_tree` with ORM standards and versions: for the exchange formats (CASE, RSD, CTDL),
    which write every field of a version."""
    standards = list(
        db.session.scalars(
            db.select(Standard)
            .options(joinedload(Standard.current_version), joinedload(Standard.published_version))
            .where(Standard.framework_id == framework.id)
            .order_by(Standard.position, Standard.id)
        )
    )
    return _nodes(framework, standards, drafts=drafts)


def _nodes(
    framework: Framework,
    standards: Sequence[S],
    *,
    drafts: bool,
    status: str = "",
    q: str = "",
    show_retired: bool = False,
    prefer_published: bool = False,
) -> list[Node[S, Any]]:
    """The tree's nodes from the framework's standards in sibling order (`load_tree`)."""
    counts: dict[int, list[str]] = defaultdict(list)
    version_ids = [s.current_version_id for s in standards if s.current_version_id]
    if drafts and version_ids:
        found = db.session.execute(
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
        for version_id, name in found:
            counts[version_id].append(name)
    words = q.lower().split()
    shown = {
        s.id: shown_now(s, drafts=drafts, prefer_published=prefer_published) for s in standards
    }
    retired: Collection[int] = (
        () if show_retired else {s.id for s in standards if s.retired_at is not None}
    )
    nodes: list[Node[S, Any]] = []
    for s, depth, version in arrange(standards, shown, retired):
        endorsers = counts[s.current_version_id] if s.current_version_id else []
        node = Node(s, depth, version, len(endorsers), endorsers)
        if version is None:
            node.matches = False  # a code-only ancestor: context, never a match
        else:
            text = f"{s.code} {version.title} {version.statement}".lower()
            node.matches = all(w in text for w in words) and (
                not status or version.status == status
            )
        nodes.append(node)
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


def children(standard: Standard, *, drafts: bool) -> list[FullNode]:
    """The visible, active children of a standard, in order, each with the version shown."""
    rows = db.session.scalars(
        siblings_query(standard.framework_id, standard.id)
        .options(joinedload(Standard.current_version), joinedload(Standard.published_version))
        .where(Standard.retired_at.is_(None))
    )
    nodes: list[FullNode] = []
    for child in rows:
        shown = child.current_version if drafts else child.published_version
        if shown is not None:
            nodes.append(Node(child, 0, shown))
    return nodes


class ParentChoice(NamedTuple):
    """A standard a standard may move under, as the move chooser names it."""

    id: int
    code: str
    title: str | None  # its current version's (None: it has none)


def parent_choices(framework: Framework, kind: StandardKind) -> list[ParentChoice]:
    """Standards that may be the parent of a standard of `kind` (the rule: `may_hold`), by code:
    plain rows, as the chooser lists hundreds of them."""
    kinds = [k for k in StandardKind if may_hold(k, kind)]
    if not kinds:
        return []
    rows = db.session.execute(
        db.select(Standard.id, Standard.code, StandardVersion.title)
        .outerjoin(StandardVersion, StandardVersion.id == Standard.current_version_id)
        .where(
            Standard.framework_id == framework.id,
            Standard.kind.in_(kinds),
            Standard.retired_at.is_(None),
        )
        .order_by(Standard.code)
    )
    return [ParentChoice(*row) for row in rows]


def ancestors(standard: Standard) -> list[Standard]:
    """The standard's ancestors from the top of the tree down, in one query whatever the depth
    (a recursive walk up the parent ids)."""
    if standard.parent_id is None:
        return []
    up = (
        db.select(Standard.id, Standard.parent_id)
        .where(Standard.id == standard.parent_id)
        .cte("up", recursive=True)
    )
    up = up.union(  # not UNION ALL: a cycle, were one ever stored, would end the walk
        db.select(Standard.id, Standard.parent_id).join(up, Standard.id == up.c.parent_id)
    )
    query = db.select(Standard).join(up, Standard.id == up.c.id)
    found = {s.id: s for s in db.session.scalars(query)}
    chain: list[Standard] = []
    parent_id: int | None = standard.parent_id
    while parent_id in found and len(chain) < len(found):
        chain.append(found[parent_id])
        parent_id = chain[-1].parent_id
    return chain[::-1]


def has_items(framework: Framework) -> bool:
    """Whether the framework holds generic items (an imported tree), so pages offer them."""
    return (
        db.session.scalar(
            db.select(Standard.id)
            .where(Standard.framework_id == framework.id, Standard.kind == StandardKind.ITEM)
            .limit(1)
        )
        is not None
    )


def kinds_offered(framework: Framework, parent: Standard | None) -> list[StandardKind]:
    """The kinds the add-standard form offers under `parent` (None: at the top): those the rule
    allows, items only in a framework that has some (or under an item)."""
    kinds = child_kinds(parent.kind if parent else None)
    if (
        StandardKind.ITEM in kinds
        and (parent is None or parent.kind != StandardKind.ITEM)
        and not has_items(framework)
    ):
        kinds.remove(StandardKind.ITEM)
    return kinds
