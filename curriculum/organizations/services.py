"""Creating, editing and finding organizations (who may: `curriculum.access`)."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Select
from wtforms.fields.choices import SelectChoice

from curriculum.audit.services import record
from curriculum.concurrency import unique_or_conflict
from curriculum.errors import DomainError
from curriculum.extensions import db
from curriculum.names import clean_name, name_taken
from curriculum.organizations.models import Organization, OrganizationKind
from curriculum.partnerships.models import Partnership, PartnershipOrganization


class OrganizationError(DomainError):
    """Bad input for an organization."""


FIELDS = ("name", "kind", "city", "website", "description")


def _check(name: str, website: str, current: Organization | None = None) -> None:
    name = clean_name(name)
    if not name:
        raise OrganizationError("Enter the organization's name.", field="name")
    if name_taken(Organization.name, name, exclude_id=current.id if current is not None else None):
        raise OrganizationError("An organization with this name already exists.", field="name")
    if website and not website.startswith(("https://", "http://")):
        raise OrganizationError("A website starts with https:// or http://.", field="website")


def create_organization(data: dict) -> Organization:
    """Create an organization from name, kind, city, website, description."""
    _check(data["name"], data.get("website") or "")
    org = Organization(
        name=clean_name(data["name"]),
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
    before = {field: getattr(org, field) for field in FIELDS}
    org.name = clean_name(data["name"])
    org.kind = OrganizationKind(data["kind"])
    org.city = (data.get("city") or "").strip()
    org.website = (data.get("website") or "").strip()
    org.description = data.get("description") or ""
    changed = {
        field: [str(before[field])[:80], str(getattr(org, field))[:80]]
        for field in FIELDS
        if before[field] != getattr(org, field)
    }
    db.session.flush()
    if not changed:
        return
    summary = f"Edited organization {org.name}: {', '.join(changed)}"
    # Every partnership the organization takes part in sees the edit in its log (a change of
    # kind moves endorsement quorums).
    partnerships = db.session.scalars(
        db.select(Partnership)
        .join(PartnershipOrganization, PartnershipOrganization.partnership_id == Partnership.id)
        .where(PartnershipOrganization.organization_id == org.id)
        .order_by(Partnership.id)
    ).all()
    for partnership in partnerships or [None]:
        record(
            "organization.updated",
            obj=org,
            partnership=partnership,
            summary=summary,
            changes=changed,
        )


def search(q: str = "", kind: str = "") -> Select[Organization]:
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


def organizations_taking_part() -> set[int]:
    """Ids of the organizations that take part in at least one partnership."""
    return set(db.session.scalars(db.select(PartnershipOrganization.organization_id).distinct()))


def organization_choices(ids: Iterable[int] | None = None) -> list[SelectChoice]:
    """Choices of (id, "name (kind)") for select fields, optionally only the given ids."""
    query = db.select(Organization).order_by(Organization.name)
    if ids is not None:
        query = query.where(Organization.id.in_(ids))
    return [SelectChoice(o.id, f"{o.name} ({o.kind.label})") for o in db.session.scalars(query)]
