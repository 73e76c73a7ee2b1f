"""Partnership operations: details, participating organizations, members."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import Select
from sqlalchemy.orm import joinedload, selectinload

from curriculum import access
from curriculum.audit.services import record
from curriculum.auth.models import User
from curriculum.concurrency import changed, lock, unique_or_conflict
from curriculum.db import utcnow
from curriculum.errors import Conflict, DomainError, NotFound
from curriculum.extensions import db
from curriculum.names import clean_name, name_taken
from curriculum.organizations.models import Organization
from curriculum.partnerships.models import (
    JoinRequest,
    Membership,
    Partnership,
    PartnershipOrganization,
    Role,
)

if TYPE_CHECKING:
    from curriculum.access import Reader


class PartnershipError(DomainError):
    """Bad input for a partnership operation."""


def membership_of(user: Reader, partnership: Partnership) -> Membership | None:
    """The user's membership in the partnership, if any."""
    if user is None or not user.is_authenticated:
        return None
    return db.session.scalar(
        db.select(Membership).where(
            Membership.partnership_id == partnership.id, Membership.user_id == user.id
        )
    )


def get_partnership(partnership_id: int) -> Partnership:
    """The partnership with its organizations loaded, or 404."""
    partnership = db.session.scalar(
        db.select(Partnership)
        .options(selectinload(Partnership.organizations))
        .where(Partnership.id == partnership_id)
    )
    if partnership is None:
        raise NotFound()
    return partnership


def search(q: str = "") -> Select[Partnership]:
    """A select of partnerships by words in name, industry or region."""
    query = db.select(Partnership).order_by(Partnership.name)
    if q:
        like = f"%{q.lower()}%"
        query = query.where(
            db.or_(
                db.func.lower(Partnership.name).like(like),
                db.func.lower(Partnership.industry).like(like),
                db.func.lower(Partnership.region).like(like),
            )
        )
    return query


def _check_details(data: dict, current: Partnership | None = None) -> None:
    name = clean_name(data["name"])
    if not name:
        raise PartnershipError("Enter the partnership's name.", field="name")
    if name_taken(Partnership.name, name, exclude_id=current.id if current is not None else None):
        raise PartnershipError("A partnership with this name already exists.", field="name")
    naics = (data.get("naics_code") or "").strip()
    if naics and not (naics.isdigit() and 2 <= len(naics) <= 6):
        raise PartnershipError("A NAICS code is 2 to 6 digits.", field="naics_code")
    if int(data["endorsement_quorum"]) < 1:
        raise PartnershipError("The quorum is at least 1.", field="endorsement_quorum")


DETAIL_FIELDS = ("name", "industry", "naics_code", "region", "description", "endorsement_quorum")


def create_partnership(data: dict, convener: User | None = None) -> Partnership:
    """Create a partnership; `convener`, when given, becomes its first convener."""
    _check_details(data)
    partnership = Partnership(**{f: data.get(f) or "" for f in DETAIL_FIELDS[:-1]})
    partnership.name = clean_name(partnership.name)
    partnership.endorsement_quorum = int(data["endorsement_quorum"])
    with unique_or_conflict(field="name"):  # the same name, saved at the same moment
        db.session.add(partnership)
    record(
        "partnership.created",
        obj=partnership,
        partnership=partnership,
        summary=f"Created partnership {partnership.name}",
    )
    if convener is not None:
        add_member(partnership, convener, Role.CONVENER)
    return partnership


def update_partnership(partnership: Partnership, data: dict) -> None:
    """Change a partnership's details."""
    _check_details(data, current=partnership)
    changed = {}
    for field in DETAIL_FIELDS:
        value = data.get(field) or ""
        value = (
            int(value)
            if field == "endorsement_quorum"
            else clean_name(value)
            if field == "name"
            else value
        )
        if getattr(partnership, field) != value:
            changed[field] = [str(getattr(partnership, field))[:80], str(value)[:80]]
            setattr(partnership, field, value)
    db.session.flush()
    if changed:
        record(
            "partnership.updated",
            obj=partnership,
            partnership=partnership,
            summary=f"Edited {', '.join(changed)}",
            changes=changed,
        )


def takes_part(org: Organization | int, partnership: Partnership | int) -> bool:
    """Does the organization take part in the partnership (approved participation)?"""
    pid = partnership if isinstance(partnership, int) else partnership.id
    return pid in access.partnerships_of(org)


def add_organization(partnership: Partnership, org: Organization, by: User | None = None) -> str:
    """Bring an organization into the partnership: "joined", "pending" or "already".

    An organization that takes part in no other partnership joins at once. One that already
    takes part in another joins only when a site administrator approves (`by` a site
    administrator approves at once); until then the request is pending and confers no rights.
    """
    if takes_part(org, partnership):
        return "already"
    if access.partnerships_of(org) and not access.is_admin(by):
        lock(partnership)
        if pending_request(partnership, org) is None:
            request = JoinRequest(
                partnership_id=partnership.id,
                organization_id=org.id,
                requested_by_id=getattr(by, "id", None),
            )
            db.session.add(request)
            db.session.flush()
            record(
                "partnership.organization_requested",
                obj=org,
                actor=by,
                partnership=partnership,
                summary=f"Asked a site administrator to let {org.name} join (it takes part in "
                "another partnership)",
            )
        return "pending"
    _join(partnership, org, by)
    return "joined"


def _join(partnership: Partnership, org: Organization, by: User | None) -> None:
    db.session.add(PartnershipOrganization(partnership_id=partnership.id, organization_id=org.id))
    db.session.flush()
    db.session.expire(partnership, ["organizations"])
    record(
        "partnership.organization_added",
        obj=org,
        actor=by,
        partnership=partnership,
        summary=f"{org.name} joined the partnership",
    )


def pending_request(partnership: Partnership, org: Organization) -> JoinRequest | None:
    """The undecided request of the organization to join the partnership, if any."""
    return db.session.scalar(
        db.select(JoinRequest).where(
            JoinRequest.partnership_id == partnership.id,
            JoinRequest.organization_id == org.id,
            JoinRequest.decided_at.is_(None),
        )
    )


def join_requests(
    partnership: Partnership | None = None, pending_only: bool = True
) -> Select[JoinRequest]:
    """A select of join requests (of one partnership, or all), newest first, with their
    organizations, partnerships and requesters loaded."""
    query = (
        db.select(JoinRequest)
        .options(
            joinedload(JoinRequest.organization),
            joinedload(JoinRequest.partnership),
            joinedload(JoinRequest.requested_by),
        )
        .order_by(JoinRequest.requested_at.desc(), JoinRequest.id.desc())
    )
    if partnership is not None:
        query = query.where(JoinRequest.partnership_id == partnership.id)
    if pending_only:
        query = query.where(JoinRequest.decided_at.is_(None))
    return query


def decide_join(request: JoinRequest, admin: User, approve: bool) -> None:
    """A site administrator approves (the organization joins) or declines a join request."""
    if not access.is_admin(admin):
        raise access.Denied("Only a site administrator decides on joining requests.", status=403)
    lock(request.partnership)
    decided = changed(
        db.update(JoinRequest)
        .where(JoinRequest.id == request.id, JoinRequest.decided_at.is_(None))
        .values(decided_at=utcnow(), decided_by_id=admin.id, approved=approve)
        .execution_options(synchronize_session=False)
    )
    if decided != 1:
        raise Conflict("This request has already been decided.")
    db.session.refresh(request)
    org, partnership = request.organization, request.partnership
    if approve:
        if not takes_part(org, partnership):
            _join(partnership, org, admin)
    else:
        record(
            "partnership.organization_declined",
            obj=org,
            actor=admin,
            partnership=partnership,
            summary=f"A site administrator declined {org.name}'s joining",
        )


def remove_organization(partnership: Partnership, org: Organization) -> None:
    """Remove a participant organization; refused while members of it remain."""
    members = db.session.scalar(
        db.select(db.func.count(Membership.id))
        .join(User, Membership.user_id == User.id)
        .where(Membership.partnership_id == partnership.id, User.organization_id == org.id)
    )
    if members:
        raise Conflict(
            f"{org.name} still has {members} {'member' if members == 1 else 'members'} in this "
            "partnership; remove them first."
        )
    link = db.session.get(PartnershipOrganization, (partnership.id, org.id))
    if link is None:
        raise PartnershipError(f"{org.name} is not part of this partnership.")
    db.session.delete(link)
    db.session.flush()
    db.session.expire(partnership, ["organizations"])
    record(
        "partnership.organization_removed",
        obj=org,
        partnership=partnership,
        summary=f"{org.name} left the partnership",
    )


def members(partnership: Partnership) -> Select[Membership]:
    """A select of the partnership's memberships with users and organizations, by name."""
    return (
        db.select(Membership)
        .join(User, Membership.user_id == User.id)
        .where(Membership.partnership_id == partnership.id)
        .options(joinedload(Membership.user).joinedload(User.organization))
        .order_by(User.display_name, User.email)
    )


def add_member(partnership: Partnership, user: User, role: Role) -> Membership:
    """Give a user a role in the partnership; their organization joins it too."""
    if membership_of(user, partnership):
        raise Conflict(f"{user.email} is already a member of this partnership.")
    membership = Membership(partnership=partnership, user=user, role=Role(role))
    db.session.add(membership)
    db.session.flush()
    if user.organization is not None:
        add_organization(partnership, user.organization, by=user)
    record(
        "membership.added",
        obj=membership,
        partnership=partnership,
        summary=f"{user.email} joined as {membership.role.value}",
        user_id=user.id,
        role=membership.role.value,
    )
    return membership


def _convener_count(partnership: Partnership) -> int:
    return db.session.scalar(
        db.select(db.func.count(Membership.id)).where(
            Membership.partnership_id == partnership.id, Membership.role == Role.CONVENER
        )
    )


def _guard_last_convener(membership: Membership) -> None:
    if membership.role == Role.CONVENER and _convener_count(membership.partnership) <= 1:
        raise Conflict(
            "A partnership needs at least one convener. Make someone else a convener first."
        )


def change_role(membership: Membership, role: Role | str) -> None:
    """Change a member's role; the last convener keeps theirs."""
    role = Role(role)
    if role == membership.role:
        return
    lock(membership.partnership)
    db.session.refresh(membership)
    if role != Role.CONVENER:
        _guard_last_convener(membership)
    old = membership.role
    membership.role = role
    db.session.flush()
    record(
        "membership.role_changed",
        obj=membership,
        partnership=membership.partnership,
        summary=f"{membership.user.email}: {old.value} → {role.value}",
        user_id=membership.user_id,
        old=old.value,
        new=role.value,
    )


def remove_member(membership: Membership) -> None:
    """Remove someone from the partnership; the last convener cannot be removed."""
    lock(membership.partnership)
    db.session.refresh(membership)
    _guard_last_convener(membership)
    partnership, email, user_id = membership.partnership, membership.user.email, membership.user_id
    record(
        "membership.removed",
        obj=membership,
        partnership=partnership,
        summary=f"{email} was removed",
        user_id=user_id,
    )
    db.session.delete(membership)
    db.session.flush()
