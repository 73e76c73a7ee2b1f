"""Notification (an event for one person) and NotificationPreference (how they want each kind)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from curriculum.auth.models import User
from curriculum.db import UTCDateTime, utcnow, value_enum
from curriculum.extensions import Model
from curriculum.partnerships.models import Partnership


class Delivery(StrEnum):
    """How a person wants a kind of notification: only in the app, emailed at once, or gathered
    into the daily digest (always also in the app)."""

    APP = "app"
    EMAIL = "email"
    DIGEST = "digest"

    @property
    def label(self) -> str:
        return {"app": "In the app", "email": "Email at once", "digest": "In a daily digest"}[
            self.value
        ]


class Notification(Model):
    """Something that happened that one person should know about, with where to act on it."""

    __tablename__ = "notifications"
    __table_args__ = (Index("ix_notifications_user_read", "user_id", "read_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(40))  # a key of notifications.kinds.KINDS
    title: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text, default="")  # plain text, a few lines at most
    url: Mapped[str] = mapped_column(String(500), default="")  # a path in the app: where to act
    partnership_id: Mapped[int | None] = mapped_column(
        ForeignKey("partnerships.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # When it went out by email at once, or in a digest (None: not yet, or not by email).
    emailed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    digested_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()
    partnership: Mapped[Partnership | None] = relationship()

    @property
    def unread(self) -> bool:
        return self.read_at is None


class NotificationPreference(Model):
    """One person's choice of delivery for one kind (no row: the kind's default)."""

    __tablename__ = "notification_preferences"
    __table_args__ = (UniqueConstraint("user_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(40))
    delivery: Mapped[Delivery] = mapped_column(value_enum(Delivery, 16))
