"""Recording and reading audit events."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from flask import has_request_context, request
from flask_login import current_user
from sqlalchemy import Select

from curriculum.audit.models import AuditEvent
from curriculum.extensions import db

if TYPE_CHECKING:
    from curriculum.auth.models import User
    from curriculum.partnerships.models import Partnership


def record(
    action: str,
    *,
    obj: object | None = None,
    partnership: Partnership | None = None,
    summary: str = "",
    actor: User | None = None,
    **details: Any,
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


def events_for_partnership(partnership_id: int, action_prefix: str = "") -> Select[AuditEvent]:
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
