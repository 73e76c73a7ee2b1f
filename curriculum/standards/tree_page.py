"""The framework page as a collapsible tree: what it shows (search and status filters), which
branches are open (the URL, else the person's remembered state, else by the tree's size), and
one branch on its own (the fragment the page's script asks for when a branch is opened).

A branch is a top-level standard (a critical work function) with everything below it. Beyond
COLLAPSE_ABOVE standards the branches start closed and a closed branch sends no rows, so the
page stays small at any size; a search or filter opens the branches that hold matches.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from werkzeug.datastructures import MultiDict

from curriculum import params
from curriculum.alignment.services import standards_with_stale
from curriculum.extensions import db
from curriculum.standards.models import Framework, Standard, VersionStatus
from curriculum.standards.outline import Node, load_tree
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
    queries (the rows of closed branches are counted, never sent)."""
    filters = read_filters(args, perms)
    nodes = load_tree(
        framework,
        drafts=perms["view_drafts"],
        status=filters.status,
        q=filters.q,
        show_retired=filters.show_retired,
    )
    keep = standards_with_stale(framework.id) if filters.stale else None
    roots = nest(nodes, keep)
    saved = remembered(user, framework)
    state = read_open_state(args, saved, len(nodes))
    branches = [
        Branch(
            item,
            item.size,
            open=filters.active or state.all_open or item.node.standard.id in state.open_ids,
        )
        for item in roots
    ]
    matches = 0
    stack = list(roots)
    while stack:
        item = stack.pop()
        matches += item.node.matches
        stack.extend(item.children)
    shown = sum(1 + (b.size if b.open else 0) for b in branches)
    return TreePage(framework, branches, filters, state, matches, shown, order_mode)


def branch(
    framework: Framework, standard: Standard, perms: Mapping[str, bool], filters: Filters
) -> Item | None:
    """One top-level standard with everything below it, as the page would show it open (the
    same rule of what this reader sees); None when the reader sees nothing of it."""
    nodes = load_tree(framework, drafts=perms["view_drafts"], show_retired=filters.show_retired)
    for item in nest(nodes):
        if item.node.standard.id == standard.id:
            return item
    return None


def top_level(framework: Framework, standard_id: int) -> Standard | None:
    """A top-level standard of the framework (a branch), or None."""
    return db.session.scalar(
        db.select(Standard).where(
            Standard.id == standard_id,
            Standard.framework_id == framework.id,
            Standard.parent_id.is_(None),
        )
    )
