"""Export pages: the form, the job page that follows its progress, the download, print views."""

from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user, login_required
from wtforms.fields.choices import SelectChoice

from curriculum import access, params
from curriculum.courses import services as courses
from curriculum.errors import DomainError, show_on_form
from curriculum.exports import services
from curriculum.exports.forms import ExportForm
from curriculum.exports.models import ExportJob, ExportKind
from curriculum.standards import tree

bp = Blueprint("exports", __name__)


def _subject(kind: ExportKind, subject_id: int):
    if kind == ExportKind.CURRICULUM:
        return courses.get_program(subject_id)
    return tree.get_framework(subject_id)


def _form(kind: ExportKind, subject) -> ExportForm:
    form = ExportForm()
    if kind == ExportKind.CURRICULUM:
        form.frameworks.choices = [SelectChoice(f.id, f.title) for f in subject.frameworks]
        if request.method == "GET":
            form.frameworks.data = [f.id for f in subject.frameworks]
    else:
        del form.frameworks
    if not access.can(current_user, "view_drafts", subject.partnership):
        form.content.choices = form.content.choices[:1]
    return form


def _new(kind: ExportKind, subject_id: int):
    subject = _subject(kind, subject_id)
    form = _form(kind, subject)
    if form.validate_on_submit():
        try:
            job = services.request_export(kind, subject, current_user, form.options())
        except DomainError as exc:
            show_on_form(form, exc)
        else:
            return redirect(url_for("exports.job", job_id=job.id))
    return render_template(
        "exports/new.html",
        form=form,
        kind=kind,
        subject=subject,
        jobs=services.recent_jobs(current_user, subject),
    )


@bp.route("/programs/<int:program_id>/exports/new", methods=["GET", "POST"])
@login_required
def new_program_export(program_id: int):
    return _new(ExportKind.CURRICULUM, program_id)


@bp.route("/frameworks/<int:framework_id>/exports/new", methods=["GET", "POST"])
@login_required
def new_framework_export(framework_id: int):
    return _new(ExportKind.STANDARDS, framework_id)


def _visible_job(job_id: str) -> ExportJob:
    job = services.get_job(job_id)
    access.require(current_user, "view", job)
    return job


@bp.get("/exports/<job_id>")
@login_required
def job(job_id: str):
    return render_template("exports/job.html", job=_visible_job(job_id))


@bp.get("/exports/<job_id>/status.json")
@login_required
def status(job_id: str):
    found = _visible_job(job_id)
    return jsonify(
        state=found.state.value,
        progress=found.progress,
        message=found.message,
        finished=found.state.finished,
        file_url=url_for("exports.file", job_id=found.id) if found.file_id else None,
    )


@bp.get("/exports/<job_id>/file")
@login_required
def file(job_id: str):
    return pdf_response(_visible_job(job_id))


def pdf_response(found: ExportJob) -> Response:
    """The job's PDF as a download with its file name (409 while it is not done)."""
    stored = services.file_of(found)
    response = Response(stored.data, mimetype="application/pdf")
    disposition = "inline" if request.args.get("inline") else "attachment"
    response.headers["Content-Disposition"] = f'{disposition}; filename="{found.filename}"'
    response.headers["Cache-Control"] = "private, max-age=3600"
    response.headers["ETag"] = stored.content_hash
    return response


def _print(kind: ExportKind, subject_id: int):
    """The document as a web page, with the same options as the export form (query string)."""
    subject = _subject(kind, subject_id)
    args = request.args
    data = {
        "drafts": args.get("content") == "drafts",
        "as_of": args.get("as_of") or None,
    }
    if kind == ExportKind.CURRICULUM and args.getlist("frameworks"):
        data["frameworks"] = params.ids("frameworks", args)
    options = services.clean_options(kind, subject, current_user, data)
    return services.document_html(subject, options, exported_on="today (print view)")


@bp.get("/programs/<int:program_id>/print")
@login_required
def print_program(program_id: int):
    return _print(ExportKind.CURRICULUM, program_id)


@bp.get("/frameworks/<int:framework_id>/print")
@login_required
def print_framework(framework_id: int):
    return _print(ExportKind.STANDARDS, framework_id)
