"""Export jobs (someone asked for a PDF or Word document) and the files they share by content
hash."""

from __future__ import annotations

import secrets
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from curriculum.auth.models import User
from curriculum.courses.models import Program
from curriculum.db import UTCDateTime, utcnow
from curriculum.exports import formats
from curriculum.extensions import Model
from curriculum.jobs.models import JobMixin, JobState
from curriculum.ladders.models import Ladder
from curriculum.partnerships.models import Partnership
from curriculum.releases.models import Release
from curriculum.standards.models import Framework

__all__ = ["ExportFile", "ExportJob", "ExportKind", "JobState"]


class ExportKind(StrEnum):
    """The names of the built-in document kinds (kinds/ registers them; others may be added)."""

    CURRICULUM = "curriculum"  # a program's aligned curriculum
    STANDARDS = "standards"  # a framework's skill standards


class ExportFile(Model):
    """A rendered PDF or Word document, kept once per content hash (the hash includes the
    format): equal inputs give the same file. A Word document has no page count (Word lays
    its pages out when it opens it)."""

    __tablename__ = "export_files"

    id: Mapped[int] = mapped_column(primary_key=True)
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    pages: Mapped[int | None] = mapped_column(Integer)
    size: Mapped[int] = mapped_column(Integer)
    data: Mapped[bytes] = deferred(mapped_column(LargeBinary, nullable=False))
    render_seconds: Mapped[float] = mapped_column(default=0.0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    @property
    def summary(self) -> str:
        """What the file is: "12 pages" (a PDF), "a Word document of 40 KB"."""
        if self.pages is None:
            return f"a Word document of {max(1, round(self.size / 1024))} KB"
        return f"{self.pages} pages"


class ExportJob(JobMixin, Model):
    """One request for a document: its kind, format, subject, options, who asked, and how far
    it has got.

    The subject's id is in the column of the kind's `relation` (program_id, framework_id,
    release_id,
    ladder_id, or partnership_id for a document about a partnership)."""

    __tablename__ = "export_jobs"

    id: Mapped[str] = mapped_column(
        String(32), primary_key=True, default=lambda: secrets.token_hex(16)
    )
    kind: Mapped[str] = mapped_column(String(16))  # a registered kind's name
    format: Mapped[str] = mapped_column(String(8), default="pdf", server_default="pdf")
    program_id: Mapped[int | None] = mapped_column(
        ForeignKey("programs.id", ondelete="CASCADE"), index=True
    )
    framework_id: Mapped[int | None] = mapped_column(
        ForeignKey("frameworks.id", ondelete="CASCADE"), index=True
    )
    release_id: Mapped[int | None] = mapped_column(
        ForeignKey("releases.id", ondelete="CASCADE"), index=True
    )
    ladder_id: Mapped[int | None] = mapped_column(
        ForeignKey("ladders.id", ondelete="CASCADE"), index=True
    )
    partnership_id: Mapped[int] = mapped_column(ForeignKey("partnerships.id", ondelete="CASCADE"))
    # Options: {"frameworks": [ids], "drafts": bool, "as_of": "YYYY-MM-DD" | null}
    options: Mapped[dict] = mapped_column(JSON, default=dict)
    message: Mapped[str] = mapped_column(String(500), default="Waiting for a free typesetter")
    content_hash: Mapped[str | None] = mapped_column(String(64))
    cached: Mapped[bool] = mapped_column(default=False)
    file_id: Mapped[int | None] = mapped_column(ForeignKey("export_files.id", ondelete="SET NULL"))
    filename: Mapped[str] = mapped_column(String(200), default="export.pdf")
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    program: Mapped[Program | None] = relationship()
    framework: Mapped[Framework | None] = relationship()
    release: Mapped[Release | None] = relationship()
    ladder: Mapped[Ladder | None] = relationship()
    partnership: Mapped[Partnership] = relationship()
    file: Mapped[ExportFile | None] = relationship()
    requested_by: Mapped[User | None] = relationship()

    @property
    def format_label(self) -> str:
        """How pages name the format: "PDF" or "Word"."""
        return formats.get(self.format).label

    @property
    def drafts(self) -> bool:
        return bool(self.options.get("drafts"))

    @property
    def as_of(self) -> date | None:
        value = self.options.get("as_of")
        return date.fromisoformat(value) if value else None

    @property
    def options_label(self) -> str:
        """What it prints: "with drafts", "published versions only, as of 2026-03-01", …"""
        from curriculum.exports import kinds

        return kinds.get(self.kind).options_label(self.options)

    @property
    def subject(self) -> Any:
        """The program, framework or other row the document is about."""
        from curriculum.exports import kinds

        return kinds.get(self.kind).subject_of(self)
