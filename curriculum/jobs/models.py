"""What every background job's row records: its state, progress, a message for people, when."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from curriculum.db import UTCDateTime, utcnow, value_enum


class JobState(StrEnum):
    QUEUED = "queued"
    RUNNING = "rendering"  # the stored value predates tasks other than PDF exports
    RENDERING = "rendering"  # the same member (an alias), as exports call it
    DONE = "done"
    FAILED = "failed"

    @property
    def finished(self) -> bool:
        return self in (JobState.DONE, JobState.FAILED)


class JobMixin:
    """The columns lifecycle.py reads and writes; a feature's job table adds its own (and its
    primary key, `id`)."""

    id: Mapped[str]
    state: Mapped[JobState] = mapped_column(value_enum(JobState, 16), default=JobState.QUEUED)
    progress: Mapped[int] = mapped_column(default=0)  # percent
    message: Mapped[str] = mapped_column(String(500), default="Waiting in the queue")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    def status(self) -> dict:
        """What a job page polls: state, percent, message and whether it is over."""
        return {
            "state": self.state.value,
            "progress": self.progress,
            "message": self.message,
            "finished": self.state.finished,
        }
