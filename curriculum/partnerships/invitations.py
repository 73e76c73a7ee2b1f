"""Invitations: single-use, expiring links that bring someone into a partnership with a role.

An invited account speaks for an organization taking part in the inviting partnership: the
invitation names one, and an existing account of another organization cannot use it.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import Any

from flask import current_app, render_template
from sqlalchemy.orm import joinedload

from curriculum.audit.services import record
from curriculum.auth.models import User, find_by_email, normalize_email
from curriculum.auth.services import create_user
from curriculum.concurrency import changed, lock
from curriculum.db import utcnow
from curriculum.errors import Conflict, DomainError
from curriculum.extensions import db
from curriculum.organizations.models import Organization
from curriculum.partnerships.models import Invitation, Partnership, Role
from curriculum.partnerships.services import (
    PartnershipError,
    add_member,
    add_organization,
    membership_of,
    takes_part,
)


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
    partnership: Partnership,
    email: str,
    role: Role | str,
    organization: Organization,
    invited_by: User | None,
) -> tuple[Invitation, str]:
    """Invite an email into the partnership; returns the invitation and its one-time token."""
    email = normalize_email(email)
    existing = find_by_email(email)
    if existing is not None and membership_of(existing, partnership):
        raise PartnershipError(f"{email} is already a member of this partnership.", field="email")
    if existing is not None and existing.organization not in (None, organization):
        raise PartnershipError(
            f"The account of {email} speaks for {existing.organization.name}, not "
            f"{organization.name}. Invite them for their own organization.",
            field="organization_id",
        )
    if (
        not takes_part(organization, partnership)
        and add_organization(partnership, organization, by=invited_by) == "pending"
    ):
        raise PartnershipError(
            f"{organization.name} takes part in another partnership, so it joins this one "
            "only when a site administrator approves. Add it on the partnership page to ask; "
            "invite its people once it is approved.",
            field="organization_id",
        )
    lock(partnership)  # two conveners inviting the same person at once: one wins
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
    record(
        "invitation.created",
        obj=invitation,
        partnership=partnership,
        summary=f"Invited {email} as {invitation.role.value} for {organization.name}",
        email=email,
        role=invitation.role.value,
    )
    _mail_invitation(invitation, token, existing)
    return invitation, token


def _mail_invitation(invitation: Invitation, token: str, account: User | None) -> None:
    """Queue the invitation's email to the invitee, with its one-time link."""
    from curriculum.mail import services as mail

    inviter = invitation.invited_by
    who = "A convener"
    if inviter is not None:
        org = f" ({inviter.organization.name})" if inviter.organization else ""
        who = f"{inviter.display_name}{org}"
    body = render_template(
        "mail/invitation.txt",
        invitation=invitation,
        inviter=who,
        link=mail.link("partnerships.accept_invitation", token=token),
        has_account=account is not None,
    )
    subject = f"Invitation to {invitation.partnership.name} on Curriculum"
    mail.send(invitation.email, subject, body, kind="invitation", user=account)


class InvitationUnusable(DomainError):
    """The link is unknown, used, revoked or expired (410 Gone, or 404 for unknown).

    `invitation` is the invitation behind a known link, so the view can tell who used it.
    """

    status = 410

    def __init__(self, message: str, invitation: Invitation | None = None, **kwargs: Any) -> None:
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
    used = changed(
        db.update(Invitation)
        .where(
            Invitation.id == invitation.id,
            Invitation.accepted_at.is_(None),
            Invitation.revoked_at.is_(None),
        )
        .values(accepted_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    if used != 1:
        raise InvitationUnusable("This invitation has already been used.")
    if not takes_part(invitation.organization, invitation.partnership):
        raise Conflict(
            f"{invitation.organization.name} no longer takes part in "
            f"{invitation.partnership.name}, so this invitation cannot be used. Ask the convener "
            "for a new one."
        )
    if user is None:
        user = create_user(
            invitation.email, display_name, password, organization=invitation.organization
        )
    elif normalize_email(user.email) != invitation.email:
        raise PartnershipError(
            f"This invitation is for {invitation.email}. Sign out and open the link again.",
            status=403,
        )
    elif user.organization not in (None, invitation.organization):
        raise PartnershipError(
            f"This invitation is for someone of {invitation.organization.name}; your account "
            f"speaks for {user.organization.name}. Ask the convener for an invitation for your "
            "own organization.",
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
