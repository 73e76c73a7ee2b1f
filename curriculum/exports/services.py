"""Export jobs: asking for a document, checking who may, following the job, serving its file.

What each kind of document prints and who may export it is its registered Kind (kinds/);
running a job is typesetting.py, the "export" background task.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from flask import current_app
from sqlalchemy import and_, or_
from sqlalchemy.orm import selectinload

from curriculum.audit.services import record
from curriculum.concurrency import lock
from curriculum.errors import Conflict, DomainError, NotFound
from curriculum.exports import documents, formats, kinds
from curriculum.exports.kinds import Kind
from curriculum.exports.models import ExportFile, ExportJob, JobState
from curriculum.extensions import db
from curriculum.jobs import QueueUnavailable, enqueue, lifecycle

if TYPE_CHECKING:
    from curriculum.access import Reader
    from curriculum.auth.models import User
    from curriculum.exports.kinds import Subject
    from curriculum.standards.models import Framework

RECENT = 10


class ExportError(DomainError):
    pass


# --- Options -------------------------------------------------------------------------------


def clean_options(kind: Kind | str, subject: Subject, user: User, data: dict) -> dict:
    """Check the options someone asked for; DomainError (400, or 403 for drafts) when wrong.

    data: {"frameworks": [ids] (kinds that offer them; default all), "drafts": bool,
    "as_of": "YYYY-MM-DD" or a date or None}.
    """
    kind = kinds.get(kind)
    for name in ("drafts", "as_of"):
        if name not in kind.options and data.get(name):
            raise ExportError(f"A {kind.noun} export takes no {name} option.", field=name)
    drafts = data.get("drafts", False)
    if not isinstance(drafts, bool):
        raise ExportError("Say true or false for drafts.", field="drafts")
    if drafts and not kind.sees_drafts(user, subject):
        raise ExportError(
            "Only members who may see drafts can export them; export published versions.",
            field="drafts",
            status=403,
        )
    as_of = data.get("as_of") or None
    if isinstance(as_of, str):
        try:
            as_of = date.fromisoformat(as_of)
        except ValueError:
            raise ExportError("Give the date as YYYY-MM-DD.", field="as_of") from None
    if as_of is not None and not isinstance(as_of, date):
        raise ExportError("Give the date as YYYY-MM-DD.", field="as_of")
    if as_of is not None and as_of > datetime.now(UTC).date():
        raise ExportError("The “as of” date cannot be in the future.", field="as_of")
    options: dict[str, Any] = {"drafts": drafts, "as_of": as_of.isoformat() if as_of else None}
    offered = kind.frameworks(subject)
    if offered is not None:
        options["frameworks"] = _frameworks(subject, offered, data.get("frameworks"))
    options.update(kind.more_options(subject, data))
    if as_of is not None:
        _check_as_of(kind.printed_frameworks(subject, options), as_of, drafts)
    return options


def clean_format(kind: Kind | str, data: dict) -> str:
    """The format asked for ("format": "pdf" or "docx"; absent: pdf), one the kind offers;
    ExportError (400) otherwise."""
    kind = kinds.get(kind)
    wanted = data.get("format", formats.DEFAULT_FORMAT)
    offered = " or ".join(f'"{name}"' for name in kind.formats)
    if not isinstance(wanted, str) or wanted not in formats.FORMATS:
        raise ExportError(f"Choose the format: {offered}.", field="format")
    if wanted not in kind.formats:
        raise ExportError(
            f"A {kind.noun}'s {kind.label.lower()} comes as {offered} only.", field="format"
        )
    return wanted


def _check_as_of(frameworks: list[Framework], as_of: date, drafts: bool) -> None:
    """Refuse an "as of" day before the first one with a standard to print."""
    earliest = documents.earliest_as_of(frameworks, drafts=drafts)
    if earliest is not None and as_of < earliest:
        what = "written" if drafts else "published"
        raise ExportError(
            f"Nothing had been {what} by {as_of.isoformat()}: the first standard of "
            f"{' and '.join(f.title for f in frameworks)} was {what} on "
            f"{earliest.isoformat()}. Choose {earliest.isoformat()} or later.",
            field="as_of",
        )


def _frameworks(subject: Subject, offered: list[Framework], wanted: object) -> list[int]:
    known = {f.id for f in offered}
    if wanted is None:
        wanted = sorted(known)
    if wanted == [] and known:
        raise ExportError(
            "Choose at least one framework (leave the option out for all of them).",
            field="frameworks",
        )
    if not isinstance(wanted, list) or not all(
        isinstance(i, int) and not isinstance(i, bool) for i in wanted
    ):
        raise ExportError("List the frameworks by their ids.", field="frameworks")
    unknown = [i for i in wanted if i not in known]
    if unknown:
        raise ExportError(
            f"{subject.name} does not use framework {unknown[0]}; choose among its own.",
            field="frameworks",
        )
    return sorted(set(wanted))


# --- Asking for an export ------------------------------------------------------------------


def request_export(kind: Kind | str, subject: Subject, user: User, data: dict) -> ExportJob:
    """Create the job (committed) and hand it to the runner. Returns the job."""
    kind = kinds.get(kind)
    kind.require(user, subject)
    fmt = clean_format(kind, data)
    options = clean_options(kind, subject, user, data)
    _check_pending(user)
    job = ExportJob(
        kind=kind.name,
        format=fmt,
        partnership_id=kind.partnership(subject).id,
        options=options,
        filename=kind.filename(subject, options, fmt),
        requested_by_id=user.id,
    )
    setattr(job, kind.column, subject.id)
    db.session.add(job)
    db.session.flush()
    record(
        "export.requested",
        partnership=kind.partnership(subject),
        summary=f"Asked for {job.filename}",
        actor=user,
        job=job.id,
    )
    db.session.commit()
    try:
        enqueue("export", job.id)
    except QueueUnavailable as exc:
        current_app.logger.error("export %s: the queue is unavailable: %s", job.id, exc)
        lifecycle.finish(
            job, JobState.FAILED, "The export queue is unavailable; try again in a moment."
        )
        db.session.commit()
        raise ExportError(
            "The export queue is unavailable; try again in a moment.", status=503
        ) from exc
    return job


def _check_pending(user: User) -> None:
    """Each person may have a few exports waiting or rendering at once (429 beyond); their
    lost ones are failed first (this request writes anyway).

    The person's row is locked first, so simultaneous requests count one after another, each
    seeing the jobs the others added (the lock is held until the job is committed).
    """
    lock(user)
    limit = current_app.config["EXPORT_PENDING_PER_USER"]
    unfinished = db.session.scalars(
        db.select(ExportJob).where(
            ExportJob.requested_by_id == user.id,
            ExportJob.state.in_([JobState.QUEUED, JobState.RENDERING]),
        )
    ).all()
    lifecycle.fail_lost(unfinished, _lost)
    pending = sum(1 for job in unfinished if not job.state.finished)
    if pending >= limit:
        raise ExportError(
            f"You already have {pending} exports waiting or being typeset; ask for more once "
            "one of them is done.",
            status=429,
        )


def _lost(job: ExportJob) -> str | None:
    """Why a job was lost (the server restarted, or no worker runs), or None."""
    why = lifecycle.lost(
        job,
        timedelta(seconds=current_app.config["EXPORT_TIMEOUT"] + 120),
        waiting="No typesetter picked this export up (a restart, or no worker running).",
        interrupted="The export was interrupted (the server restarted).",
    )
    return f"{why} Ask for it again." if why else None


def get_job(job_id: str) -> ExportJob:
    """The job (a lost one shown as failed; reading writes nothing), or NotFound."""
    job = db.session.get(ExportJob, job_id) if re.fullmatch(r"[0-9a-f]{32}", job_id) else None
    if job is None or job.kind not in kinds.KINDS:
        raise NotFound()
    lifecycle.show_lost(job, _lost(job))
    return job


def recent_jobs(user: Reader, subject: Subject) -> list[ExportJob]:
    """The latest exports of a program, framework, ... this user may see, newest first."""
    about = kinds.of_subject(subject)
    if not getattr(user, "is_authenticated", False) or not about:
        return []
    jobs = db.session.scalars(
        db.select(ExportJob)
        .options(selectinload(ExportJob.requested_by), selectinload(ExportJob.file))
        .where(
            or_(
                *(
                    and_(ExportJob.kind == k.name, getattr(ExportJob, k.column) == subject.id)
                    for k in about
                )
            )
        )
        .order_by(ExportJob.created_at.desc())
        .limit(RECENT * 3)
    ).all()
    drafts = about[0].sees_drafts(user, subject)  # the same for every job
    return [j for j in jobs if drafts or not j.drafts][:RECENT]


def file_of(job: ExportJob) -> ExportFile:
    if job.state != JobState.DONE:
        raise Conflict(
            f"The export is {job.state.value}; its file can be downloaded once it is done."
        )
    if job.file is None:
        raise Conflict("This export's file has been removed to save space; export it again.")
    return job.file
