"""API endpoints: asking for PDF exports, following them, downloading the file."""

from flask import abort, url_for
from flask_login import current_user

from curriculum import access
from curriculum.api import inputs
from curriculum.api.views import bp
from curriculum.courses import services as courses
from curriculum.exports import services
from curriculum.exports.models import ExportJob, ExportKind
from curriculum.exports.views import pdf_response
from curriculum.standards import tree


def export_job(job: ExportJob) -> dict:
    """A job's state, options and, once done, its file (the shape of ExportJob)."""
    return {
        "id": job.id,
        "kind": job.kind.value,
        "program_id": job.program_id,
        "framework_id": job.framework_id,
        "options": {
            "frameworks": job.options.get("frameworks"),
            "drafts": job.drafts,
            "as_of": job.options.get("as_of"),
        },
        "state": job.state.value,
        "progress": job.progress,
        "message": job.message,
        "filename": job.filename,
        "cached": job.cached,
        "pages": job.file.pages if job.file else None,
        "size": job.file.size if job.file else None,
        "requested_by": job.requested_by.display_name if job.requested_by else None,
        "created_at": job.created_at.isoformat(),
        "finished_at": job.finished_at.isoformat() if job.finished_at else None,
        "url": url_for("api.export_state", job_id=job.id),
        "file_url": url_for("api.export_file", job_id=job.id) if job.file_id else None,
    }


def _options(kind: ExportKind) -> dict:
    data = inputs.optional_body()
    if kind == ExportKind.STANDARDS and "frameworks" in data:
        raise inputs.InputError(
            "A framework export takes no frameworks option.", field="frameworks"
        )
    return data


def _accepted(job: ExportJob):
    return export_job(job), 202, {"Location": url_for("api.export_state", job_id=job.id)}


@bp.post("/programs/<int:program_id>/exports")
def export_program(program_id: int):
    program = courses.get_program(program_id)
    kind = ExportKind.CURRICULUM
    return _accepted(services.request_export(kind, program, current_user, _options(kind)))


@bp.post("/frameworks/<int:framework_id>/exports")
def export_framework(framework_id: int):
    framework = tree.get_framework(framework_id)
    kind = ExportKind.STANDARDS
    return _accepted(services.request_export(kind, framework, current_user, _options(kind)))


def _visible(job_id: str) -> ExportJob:
    if not current_user.is_authenticated:
        abort(401, "Sign in, or send a personal API token as 'Authorization: Bearer <token>'.")
    job = services.get_job(job_id)
    access.require(current_user, "view", job)
    return job


@bp.get("/exports/<job_id>")
def export_state(job_id: str):
    return export_job(_visible(job_id))


@bp.get("/exports/<job_id>/file")
def export_file(job_id: str):
    return pdf_response(_visible(job_id))
