"""Models to JSON-ready dicts, in the shapes the OpenAPI document describes."""

from __future__ import annotations

from datetime import datetime

from curriculum.partnerships.models import Partnership
from curriculum.standards.models import Endorsement, Framework, Standard, StandardVersion
from curriculum.standards.services import Quorum
from curriculum.standards.tree import Node


def when(value: datetime | None) -> str | None:
    """An ISO 8601 timestamp in UTC, or None."""
    return value.isoformat() if value is not None else None


def _value(enum) -> str | None:
    return enum.value if enum is not None else None


def partnership(p: Partnership) -> dict:
    """A partnership's public details."""
    return {
        "id": p.id,
        "name": p.name,
        "industry": p.industry,
        "naics_code": p.naics_code,
        "region": p.region,
        "description": p.description,
        "endorsement_quorum": p.endorsement_quorum,
        "created_at": when(p.created_at),
    }


def framework(f: Framework) -> dict:
    """A framework without its standards."""
    return {
        "id": f.id,
        "uuid": f.uuid,
        "partnership_id": f.partnership_id,
        "title": f.title,
        "description": f.description,
        "occupation_codes": list(f.occupation_codes or []),
        "coding_prefix": f.coding_prefix,
        "created_at": when(f.created_at),
        "updated_at": when(f.updated_at),
    }


def tree_node(node: Node, drafts: bool) -> dict:
    """One standard of a framework tree, with the version this reader sees."""
    s, shown = node.standard, node.shown
    return {
        "id": s.id,
        "uuid": s.uuid,
        "code": s.code,
        "kind": s.kind.value,
        "category": _value(s.category),
        "parent_id": s.parent_id,
        "position": s.position,
        "depth": node.depth,
        "current_version": s.current_version.number if drafts else shown.number,
        "published_version": s.published_version.number if s.published_version else None,
        "title": shown.title,
        "statement": shown.statement,
        "level": _value(shown.level),
        "status": shown.status.value,
    }


def framework_tree(f: Framework, nodes: list[Node], drafts: bool) -> dict:
    """A framework with its standards in tree order (depth first)."""
    return {**framework(f), "standards": [tree_node(n, drafts) for n in nodes]}


def endorsement(e: Endorsement) -> dict:
    """Which organization endorsed a version, when, with what note."""
    return {
        "organization": {
            "id": e.organization.id,
            "name": e.organization.name,
            "kind": e.organization.kind.value,
        },
        "note": e.note,
        "created_at": when(e.created_at),
    }


def version(v: StandardVersion) -> dict:
    """A version's content, status and endorsements."""
    return {
        "number": v.number,
        "title": v.title,
        "statement": v.statement,
        "level": _value(v.level),
        "change_note": v.change_note,
        "status": v.status.value,
        "author": v.author.display_name if v.author else None,
        "created_at": when(v.created_at),
        "reviewed_at": when(v.reviewed_at),
        "published_at": when(v.published_at),
        "retired_at": when(v.retired_at),
        "reverted_from": v.reverted_from,
        "endorsements": [endorsement(e) for e in v.endorsements],
    }


def quorum(q: Quorum) -> dict:
    """How far a version is from publication."""
    return {
        "needed": q.needed,
        "count": q.count,
        "met": q.met,
        "endorsed_by": [o.name for o in q.endorsed_by],
        "waiting_for": [o.name for o in q.waiting_for],
    }


def standard(s: Standard, versions: list[StandardVersion], drafts: bool) -> dict:
    """A standard's identity and place in its framework, with the versions this reader sees."""
    newest = versions[0].number if versions else None
    return {
        "id": s.id,
        "uuid": s.uuid,
        "framework_id": s.framework_id,
        "partnership_id": s.framework.partnership_id,
        "parent_id": s.parent_id,
        "kind": s.kind.value,
        "category": _value(s.category),
        "code": s.code,
        "position": s.position,
        "retired_at": when(s.retired_at),
        "created_at": when(s.created_at),
        "current_version": s.current_version.number if drafts else newest,
        "published_version": s.published_version.number if s.published_version else None,
        "versions": [version(v) for v in versions],
    }
