"""Frameworks of a partnership: finding, creating and editing them (their trees: tree.py)."""

from __future__ import annotations

from sqlalchemy.orm import joinedload

from curriculum.audit.services import record
from curriculum.concurrency import unique_or_conflict
from curriculum.errors import NotFound
from curriculum.extensions import db
from curriculum.names import clean_name, name_taken
from curriculum.partnerships.models import Partnership
from curriculum.standards import onet
from curriculum.standards.models import (
    Framework,
)
from curriculum.standards.services import StandardError

# --- Frameworks ----------------------------------------------------------------------------


def get_framework(framework_id: int) -> Framework:
    """The framework with its partnership, or 404."""
    framework = db.session.scalar(
        db.select(Framework)
        .options(joinedload(Framework.partnership))
        .where(Framework.id == framework_id)
    )
    if framework is None:
        raise NotFound()
    return framework


def frameworks_of(partnership: Partnership) -> list[Framework]:
    return list(
        db.session.scalars(
            db.select(Framework)
            .where(Framework.partnership_id == partnership.id)
            .order_by(Framework.title)
        )
    )


def _clean_framework(
    partnership: Partnership, data: dict, current: Framework | None = None
) -> dict:
    title = clean_name(data.get("title"))
    if not title:
        raise StandardError("Give the framework a title.", field="title")
    if len(title) > 200:
        raise StandardError("A title has at most 200 characters.", field="title")
    if name_taken(
        Framework.title,
        title,
        exclude_id=current.id if current is not None else None,
        within=[Framework.partnership_id == partnership.id],
    ):
        raise StandardError(
            "This partnership already has a framework with that title.", field="title"
        )
    codes = data.get("occupation_codes") or []
    if isinstance(codes, str):
        codes = [c for c in codes.replace(",", " ").split() if c]
    known = onet.occupations()
    unknown = [c for c in codes if c not in known]
    if unknown:
        raise StandardError(
            "Not O*NET-SOC codes: " + ", ".join(unknown[:5]) + " (for example 51-4041.00).",
            field="occupation_codes",
        )
    prefix = (data.get("coding_prefix") or "").strip()
    if len(prefix) > 16:
        raise StandardError("A coding prefix has at most 16 characters.", field="coding_prefix")
    return {
        "title": title,
        "description": data.get("description") or "",
        "occupation_codes": list(dict.fromkeys(codes)),
        "coding_prefix": prefix,
    }


def create_framework(partnership: Partnership, data: dict) -> Framework:
    """A new, empty framework of the partnership."""
    framework = Framework(partnership=partnership, **_clean_framework(partnership, data))
    with unique_or_conflict(field="title"):  # the same title, saved at the same moment
        db.session.add(framework)
    record(
        "framework.created",
        obj=framework,
        partnership=partnership,
        summary=f"Created framework {framework.title}",
    )
    return framework


def update_framework(framework: Framework, data: dict) -> None:
    """Change a framework's title, description, occupations or coding prefix."""
    values = _clean_framework(framework.partnership, data, current=framework)
    for key, value in values.items():
        setattr(framework, key, value)
    db.session.flush()
    record(
        "framework.updated",
        obj=framework,
        partnership=framework.partnership,
        summary=f"Edited framework {framework.title}",
    )
