"""The shape of a framework's standards tree: add, move, reorder, retire, renumber, load
(frameworks themselves: frameworks.py, reached through this module too).

Two constraints keep the tree sound under concurrent edits: a code is unique in its framework,
and a position is unique among the children of one parent (`Standard.__table_args__`). Adding
a standard locks the framework's row first, so simultaneous adds take turns choosing the code
and the place; moves that rewrite several positions go through `_set_positions`.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from curriculum.audit.services import record
from curriculum.concurrency import lock, unique_or_conflict
from curriculum.db import utcnow
from curriculum.errors import Conflict
from curriculum.extensions import db
from curriculum.standards.audit import log_change
from curriculum.standards.models import (
    PARENT_KIND,
    Framework,
    Level,
    SkillCategory,
    Standard,
    StandardKind,
    may_hold,
)
from curriculum.standards.outline import (
    Node,
    ancestors,
    children,
    kinds_offered,
    load_tree,
    parent_choices,
    siblings_query,
)
from curriculum.standards.services import StandardError, clean_content, create_first_version

if TYPE_CHECKING:
    from curriculum.auth.models import User

# --- Codes -----------------------------------------------------------------------------------


def _letters(n: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    out = ""
    n += 1
    while n:
        n, rem = divmod(n - 1, 26)
        out = chr(65 + rem) + out
    return out


def default_code(parent_code: str | None, kind: StandardKind, index: int) -> str:
    """The code a standard gets at `index` (0-based) among same-kind siblings: A, A.1, A.1.3,
    and A.1.K1 / A.1.S1 for knowledge and skill items."""
    if kind == StandardKind.CRITICAL_WORK_FUNCTION or parent_code is None:
        return _letters(index)
    if kind == StandardKind.KNOWLEDGE:
        return f"{parent_code}.K{index + 1}"
    if kind == StandardKind.SKILL:
        return f"{parent_code}.S{index + 1}"
    return f"{parent_code}.{index + 1}"


def _check_code(framework: Framework, code: str, current: Standard | None = None) -> str:
    code = (code or "").strip()
    if not code or len(code) > 32 or any(ch.isspace() for ch in code):
        raise StandardError(
            "A code is 1 to 32 characters without spaces, such as B.2.", field="code"
        )
    clash = db.session.scalar(
        db.select(Standard.id).where(Standard.framework_id == framework.id, Standard.code == code)
    )
    if clash is not None and (current is None or clash != current.id):
        raise StandardError(f"Code {code} is already used in this framework.", field="code")
    return code


# --- Adding and shaping the tree -------------------------------------------------------------


def _check_parent(framework: Framework, parent: Standard | None, kind: StandardKind) -> None:
    """The one rule (`models.may_hold`), with a message naming what is wrong."""
    if parent is not None and parent.framework_id != framework.id:
        raise StandardError(
            f"A {kind.label.lower()} belongs under a standard of this framework.",
            field="parent_id",
        )
    if may_hold(parent.kind if parent else None, kind):
        return
    wanted = PARENT_KIND.get(kind)
    what = "An item" if kind == StandardKind.ITEM else f"A {kind.label.lower()}"
    if wanted is None and kind != StandardKind.ITEM:
        raise StandardError(
            "A critical work function sits at the top of the framework.", field="parent_id"
        )
    where = wanted.label.lower() if wanted else "critical work function, key activity or item"
    if parent is None:
        raise StandardError(f"{what} belongs under a {where} of this framework.", field="parent_id")
    raise StandardError(
        f"{what} belongs under a {where}, not a {parent.kind_label.lower()}.", field="parent_id"
    )


def add_standard(
    framework: Framework,
    parent: Standard | None,
    kind: StandardKind | str | None,
    title: str,
    statement: str = "",
    level: Level | str | None = None,
    author: User | None = None,
    code: str | None = None,
    category: SkillCategory | str | None = None,
    change_note: str = "",
) -> Standard:
    """Add a standard under `parent` (last among its siblings) with its version 1."""
    try:
        kind = StandardKind(kind or "")
    except ValueError:
        raise StandardError("Unknown kind of standard.", field="kind") from None
    _check_parent(framework, parent, kind)
    if kind in (StandardKind.KNOWLEDGE, StandardKind.SKILL):
        try:
            category = SkillCategory(category or SkillCategory.OCCUPATIONAL)
        except ValueError:
            raise StandardError(
                "The category is academic, employability or occupational_technical.",
                field="category",
            ) from None
    else:
        category = None
    content = clean_content(title, statement, level)
    # Simultaneous adds in one framework take turns from here: each sees the codes and
    # positions of the ones before it (the constraints are the net if anything slips past).
    lock(framework)
    siblings = list(db.session.scalars(siblings_query(framework.id, parent.id if parent else None)))
    if code:
        code = _check_code(framework, code)
    else:
        same_kind = sum(1 for s in siblings if s.kind == kind)
        parent_code = parent.code if parent else None
        code = default_code(parent_code, kind, same_kind)
        while db.session.scalar(
            db.select(Standard.id).where(
                Standard.framework_id == framework.id, Standard.code == code
            )
        ):
            same_kind += 1
            code = default_code(parent_code, kind, same_kind)
    standard = Standard(
        framework_id=framework.id,
        parent_id=parent.id if parent else None,
        kind=kind,
        category=category,
        code=code,
        position=(max((s.position for s in siblings), default=-1) + 1),
        created_by_id=author.id if author else None,
    )
    with unique_or_conflict(field="code" if code else None):
        db.session.add(standard)
    create_first_version(standard, content, author, change_note)
    log_change(
        standard,
        "standard.created",
        summary=f"{code}: created {kind.label.lower()} “{content['title'][:80]}”",
    )
    return standard


def set_code(standard: Standard, code: str) -> None:
    """Give a standard another code (unique within its framework)."""
    old = standard.code
    standard.code = _check_code(standard.framework, code, current=standard)
    db.session.flush()
    if old != standard.code:
        log_change(
            standard,
            "standard.code_changed",
            summary=f"{old} is now {standard.code}",
        )


def _set_positions(ordered: list[Standard]) -> None:
    """Give siblings the positions 0, 1, 2 … in this order.

    (parent, position) is unique and SQLite has no deferred constraints, so rows are written
    in two flushes: those that move first park at -id (free: ids are unique, positions are
    never negative), then all take their places. A swap never collides mid-way.
    """
    moving = [s for i, s in enumerate(ordered) if s.position != i]
    if not moving:
        return
    for s in moving:
        s.position = -s.id
    db.session.flush()
    for i, s in enumerate(ordered):
        s.position = i
    db.session.flush()


def reorder(standard: Standard, direction: str) -> None:
    """Move a standard one place up or down among its siblings."""
    if direction not in ("up", "down"):
        raise StandardError("Move up or down.")
    siblings = list(db.session.scalars(siblings_query(standard.framework_id, standard.parent_id)))
    index = siblings.index(standard)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(siblings):
        return
    siblings[index], siblings[other] = siblings[other], siblings[index]
    _set_positions(siblings)
    log_change(
        standard,
        "standard.reordered",
        summary=f"{standard.code} moved {direction}",
    )


def place(standard: Standard, position: int) -> None:
    """Put a standard at `position` (0-based) among its siblings (drag and drop)."""
    siblings = [
        s
        for s in db.session.scalars(siblings_query(standard.framework_id, standard.parent_id))
        if s.id != standard.id
    ]
    position = max(0, min(int(position), len(siblings)))
    siblings.insert(position, standard)
    _set_positions(siblings)
    log_change(
        standard,
        "standard.reordered",
        summary=f"{standard.code} moved to place {position + 1}",
    )


def move(standard: Standard, new_parent: Standard | None) -> None:
    """Move a standard (with its subtree) under another parent of the right kind."""
    framework = standard.framework
    _check_parent(framework, new_parent, standard.kind)
    if new_parent is not None and new_parent.id == standard.parent_id:
        return
    siblings = list(
        db.session.scalars(siblings_query(framework.id, new_parent.id if new_parent else None))
    )
    standard.parent_id = new_parent.id if new_parent else None
    standard.position = max((s.position for s in siblings), default=-1) + 1
    db.session.flush()
    log_change(
        standard,
        "standard.moved",
        summary=f"{standard.code} moved under {new_parent.code if new_parent else 'the top'}",
    )


def set_retired(standard: Standard, retired: bool) -> None:
    """Retire a standard (hidden from the tree with its subtree) or bring it back."""
    if retired == (standard.retired_at is not None):
        raise Conflict(f"{standard.code} is already {'retired' if retired else 'active'}.")
    standard.retired_at = utcnow() if retired else None
    db.session.flush()
    log_change(
        standard,
        "standard.retired" if retired else "standard.restored",
        summary=f"{standard.code} {'retired' if retired else 'restored'}",
    )


def renumber(framework: Framework) -> int:
    """Give every standard the default code of its place in the tree. Returns how many changed."""
    standards = list(
        db.session.scalars(
            db.select(Standard)
            .where(Standard.framework_id == framework.id)
            .order_by(Standard.position, Standard.id)
        )
    )
    children = defaultdict(list)
    for s in standards:
        children[s.parent_id].append(s)
    new_codes: dict[int, str] = {}

    def walk(parent_id: int | None, parent_code: str | None) -> None:
        counters: dict[StandardKind, int] = defaultdict(int)
        for child in children[parent_id]:
            if child.retired_at is not None:
                continue
            new_codes[child.id] = default_code(parent_code, child.kind, counters[child.kind])
            counters[child.kind] += 1
            walk(child.id, new_codes[child.id])

    walk(None, None)
    changed = [s for s in standards if s.id in new_codes and s.code != new_codes[s.id]]
    # Two passes so that swapping codes never collides mid-way.
    for s in changed:
        s.code = f"~{s.id}"
    db.session.flush()
    for s in changed:
        s.code = new_codes[s.id]
    db.session.flush()
    record(
        "framework.renumbered",
        obj=framework,
        partnership=framework.partnership,
        summary=f"Renumbered {framework.title}: {len(changed)} codes changed",
    )
    return len(changed)


# Frameworks live in frameworks.py and loading a tree for reading in outline.py; callers reach
# them through this module as before.
from curriculum.standards.frameworks import (  # noqa: E402
    create_framework,
    frameworks_of,
    get_framework,
    update_framework,
)

__all__ = [
    "Node",
    "add_standard",
    "ancestors",
    "children",
    "create_framework",
    "default_code",
    "frameworks_of",
    "get_framework",
    "kinds_offered",
    "load_tree",
    "move",
    "parent_choices",
    "place",
    "renumber",
    "reorder",
    "set_code",
    "set_retired",
    "siblings_query",
    "update_framework",
]
