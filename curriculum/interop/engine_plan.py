"""The import engine's plan: which framework, and which standards a package creates, updates,
leaves or retires (reads only). `engine.apply` makes it; `engine_write` carries it out."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from curriculum.concurrency import lock
from curriculum.db import utcnow
from curriculum.extensions import db
from curriculum.interop.package import CODE_LENGTH, ImportRejected, Item, Package, Problem
from curriculum.standards.models import (
    Framework,
    FrameworkOrigin,
    Level,
    SkillCategory,
    Standard,
    StandardKind,
    StandardVersion,
)

if TYPE_CHECKING:
    from curriculum.partnerships.models import Partnership

MODES = ("reference", "draft")
# The kind of framework each mode imports into.
ORIGINS = {"reference": FrameworkOrigin.REFERENCE, "draft": FrameworkOrigin.PARTNERSHIP}


@dataclass
class Row:
    """An existing standard of the target framework, as the plan compares it."""

    id: int
    uuid: str
    source_identifier: str | None
    code: str
    parent_id: int | None
    position: int
    kind: StandardKind
    item_type: str
    category: SkillCategory | None
    retired: bool
    version_id: int | None
    number: int
    title: str
    statement: str
    level: Level | None
    source_fields: dict | None
    published_version_id: int | None


# A standard as the plan names it before the write: ("id", standard id) or ("new", item index).
Ref = tuple[str, int]


@dataclass
class Plan:
    """Everything the import would do; `engine_write.execute` carries it out."""

    mode: str
    framework: Framework | None  # None: a new framework (`new_title`)
    new_title: str
    filename: str
    when: datetime
    items: list[Item]
    rows: list[Row]
    matched: dict[int, Row]  # item index -> existing standard
    parent: dict[int, int | None]  # item index -> parent item index (None: top)
    position: dict[int, int]  # item index -> place among its parent's children
    content: set[int] = field(default_factory=set)  # item indexes needing a new version
    created: list[int] = field(default_factory=list)  # item indexes
    updated: list[tuple[int, list[str]]] = field(default_factory=list)  # (index, what changed)
    unchanged: int = 0
    retire: list[Row] = field(default_factory=list)  # active standards absent from the file
    # Absent standards (retired now or before) whose code or place must move: id -> values.
    absent_moves: dict[int, dict[str, Any]] = field(default_factory=dict)
    fixes: list[dict] = field(default_factory=list)
    # The file is the framework's whole source (a new framework, or the one it was imported
    # from): standards absent from it are retired. Otherwise (a spreadsheet, or another
    # package, imported into a chosen framework) it only adds and updates, and the standards
    # it does not name keep their place, before the new ones.
    whole: bool = True
    refs: dict[str, Ref] = field(default_factory=dict)  # identifier -> standard
    links: Any = None  # engine_links.LinkPlan
    definitions: Any = None  # engine_links.DefinitionPlan


def content_of(item: Item) -> dict:
    return {
        "title": item.title,
        "statement": item.statement,
        "level": item.level,
        "source_fields": item.fields or None,
    }


def category_of(item: Item) -> SkillCategory | None:
    """Knowledge and skill items have a category (occupational unless the source says); others
    none, as `tree.add_standard` has it."""
    if item.kind in (StandardKind.KNOWLEDGE, StandardKind.SKILL):
        return item.category or SkillCategory.OCCUPATIONAL
    return None


# --- The target framework and what it holds --------------------------------------------------


def target(
    package: Package, partnership: Partnership, mode: str, framework: Framework | None
) -> Framework | None:
    """The framework to import into: the one given, else the partnership's one with the
    package's identifier (re-import), else None (a new one)."""
    if framework is None and package.identifier:
        framework = db.session.scalar(
            db.select(Framework)
            .where(
                Framework.partnership_id == partnership.id,
                (Framework.source_identifier == package.identifier)
                | (Framework.uuid == package.identifier),
            )
            .order_by(Framework.id)
            .limit(1)
        )
    if framework is not None and framework.origin != ORIGINS[mode]:
        raise ImportRejected(
            [
                Problem(
                    "mode",
                    f"{framework.title} is a {framework.origin.label.lower()}; "
                    f"import into it as {framework.origin.value}.",
                )
            ]
        )
    return framework


def load_rows(framework: Framework) -> list[Row]:
    """The framework's standards with their current versions, in one query."""
    query = (
        db.select(
            Standard.id,
            Standard.uuid,
            Standard.source_identifier,
            Standard.code,
            Standard.parent_id,
            Standard.position,
            Standard.kind,
            Standard.item_type,
            Standard.category,
            Standard.retired_at,
            Standard.current_version_id,
            StandardVersion.number,
            StandardVersion.title,
            StandardVersion.statement,
            StandardVersion.level,
            StandardVersion.source_fields,
            Standard.published_version_id,
        )
        .outerjoin(StandardVersion, StandardVersion.id == Standard.current_version_id)
        .where(Standard.framework_id == framework.id)
        .order_by(Standard.position, Standard.id)
    )
    return [
        Row(
            id=r[0],
            uuid=r[1],
            source_identifier=r[2],
            code=r[3],
            parent_id=r[4],
            position=r[5],
            kind=r[6],
            item_type=r[7] or "",
            category=r[8],
            retired=r[9] is not None,
            version_id=r[10],
            number=r[11] or 0,
            title=r[12] or "",
            statement=r[13] or "",
            level=r[14],
            source_fields=r[15] or None,
            published_version_id=r[16],
        )
        for r in db.session.execute(query)
    ]


# --- The plan --------------------------------------------------------------------------------


def _match(package: Package, rows: list[Row], by_code: bool) -> dict[int, Row]:
    by_identifier: dict[str, Row] = {}
    row: Row | None
    for row in rows:
        by_identifier[row.uuid] = row
    for row in rows:
        if row.source_identifier:
            by_identifier[row.source_identifier] = row
    codes = {row.code: row for row in rows}
    matched: dict[int, Row] = {}
    taken: set[int] = set()
    for i, item in enumerate(package.items):
        row = by_identifier.get(item.identifier) if item.identifier else None
        if row is None and by_code:
            row = codes.get(item.code)
        if row is not None and row.id not in taken:
            matched[i] = row
            taken.add(row.id)
    return matched


def _layout(plan: Plan) -> None:
    """Parents and places of the package's items, and the places and codes of the standards
    absent from it (after the package's children of the same parent; a code a package item
    now uses is given up with a fix)."""
    index_of = {item.identifier: i for i, item in enumerate(plan.items) if item.identifier}
    counts: dict[tuple[str, int | None], int] = defaultdict(int)
    for i, item in enumerate(plan.items):
        p = index_of[item.parent] if item.parent is not None else None
        plan.parent[i] = p
        key = ("item", p) if p is not None else ("top", None)
        plan.position[i] = counts[key]
        counts[key] += 1
    # Children counts keyed by the parent's standard id (existing parents only).
    by_parent_id: dict[int | None, int] = defaultdict(int)
    for (kind, p), n in counts.items():
        if kind == "top":
            by_parent_id[None] += n
        elif p is not None and p in plan.matched:
            by_parent_id[plan.matched[p].id] += n
    matched_ids = {row.id for row in plan.matched.values()}
    if not plan.whole:
        # Adding to a framework: the standards the file does not name come first, in their
        # order, and the file's items under an existing parent (or the top) after them.
        by_parent_id = defaultdict(int)
        for row in plan.rows:
            if row.id not in matched_ids:  # retired ones too: they keep a place
                by_parent_id[row.parent_id] += 1
        for i in range(len(plan.items)):
            p = plan.parent[i]
            if p is None or p in plan.matched:
                plan.position[i] += by_parent_id[plan.matched[p].id if p is not None else None]
        by_parent_id = defaultdict(int)
    codes = {item.code for item in plan.items}
    for row in plan.rows:  # in old position order
        if row.id in matched_ids:
            continue
        move: dict[str, Any] = {}
        position = by_parent_id[row.parent_id]
        by_parent_id[row.parent_id] += 1
        if position != row.position:
            move["position"] = position
        if row.code in codes:
            suffix = f"~{row.id}"
            new_code = row.code[: CODE_LENGTH - len(suffix)] + suffix
            move["code"] = new_code
            codes.add(new_code)
            plan.fixes.append(
                {
                    "where": row.code,
                    "message": f"The absent standard {row.code} gave its code up and is now "
                    f"{new_code}.",
                }
            )
        if move:
            plan.absent_moves[row.id] = move


def _compare(plan: Plan) -> None:
    """Sort the items into created, updated (saying what changed) and unchanged."""
    # Order of the kept siblings before and after: a standard "moved" only if its order among
    # the siblings it had and still has changed (an insertion or removal moves nobody).
    groups: dict[int | None, list[int]] = defaultdict(list)
    for i, kept in plan.matched.items():
        p = plan.parent[i]
        new_parent_id = plan.matched[p].id if p is not None and p in plan.matched else None
        if (p is None or p in plan.matched) and new_parent_id == kept.parent_id:
            groups[new_parent_id].append(i)
    reordered: set[int] = set()
    for members in groups.values():
        by_old = sorted(members, key=lambda i: plan.matched[i].position)
        reordered.update(a for a, b in zip(members, by_old, strict=True) if a != b)
    for i, item in enumerate(plan.items):
        row = plan.matched.get(i)
        if row is None:
            plan.created.append(i)
            continue
        changed: list[str] = []
        content = content_of(item)
        old = {
            "title": row.title,
            "statement": row.statement,
            "level": row.level,
            "source_fields": row.source_fields,
        }
        changed += [name for name in ("title", "statement", "level") if content[name] != old[name]]
        if content["source_fields"] != old["source_fields"]:
            changed.append("fields")
        if changed:
            plan.content.add(i)
        p = plan.parent[i]
        if p is None:
            parent_moved = row.parent_id is not None
        else:
            parent_moved = p not in plan.matched or plan.matched[p].id != row.parent_id
        if item.code != row.code:
            changed.append("code")
        if parent_moved:
            changed.append("parent")
        elif i in reordered:
            changed.append("position")
        if item.kind != row.kind:
            changed.append("kind")
        if item.item_type != row.item_type:
            changed.append("item_type")
        if category_of(item) != row.category:
            changed.append("category")
        if row.retired:
            changed.append("restored")
        if changed:
            plan.updated.append((i, changed))
        else:
            plan.unchanged += 1
    matched_ids = {row.id for row in plan.matched.values()}
    if plan.whole:
        plan.retire = [row for row in plan.rows if row.id not in matched_ids and not row.retired]


def _refs(plan: Plan) -> None:
    """Every identifier a link may name, resolved to a standard of this framework."""
    for row in plan.rows:
        plan.refs.setdefault(row.uuid, ("id", row.id))
    for row in plan.rows:
        if row.source_identifier:
            plan.refs[row.source_identifier] = ("id", row.id)
    for i, item in enumerate(plan.items):
        if item.identifier:
            match = plan.matched.get(i)
            plan.refs[item.identifier] = ("id", match.id) if match else ("new", i)


def make_plan(
    package: Package,
    partnership: Partnership,
    *,
    mode: str,
    filename: str,
    framework: Framework | None = None,
    lock_target: bool = False,
) -> Plan:
    """What importing the package would do, without writing anything. With `lock_target`
    (the import will be written) the target framework's row is locked first, so no other
    import or add changes what the plan saw before this transaction ends."""
    from curriculum.interop import engine_links

    if mode not in MODES:
        raise ImportRejected([Problem("mode", "The mode is reference or draft.")])
    given = framework is not None
    found = target(package, partnership, mode, framework)
    if found is not None and lock_target:
        lock(found)
    rows = load_rows(found) if found is not None else []
    whole = found is None or bool(
        package.identifier and package.identifier in (found.source_identifier, found.uuid)
    )
    plan = Plan(
        whole=whole,
        mode=mode,
        framework=found,
        new_title="" if found is not None else new_title(package, partnership),
        filename=filename,
        when=utcnow(),
        items=package.items,
        rows=rows,
        matched=_match(package, rows, by_code=given),
        parent={},
        position={},
        fixes=[{"where": f.where, "message": f.message} for f in package.fixes],
    )
    _layout(plan)
    _compare(plan)
    _refs(plan)
    engine_links.plan_links(plan, package, partnership)
    return plan


def new_title(package: Package, partnership: Partnership) -> str:
    """The package's title, made unique among the partnership's frameworks ("… (2)")."""
    from curriculum.names import clean_name, name_taken

    base = (clean_name(package.title) or "Imported framework")[:200]
    title, n = base, 1
    while name_taken(Framework.title, title, within=[Framework.partnership_id == partnership.id]):
        n += 1
        suffix = f" ({n})"
        title = base[: 200 - len(suffix)] + suffix
    return title
