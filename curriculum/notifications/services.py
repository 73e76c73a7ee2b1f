"""Notifying people: `notify(...)` is the one way in, from any feature, page, API or job; and a
person's notifications: their list, the unread count, marking read, their preferences."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from flask import current_app, has_request_context, url_for
from sqlalchemy import Select, func, update

from curriculum.auth.models import User
from curriculum.db import utcnow
from curriculum.errors import NotFound
from curriculum.extensions import db
from curriculum.notifications import kinds
from curriculum.notifications.models import Delivery, Notification, NotificationPreference
from curriculum.partnerships.models import Partnership


def delivery_of(user: User, kind: str) -> Delivery:
    """How this person wants notifications of this kind (their choice, else the kind's default)."""
    return deliveries([user.id], kind).get(user.id) or kinds.get(kind).default


def deliveries(user_ids: Iterable[int], kind: str) -> dict[int, Delivery]:
    """{user id: their chosen delivery} for one kind, in one query (no entry: the default)."""
    ids = list(user_ids)
    if not ids:
        return {}
    rows = db.session.execute(
        db.select(NotificationPreference.user_id, NotificationPreference.delivery).where(
            NotificationPreference.kind == kind, NotificationPreference.user_id.in_(ids)
        )
    )
    return {user_id: Delivery(delivery) for user_id, delivery in rows}


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
    account, never one who has an unread notification of this kind and url already) that
    something happened: a row in the app, and an email at once when that is their choice (a
    digest picks the rest up later). Flushes; the caller commits. Reads who was told already and
    the people's preferences for the kind in one query each, whatever their number.

    `url` is a path in the app where the person acts on it ("/releases/3").
    """
    default = kinds.get(kind).default  # an unknown kind is a programming error
    seen: set[int] = set()
    told: list[User] = []
    for user in users:
        if user.id in seen or not user.active or (actor is not None and user.id == actor.id):
            continue
        seen.add(user.id)
        told.append(user)
    url = url[:500]
    if url:  # (without a url nothing says two notifications are about the same thing)
        waiting = _unread_already(seen, kind, url)
        told = [user for user in told if user.id not in waiting]
    if not told:
        return []
    made = [
        Notification(
            user=user,
            kind=kind,
            title=title[:300],
            body=body,
            url=url,
            partnership_id=partnership.id if partnership is not None else None,
        )
        for user in told
    ]
    db.session.add_all(made)
    db.session.flush()
    chosen = deliveries([user.id for user in told], kind)
    for note in made:
        if chosen.get(note.user_id, default) == Delivery.EMAIL:
            _email_now(note)
    return made


def _unread_already(user_ids: set[int], kind: str, url: str) -> set[int]:
    """Which of these people have an unread notification of this kind and url (one query)."""
    if not user_ids:
        return set()
    return set(
        db.session.scalars(
            db.select(Notification.user_id).where(
                Notification.user_id.in_(user_ids),
                Notification.kind == kind,
                Notification.url == url,
                Notification.read_at.is_(None),
            )
        )
    )


def settle(kind: str, url: str) -> int:
    """What the notifications of this kind and url asked for is done or moot (the release was
    published or discarded, the version published): mark them read for everyone, so they leave
    the unread count and the digest. Returns how many."""
    kinds.get(kind)
    result = db.session.execute(
        update(Notification)
        .where(Notification.kind == kind, Notification.url == url, Notification.read_at.is_(None))
        .values(read_at=utcnow())
    )
    return int(getattr(result, "rowcount", 0) or 0)


def _email_now(note: Notification) -> None:
    """Queue the notification's email (mail.services sends it after the commit)."""
    from curriculum.mail import services as mail

    mail.send(
        note.user.email,
        note.title,
        mail.notification_text(note),
        kind="notification",
        user=note.user,
    )
    note.emailed_at = utcnow()


def path_for(endpoint: str, anchor: str = "", **values: Any) -> str:
    """The path of a page of the app, for a notification's url: in a request, or outside one
    (a command, a background job), where url_for has no host to build against."""
    if has_request_context():
        path = url_for(endpoint, **values)
    else:
        script = current_app.config.get("APPLICATION_ROOT") or "/"
        path = current_app.url_map.bind("localhost", script_name=script).build(endpoint, values)
    return f"{path}#{anchor}" if anchor else path


# --- A person's notifications ----------------------------------------------------------------


def inbox(user: User, unread_only: bool = False) -> Select[Notification]:
    """The person's notifications, newest first (only the unread ones when asked)."""
    query = (
        db.select(Notification)
        .where(Notification.user_id == user.id)
        .order_by(Notification.created_at.desc(), Notification.id.desc())
    )
    if unread_only:
        query = query.where(Notification.read_at.is_(None))
    return query


def unread_count(user: User) -> int:
    """How many of the person's notifications are unread (one query)."""
    return (
        db.session.scalar(
            db.select(func.count(Notification.id)).where(
                Notification.user_id == user.id, Notification.read_at.is_(None)
            )
        )
        or 0
    )


def get_notification(notification_id: int) -> Notification:
    """The notification with this id; NotFound when there is none (the view asks access whose
    it is)."""
    found = db.session.get(Notification, notification_id)
    if found is None:
        raise NotFound()
    return found


def mark_read(note: Notification) -> None:
    """Mark one notification read (once: the first reading's time is kept)."""
    if note.read_at is None:
        note.read_at = utcnow()
        db.session.flush()


def mark_all_read(user: User) -> int:
    """Mark every unread notification of the person read; returns how many."""
    result = db.session.execute(
        update(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None))
        .values(read_at=utcnow())
    )
    return int(getattr(result, "rowcount", 0) or 0)


# --- Preferences -----------------------------------------------------------------------------


def preferences_of(user: User) -> dict[str, Delivery]:
    """{kind name: delivery} for every kind: the person's choice, else the kind's default."""
    chosen = dict(
        db.session.execute(
            db.select(NotificationPreference.kind, NotificationPreference.delivery).where(
                NotificationPreference.user_id == user.id
            )
        ).all()
    )
    return {name: Delivery(chosen.get(name, kind.default)) for name, kind in kinds.KINDS.items()}


def save_preferences(user: User, choices: Mapping[str, Delivery]) -> None:
    """Keep the person's choice for each kind named in `choices` (a row per kind, so a later
    change of a kind's default does not change what they chose). Flushes."""
    for name in choices:
        kinds.get(name)
    rows = {
        row.kind: row
        for row in db.session.scalars(
            db.select(NotificationPreference).where(NotificationPreference.user_id == user.id)
        )
    }
    for name, delivery in choices.items():
        row = rows.get(name)
        if row is None:
            db.session.add(NotificationPreference(user_id=user.id, kind=name, delivery=delivery))
        elif row.delivery != delivery:
            row.delivery = delivery
    db.session.flush()
