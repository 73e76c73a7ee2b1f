"""The daily digest: each person whose notifications wait for it gets one email listing them.

A notification waits for the digest when its person's delivery for its kind (their choice, else
the kind's default) is "digest", it has not been read, emailed or digested yet. Sending marks
them digested, so running the digest again sends nothing new.
"""

from __future__ import annotations

from itertools import groupby
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, case, func

from curriculum.auth.models import User
from curriculum.db import utcnow
from curriculum.extensions import db
from curriculum.notifications import kinds
from curriculum.notifications.models import Delivery, Notification, NotificationPreference
from curriculum.notifications.services import path_for


def delivery_column() -> ColumnElement[Any]:
    """The delivery of a notification's person for its kind, in SQL: their preference row (the
    query joins it), else the kind's default."""
    defaults = case(
        {name: kind.default.value for name, kind in kinds.KINDS.items()},
        value=Notification.kind,
        else_=Delivery.APP.value,
    )
    return func.coalesce(NotificationPreference.delivery, defaults)


def waiting() -> Select[Notification]:
    """The notifications waiting for a digest, by person, oldest first (locked, skipping rows
    another digest run holds, so two runs never send the same one)."""
    return (
        db.select(Notification)
        .join(User, User.id == Notification.user_id)
        .outerjoin(
            NotificationPreference,
            and_(
                NotificationPreference.user_id == Notification.user_id,
                NotificationPreference.kind == Notification.kind,
            ),
        )
        .where(
            User.active.is_(True),
            Notification.read_at.is_(None),
            Notification.emailed_at.is_(None),
            Notification.digested_at.is_(None),
            delivery_column() == Delivery.DIGEST.value,
        )
        .order_by(Notification.user_id, Notification.created_at, Notification.id)
        .with_for_update(of=Notification, skip_locked=True)
    )


def send_digests() -> int:
    """Queue one digest email per person with notifications waiting, and mark those digested.
    Returns how many emails were queued. Flushes; the caller commits (the mails go after)."""
    from curriculum.mail import services as mail

    now = utcnow()
    sent = 0
    notes = list(db.session.scalars(waiting()))
    for _user_id, group in groupby(notes, key=lambda note: note.user_id):
        items = list(group)
        user = items[0].user
        mail.send(user.email, subject_of(items), text_of(user, items), kind="digest", user=user)
        for note in items:
            note.digested_at = now
        sent += 1
    db.session.flush()
    return sent


def subject_of(items: list[Notification]) -> str:
    count = len(items)
    return f"Your Curriculum digest: {count} notification{'s' if count != 1 else ''}"


def text_of(user: User, items: list[Notification]) -> str:
    """The digest's plain text: each notification's title, its details and a link that opens
    it (marking it read)."""
    from curriculum.mail.services import absolute_url, preferences_footer

    lines = [f"Hello {user.display_name},", "", "Here is what happened in Curriculum:", ""]
    for note in items:
        lines.append(f"- {note.title}")
        if note.body:
            lines.append(f"  {' '.join(note.body.split())}")
        opened = path_for("notifications.open_notification", notification_id=note.id)
        lines += [f"  {absolute_url(opened)}", ""]
    lines += [
        "You get this digest because you chose it for these kinds of notification.",
        preferences_footer(),
    ]
    return "\n".join(lines) + "\n"
