"""Creating, editing, finding and authorising changes to organizations."""

from __future__ import annotations

from flask import abort
from wtforms.fields.choices import SelectChoice

from curriculum.audit.services import record
from curriculum.concurrency import unique_or_conflict
from curriculum.errors import DomainError
from curriculum.extensions import db
from curriculum.organizations.models import Organization, OrganizationKind


class OrganizationError(DomainError):
    """Bad input for an organization."""


FIELDS = ("name", "kind", "city", "website", "description")


def can_manage(user) -> bool:
    """Site administrators and the conveners of any partnership create and edit organizations."""
    from curriculum.partnerships.services import is_convener_anywhere

    return user.is_authenticated and (user.is_site_admin or is_convener_anywhere(user))


def require_manage(user) -> None:
    if not can_manage(user):
        abort(403)


def _check(name: str, website: str, current: Organization | None = None) -> None:
    name = name.strip()
    if not name:
        raise OrganizationError("Enter the organization's name.", field="name")
    clash = db.session.scalar(
        # The exact name too: SQLite's lower() folds only ASCII, and the name is unique.
        db.select(Organization)
        .where(db.or_(Organization.name == name, db.func.lower(Organization.name) == name.lower()))
        .where(Organization.id != (current.id if current is not None else None))
        .limit(1)
    )
    if clash is not None:
        raise OrganizationError("An organization with this name already exists.", field="name")
    if website and not website.startswith(("https://", "http://")):
        raise OrganizationError("A website starts with https:// or http://.", field="website")


def create_organization(data: dict) -> Organization:
    """Create an organization from name, kind, city, website, description."""
    _check(data["name"], data.get("website") or "")
    org = Organization(
        name=data["name"].strip(),
        kind=OrganizationKind(data["kind"]),
        city=(data.get("city") or "").strip(),
        website=(data.get("website") or "").strip(),
        description=data.get("description") or "",
    )
    with unique_or_conflict(field="name"):  # the same name, saved at the same moment
        db.session.add(org)
    record("organization.created", obj=org, summary=f"Created organization {org.name}")
    return org


def update_organization(org: Organization, data: dict) -> None:
    """Change an organization's details."""
    _check(data["name"], data.get("website") or "", current=org)
    org.name = data["name"].strip()
    org.kind = OrganizationKind(data["kind"])
    org.city = (data.get("city") or "").strip()
    org.website = (data.get("website") or "").strip()
    org.description = data.get("description") or ""
    db.session.flush()
    record("organization.updated", obj=org, summary=f"Edited organization {org.name}")


def search(q: str = "", kind: str = ""):
    """A select of organizations by words in the name or city, and by kind, sorted by name."""
    query = db.select(Organization).order_by(Organization.name)
    if q:
        like = f"%{q.lower()}%"
        query = query.where(
            db.or_(
                db.func.lower(Organization.name).like(like),
                db.func.lower(Organization.city).like(like),
            )
        )
    if kind in OrganizationKind.__members__.values():
        query = query.where(Organization.kind == OrganizationKind(kind))
    return query


def organization_choices(ids=None) -> list[SelectChoice]:
    """Choices of (id, "name (kind)") for select fields, optionally only the given ids."""
    query = db.select(Organization).order_by(Organization.name)
    if ids is not None:
        query = query.where(Organization.id.in_(ids))
    return [SelectChoice(o.id, f"{o.name} ({o.kind.label})") for o in db.session.scalars(query)]
