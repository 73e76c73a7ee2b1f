"""The mapping page of a spreadsheet import: which column holds each field, a preview of the
tree it would create with the failing rows and the near-duplicates, and "Import", which queues
the job once no row fails."""

from __future__ import annotations

from contextlib import suppress

from flask import Blueprint, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from curriculum import access
from curriculum.errors import DomainError, show_on_form
from curriculum.extensions import db

# Importing the spreadsheet readers (below) and writers registers them; this module is in
# BLUEPRINTS, so every process (web, worker, CLI) knows them.
from curriculum.interop import package, services, spreadsheet_write  # noqa: F401
from curriculum.interop.forms import MappingForm
from curriculum.interop.models import ImportJob
from curriculum.interop.package import ImportRejected
from curriculum.interop.spreadsheet_preview import Preview, preview
from curriculum.interop.spreadsheet_read import columns, file_title, guess_mapping
from curriculum.jobs import JobState

bp = Blueprint("spreadsheets", __name__)


def _waiting(job: ImportJob) -> bool:
    return (
        job.state == JobState.QUEUED
        and services.needs_mapping(job.format)
        and job.message == services.WAITING_FOR_MAPPING
    )


@bp.route("/imports/<job_id>/mapping", methods=["GET", "POST"])
@login_required
def mapping(job_id: str):
    job = services.get_import(job_id)
    access.require(current_user, "view", job)
    access.require(current_user, "import", job.partnership)
    if not _waiting(job):
        return redirect(url_for("interop.job", job_id=job.id))
    form = MappingForm()
    try:
        names = columns(job.data, job.format)
    except ImportRejected as exc:
        return _page(job, form, unreadable=exc.problems)
    form.offer(names)
    if request.method == "GET":
        for name, column in guess_mapping(names).items():
            form[name].data = column
    elif not form.validate_on_submit():
        return _page(job, form)
    seen = _preview(job, form)
    if request.method == "POST" and request.form.get("action") == "import" and seen is not None:
        if not seen.importable:
            form.form_errors.append(
                "Nothing was imported: mend the rows listed under “Rows that fail” in the "
                "file (or choose other columns), then upload it again."
                if seen.problems
                else "Nothing was imported: the file has no rows to import."
            )
            return _page(job, form, seen)
        try:
            services.queue_import(
                job, {"mapping": form.mapping(), "title": file_title(job.filename)}
            )
        except DomainError as exc:
            show_on_form(form, exc)
            return _page(job, form, seen)
        db.session.commit()
        with suppress(DomainError):  # the queue refused it: the job failed, its page says why
            services.enqueue_import(job)
        return redirect(url_for("interop.job", job_id=job.id))
    return _page(job, form, seen)


def _preview(job: ImportJob, form: MappingForm) -> Preview | None:
    """The preview of the chosen mapping, or None with the mapping's problems on the form."""
    try:
        return preview(job.data, job.format, form.mapping(), job.framework)
    except ImportRejected as exc:
        form.form_errors.extend(p.message for p in exc.problems)
        return None


def _page(job: ImportJob, form: MappingForm, seen: Preview | None = None, unreadable=None):
    partnership = job.partnership
    return render_template(
        "interop/mapping.html",
        job=job,
        form=form,
        seen=seen,
        unreadable=unreadable or [],
        format_label=package.reader_label(job.format),
        crumbs=[
            (partnership.name, url_for("partnerships.show", partnership_id=partnership.id)),
            ("Frameworks", url_for("standards.frameworks", partnership_id=partnership.id)),
        ],
    )
