"""Partnership operations and the one place that decides who may do what in a partnership."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from flask import abort, current_app
from sqlalchemy.orm import joinedload, selectinload

from curriculum.audit.services import record
from curriculum.auth.models import User, find_by_email, normalize_email
from curriculum.auth.services import create_user
from curriculum.concurrency import unique_or_conflict
from curriculum.db import utcnow
from curriculum.errors import Conflict, DomainError
from curriculum.extensions import db
from curriculum.organizations.models import Organization
from curriculum.partnerships.models import (
    Invitation,
    Membership,
    Partnership,
    PartnershipOrganization,
    Role,
)


class PartnershipError(DomainError):
    """Bad input for a partnership operation."""


# What each role may do in its partnership. Site administrators may do everything.
_AUTHORS = frozenset({Role.CONVENER, Role.PANELIST, Role.FACULTY})
PERMISSIONS: dict[str, frozenset[Role]] = {
    "view_members": frozenset(Role),
    "edit": frozenset({Role.CONVENER}),
    "manage_members": frozenset({Role.CONVENER}),
    "invite": frozenset({Role.CONVENER}),
    "view_audit": frozenset({Role.CONVENER}),
    # Skill standards
    "manage_frameworks": frozenset({Role.CONVENER}),
    "view_drafts": _AUTHORS,
    "edit_standards": _AUTHORS,
    "comment": _AUTHORS,
    "endorse": frozenset({Role.PANELIST}),
    "publish": frozenset({Role.CONVENER}),  # move to review, publish, retire
}


def membership_of(user, partnership: Partnership) -> Membership | None:
    """The user's membership in the partnership, if any."""
    if not user.is_authenticated:
        return None
    return db.session.scalar(
        db.select(Membership).where(
            Membership.partnership_id == partnership.id, Membership.user_id == user.id
        )
    )


def _allowed(user, action: str, membership: Membership | None) -> bool:
    if not user.is_authenticated:
        return False
    return user.is_site_admin or (membership is not None and membership.role in PERMISSIONS[action])


def can(user, action: str, partnership: Partnership) -> bool:
    """True when the user may do `action` (a key of PERMISSIONS) in the partnership."""
    return _allowed(user, action, membership_of(user, partnership))


def authorize(user, action: str, partnership: Partnership) -> None:
    """Abort with 403 for members lacking the role, 404 for outsiders (hide what exists)."""
    if can(user, action, partnership):
        return
    if user.is_authenticated and (user.is_site_admin or membership_of(user, partnership)):
        abort(403)
    if not user.is_authenticated:
        abort(401)
    abort(404)


def is_convener_anywhere(user) -> bool:
    """True when the user convenes at least one partnership."""
    return (
        db.session.scalar(
            db.select(Membership.id)
            .where(Membership.user_id == user.id, Membership.role == Role.CONVENER)
            .limit(1)
        )
        is not None
    )


def permissions_for(user, partnership: Partnership) -> dict[str, bool]:
    """Every permission at once, for templates deciding which buttons to show."""
    membership = membership_of(user, partnership)
    return {action: _allowed(user, action, membership) for action in PERMISSIONS}


def get_partnership(partnership_id: int) -> Partnership:
    """The partnership with its organizations loaded, or 404."""
    partnership = db.session.scalar(
        db.select(Partnership)
        .options(selectinload(Partnership.organizations))
        .where(Partnership.id == partnership_id)
    )
    if partnership is None:
        abort(404)
    return partnership


def search(q: str = ""):
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
    name = data["name"].strip()
    clash = db.session.scalar(
        # The exact name too: SQLite's lower() folds only ASCII, and the name is unique.
        db.select(Partnership)
        .where(db.or_(Partnership.name == name, db.func.lower(Partnership.name) == name.lower()))
        .where(Partnership.id != (current.id if current is not None else None))
        .limit(1)
    )
    if clash is not None:
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
    partnership.name = partnership.name.strip()
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
            else value.strip()
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


def add_organization(partnership: Partnership, org: Organization) -> None:
    """Make an organization a participant of the partnership (no-op if it already is)."""
    if org in partnership.organizations:
        return
    db.session.add(PartnershipOrganization(partnership_id=partnership.id, organization_id=org.id))
    db.session.flush()
    db.session.expire(partnership, ["organizations"])
    record(
        "partnership.organization_added",
        obj=org,
        partnership=partnership,
        summary=f"{org.name} joined the partnership",
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


def members(partnership: Partnership):
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
        add_organization(partnership, user.organization)
    record(
        "membership.added",
        obj=membership,
        partnership=partnership,
        summary=f"{user.email} joined as {membership.role.value}",
        user_id=user.id,
        role=membership.role.value,
    )
    return membership


def _lock(partnership: Partnership) -> None:
    """Serialise membership changes of one partnership (row lock on PostgreSQL)."""
    db.session.execute(
        db.select(Partnership.id).where(Partnership.id == partnership.id).with_for_update()
    )


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
    _lock(membership.partnership)
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
    _lock(membership.partnership)
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


def _pending_invitations_of(partnership: Partnership, email: str) -> list[Invitation]:
    """The invitations of `email` to the partnership that can still be used."""
    return list(
        db.session.scalars(
            db.select(Invitation).where(
                Invitation.partnership_id == partnership.id,
                Invitation.email == email,
                Invitation.accepted_at.is_(None),
                Invitation.revoked_at.is_(None),
                Invitation.expires_at > utcnow(),
            )
        )
    )


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_invitation(
    partnership: Partnership, email: str, role: Role | str, organization: Organization, invited_by
) -> tuple[Invitation, str]:
    """Invite an email into the partnership; returns the invitation and its one-time token."""
    email = normalize_email(email)
    existing = find_by_email(email)
    if existing is not None and membership_of(existing, partnership):
        raise PartnershipError(f"{email} is already a member of this partnership.", field="email")
    _lock(partnership)  # two conveners inviting the same person at once: one wins
    if _pending_invitations_of(partnership, email):
        raise Conflict(
            f"{email} is already invited to this partnership. To send a new link, withdraw the "
            "old invitation first (under Pending invitations on the Members page).",
            field="email",
        )
    token = secrets.token_urlsafe(32)
    invitation = Invitation(
        partnership=partnership,
        email=email,
        role=Role(role),
        organization=organization,
        token_hash=_token_hash(token),
        invited_by=invited_by,
        expires_at=utcnow() + timedelta(days=current_app.config["INVITATION_DAYS"]),
    )
    db.session.add(invitation)
    db.session.flush()
    add_organization(partnership, organization)
    record(
        "invitation.created",
        obj=invitation,
        partnership=partnership,
        summary=f"Invited {email} as {invitation.role.value} for {organization.name}",
        email=email,
        role=invitation.role.value,
    )
    return invitation, token


class InvitationUnusable(DomainError):
    """The link is unknown, used, revoked or expired (410 Gone, or 404 for unknown).

    `invitation` is the invitation behind a known link, so the view can tell who used it.
    """

    status = 410

    def __init__(self, message: str, invitation: Invitation | None = None, **kwargs):
        super().__init__(message, **kwargs)
        self.invitation = invitation
        # A used link: its owner's way in is signing in.
        self.offer_sign_in = invitation is not None and invitation.state == "accepted"


def find_invitation(token: str) -> Invitation:
    """The pending invitation for a token, or an error saying why it cannot be used."""
    invitation = db.session.scalar(
        db.select(Invitation)
        .options(joinedload(Invitation.partnership), joinedload(Invitation.organization))
        .where(Invitation.token_hash == _token_hash(token or ""))
    )
    if invitation is None:
        raise InvitationUnusable(
            "This invitation link is not valid. Check that you copied the whole link.", status=404
        )
    messages = {
        "accepted": "This invitation has already been used. Sign in with the account it created.",
        "revoked": "This invitation was withdrawn. Ask the convener for a new one.",
        "expired": "This invitation has expired. Ask the convener to send a new one.",
    }
    if invitation.state in messages:
        raise InvitationUnusable(messages[invitation.state], invitation=invitation)
    return invitation


def accept_invitation(
    invitation: Invitation,
    user: User | None = None,
    display_name: str = "",
    password: str = "",
) -> User:
    """Use an invitation once: create the account (or take the signed-in one) and join."""
    # Mark it used first, with a guarded UPDATE, so two simultaneous uses cannot both succeed.
    used = db.session.execute(
        db.update(Invitation)
        .where(
            Invitation.id == invitation.id,
            Invitation.accepted_at.is_(None),
            Invitation.revoked_at.is_(None),
        )
        .values(accepted_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    if used.rowcount != 1:
        raise InvitationUnusable("This invitation has already been used.")
    if user is None:
        user = create_user(
            invitation.email, display_name, password, organization=invitation.organization
        )
    elif normalize_email(user.email) != invitation.email:
        raise PartnershipError(
            f"This invitation is for {invitation.email}. Sign out and open the link again.",
            status=403,
        )
    elif user.organization is None:
        user.organization = invitation.organization
    db.session.refresh(invitation)
    invitation.accepted_by_id = user.id
    membership = membership_of(user, invitation.partnership)
    if membership is None:
        add_member(invitation.partnership, user, invitation.role)
    record(
        "invitation.accepted",
        obj=invitation,
        actor=user,
        partnership=invitation.partnership,
        summary=f"{user.email} accepted the invitation as {invitation.role.value}",
    )
    # Other links to the same person are spent too: close them so they do not linger.
    for other in _pending_invitations_of(invitation.partnership, invitation.email):
        other.revoked_at = utcnow()
        record(
            "invitation.revoked",
            obj=other,
            actor=user,
            partnership=invitation.partnership,
            summary=f"Closed another invitation of {other.email}: they joined with another link",
        )
    db.session.flush()
    return user


def revoke_invitation(invitation: Invitation) -> None:
    """Withdraw a pending invitation."""
    if invitation.state != "pending":
        raise Conflict(f"This invitation is already {invitation.state}.")
    invitation.revoked_at = utcnow()
    db.session.flush()
    record(
        "invitation.revoked",
        obj=invitation,
        partnership=invitation.partnership,
        summary=f"Withdrew the invitation of {invitation.email}",
    )


def pending_invitations(partnership: Partnership) -> list[Invitation]:
    """The partnership's invitations that can still be used, newest first."""
    return list(
        db.session.scalars(
            db.select(Invitation)
            .options(joinedload(Invitation.organization), joinedload(Invitation.invited_by))
            .where(
                Invitation.partnership_id == partnership.id,
                Invitation.accepted_at.is_(None),
                Invitation.revoked_at.is_(None),
                Invitation.expires_at > utcnow(),
            )
            .order_by(Invitation.created_at.desc())
        )
    )
