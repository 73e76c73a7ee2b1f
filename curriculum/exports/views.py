"""Export pages: the form, the job page that follows its progress, the download, print views.

The form and print routes are made for every registered kind when the blueprint joins an app:
/<plural>/<<noun>_id>/exports/new (endpoint new_<noun>_export) and /<plural>/<<noun>_id>/print
(print_<noun>).
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, jsonify, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from wtforms.fields.choices import SelectChoice

from curriculum import access, params
from curriculum.courses import paths
from curriculum.errors import DomainError, show_on_form
from curriculum.exports import formats, kinds, services
from curriculum.exports.forms import ExportForm
from curriculum.exports.kinds import Kind
from curriculum.exports.models import ExportJob

bp = Blueprint("exports", __name__)


def _form(kind: Kind, subject) -> ExportForm:
    form = ExportForm()
    form.format.choices = [
        SelectChoice(name, f"{formats.get(name).label} (.{formats.get(name).extension})")
        for name in kind.formats
    ]
    offered = kind.frameworks(subject)
    if offered is not None:
        form.frameworks.choices = [SelectChoice(f.id, f.title) for f in offered]
        if request.method == "GET":
            form.frameworks.data = [f.id for f in offered]
    else:
        del form.frameworks
    if kind.takes_scope:
        form.electives.choices = [
            SelectChoice(pc.course_id, f"{pc.course.code} {pc.course.title}")
            for pc in paths.in_order(subject)
            if not paths.is_required(pc)
        ]
        if not form.electives.choices:
            del form.electives
    else:
        del form.scope
        del form.electives
    if not kind.sees_drafts(current_user, subject):
        form.content.choices = form.content.choices[:1]
    return form


def _new(kind: Kind, subject_id: int):
    subject = kind.load(subject_id)
    kind.require(current_user, subject)
    form = _form(kind, subject)
    if form.validate_on_submit():
        try:
            job = services.request_export(kind, subject, current_user, form.options())
        except DomainError as exc:
            show_on_form(form, exc)
        else:
            return redirect(url_for("exports.job", job_id=job.id))
    return render_template(
        kind.form_template,
        form=form,
        kind=kind,
        subject=subject,
        jobs=services.recent_jobs(current_user, subject),
    )


def _print(kind: Kind, subject_id: int):
    """The document as a web page, with the same options as the export form (query string)."""
    subject = kind.load(subject_id)
    kind.require(current_user, subject)
    args = request.args
    data: dict[str, Any] = {
        "drafts": args.get("content") == "drafts",
        "as_of": args.get("as_of") or None,
    }
    if kind.frameworks(subject) is not None and args.getlist("frameworks"):
        data["frameworks"] = params.ids("frameworks", args)
    if kind.takes_scope:
        data["scope"] = args.get("scope") or None
        data["electives"] = params.ids("elective", args)
    options = services.clean_options(kind, subject, current_user, data)
    return kind.html(subject, options, exported_on="today (print view)")


@bp.record
def _kind_routes(state) -> None:
    """The form and print view of every kind registered when the app is created."""
    for kind in kinds.KINDS.values():
        base = f"/{kind.plural}/<int:{kind.noun}_id>"
        arg = f"{kind.noun}_id"
        state.add_url_rule(
            f"{base}/exports/new",
            f"new_{kind.noun}_export",
            login_required(lambda kind=kind, arg=arg, **ids: _new(kind, ids[arg])),
            methods=["GET", "POST"],
        )
        state.add_url_rule(
            f"{base}/print",
            f"print_{kind.noun}",
            login_required(lambda kind=kind, arg=arg, **ids: _print(kind, ids[arg])),
        )


def _visible_job(job_id: str) -> ExportJob:
    job = services.get_job(job_id)
    access.require(current_user, "view", job)
    return job


@bp.get("/exports/<job_id>")
@login_required
def job(job_id: str):
    found = _visible_job(job_id)
    kind, subject = kinds.get(found.kind), found.subject
    label = found.format_label
    return render_template(
        "jobs/job.html",
        job=found,
        title=f"{kind.label}: {kind.titles(subject)['doc_title']}",
        subtitle=f"{label}: {found.options_label} · {found.filename}",
        crumbs=[
            (kind.subject_name(subject), kind.subject_url(subject)),
            ("Exports", kind.form_url(subject.id)),
        ],
        status_url=url_for("exports.status", job_id=found.id),
        file_url=url_for("exports.file", job_id=found.id) if found.file else None,
        file_label=f"Download {'Word document' if found.format == 'docx' else label}",
        file_note=_file_note(found) if found.file else None,
        retry_url=kind.form_url(subject.id),
        asked_by=found.requested_by.display_name if found.requested_by else None,
    )


def _file_note(job: ExportJob) -> str:
    stored = job.file
    assert stored is not None
    pages = f"{stored.pages} pages, " if stored.pages is not None else ""
    cached = ", unchanged since an earlier export" if job.cached else ""
    return f"{pages}{round(stored.size / 1024)} KB{cached}"


@bp.get("/exports/<job_id>/status.json")
@login_required
def status(job_id: str):
    found = _visible_job(job_id)
    file_url = url_for("exports.file", job_id=found.id) if found.file_id else None
    return jsonify(**found.status(), file_url=file_url)


@bp.get("/exports/<job_id>/file")
@login_required
def file(job_id: str):
    return file_response(_visible_job(job_id))


def file_response(found: ExportJob) -> Response:
    """The job's PDF or Word document as a download with its file name and its format's
    content type (409 while it is not done)."""
    stored = services.file_of(found)
    response = Response(stored.data, mimetype=formats.get(found.format).mimetype)
    disposition = "inline" if request.args.get("inline") else "attachment"
    response.headers["Content-Disposition"] = f'{disposition}; filename="{found.filename}"'
    response.headers["Cache-Control"] = "private, max-age=3600"
    response.headers["ETag"] = stored.content_hash
    return response
