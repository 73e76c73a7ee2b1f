"""Password reset by email: a single-use link, valid for an hour, whose token only the mail
holds (the table keeps its SHA-256). Asking gives the same answer whether or not the address
has an account; using the link sets a new password, ends every session and revokes the API
tokens, as a password change does. Like services, these flush and never commit."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from flask import current_app, render_template
from limits import parse
from sqlalchemy import update

from curriculum.audit.services import record
from curriculum.auth.models import PasswordReset, User, find_by_email, normalize_email
from curriculum.auth.services import set_password, validate_password
from curriculum.concurrency import changed
from curriculum.db import utcnow
from curriculum.errors import DomainError
from curriculum.extensions import db, limiter
from curriculum.mail import services as mail

VALID_FOR = timedelta(hours=1)


class ResetUnusable(DomainError):
    """The link is unknown (404), used or expired (410): the page says so and offers a new one."""

    status = 410


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def within_address_limit(email: str) -> bool:
    """Count a request for this address (whether or not it has an account) against
    PASSWORD_RESETS_PER_ADDRESS an hour; False once that is used up. Kept in the rate
    limiter's storage (Redis when set), under a hash of the address."""
    if not limiter.enabled:  # RATELIMIT_ENABLED off: no limits at all
        return True
    per_hour = current_app.config["PASSWORD_RESETS_PER_ADDRESS"]
    key = hashlib.sha256(normalize_email(email).encode()).hexdigest()
    prefix = current_app.config.get("RATELIMIT_KEY_PREFIX", "")
    return limiter.limiter.hit(parse(f"{per_hour}/hour"), prefix, "password-reset-address", key)


def request_reset(email: str, address: str = "") -> PasswordReset | None:
    """Mail a reset link to the active account with this email, if there is one (None when
    there is not: the caller answers the same either way)."""
    user = find_by_email(email or "")
    if user is None or not user.active:
        return None
    token, now = secrets.token_urlsafe(32), utcnow()
    reset = PasswordReset(
        user_id=user.id,
        token_hash=_hash(token),
        created_at=now,
        expires_at=now + VALID_FOR,
        requested_ip=address[:64],
    )
    db.session.add(reset)
    db.session.flush()
    link = mail.link("auth.reset_password", token=token)
    body = render_template("mail/password_reset.txt", user=user, link=link, hours=1)
    mail.send(
        user.email, "Set a new password for Curriculum", body, kind="password_reset", user=user
    )
    record(
        "auth.password_reset_requested",
        obj=user,
        summary=f"A password reset link was mailed to {user.email}",
    )
    return reset


def find_reset(token: str) -> PasswordReset:
    """The usable reset of this token, or ResetUnusable saying why not."""
    reset = db.session.scalar(
        db.select(PasswordReset).where(PasswordReset.token_hash == _hash(token or ""))
    )
    if reset is None:
        raise ResetUnusable(
            "This password reset link is not valid. Check that you copied the whole link, or "
            "ask for a new one.",
            status=404,
        )
    if reset.used_at is not None:
        raise ResetUnusable("This password reset link has already been used.")
    if reset.expires_at <= utcnow() or not reset.user.active:
        raise ResetUnusable("This password reset link has expired (links last one hour).")
    return reset


def complete_reset(reset: PasswordReset, password: str) -> User:
    """Use the link once: set the new password, end every session of the account, revoke its
    API tokens, and spend its other reset links."""
    validate_password(password, field="new_password")
    now = utcnow()
    used = changed(
        update(PasswordReset)
        .where(
            PasswordReset.id == reset.id,
            PasswordReset.used_at.is_(None),
            PasswordReset.expires_at > now,
        )
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    )
    if used != 1:  # used a moment ago in another request
        raise ResetUnusable("This password reset link has already been used.")
    user = reset.user
    changed(
        update(PasswordReset)
        .where(PasswordReset.user_id == user.id, PasswordReset.used_at.is_(None))
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    )
    set_password(user, password)
    record(
        "auth.password_reset",
        obj=user,
        actor=user,
        summary=f"{user.email} set a new password from a reset link; every session ended",
    )
    db.session.flush()
    return user
