"""The user account."""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import TYPE_CHECKING

from flask_login import UserMixin
from sqlalchemy import ForeignKey, String, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from curriculum.db import UTCDateTime, utcnow
from curriculum.extensions import Model, db

if TYPE_CHECKING:
    from curriculum.organizations.models import Organization
    from curriculum.partnerships.models import Membership


class User(UserMixin, Model):
    """A person who signs in. Email is unique regardless of case (stored lower-cased)."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    display_name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(255))
    is_site_admin: Mapped[bool] = mapped_column(default=False)
    active: Mapped[bool] = mapped_column(default=True)
    organization_id: Mapped[int | None] = mapped_column(
        ForeignKey("organizations.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # No longer read: sign-ins live in user_sessions. Kept (random) until the branches whose
    # migration tests build users on older schemas have merged; then a migration drops it.
    session_token: Mapped[str] = mapped_column(String(64), default=lambda: secrets.token_hex(16))

    organization: Mapped[Organization | None] = relationship(back_populates="users")
    memberships: Mapped[list[Membership]] = relationship(
        back_populates="user", cascade="all, delete-orphan"
    )

    @property
    def is_active(self) -> bool:  # Flask-Login
        return self.active

    # The secret of the sign-in session (UserSession) this object was signed in or loaded with;
    # not a column: only the session's hash is stored. (__allow_unmapped__ lets the ORM leave
    # this annotated plain attribute alone.)
    __allow_unmapped__ = True
    session_secret: str | None = None

    def get_id(self) -> str:
        """Flask-Login identity, kept in the session and the remember-me cookie: the id plus
        the secret of this sign-in, so that ending the sign-in's row signs the cookies out."""
        return f"{self.id}:{self.session_secret or ''}"

    def __eq__(self, other) -> bool:
        """The same account, whichever sign-in it was loaded with (UserMixin compares get_id)."""
        if isinstance(other, User):
            return self is other or (self.id is not None and self.id == other.id)
        return NotImplemented

    __hash__ = object.__hash__

    def __repr__(self) -> str:
        return f"<User {self.email}>"


def normalize_email(email: str) -> str:
    """Emails compare case-insensitively; we store and look them up lower-cased."""
    return email.strip().lower()


def find_by_email(email: str) -> User | None:
    """The user with this email, whatever its case."""
    return db.session.scalar(
        db.select(User).where(func.lower(User.email) == normalize_email(email))
    )


class ApiToken(Model):
    """A personal API token. Only its SHA-256 hash is stored; the token is shown once."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # The first characters, so people can tell their tokens apart.
    prefix: Mapped[str] = mapped_column(String(12))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()


class UserSession(Model):
    """One sign-in of a user on one device. Its random secret travels in the Flask session and
    the remember-me cookie (only its SHA-256 hash is stored); a cookie is honoured only while
    its row has not ended, so signing out ends it on the server, whatever copies exist."""

    __tablename__ = "user_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    secret_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    user_agent: Mapped[str] = mapped_column(String(255), default="")
    address: Mapped[str] = mapped_column(String(45), default="")
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()


class PasswordReset(Model):
    """A single-use link to set a new password, valid for an hour. Only the token's hash is kept."""

    __tablename__ = "password_resets"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    requested_ip: Mapped[str] = mapped_column(String(64), default="")

    user: Mapped[User] = relationship()
