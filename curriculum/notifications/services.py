"""Notifying people: `notify(...)` is the one way in, from any feature, page, API or job."""

from __future__ import annotations

from collections.abc import Iterable

from curriculum.auth.models import User
from curriculum.extensions import db
from curriculum.notifications import kinds
from curriculum.notifications.models import Delivery, Notification, NotificationPreference
from curriculum.partnerships.models import Partnership


def delivery_of(user: User, kind: str) -> Delivery:
    """How this person wants notifications of this kind (their choice, else the kind's default)."""
    chosen = db.session.scalar(
        db.select(NotificationPreference.delivery).where(
            NotificationPreference.user_id == user.id, NotificationPreference.kind == kind
        )
    )
    return chosen or kinds.get(kind).default


def notify(
    users: Iterable[User],
    kind: str,
    title: str,
    *,
    url: str = "",
    body: str = "",
    partnership: Partnership | None = None,
    actor: User | None = None,
) -> list[Notification]:
    """Tell each of `users` (once each, never the actor who caused it, never an inactive
    account) that something happened: a row in the app, and an email at once when that is their
    choice (a digest picks the rest up later). Flushes; the caller commits.

    `url` is a path in the app where the person acts on it ("/releases/3").
    """
    kinds.get(kind)  # an unknown kind is a programming error, caught by the tests
    seen: set[int] = set()
    made: list[Notification] = []
    for user in users:
        if user.id in seen or not user.active or (actor is not None and user.id == actor.id):
            continue
        seen.add(user.id)
        note = Notification(
            user_id=user.id,
            kind=kind,
            title=title[:300],
            body=body,
            url=url[:500],
            partnership_id=partnership.id if partnership is not None else None,
        )
        db.session.add(note)
        made.append(note)
    db.session.flush()
    for note in made:
        if delivery_of(note.user, kind) == Delivery.EMAIL:
            _email_now(note)
    return made


def _email_now(note: Notification) -> None:
    """Queue the notification's email (mail.services sends it after the commit)."""
    from curriculum.db import utcnow
    from curriculum.mail import services as mail

    mail.send(
        note.user.email,
        note.title,
        mail.notification_text(note),
        kind="notification",
        user=note.user,
    )
    note.emailed_at = utcnow()
