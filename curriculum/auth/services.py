"""Account operations: passwords, users, signing in, API tokens. They flush; views commit."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import TYPE_CHECKING

from flask import current_app
from sqlalchemy import update
from sqlalchemy.orm import joinedload
from werkzeug.security import check_password_hash, generate_password_hash

from curriculum.audit.services import record
from curriculum.auth import sessions
from curriculum.auth.models import ApiToken, User, UserSession, find_by_email, normalize_email
from curriculum.concurrency import changed
from curriculum.db import utcnow
from curriculum.errors import Conflict, DomainError
from curriculum.extensions import db
from curriculum.names import clean_name

if TYPE_CHECKING:
    from curriculum.organizations.models import Organization

MIN_PASSWORD_LENGTH = 10
PASSWORD_LENGTH_MESSAGE = f"Choose a password of at least {MIN_PASSWORD_LENGTH} characters."


class AccountError(DomainError):
    """Bad input for an account operation."""


def hash_password(password: str) -> str:
    """A salted, cost-factored hash (scrypt by default; PASSWORD_HASH_METHOD overrides)."""
    return generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])


def check_password(password: str, password_hash: str) -> bool:
    return check_password_hash(password_hash, password)


def validate_password(password: str, field: str = "password") -> None:
    """Refuse passwords that are too short to be safe."""
    if len(password or "") < MIN_PASSWORD_LENGTH:
        raise AccountError(PASSWORD_LENGTH_MESSAGE, field=field)


def create_user(
    email: str,
    display_name: str,
    password: str,
    organization: Organization | None = None,
    is_site_admin: bool = False,
) -> User:
    """Create an account; the email must be new (case-insensitively)."""
    email = normalize_email(email)
    if not email or "@" not in email:
        raise AccountError("Enter a valid email address.", field="email")
    if find_by_email(email):
        raise AccountError("An account with this email already exists.", field="email")
    if not clean_name(display_name):
        raise AccountError("Enter a name.", field="display_name")
    validate_password(password)
    user = User(
        email=email,
        display_name=clean_name(display_name),
        password_hash=hash_password(password),
        organization=organization,
        is_site_admin=is_site_admin,
    )
    db.session.add(user)
    db.session.flush()
    return user


# A real hash to check against when the email is unknown, so timing does not reveal accounts.
_dummy_hash: dict[str, str] = {}


def authenticate(email: str, password: str) -> User | None:
    """The active user with this email and password, or None. Records the attempt."""
    user = find_by_email(email or "")
    if user is None:
        method = current_app.config["PASSWORD_HASH_METHOD"]
        if method not in _dummy_hash:
            _dummy_hash[method] = generate_password_hash("x" * 16, method=method)
        check_password(password or "", _dummy_hash[method])
    if user is None or not user.active or not check_password(password or "", user.password_hash):
        record("auth.login_failed", actor=user, summary=f"Failed sign-in for {email[:200]}")
        return None
    user.last_login_at = utcnow()
    record("auth.login", actor=user, obj=user, summary=f"{user.email} signed in")
    return user


def change_password(user: User, current: str, new: str, keep: UserSession | None = None) -> None:
    """Change a password after checking the current one; the user's other sessions end (all
    but `keep`, the one changing it) and their API tokens are revoked."""
    if not check_password(current or "", user.password_hash):
        raise AccountError("Your current password is not correct.", field="current_password")
    validate_password(new, field="new_password")
    set_password(user, new, keep=keep)
    record("auth.password_changed", obj=user, actor=user, summary=f"{user.email} changed password")


def set_password(user: User, password: str, keep: UserSession | None = None) -> None:
    """Set a password, end every session of the user but `keep` and revoke their API tokens
    (whoever knew the old password may have signed in or made a token with it)."""
    user.password_hash = hash_password(password)
    sessions.end_all(user, keep=keep)
    revoked = changed(
        update(ApiToken)
        .where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )
    db.session.flush()
    if revoked:
        record(
            "api_token.revoked",
            obj=user,
            actor=user,
            summary=f"{user.email}'s {revoked} API token(s) revoked by a password change",
        )


def update_profile(user: User, display_name: str) -> None:
    """Change the name shown for a user."""
    if not clean_name(display_name):
        raise AccountError("Enter a name.", field="display_name")
    user.display_name = clean_name(display_name)
    db.session.flush()


# --- Personal API tokens ---------------------------------------------------------------------

TOKEN_PREFIX = "cur_"
# last_used_at is written at most this often per token, so reads do not all become writes.
TOKEN_TOUCH_INTERVAL = timedelta(minutes=1)


def _token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def create_token(user: User, name: str) -> tuple[ApiToken, str]:
    """A new API token for the user; returns it and the secret, which is never stored."""
    name = clean_name(name)
    if not name:
        raise AccountError("Name the token after what will use it.", field="name")
    if len(name) > 100:
        raise AccountError("A token name has at most 100 characters.", field="name")
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user_id=user.id, name=name, token_hash=_token_hash(raw), prefix=raw[:12])
    db.session.add(token)
    db.session.flush()
    record(
        "api_token.created",
        obj=token,
        summary=f"{user.email} created API token “{name}” ({token.prefix}…)",
        user_id=user.id,
    )
    return token, raw


def tokens_of(user: User) -> list[ApiToken]:
    """The user's tokens that still work, newest first."""
    return list(
        db.session.scalars(
            db.select(ApiToken)
            .where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
            .order_by(ApiToken.created_at.desc(), ApiToken.id.desc())
        )
    )


def revoke_token(user: User, token_id: int) -> ApiToken:
    """Revoke one of the user's tokens; requests carrying it are refused from now on."""
    token = db.session.scalar(
        db.select(ApiToken).where(ApiToken.id == token_id, ApiToken.user_id == user.id)
    )
    if token is None:
        raise AccountError("You have no such API token.", status=404)
    if token.revoked_at is not None:
        raise Conflict(f"The token “{token.name}” was already revoked.")
    token.revoked_at = utcnow()
    db.session.flush()
    record(
        "api_token.revoked",
        obj=token,
        summary=f"{user.email} revoked API token “{token.name}” ({token.prefix}…)",
        user_id=user.id,
    )
    return token


def use_token(raw: str) -> ApiToken | None:
    """The unrevoked token of an active user matching `raw`, its last use noted; else None."""
    if not raw or not raw.startswith(TOKEN_PREFIX):
        return None
    token = db.session.scalar(
        db.select(ApiToken)
        .options(joinedload(ApiToken.user).joinedload(User.organization))
        .where(ApiToken.token_hash == _token_hash(raw), ApiToken.revoked_at.is_(None))
    )
    if token is None or not token.user.active:
        return None
    now = utcnow()
    if token.last_used_at is None or now - token.last_used_at >= TOKEN_TOUCH_INTERVAL:
        token.last_used_at = now
        db.session.flush()
    return token
