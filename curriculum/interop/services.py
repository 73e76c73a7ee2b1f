"""Import jobs: asking for an import (checked, stored with its file), following it, running it
again for real after a dry run, and the partnership's recent imports.

The job itself runs in importing.py (the "import" background task). Services flush, never
commit: the view or CLI commits the job row, then calls `enqueue("import", job.id)` (the
runner must find the row), as exports do.
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import TYPE_CHECKING

from flask import current_app
from sqlalchemy.orm import selectinload

from curriculum import access
from curriculum.errors import DomainError, NotFound
from curriculum.extensions import db
from curriculum.interop import package
from curriculum.interop.models import ImportJob, ImportMode
from curriculum.jobs import JobState, QueueUnavailable, enqueue, lifecycle

if TYPE_CHECKING:
    from curriculum.access import Reader
    from curriculum.auth.models import User
    from curriculum.partnerships.models import Partnership
    from curriculum.standards.models import Framework

RECENT = 10
WAITING_FOR_MAPPING = "Waiting for the column mapping"
QUEUED = "Waiting in the queue"
IMPORT_TIMEOUT = 600  # seconds an import may run


class ImportRequestError(DomainError):
    """A request to import that cannot be taken (400 naming the field, 413 for a big file)."""


def formats() -> list[tuple[str, str]]:
    """(name, label) of every registered reader, in registration order."""
    return [(name, package.reader_label(name)) for name in package.READERS]


def needs_mapping(fmt: str) -> bool:
    return fmt in package.NEEDS_MAPPING


def clean_request(
    partnership: Partnership,
    *,
    format: str,
    mode: str,
    data: bytes,
    framework: Framework | None = None,
) -> None:
    """Check what an import asks for; ImportRequestError naming the field otherwise."""
    if format not in package.READERS:
        offered = ", ".join(f'"{name}"' for name in package.READERS) or "none yet"
        raise ImportRequestError(
            f"Choose the format of the file among those this site reads: {offered}.",
            field="format",
        )
    if mode not in ImportMode.__members__.values():
        raise ImportRequestError(
            'Choose how to import it: "reference" (someone else\'s framework, read-only here) '
            'or "draft" (a partnership framework whose items arrive as drafts).',
            field="mode",
        )
    if not data:
        raise ImportRequestError("The file is empty: choose the file to import.", field="file")
    limit = package.upload_limit()
    if len(data) > limit:
        raise ImportRequestError(
            f"The file is {_size(len(data))}; this site imports files up to {_size(limit)}.",
            field="file",
            status=413,
        )
    if framework is not None:
        if framework.partnership_id != partnership.id:
            raise ImportRequestError(
                f"{framework.title} is not a framework of {partnership.name}.", field="framework"
            )
        if needs_mapping(format) and framework.is_reference:
            raise ImportRequestError(
                f"{framework.title} is a reference framework: it changes only by importing its "
                "source again. Import the spreadsheet as a new framework instead.",
                field="framework",
            )


def _size(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MB" if n >= 1024 * 1024 else f"{max(1, round(n / 1024))} KB"


def start_import(
    partnership: Partnership,
    user: User | None,
    *,
    format: str,
    mode: str,
    dry_run: bool,
    filename: str,
    data: bytes,
    options: dict | None = None,
    framework: Framework | None = None,
) -> ImportJob:
    """Add the job of an import (flushed, not committed). `user` None: the command line.

    A spreadsheet without its column mapping (`options["mapping"]`) is kept out of the queue,
    "Waiting for the column mapping", until the mapping page calls `queue_import`. The caller
    commits, then calls `enqueue_import(job)` when `is_ready(job)`."""
    if user is not None:
        access.require(user, "import", partnership)
        if framework is not None and not framework.is_reference:
            # Importing into a partnership framework changes its standards.
            access.require(user, "edit_standards", framework)
    clean_request(partnership, format=format, mode=mode, data=data, framework=framework)
    options = dict(options or {})
    job = ImportJob(
        partnership_id=partnership.id,
        framework_id=framework.id if framework is not None else None,
        format=format,
        mode=mode,
        dry_run=bool(dry_run),
        filename=_filename(filename, format),
        data=data,
        options=options,
        summary={},
        requested_by_id=user.id if user is not None else None,
    )
    job.message = WAITING_FOR_MAPPING if _waits_for_mapping(job) else QUEUED
    db.session.add(job)
    db.session.flush()
    return job


def _waits_for_mapping(job: ImportJob) -> bool:
    return needs_mapping(job.format) and not (job.options or {}).get("mapping")


def is_ready(job: ImportJob) -> bool:
    """True when the job can be queued (it does not wait for a column mapping)."""
    return job.state == JobState.QUEUED and not _waits_for_mapping(job)


def _filename(name: str, fmt: str) -> str:
    """The uploaded file's own name, without any path, at most 255 characters."""
    base = re.split(r"[\\/]", name or "")[-1].strip()
    base = "".join(c for c in base if c.isprintable())
    return (base or f"upload.{fmt}")[:255]


def queue_import(job: ImportJob, options: dict) -> None:
    """Give a waiting spreadsheet job its reader options (the column mapping); the caller
    commits, then calls `enqueue_import(job)`."""
    if job.state != JobState.QUEUED:
        raise ImportRequestError(f"This import is already {job.state.value}; start a new one.")
    job.options = dict(options)
    job.message = WAITING_FOR_MAPPING if _waits_for_mapping(job) else QUEUED
    db.session.flush()


def enqueue_import(job: ImportJob) -> None:
    """Hand a committed, ready job to the runner; when the queue refuses it, the job fails
    (committed) and ImportRequestError (503) says so."""
    try:
        enqueue("import", job.id)
    except QueueUnavailable as exc:
        current_app.logger.error("import %s: the queue is unavailable: %s", job.id, exc)
        lifecycle.finish(
            job, JobState.FAILED, "The job queue is unavailable; try again in a moment."
        )
        db.session.commit()
        raise ImportRequestError(
            "The job queue is unavailable; try again in a moment.", status=503
        ) from exc


def rerun(job: ImportJob, user: User | None, *, dry_run: bool = False) -> ImportJob:
    """A new job importing the same file with the same options ("Import these changes" after
    a dry run). Flushed; the caller commits and enqueues."""
    if user is not None:
        access.require(user, "import", job.partnership)
    if not job.state.finished:
        raise ImportRequestError(
            "This import has not finished yet; wait for it, then run it again."
        )
    return start_import(
        job.partnership,
        user,
        format=job.format,
        mode=job.mode,
        dry_run=dry_run,
        filename=job.filename,
        data=job.data,
        options=job.options,
        framework=job.framework,
    )


def _lost(job: ImportJob) -> str | None:
    if _waits_for_mapping(job):
        return None  # not in the queue: it waits for a person, not a runner
    why = lifecycle.lost(
        job,
        timedelta(seconds=IMPORT_TIMEOUT + 120),
        waiting="No worker picked this import up (a restart, or no worker running).",
        interrupted="The import was interrupted (the server restarted).",
    )
    return f"{why} Nothing was written; import the file again." if why else None


def get_import(job_id: str) -> ImportJob:
    """The job (a lost one shown as failed; reading writes nothing), or NotFound."""
    found = (
        db.session.get(ImportJob, job_id) if re.fullmatch(r"[0-9a-f]{32}", job_id or "") else None
    )
    if found is None:
        raise NotFound()
    lifecycle.show_lost(found, _lost(found))
    return found


def recent_imports(partnership: Partnership, user: Reader = None) -> list[ImportJob]:
    """The partnership's latest imports, newest first (those `user` may follow, when given)."""
    jobs = db.session.scalars(
        db.select(ImportJob)
        .options(selectinload(ImportJob.requested_by), selectinload(ImportJob.framework))
        .where(ImportJob.partnership_id == partnership.id)
        .order_by(ImportJob.created_at.desc())
        .limit(RECENT)
    ).all()
    for job in jobs:
        lifecycle.show_lost(job, _lost(job))
    if user is None:
        return list(jobs)
    return [job for job in jobs if access.can(user, "view", job)]


def summary_counts(summary: dict) -> dict[str, int]:
    """created, updated, unchanged, retired as numbers (the engine may give lists)."""
    return {key: _count(summary.get(key)) for key in ("created", "updated", "unchanged", "retired")}


def _count(value: object) -> int:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    if isinstance(value, list | dict | tuple):
        return len(value)
    return 0


def outcome_message(summary: dict, *, dry_run: bool) -> str:
    """What the job page says when it is done: "Dry run: 12 would be created, 3 updated …"."""
    counts = summary_counts(summary)
    links = _count(summary.get("associations"))
    if isinstance(summary.get("associations"), dict):
        links = sum(v for v in summary["associations"].values() if isinstance(v, int))
    fixes = _count(summary.get("fixes"))
    parts = [
        f"{counts['updated']} updated",
        f"{counts['unchanged']} unchanged",
        f"{counts['retired']} retired",
    ]
    tail = f", {links} links" + (
        f"; {fixes} defect{'s' if fixes != 1 else ''} mended" if fixes else ""
    )
    if dry_run:
        return (
            f"Dry run: {counts['created']} would be created, "
            + ", ".join(parts)
            + (f"{tail}. Nothing was written.")
        )
    total = counts["created"] + counts["updated"] + counts["unchanged"]
    noun = "standard" if total == 1 else "standards"
    return (
        f"{total} {noun} imported: {counts['created']} created, " + ", ".join(parts) + (f"{tail}.")
    )
