"""Export jobs (someone asked for a PDF) and the rendered files they share by content hash."""

from __future__ import annotations

import secrets
from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import JSON, ForeignKey, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from curriculum.auth.models import User
from curriculum.courses.models import Program
from curriculum.db import UTCDateTime, utcnow, value_enum
from curriculum.extensions import Model
from curriculum.partnerships.models import Partnership
from curriculum.standards.models import Framework


class JobState(StrEnum):
    QUEUED = "queued"
    RENDERING = "rendering"
    DONE = "done"
    FAILED = "failed"

    @property
    def finished(self) -> bool:
        return self in (JobState.DONE, JobState.FAILED)


class ExportKind(StrEnum):
    CURRICULUM = "curriculum"  # a program's aligned curriculum
    STANDARDS = "standards"  # a framework's skill standards


class ExportFile(Model):
    """A rendered PDF, kept once per content hash: equal inputs give the same file."""

    __tablename__ = "export_files"

    id: Mapped[int] = mapped_column(primary_key=True)
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    pages: Mapped[int] = mapped_column(Integer)
    size: Mapped[int] = mapped_column(Integer)
    data: Mapped[bytes] = deferred(mapped_column(LargeBinary, nullable=False))
    render_seconds: Mapped[float] = mapped_column(default=0.0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ExportJob(Model):
    """One request for a PDF: its options, who asked, and how far it has got."""

    __tablename__ = "export_jobs"

    id: Mapped[str] = mapped_column(
        String(32), primary_key=True, default=lambda: secrets.token_hex(16)
    )
    kind: Mapped[ExportKind] = mapped_column(value_enum(ExportKind, 16))
    program_id: Mapped[int | None] = mapped_column(
        ForeignKey("programs.id", ondelete="CASCADE"), index=True
    )
    framework_id: Mapped[int | None] = mapped_column(
        ForeignKey("frameworks.id", ondelete="CASCADE"), index=True
    )
    partnership_id: Mapped[int] = mapped_column(ForeignKey("partnerships.id", ondelete="CASCADE"))
    # Options: {"frameworks": [ids], "drafts": bool, "as_of": "YYYY-MM-DD" | null}
    options: Mapped[dict] = mapped_column(JSON, default=dict)
    state: Mapped[JobState] = mapped_column(value_enum(JobState, 16), default=JobState.QUEUED)
    progress: Mapped[int] = mapped_column(default=0)  # percent
    message: Mapped[str] = mapped_column(String(500), default="Waiting for a free typesetter")
    content_hash: Mapped[str | None] = mapped_column(String(64))
    cached: Mapped[bool] = mapped_column(default=False)
    file_id: Mapped[int | None] = mapped_column(ForeignKey("export_files.id", ondelete="SET NULL"))
    filename: Mapped[str] = mapped_column(String(200), default="export.pdf")
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    program: Mapped[Program | None] = relationship()
    framework: Mapped[Framework | None] = relationship()
    partnership: Mapped[Partnership] = relationship()
    file: Mapped[ExportFile | None] = relationship()
    requested_by: Mapped[User | None] = relationship()

    @property
    def drafts(self) -> bool:
        return bool(self.options.get("drafts"))

    @property
    def as_of(self) -> date | None:
        value = self.options.get("as_of")
        return date.fromisoformat(value) if value else None

    @property
    def subject(self) -> Program | Framework:
        return self.program if self.kind == ExportKind.CURRICULUM else self.framework
