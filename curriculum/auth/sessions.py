"""Sign-in sessions kept in the database (UserSession): start one at sign-in, load the user of
a cookie only while its session lives, end one (sign-out) or all of a user's (sign out
everywhere, password change). Like services, these flush and never commit."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import TYPE_CHECKING

from flask import current_app, g, request
from flask_login import current_user, login_user
from sqlalchemy import update
from sqlalchemy.orm import joinedload

from curriculum.auth.models import User, UserSession
from curriculum.concurrency import changed
from curriculum.db import utcnow
from curriculum.extensions import db, login_manager

if TYPE_CHECKING:
    from flask import Flask

# last_seen_at is written at most this often per session, so page views do not all write.
TOUCH_INTERVAL = timedelta(minutes=1)


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def idle_limit() -> timedelta:
    """A session unused this long is over: as long as a remember-me cookie lasts."""
    duration = current_app.config["REMEMBER_COOKIE_DURATION"]
    return duration if isinstance(duration, timedelta) else timedelta(seconds=duration)


def start(user: User, user_agent: str = "", address: str = "") -> UserSession:
    """A new session for the user; its secret is put on `user` for Flask-Login's get_id()."""
    secret = secrets.token_urlsafe(32)
    row = UserSession(
        user_id=user.id,
        secret_hash=_hash(secret),
        user_agent=(user_agent or "")[:255],
        address=(address or "")[:45],
    )
    db.session.add(row)
    db.session.flush()
    user.session_secret = secret
    g.user_session = row
    return row


def sign_in(user: User, remember: bool = False) -> UserSession:
    """For views: start a session for this request's browser and sign the user in with it."""
    row = start(user, request.user_agent.string, request.remote_addr or "")
    login_user(user, remember=remember)
    return row


def load_user(identity: str) -> User | None:
    """Flask-Login loader for the session and the remember-me cookie: "user id:secret" of a
    session that has neither ended nor idled out; anything else is a visitor."""
    user_id, _, secret = identity.partition(":")
    if not user_id.isdigit() or not secret:
        return None
    now = utcnow()
    row = db.session.scalar(
        db.select(UserSession)
        .options(joinedload(UserSession.user).joinedload(User.organization))
        .where(
            UserSession.secret_hash == _hash(secret),
            UserSession.user_id == int(user_id),
            UserSession.ended_at.is_(None),
            UserSession.last_seen_at > now - idle_limit(),
        )
    )
    if row is None:
        return None
    if now - row.last_seen_at >= TOUCH_INTERVAL:
        row.last_seen_at = now
        db.session.flush()
        g.user_session_touched = True
    row.user.session_secret = secret
    g.user_session = row
    return row.user


def current() -> UserSession | None:
    """The session this request was signed in with (None for visitors and API tokens)."""
    return g.get("user_session")


def end(row: UserSession) -> None:
    """End one session: its cookies, wherever they are, sign no one in any more."""
    if row.ended_at is None:
        row.ended_at = utcnow()
        db.session.flush()


def end_all(user: User, keep: UserSession | None = None) -> int:
    """End every live session of the user (but `keep`); returns how many ended."""
    query = update(UserSession).where(
        UserSession.user_id == user.id, UserSession.ended_at.is_(None)
    )
    if keep is not None:
        query = query.where(UserSession.id != keep.id)
    ended = changed(query.values(ended_at=utcnow()))
    db.session.flush()
    return ended


def active(user: User) -> list[UserSession]:
    """The user's live sessions, most recently used first."""
    return list(
        db.session.scalars(
            db.select(UserSession)
            .where(
                UserSession.user_id == user.id,
                UserSession.ended_at.is_(None),
                UserSession.last_seen_at > utcnow() - idle_limit(),
            )
            .order_by(UserSession.last_seen_at.desc(), UserSession.id.desc())
        )
    )


def init_app(app: Flask) -> None:
    """Load the signed-in user when each request starts (before a view writes anything), so
    that noting the session's last use can be committed on its own."""
    login_manager.user_loader(load_user)

    @app.before_request
    def load_signed_in_user() -> None:
        if request.endpoint == "static":
            return
        current_user._get_current_object()
        if g.pop("user_session_touched", False):
            db.session.commit()
