"""Models to JSON-ready dicts, in the shapes the OpenAPI document describes."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from curriculum import access
from curriculum.alignment.coverage import Coverage
from curriculum.alignment.models import Alignment
from curriculum.courses.models import Course, Program
from curriculum.organizations.models import Organization
from curriculum.partnerships.models import Partnership
from curriculum.standards.models import Endorsement, Framework, Standard, StandardVersion
from curriculum.standards.services import Quorum
from curriculum.standards.tree import Node


def when(value: datetime | None) -> str | None:
    """An ISO 8601 timestamp in UTC, or None."""
    return value.isoformat() if value is not None else None


def _value(enum) -> str | None:
    return enum.value if enum is not None else None


def number(value: Decimal) -> int | float:
    """Credits as a JSON number: 3, or 4.5."""
    return int(value) if value == value.to_integral_value() else float(value)


def organization(o: Organization) -> dict:
    """An organization's name and kind."""
    return {"id": o.id, "name": o.name, "kind": o.kind.value}


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
    """One standard of a framework tree, with the version this reader sees (an unpublished
    ancestor of published standards: its code only, `published` false, no version or text)."""
    s, shown = node.standard, node.shown
    found = {
        "id": s.id,
        "uuid": s.uuid,
        "code": s.code,
        "kind": s.kind.value,
        "category": _value(s.category),
        "parent_id": s.parent_id,
        "position": s.position,
        "depth": node.depth,
        "published": shown is not None,
    }
    if shown is None:
        return {
            **found,
            "current_version": None,
            "published_version": None,
            "title": "",
            "statement": "",
            "level": None,
            "status": None,
        }
    return {
        **found,
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
        "organization": organization(e.organization),
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


# --- Courses, programs, alignment ---------------------------------------------------------


def page(items: list[dict], pagination) -> dict:
    """One page of a list, with where it stands."""
    return {
        "items": items,
        "page": pagination.page,
        "pages": pagination.pages,
        "per_page": pagination.per_page,
        "total": pagination.total,
    }


def course(c: Course) -> dict:
    """A course of a college."""
    return {
        "id": c.id,
        "code": c.code,
        "title": c.title,
        "college": organization(c.organization),
        "credits": number(c.credits),
        "contact_hours": c.contact_hours,
        "description": c.description,
        "learning_outcomes": list(c.learning_outcomes or []),
        "created_at": when(c.created_at),
        "updated_at": when(c.updated_at),
    }


def alignment(a: Alignment, reader) -> dict:
    """A course aligned to a standard at a level, pinned to one version of it (the pinned
    title only for a reader who may see that version)."""
    s, pinned, published = a.standard, a.version, a.standard.published_version
    return {
        "id": a.id,
        "course_id": a.course_id,
        "standard": {
            "id": s.id,
            "code": s.code,
            "title": pinned.title if access.can(reader, "view", pinned) else None,
            "kind": s.kind.value,
            "framework_id": s.framework_id,
        },
        "level": a.level.value,
        "note": a.note,
        "version": {"number": pinned.number, "status": pinned.status.value},
        "published_version": published.number if published else None,
        "stale": a.is_stale,
        "created_by": a.created_by.display_name if a.created_by else None,
        "created_at": when(a.created_at),
        "confirmed_by": a.confirmed_by.display_name if a.confirmed_by else None,
        "confirmed_at": when(a.confirmed_at),
    }


def course_detail(c: Course, alignments: list[Alignment], reader) -> dict:
    """A course with its alignments."""
    return {**course(c), "alignments": [alignment(a, reader) for a in alignments]}


def program(p: Program) -> dict:
    """A program's identity, without its courses."""
    return {
        "id": p.id,
        "name": p.name,
        "award_type": p.award_type,
        "catalog_year": p.catalog_year,
        "college": organization(p.organization),
        "partnership_id": p.partnership_id,
        "copied_from_id": p.copied_from_id,
        "created_at": when(p.created_at),
    }


def program_detail(p: Program) -> dict:
    """A program with its partnership, frameworks, and courses by term with credits."""
    terms: dict[int, list] = {}
    for pc in p.courses:
        terms.setdefault(pc.term, []).append(pc)
    return {
        **program(p),
        "description": p.description,
        "partnership": {"id": p.partnership.id, "name": p.partnership.name},
        "frameworks": [{"id": f.id, "title": f.title} for f in p.frameworks],
        "terms": [
            {
                "term": term,
                "credits": number(sum((pc.course.credits for pc in entries), Decimal("0"))),
                "courses": [
                    {
                        "id": pc.course.id,
                        "code": pc.course.code,
                        "title": pc.course.title,
                        "credits": number(pc.course.credits),
                        "required": pc.required,
                        "position": pc.position,
                    }
                    for pc in entries
                ],
            }
            for term, entries in sorted(terms.items())
        ],
        "total_credits": number(p.total_credits),
        "required_credits": number(p.required_credits),
    }


def coverage(cov: Coverage) -> dict:
    """The coverage matrix: columns (courses), rows (standards) with their cells, and figures."""
    course_ids = [pc.course_id for pc in cov.courses]
    return {
        "program": {"id": cov.program.id, "name": cov.program.name},
        "framework": {"id": cov.framework.id, "title": cov.framework.title},
        "courses": [
            {
                "id": pc.course_id,
                "code": pc.course.code,
                "title": pc.course.title,
                "term": pc.term,
                "required": pc.required,
                "count": cov.column_counts.get(pc.course_id, 0),
            }
            for pc in cov.courses
        ],
        "rows": [
            {
                "standard_id": row.standard.id,
                "code": row.standard.code,
                "depth": row.depth,
                "kind": row.standard.kind.value,
                "title": row.title,
                "published": row.counted,
                "best": _value(row.best),
                "cells": [
                    {
                        "alignment_id": cell.id,
                        "course_id": course_id,
                        "level": cell.level.value,
                        "version": cell.pinned,
                        "stale": cell.is_stale,
                    }
                    for course_id in course_ids
                    if (cell := row.cells.get(course_id)) is not None
                ],
            }
            for row in cov.rows
        ],
        "summary": {
            "total": cov.total,
            "covered": cov.covered,
            "covered_percent": cov.covered_percent,
            "mastered": cov.mastered,
            "mastered_percent": cov.mastered_percent,
            "stale": len(cov.stale_ids),
            "by_function": [
                {
                    "standard_id": f.row.standard.id,
                    "code": f.row.standard.code,
                    "title": f.row.title,
                    "total": f.total,
                    "covered": f.covered,
                    "covered_percent": f.covered_percent,
                    "mastered": f.mastered,
                    "mastered_percent": f.mastered_percent,
                }
                for f in cov.by_function()
            ],
        },
    }
