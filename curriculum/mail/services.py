"""Sending email: `send(...)` queues a message; it goes out after the transaction commits.

A queued mail's id waits in the session (`session.info`) until the transaction commits; then
the "mail" task (sending.py) is enqueued for it from an app context of its own, so that the
inline runner (tests) delivers it with a database session of its own, never inside the one
that is committing. A rolled-back transaction sends nothing. Mails the runner lost (a restart,
Redis down) and those whose next attempt is due are enqueued again by `send_due()`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from flask import Flask, current_app, has_app_context, has_request_context, request, url_for
from sqlalchemy import Select, and_, event, func, or_
from sqlalchemy.orm import Session, SessionTransaction, joinedload

from curriculum.audit.services import record
from curriculum.db import utcnow
from curriculum.errors import Conflict
from curriculum.extensions import db
from curriculum.jobs import JobState, QueueUnavailable, enqueue
from curriculum.mail.models import OutgoingMail

if TYPE_CHECKING:
    from curriculum.auth.models import User
    from curriculum.notifications.models import Notification

FALLBACK_URL = "http://127.0.0.1:5000/"  # links made outside a request without PUBLIC_URL
PENDING = "mail.pending"  # session.info key: ids of mails to enqueue once the session commits
# A mail queued this long without an attempt lost its runner (the process stopped, Redis was
# down): the sweep enqueues it again.
UNATTEMPTED = timedelta(minutes=1)
# A mail "running" this long lost its runner mid-send (an SMTP conversation times out long
# before): the sweep and the task take it up again.
STUCK = timedelta(minutes=10)
# Kinds of mail whose links are secrets (whoever holds one acts as its recipient): once such a
# mail has gone over SMTP, the outbox keeps its text without them.
SECRET_KINDS = frozenset({"password_reset", "invitation"})
REDACTED = "[link removed once sent]"
LINK = re.compile(r"https?://[^\s<>\"']+")


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
        subject=" ".join(subject.split())[:300],  # one line: a header holds no line break
        body=body,
        html=html,
    )
    db.session.add(mail)
    db.session.flush()
    _after_commit(mail.id)
    return mail


def _after_commit(mail_id: str) -> None:
    db.session.info.setdefault(PENDING, []).append(mail_id)


@event.listens_for(Session, "after_commit")
def _enqueue_committed(session: Session) -> None:
    """The transaction that queued mails committed: hand them to the runner."""
    ids = session.info.pop(PENDING, None)
    if ids and has_app_context():  # (outside an app, the sweep picks them up)
        enqueue_apart(current_app._get_current_object(), ids)  # type: ignore[attr-defined]


@event.listens_for(Session, "after_soft_rollback")
def _forget_rolled_back(session: Session, previous: SessionTransaction) -> None:
    """The transaction rolled back: its mails are gone, nothing to send. (A savepoint's
    rollback keeps the list: a mail it took away is no longer found, and skipped.)"""
    if not previous.nested:
        session.info.pop(PENDING, None)


def enqueue_apart(app: Flask, ids: Iterable[str]) -> None:
    """Enqueue the "mail" task for each id, from a fresh app context (and so a fresh session);
    a runner that refuses (Redis down) leaves the mail to the sweep."""
    with app.app_context():
        for mail_id in ids:
            try:
                enqueue("mail", mail_id)
            except QueueUnavailable as exc:
                app.logger.warning("mail %s waits for `flask mail send-due`: %s", mail_id, exc)
            except Exception:  # a commit never fails because a mail could not be handed on
                app.logger.exception("mail %s could not be handed to the runner", mail_id)


def due() -> Select[str]:
    """The ids of mails to (re)send now: queued with their next attempt due, queued for more
    than a minute without any attempt, or stuck mid-send."""
    now = utcnow()
    mail = OutgoingMail
    waiting = mail.state == JobState.QUEUED
    return (
        db.select(mail.id)
        .where(
            or_(
                and_(waiting, mail.next_attempt_at <= now),
                and_(waiting, mail.next_attempt_at.is_(None), mail.created_at <= now - UNATTEMPTED),
                and_(mail.state == JobState.RUNNING, mail.updated_at <= now - STUCK),
            )
        )
        .order_by(mail.created_at, mail.id)
    )


def send_due() -> int:
    """Enqueue every mail that is due (see due()); returns how many. Reads only: the deliveries
    write, each in its own transaction. Run by `flask mail send-due` (from cron or a timer),
    when `flask worker` starts, and before the daily digest."""
    ids = list(db.session.scalars(due()))
    if ids:
        enqueue_apart(current_app._get_current_object(), ids)  # type: ignore[attr-defined]
    return len(ids)


def retry(mail: OutgoingMail) -> None:
    """Send a failed or waiting mail now: one more attempt, once the caller commits."""
    if mail.state == JobState.DONE:
        raise Conflict("This mail was already sent.")
    if mail.state == JobState.RUNNING:
        raise Conflict("This mail is being sent right now.")
    now = utcnow()
    mail.state, mail.next_attempt_at, mail.finished_at = JobState.QUEUED, now, None
    mail.message, mail.updated_at = "Waiting in the queue (retried by hand)", now
    db.session.flush()
    _after_commit(mail.id)
    # (audit object ids are integers: the mail's id goes in the details)
    record("mail.retried", summary=f"Retried the mail to {mail.to}: {mail.subject}", mail=mail.id)


def redact(mail: OutgoingMail) -> bool:
    """Remove the links of a delivered mail of a secret kind from its stored text and HTML (the
    recipient has them; the outbox's readers must not). A mail written to the log (no
    MAIL_SERVER: the log is then the only way to read it) and one not yet delivered (it must
    still be sendable) keep theirs. Returns whether it removed them."""
    if mail.kind not in SECRET_KINDS or mail.state != JobState.DONE or mail.transport != "smtp":
        return False
    mail.body = LINK.sub(REDACTED, mail.body)
    mail.html = LINK.sub(REDACTED, mail.html or "")
    return True


def keeps_secret(mail: OutgoingMail) -> bool:
    """Whether the mail's stored text still holds secret links after delivery (written to the
    log because no MAIL_SERVER is set), for the outbox page to say so."""
    return mail.kind in SECRET_KINDS and mail.transport == "log"


def outbox(q: str = "") -> Select[OutgoingMail]:
    """Every mail, newest first; with `q`, those whose address contains it."""
    query = db.select(OutgoingMail).order_by(OutgoingMail.created_at.desc(), OutgoingMail.id)
    if q:
        query = query.where(func.lower(OutgoingMail.to).contains(q.lower(), autoescape=True))
    return query


def get_mail(mail_id: str) -> OutgoingMail | None:
    """The mail with this id, or None."""
    if len(mail_id) > 32:
        return None
    return db.session.get(OutgoingMail, mail_id, options=[joinedload(OutgoingMail.user)])


def notification_text(note: Notification) -> str:
    """The plain-text body of a notification's email: a greeting, its title and details, the
    link that opens it (marking it read) and where to change what is emailed."""
    from curriculum.notifications.services import path_for

    opened = path_for("notifications.open_notification", notification_id=note.id)
    lines = [f"Hello {note.user.display_name},", "", note.title, ""]
    if note.body:
        lines += [note.body, ""]
    lines += [f"Open it: {absolute_url(opened)}", "", preferences_footer()]
    return "\n".join(lines) + "\n"


def preferences_footer() -> str:
    """The last line of every notification email and digest: where to change what is emailed."""
    from curriculum.notifications.services import path_for

    page = absolute_url(path_for("notifications.preferences"))
    return f"Change which notifications are emailed to you: {page}"


def absolute_url(path: str) -> str:
    """A link for an email: PUBLIC_URL (or the request's host) followed by the path."""
    base = current_app.config.get("PUBLIC_URL") or (
        request.host_url if has_request_context() else FALLBACK_URL
    )
    return base.rstrip("/") + path


def link(endpoint: str, **values: Any) -> str:
    """absolute_url() of a page of the app, in a request or outside one (a command, a job)."""
    if has_request_context():
        path = url_for(endpoint, **values)
    else:
        path = current_app.url_map.bind("localhost").build(endpoint, values)
    return absolute_url(path)
