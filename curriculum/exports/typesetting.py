"""Running an export job (the "export" background task): gather, hash, typeset once, prune.

A job's document is gathered from the database when the job runs, rendered to HTML with the
print templates, and hashed (HTML with the export date left out; for a PDF print.css,
WeasyPrint's version and the PDF options; for a Word document "docx", python-docx's version
and the Word writers' source): a job whose hash matches a file already made is done at once
with that file. On a miss, a PDF is typeset from the HTML; a Word document is written from the
same gathered content (exports/word/).
"""

from __future__ import annotations

import hashlib
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from flask import current_app
from sqlalchemy import update
from sqlalchemy.exc import IntegrityError

from curriculum.exports import formats, kinds, word
from curriculum.exports.models import ExportFile, ExportJob, JobState
from curriculum.exports.render import PDF_OPTIONS, RenderError, render_pdf
from curriculum.extensions import db
from curriculum.jobs import lifecycle, task
from curriculum.notifications import events
from curriculum.notifications.services import path_for

if TYPE_CHECKING:
    from sqlalchemy import ColumnElement

EXPORTED_ON = "\u2063EXPORTED-ON\u2063"  # stands for the export date while hashing
PROGRESS_EVERY = 0.4  # seconds between progress writes while a document is typeset


def content_hash(html: str, fmt: str = formats.PDF.name) -> str:
    """The cache key of a document: its content and format, and what makes that format."""
    if fmt == formats.DOCX.name:
        import docx

        writers = Path(word.__file__).parent
        code = b"".join(path.read_bytes() for path in sorted(writers.glob("*.py")))
        parts = [b"docx", docx.__version__.encode(), code]
    else:
        import weasyprint  # here, not at import time: the web process needs it only to export

        css = (Path(current_app.static_folder or "static") / "css/print.css").read_bytes()
        options = repr(sorted(PDF_OPTIONS.items())).encode()
        parts = [weasyprint.__version__.encode(), options, css]
    digest = hashlib.sha256()
    for part in (*parts, html.encode()):
        digest.update(hashlib.sha256(part).digest())
    return digest.hexdigest()


@task("export", timeout=lambda config: config["EXPORT_TIMEOUT"] + 60)
def run_job(job_id: str) -> None:
    """Render one job (in a worker thread, an RQ worker, or the request in tests)."""
    lifecycle.run(ExportJob, job_id, _typeset, what="export")


def _typeset(job: ExportJob) -> None:
    lifecycle.progress(job, 5, "Gathering the standards and alignments")
    kind = kinds.get(job.kind)
    with current_app.test_request_context("/"):
        doc = kind.gathered(job.subject, job.options)
        html = kind.html(job.subject, job.options, EXPORTED_ON, doc)
    job.content_hash = digest = content_hash(html, job.format)
    found = db.session.scalar(db.select(ExportFile).filter_by(content_hash=digest))
    if found is not None:
        job.file, job.cached = found, True
        lifecycle.finish(
            job,
            JobState.DONE,
            f"{found.summary}, ready: the content is unchanged since it was typeset on "
            f"{found.created_at:%d %b %Y}, so that file (and its date) is served",
        )
        db.session.commit()
        return
    today = datetime.now(UTC).strftime("%d %b %Y")
    if job.format == formats.DOCX.name:
        file = _write_word(job, kind, doc, today, digest)
    else:
        try:
            file = _render(job, html.replace(EXPORTED_ON, today), digest)
        except RenderError as exc:
            raise lifecycle.Failed(str(exc)) from exc
    job.file = file
    lifecycle.finish(job, JobState.DONE, f"{file.summary}, ready to download")
    db.session.commit()
    _prune(job)


@lifecycle.on_finish(ExportJob)
def _tell(job: ExportJob) -> None:
    """Whoever asked for the export hears that it finished or failed."""
    url = path_for("exports.job", job_id=job.id)
    events.job_finished(job, f"Your export {job.filename}", url, job.requested_by)


def _same_subject(job: ExportJob) -> ColumnElement[bool]:
    """The jobs of the same kind about the same subject."""
    column = getattr(ExportJob, kinds.get(job.kind).column)
    return (ExportJob.kind == job.kind) & (column == getattr(job, column.key))


def _prune(job: ExportJob) -> None:
    """Keep the files of a subject's latest EXPORT_KEEP_FILES exports; delete older ones (their
    jobs stay listed, and say the file was removed)."""
    keep = current_app.config["EXPORT_KEEP_FILES"]
    file_ids = db.session.scalars(
        db.select(ExportJob.file_id)
        .where(_same_subject(job), ExportJob.file_id.is_not(None))
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
        .where(_same_subject(job), ExportFile.pages.is_not(None))
        .order_by(ExportJob.created_at.desc())
        .limit(1)
    )
    return last or max(4, len(html) // 7000)


def _render(job: ExportJob, html: str, digest: str) -> ExportFile:
    estimate = _expected_pages(job, html)
    shown: dict[str, float] = {"at": 0.0, "percent": 10}

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
        lifecycle.progress(job, int(shown["percent"]), message)

    lifecycle.progress(job, 10, "Typesetting")
    started = time.perf_counter()
    rendered = render_pdf(
        html,
        Path(current_app.static_folder or "static"),
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
    return _keep(file, digest)


def _write_word(job: ExportJob, kind: kinds.Kind, doc: Any, today: str, digest: str) -> ExportFile:
    lifecycle.progress(job, 10, "Writing the Word document")
    started = time.perf_counter()
    with current_app.test_request_context("/"):
        data = kind.docx(job.subject, job.options, today, doc)
    file = ExportFile(
        content_hash=digest,
        pages=None,
        size=len(data),
        data=data,
        render_seconds=time.perf_counter() - started,
    )
    return _keep(file, digest)


def _keep(file: ExportFile, digest: str) -> ExportFile:
    try:
        with db.session.begin_nested():
            db.session.add(file)
    except IntegrityError:  # another job with the same content finished first: share its file
        file = db.session.scalar(db.select(ExportFile).filter_by(content_hash=digest))
    return file
