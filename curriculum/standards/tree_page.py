"""The framework page as a collapsible tree: what it shows (search and status filters), which
branches are open (the URL, else the person's remembered state, else by the tree's size), and
one branch on its own (the fragment the page's script asks for when a branch is opened).

A branch is a top-level standard (a critical work function) with everything below it. Beyond
COLLAPSE_ABOVE standards the branches start closed and a closed branch sends no rows, so the
page stays small at any size; a search or filter opens the branches that hold matches.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, cast

from sqlalchemy.orm import joinedload
from werkzeug.datastructures import MultiDict

from curriculum import params
from curriculum.alignment.services import standards_with_stale
from curriculum.extensions import db
from curriculum.organizations.models import ENDORSING_KINDS, Organization
from curriculum.standards.models import Endorsement, Framework, Standard, VersionStatus
from curriculum.standards.outline import Node, arrange, load_tree, shown_now
from curriculum.standards.tree_state import OpenState, remembered

COLLAPSE_ABOVE = 40  # standards: a larger tree starts with its branches closed


@dataclass
class Item:
    """One standard of the tree with the items below it (nested, as the page's lists are)."""

    node: Node
    children: list[Item] = field(default_factory=list)

    @property
    def size(self) -> int:
        """How many standards are below this one."""
        return sum(1 + c.size for c in self.children)


@dataclass
class Branch:
    """A top-level standard, open (its items sent) or closed (only how many there are)."""

    item: Item
    size: int
    open: bool

    @property
    def id(self) -> int:
        return self.item.node.standard.id


@dataclass(frozen=True)
class Filters:
    """What the reader asked to see: words, a status, standards with stale alignments, the
    retired ones (editors only)."""

    q: str = ""
    status: str = ""
    stale: bool = False
    show_retired: bool = False

    @property
    def active(self) -> bool:
        """Whether the tree is narrowed to matches (their branches then open)."""
        return bool(self.q or self.status or self.stale)

    def args(self) -> dict[str, str]:
        """The query parameters that keep these filters in a link."""
        found = {"q": self.q, "status": self.status}
        found |= {"stale": "1" if self.stale else "", "retired": "1" if self.show_retired else ""}
        return {k: v for k, v in found.items() if v}


def read_filters(args: Mapping[str, Any], perms: Mapping[str, bool]) -> Filters:
    """The filters of a request's query string; those the reader may not use are dropped."""
    status = args.get("status", "")
    if status not in VersionStatus.__members__.values() or not perms["view_drafts"]:
        status = ""
    return Filters(
        q=params.search_text(source=args),
        status=status,
        stale=bool(args.get("stale")) and perms["view_drafts"],
        show_retired=bool(args.get("retired")) and perms["edit_standards"],
    )


def read_open_state(args: MultiDict[str, str], saved: OpenState | None, total: int) -> OpenState:
    """Which branches are open: the URL says (`?open=<id>`, repeated; `?all=1` every one,
    `?all=0` none but those listed), else what the person saved, else open when the tree is
    small enough."""
    if "all" in args or "open" in args:
        ids = params.ids("open", args)
        return OpenState(all_open=args.get("all") == "1", open_ids=frozenset(ids), source="url")
    if saved is not None:
        return saved
    return OpenState(all_open=total <= COLLAPSE_ABOVE, open_ids=frozenset(), source="default")


def nest(nodes: list[Node], keep: set[int] | None = None) -> list[Item]:
    """The flat rows of `load_tree` (depth-first, with depths) as nested items. With `keep`,
    only those standards and their ancestors stay (a filter the loader does not know)."""
    roots: list[Item] = []
    path: list[Item] = []
    for node in nodes:
        item = Item(node)
        del path[node.depth :]
        (path[-1].children if path else roots).append(item)
        path.append(item)
    if keep is None:
        return roots

    def prune(items: list[Item]) -> list[Item]:
        kept = []
        for item in items:
            item.children = prune(item.children)
            item.node.matches = item.node.matches and item.node.standard.id in keep
            if item.node.matches or item.children:
                kept.append(item)
        return kept

    return prune(roots)


@dataclass
class TreePage:
    """Everything the framework page's tree shows."""

    framework: Framework
    branches: list[Branch]
    filters: Filters
    state: OpenState
    matches: int  # standards matching the filters (all shown standards without one)
    shown: int  # rows sent in this page
    order_mode: bool = False  # editors' "edit order" mode: the move buttons are shown

    @property
    def all_shown(self) -> bool:
        return self.shown == self.rows

    @property
    def rows(self) -> int:
        return sum(1 + b.size for b in self.branches)

    @property
    def open_ids(self) -> list[int]:
        return [b.id for b in self.branches if b.open]

    def link_args(self) -> dict[str, Any]:
        """Query parameters every link of the tree keeps: the filters, the edit-order mode."""
        return self.filters.args() | ({"order": "1"} if self.order_mode else {})

    def state_args(self, open_ids: list[int]) -> dict[str, Any]:
        """Query parameters for the page with these branches open (filters kept)."""
        return self.link_args() | ({"open": open_ids} if open_ids else {"all": "0"})

    def toggle_args(self, branch: Branch) -> dict[str, Any]:
        """The no-script link of a branch's toggle: this page with that branch opened or
        closed, the others as they are."""
        ids = [i for i in self.open_ids if i != branch.id]
        return self.state_args(ids if branch.open else [*ids, branch.id])

    def all_args(self, open_all: bool) -> dict[str, Any]:
        return self.link_args() | {"all": "1" if open_all else "0"}


def build(
    framework: Framework,
    perms: Mapping[str, bool],
    user: Any,
    args: MultiDict[str, str],
    order_mode: bool = False,
) -> TreePage:
    """The framework page's tree for this reader and query string, in a fixed number of
    queries. Without a filter only the rows the page sends are loaded with their content (the
    others are counted from the tree's skeleton); a filter reads every standard."""
    filters = read_filters(args, perms)
    drafts = perms["view_drafts"]
    if filters.active:
        nodes = load_tree(
            framework,
            drafts=drafts,
            status=filters.status,
            q=filters.q,
            show_retired=filters.show_retired,
        )
        keep = standards_with_stale(framework.id) if filters.stale else None
        roots = nest(nodes, keep)
        branches = [Branch(item, item.size, open=True) for item in roots]
        state = read_open_state(args, remembered(user, framework), len(nodes))
        matches = sum(_matching(item) for item in roots)
        shown = sum(1 + b.size for b in branches)
        return TreePage(framework, branches, filters, state, matches, shown, order_mode)

    bones = skeleton(framework, drafts=drafts, show_retired=filters.show_retired)
    state = read_open_state(args, remembered(user, framework), len(bones))
    groups = _branches(bones)
    is_open = {
        top.id: state.all_open or top.id in state.open_ids for top, _depth in (g[0] for g in groups)
    }
    wanted = [
        bone for group in groups for bone in (group if is_open[group[0][0].id] else group[:1])
    ]
    loaded = iter(load_nodes(framework, wanted, drafts=drafts, everything=wanted == bones))
    branches = []
    for group in groups:
        top = group[0][0]
        sent = group if is_open[top.id] else group[:1]
        roots = nest([next(loaded) for _ in sent])
        branches.append(Branch(roots[0], len(group) - 1, open=is_open[top.id]))
    matches = sum(1 for bone, _depth in bones if bone.shown)
    return TreePage(framework, branches, filters, state, matches, len(wanted), order_mode)


def _matching(item: Item) -> int:
    return item.node.matches + sum(_matching(c) for c in item.children)


def branch(
    framework: Framework, standard: Standard, perms: Mapping[str, bool], filters: Filters
) -> Item | None:
    """One top-level standard with everything below it, as the page would show it open (the
    same rule of what this reader sees); None when the reader sees nothing of it."""
    drafts = perms["view_drafts"]
    bones = skeleton(framework, drafts=drafts, show_retired=filters.show_retired)
    for group in _branches(bones):
        if group[0][0].id == standard.id:
            return nest(load_nodes(framework, group, drafts=drafts))[0]
    return None


# --- Loading: the tree's skeleton, then the content of the rows a page sends ---------------


@dataclass(slots=True)
class Bone:
    """A standard's place in the tree without its content: enough to apply the rule of what a
    reader sees (`outline.arrange`) and to count a closed branch's rows."""

    id: int
    parent_id: int | None
    shown: bool  # the reader sees a version of it (else it stays by its code only)


def skeleton(framework: Framework, *, drafts: bool, show_retired: bool) -> list[tuple[Bone, int]]:
    """(bone, depth) of every standard the reader sees, in tree order (one light query)."""
    rows = db.session.execute(
        db.select(
            Standard.id,
            Standard.parent_id,
            Standard.retired_at.is_not(None),  # a flag: reading the times costs more
            Standard.current_version_id,
            Standard.published_version_id,
        )
        .where(Standard.framework_id == framework.id)
        .order_by(Standard.position, Standard.id)
    )
    bones, shown, retired = [], {}, set()
    for id_, parent_id, is_retired, current_id, published_id in rows:
        # What `outline.shown_now` shows: the current version with drafts, else the published.
        visible = (current_id if drafts else None) or published_id
        bones.append(Bone(id_, parent_id, visible is not None))
        shown[id_] = bones[-1] if visible is not None else None
        if is_retired and not show_retired:
            retired.add(id_)
    # arrange reads only .id and .parent_id of the standards and whether a version is shown.
    arranged = arrange(cast(list[Standard], bones), cast(dict[int, Any], shown), retired)
    return [(cast(Bone, bone), depth) for bone, depth, _shown in arranged]


def _branches(bones: list[tuple[Bone, int]]) -> list[list[tuple[Bone, int]]]:
    """The skeleton cut into branches: each top-level bone with the bones below it."""
    groups: list[list[tuple[Bone, int]]] = []
    for bone, depth in bones:
        if depth == 0:
            groups.append([])
        groups[-1].append((bone, depth))
    return groups


def load_nodes(
    framework: Framework, bones: list[tuple[Bone, int]], *, drafts: bool, everything: bool = False
) -> list[Node]:
    """The rows of these bones with their content (the version shown, the employers endorsing
    the current one), in the bones' order; two queries. `everything`: the bones are the whole
    tree (read by framework, not by a list of ids)."""
    if not bones:
        return []
    query = db.select(Standard).options(
        joinedload(Standard.current_version), joinedload(Standard.published_version)
    )
    if everything:
        query = query.where(Standard.framework_id == framework.id)
    else:
        query = query.where(Standard.id.in_([bone.id for bone, _depth in bones]))
    standards = {s.id: s for s in db.session.scalars(query)}
    endorsers: dict[int, list[str]] = defaultdict(list)
    if drafts:
        current = [standards[b.id].current_version_id for b, _d in bones]
        rows = db.session.execute(
            db.select(Endorsement.version_id, Organization.name)
            .join(Organization, Organization.id == Endorsement.organization_id)
            .where(Organization.kind.in_(list(ENDORSING_KINDS)))
            .where(Endorsement.version_id.in_([v for v in current if v]))
            .order_by(Organization.name)
        )
        for version_id, name in rows:
            endorsers[version_id].append(name)
    nodes = []
    for bone, depth in bones:
        s = standards[bone.id]
        version = shown_now(s, drafts=drafts) if bone.shown else None
        names = endorsers[s.current_version_id] if s.current_version_id else []
        node = Node(s, depth, version, len(names), names)
        node.matches = version is not None  # a code-only ancestor is context, never a match
        nodes.append(node)
    return nodes


def top_level(framework: Framework, standard_id: int) -> Standard | None:
    """A top-level standard of the framework (a branch), or None."""
    return db.session.scalar(
        db.select(Standard).where(
            Standard.id == standard_id,
            Standard.framework_id == framework.id,
            Standard.parent_id.is_(None),
        )
    )
