"""Sending email: `send(...)` queues a message; it goes out after the transaction commits."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask import current_app

from curriculum.extensions import db
from curriculum.mail.models import OutgoingMail

if TYPE_CHECKING:
    from curriculum.auth.models import User
    from curriculum.notifications.models import Notification


def send(
    to: str, subject: str, body: str, *, kind: str, user: User | None = None, html: str = ""
) -> OutgoingMail:
    """Queue one message to one address (flushes; delivered once the caller's transaction
    commits, by the job runner, over SMTP or to the log when no MAIL_SERVER is set)."""
    mail = OutgoingMail(
        kind=kind,
        to=to,
        user_id=user.id if user is not None else None,
        sender=current_app.config.get("MAIL_DEFAULT_SENDER") or "",
        subject=subject[:300],
        body=body,
        html=html,
    )
    db.session.add(mail)
    db.session.flush()
    return mail


def notification_text(note: Notification) -> str:
    """The plain-text body of a notification's email."""
    lines = [note.title, ""]
    if note.body:
        lines += [note.body, ""]
    if note.url:
        lines.append(absolute_url(note.url))
    return "\n".join(lines).rstrip() + "\n"


def absolute_url(path: str) -> str:
    """A link for an email: PUBLIC_URL (or the request's host) followed by the path."""
    from flask import has_request_context, request

    base = current_app.config.get("PUBLIC_URL") or (
        request.host_url if has_request_context() else "http://127.0.0.1:5000/"
    )
    return base.rstrip("/") + path
