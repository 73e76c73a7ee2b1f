"""OutgoingMail: one message to one address, queued, sent (or logged), retried, or failed."""

from __future__ import annotations

import secrets
from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from curriculum.auth.models import User
from curriculum.db import UTCDateTime
from curriculum.extensions import Model
from curriculum.jobs.models import JobMixin


class OutgoingMail(JobMixin, Model):
    """A message on its way. The job's state says where it is: queued (waiting, or waiting for
    its next attempt at `next_attempt_at`), running, done (sent, or written to the log when no
    MAIL_SERVER is set: `transport` says which) or failed (every attempt failed; `last_error`)."""

    __tablename__ = "outgoing_mails"

    id: Mapped[str] = mapped_column(
        String(32), primary_key=True, default=lambda: secrets.token_hex(16)
    )
    # invitation, password_reset, notification, digest
    kind: Mapped[str] = mapped_column(String(40))
    to: Mapped[str] = mapped_column(String(254), index=True)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    sender: Mapped[str] = mapped_column(String(254), default="")
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)  # plain text
    html: Mapped[str] = mapped_column(Text, default="")  # optional HTML alternative
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    last_error: Mapped[str] = mapped_column(String(500), default="")
    transport: Mapped[str] = mapped_column(String(8), default="")  # "smtp" or "log", once done
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User | None] = relationship()
