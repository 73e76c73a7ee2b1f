"""Recording and reading audit events."""

from __future__ import annotations

from flask import has_request_context, request
from flask_login import current_user

from curriculum.audit.models import AuditEvent
from curriculum.extensions import db

# What each action code means, in words, for the audit log. Features add their actions here;
# a code without a label is still shown readably (see action_label).
ACTION_LABELS: dict[str, str] = {
    "auth.login": "Signed in",
    "auth.login_failed": "Failed sign-in",
    "auth.logout": "Signed out",
    "auth.password_changed": "Changed password",
    "user.created": "Account created",
    "api_token.created": "API token created",
    "api_token.revoked": "API token revoked",
    "organization.created": "Organization created",
    "organization.updated": "Organization edited",
    "partnership.created": "Partnership created",
    "partnership.updated": "Partnership edited",
    "partnership.organization_added": "Organization joined",
    "partnership.organization_removed": "Organization left",
    "membership.added": "Member added",
    "membership.removed": "Member removed",
    "membership.role_changed": "Role changed",
    "invitation.created": "Invitation sent",
    "invitation.accepted": "Invitation accepted",
    "invitation.revoked": "Invitation withdrawn",
    "framework.created": "Framework created",
    "framework.updated": "Framework edited",
    "framework.renumbered": "Framework renumbered",
    "standard.created": "Standard created",
    "standard.version_saved": "Standard edited",
    "standard.code_changed": "Standard code changed",
    "standard.moved": "Standard moved",
    "standard.reordered": "Standards reordered",
    "standard.in_review": "Standard sent to review",
    "standard.published": "Standard published",
    "standard.retired": "Standard retired",
    "standard.version_retired": "Standard version retired",
    "standard.restored": "Standard restored",
    "standard.reverted": "Standard reverted",
    "standard.endorsed": "Standard endorsed",
    "standard.endorsement_withdrawn": "Endorsement withdrawn",
    "standard.commented": "Comment added",
    "standard.comment_resolved": "Comment resolved",
    "standard.comment_reopened": "Comment reopened",
    "course.created": "Course created",
    "course.updated": "Course edited",
    "program.created": "Program created",
    "program.updated": "Program edited",
    "program.copied": "Program copied",
    "program.course_added": "Course added to program",
    "program.course_removed": "Course removed from program",
}


def action_label(action: str) -> str:
    """The words for an action code: its label, or the code made readable
    ("standard.peer_reviewed" -> "Standard peer reviewed")."""
    if action in ACTION_LABELS:
        return ACTION_LABELS[action]
    words = " ".join(part.replace("_", " ") for part in action.split(".") if part).strip()
    return words[:1].upper() + words[1:] if words else action


def record(
    action: str,
    *,
    obj=None,
    partnership=None,
    summary: str = "",
    actor=None,
    **details,
) -> AuditEvent:
    """Append an event: `actor` defaults to the signed-in user, `obj` to nothing."""
    if actor is None and has_request_context() and current_user.is_authenticated:
        actor = current_user._get_current_object()
    event = AuditEvent(
        action=action,
        actor=actor,
        object_type=type(obj).__name__ if obj is not None else "",
        object_id=getattr(obj, "id", None),
        partnership_id=partnership.id if partnership is not None else None,
        summary=summary[:500],
        details=details,
        ip_address=(request.remote_addr or "") if has_request_context() else "",
    )
    db.session.add(event)
    db.session.flush()
    return event


def events_for_partnership(partnership_id: int, action_prefix: str = ""):
    """A select of a partnership's events, newest first, optionally filtered by action prefix.

    Besides events about the partnership, it holds the sign-ins of its current members.
    """
    from curriculum.partnerships.models import Membership

    member_ids = db.select(Membership.user_id).where(Membership.partnership_id == partnership_id)
    query = (
        db.select(AuditEvent)
        .where(
            db.or_(
                AuditEvent.partnership_id == partnership_id,
                db.and_(AuditEvent.action.startswith("auth."), AuditEvent.actor_id.in_(member_ids)),
            )
        )
        .options(db.joinedload(AuditEvent.actor))
        .order_by(AuditEvent.created_at.desc(), AuditEvent.id.desc())
    )
    if action_prefix:
        query = query.where(AuditEvent.action.startswith(action_prefix, autoescape=True))
    return query
