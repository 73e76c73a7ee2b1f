"""Export jobs: asking for a PDF, checking who may, rendering it once per content, serving it.

A job's document is built from the database when the job runs, rendered to HTML with the
print templates, and hashed (HTML with the export date left out, print.css, WeasyPrint's
version): a job whose hash matches a file already rendered is done at once with that file.
"""

from __future__ import annotations

import hashlib
import re
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from flask import current_app, render_template
from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from curriculum import access
from curriculum.audit.services import record
from curriculum.concurrency import lock
from curriculum.courses.models import Program
from curriculum.db import utcnow
from curriculum.errors import Conflict, DomainError, NotFound
from curriculum.exports import documents, filenames, runner
from curriculum.exports.models import ExportFile, ExportJob, ExportKind, JobState
from curriculum.exports.render import RenderError, render_pdf
from curriculum.extensions import db
from curriculum.standards.models import Framework

EXPORTED_ON = "\u2063EXPORTED-ON\u2063"  # stands for the export date while hashing
RECENT = 10
PROGRESS_EVERY = 0.4  # seconds between progress writes while a document is typeset


class ExportError(DomainError):
    pass


# --- Options -------------------------------------------------------------------------------


def clean_options(kind: ExportKind, subject, user, data: dict) -> dict:
    """Check the options someone asked for; DomainError (400, or 403 for drafts) when wrong.

    data: {"frameworks": [ids] (curriculum only; default all), "drafts": bool,
    "as_of": "YYYY-MM-DD" or a date or None}.
    """
    drafts = data.get("drafts", False)
    if not isinstance(drafts, bool):
        raise ExportError("Say true or false for drafts.", field="drafts")
    if drafts and not access.sees_drafts(user, subject.partnership):
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
    options = {"drafts": drafts, "as_of": as_of.isoformat() if as_of else None}
    if kind == ExportKind.CURRICULUM:
        known = {f.id: f for f in subject.frameworks}
        wanted = data.get("frameworks")
        if wanted is None:
            wanted = list(known)
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
        options["frameworks"] = sorted(set(wanted))
    return options


def filename_for(kind: ExportKind, subject, options: dict) -> str:
    """mechatronics-aas-2026-2027-curriculum.pdf, production-technician-standards.pdf, ..."""
    if kind == ExportKind.CURRICULUM:
        words = [subject.name, _award(subject.award_type), subject.catalog_year, "curriculum"]
    else:
        words = [subject.title, "standards"]
    if options.get("as_of"):
        words.append(f"as-of-{options['as_of']}")
    if options.get("drafts"):
        words.append("draft")
    slug = re.sub(r"[^a-z0-9]+", "-", " ".join(words).lower()).strip("-")
    return f"{slug[:150]}.pdf"


def _award(award_type: str) -> str:
    """'Associate of Applied Science (AAS)' or 'Associate of Applied Science' → 'AAS'."""
    found = re.search(r"\(([^)]+)\)", award_type)
    if found:
        return found.group(1)
    words = award_type.split()
    if len(words) > 2:
        return "".join(w[0] for w in words if w[0].isupper())
    return award_type


# --- Asking for an export ------------------------------------------------------------------


def request_export(kind: ExportKind, subject, user, data: dict) -> ExportJob:
    """Create the job (committed) and hand it to the runner. Returns the job."""
    access.require(user, "export")
    options = clean_options(kind, subject, user, data)
    _check_pending(user)
    job = ExportJob(
        kind=kind,
        program_id=subject.id if kind == ExportKind.CURRICULUM else None,
        framework_id=subject.id if kind == ExportKind.STANDARDS else None,
        partnership_id=subject.partnership_id,
        options=options,
        filename=filenames.document_name(kind, subject, options),
        requested_by_id=user.id,
    )
    db.session.add(job)
    db.session.flush()
    record(
        "export.requested",
        partnership=subject.partnership,
        summary=f"Asked for {job.filename}",
        actor=user,
        job=job.id,
    )
    db.session.commit()
    try:
        runner.start(job.id)
    except runner.QueueUnavailable as exc:
        current_app.logger.error("export %s: the queue is unavailable: %s", job.id, exc)
        _finish(job, JobState.FAILED, "The export queue is unavailable; try again in a moment.")
        db.session.commit()
        raise ExportError(
            "The export queue is unavailable; try again in a moment.", status=503
        ) from exc
    return job


def _check_pending(user) -> None:
    """Each person may have a few exports waiting or rendering at once (429 beyond).

    The person's row is locked first, so simultaneous requests count one after another, each
    seeing the jobs the others added (the lock is held until the job is committed).
    """
    lock(user)
    limit = current_app.config["EXPORT_PENDING_PER_USER"]
    pending = db.session.scalar(
        db.select(db.func.count(ExportJob.id)).where(
            ExportJob.requested_by_id == user.id,
            ExportJob.state.in_([JobState.QUEUED, JobState.RENDERING]),
        )
    )
    if pending >= limit:
        raise ExportError(
            f"You already have {pending} exports waiting or being typeset; ask for more once "
            "one of them is done.",
            status=429,
        )


def get_job(job_id: str) -> ExportJob:
    job = db.session.get(ExportJob, job_id) if re.fullmatch(r"[0-9a-f]{32}", job_id) else None
    if job is None:
        raise NotFound()
    _fail_if_abandoned(job)
    return job


def _fail_if_abandoned(job: ExportJob) -> None:
    """Fail a job that was lost (the server restarted, or no worker runs).

    A rendering job writes its progress at least once a page: one silent for longer than any
    render may take has lost its typesetter. A queued job may wait behind others, so it is
    lost only when it has waited that long and no export at all is being typeset.
    """
    if job.state.finished:
        return
    cutoff = utcnow() - timedelta(seconds=current_app.config["EXPORT_TIMEOUT"] + 120)
    if job.updated_at >= cutoff:
        return
    if job.state == JobState.QUEUED:
        busy = db.session.scalar(
            db.select(ExportJob.id)
            .where(ExportJob.state == JobState.RENDERING, ExportJob.updated_at >= cutoff)
            .limit(1)
        )
        if busy is not None:
            return
        message = "No typesetter picked this export up (a restart, or no worker running)."
    else:
        message = "The export was interrupted (the server restarted)."
    _finish(job, JobState.FAILED, f"{message} Ask for it again.")
    db.session.commit()


def recent_jobs(user, subject) -> list[ExportJob]:
    """The latest exports of a program or framework this user may see, newest first."""
    if not getattr(user, "is_authenticated", False):
        return []
    column = ExportJob.program_id if isinstance(subject, Program) else ExportJob.framework_id
    jobs = db.session.scalars(
        db.select(ExportJob)
        .options(selectinload(ExportJob.requested_by), selectinload(ExportJob.file))
        .where(column == subject.id)
        .order_by(ExportJob.created_at.desc())
        .limit(RECENT * 3)
    ).all()
    drafts = access.sees_drafts(user, subject.partnership)  # the same for every job
    return [j for j in jobs if drafts or not j.drafts][:RECENT]


def file_of(job: ExportJob) -> ExportFile:
    if job.state != JobState.DONE:
        raise Conflict(
            f"The export is {job.state.value}; its file can be downloaded once it is done."
        )
    if job.file is None:
        raise Conflict("This export's file has been removed to save space; export it again.")
    return job.file


# --- Running a job -------------------------------------------------------------------------


def document_html(subject, options: dict, exported_on: str = EXPORTED_ON) -> str:
    """The document of a program or framework with these options, as HTML: the PDF's source
    and the print view's page."""
    as_of = date.fromisoformat(options["as_of"]) if options.get("as_of") else None
    context = {
        "drafts": options.get("drafts", False),
        "as_of": as_of,
        "exported_on": exported_on,
        "block_columns": documents.BLOCK_COLUMNS,
        "block_rows": documents.BLOCK_ROWS,
    }
    if isinstance(subject, Program):
        program = subject
        chosen = [f for f in program.frameworks if f.id in set(options.get("frameworks", []))]
        doc = documents.curriculum_document(program, chosen, drafts=context["drafts"], as_of=as_of)
        return render_template(
            "exports/curriculum.html",
            doc=doc,
            doc_kind="Aligned curriculum",
            doc_title=f"{program.name}",
            doc_org=program.organization.name,
            doc_subject=f"The courses of {program.name} aligned to skill standards",
            **context,
        )
    framework: Framework = subject
    doc = documents.standards_document(framework, drafts=context["drafts"], as_of=as_of)
    return render_template(
        "exports/standards.html",
        doc=doc,
        doc_kind="Skill standards",
        doc_title=framework.title,
        doc_org=framework.partnership.name,
        doc_subject=f"The skill standards of {framework.title}",
        **context,
    )


def content_hash(html: str) -> str:
    import weasyprint  # here, not at import time: the web process needs it only to export

    css = _static("css/print.css")
    digest = hashlib.sha256()
    for part in (weasyprint.__version__.encode(), css, html.encode()):
        digest.update(hashlib.sha256(part).digest())
    return digest.hexdigest()


def _static(path: str) -> bytes:
    return (Path(current_app.static_folder) / path).read_bytes()


def _progress(job: ExportJob, percent: int, message: str) -> None:
    """Write the job's progress in its own short transaction, for the page that polls it."""
    db.session.execute(
        update(ExportJob)
        .where(ExportJob.id == job.id)
        .values(progress=percent, message=message[:500], updated_at=utcnow())
    )
    db.session.commit()


def _finish(job: ExportJob, state: JobState, message: str) -> None:
    job.state, job.message, job.finished_at = state, message[:500], utcnow()
    job.updated_at = job.finished_at
    if state == JobState.DONE:
        job.progress = 100


def run_job(job_id: str) -> None:
    """Render one job (in a worker thread, an RQ worker, or the request in tests)."""
    job = db.session.get(ExportJob, job_id)
    if job is None or job.state != JobState.QUEUED:
        return
    job.state, job.started_at = JobState.RENDERING, utcnow()
    job.message, job.updated_at = "Starting", job.started_at
    db.session.commit()
    try:
        _progress(job, 5, "Gathering the standards and alignments")
        with current_app.test_request_context("/"):
            html = document_html(job.subject, job.options)
        job.content_hash = digest = content_hash(html)
        found = db.session.scalar(db.select(ExportFile).filter_by(content_hash=digest))
        if found is not None:
            job.file, job.cached = found, True
            _finish(
                job,
                JobState.DONE,
                f"{found.pages} pages, ready: the content is unchanged since it was typeset on "
                f"{found.created_at:%d %b %Y}, so that file (and its date) is served",
            )
            db.session.commit()
            return
        today = datetime.now(UTC).strftime("%d %b %Y")
        file = _render(job, html.replace(EXPORTED_ON, today), digest)
        job.file = file
        _finish(job, JobState.DONE, f"{file.pages} pages, ready to download")
        db.session.commit()
        _prune(job)
    except RenderError as exc:
        db.session.rollback()
        current_app.logger.warning("export %s failed: %s", job_id, exc)
        _finish(job, JobState.FAILED, str(exc))
        db.session.commit()
    except Exception as exc:  # the job fails with the reason instead of staying "rendering"
        db.session.rollback()
        current_app.logger.exception("export %s failed", job_id)
        _finish(job, JobState.FAILED, f"The export failed: {type(exc).__name__}. Try again.")
        db.session.commit()


def _prune(job: ExportJob) -> None:
    """Keep the files of a subject's latest EXPORT_KEEP_FILES exports; delete older ones (their
    jobs stay listed, and say the file was removed)."""
    keep = current_app.config["EXPORT_KEEP_FILES"]
    subject = (
        ExportJob.program_id == job.program_id
        if job.program_id
        else ExportJob.framework_id == job.framework_id
    )
    file_ids = db.session.scalars(
        db.select(ExportJob.file_id)
        .where(subject, ExportJob.kind == job.kind, ExportJob.file_id.is_not(None))
        .order_by(ExportJob.created_at.desc())
    ).all()
    kept = list(dict.fromkeys(file_ids))[:keep]
    old = set(file_ids) - set(kept)
    if old:
        db.session.execute(update(ExportJob).where(ExportJob.file_id.in_(old)).values(file_id=None))
        db.session.execute(db.delete(ExportFile).where(ExportFile.id.in_(old)))
        db.session.commit()


def _expected_pages(job: ExportJob, html: str) -> int:
    """For the progress bar: the page count of this subject's last export, else a guess."""
    last = db.session.scalar(
        db.select(ExportFile.pages)
        .join(ExportJob, ExportJob.file_id == ExportFile.id)
        .where(
            ExportJob.kind == job.kind,
            ExportJob.program_id == job.program_id
            if job.program_id
            else ExportJob.framework_id == job.framework_id,
        )
        .order_by(ExportJob.created_at.desc())
        .limit(1)
    )
    return last or max(4, len(html) // 7000)


def _render(job: ExportJob, html: str, digest: str) -> ExportFile:
    estimate = _expected_pages(job, html)
    shown = {"at": 0.0, "percent": 10}

    def on_step(step: str, page: int | None) -> None:
        now = time.monotonic()
        if now - shown["at"] < PROGRESS_EVERY:
            return
        shown["at"] = now
        if page is not None:
            percent = 15 + min(70, round(70 * page / estimate))
            about = f" of about {estimate}" if page <= estimate else ""
            message = f"Laying out page {page}{about}"
        elif step.startswith("Step 6"):
            percent, message = 90, "Writing the PDF"
        else:
            percent, message = 12, "Typesetting"
        shown["percent"] = max(shown["percent"], percent)  # never backwards (layout re-runs)
        _progress(job, shown["percent"], message)

    _progress(job, 10, "Typesetting")
    started = time.perf_counter()
    rendered = render_pdf(
        html,
        Path(current_app.static_folder),
        timeout=current_app.config["EXPORT_TIMEOUT"],
        on_step=on_step,
    )
    if rendered.refused:
        current_app.logger.warning("export %s: refused %s", job.id, ", ".join(rendered.refused))
    file = ExportFile(
        content_hash=digest,
        pages=rendered.pages,
        size=len(rendered.pdf),
        data=rendered.pdf,
        render_seconds=time.perf_counter() - started,
    )
    try:
        with db.session.begin_nested():
            db.session.add(file)
    except IntegrityError:  # another job with the same content finished first: share its file
        file = db.session.scalar(db.select(ExportFile).filter_by(content_hash=digest))
    return file
