"""API endpoints: asking for exports (PDF or Word), following them, downloading the file.

`POST /<plural>/<<noun>_id>/exports` (endpoint export_<noun>) is made for every registered
document kind when the API blueprint joins an app.
"""

from flask import abort, url_for
from flask_login import current_user

from curriculum import access
from curriculum.api import inputs
from curriculum.api.schemas.exports import ExportJob as ExportJobOut
from curriculum.api.views import bp
from curriculum.exports import kinds, services
from curriculum.exports.kinds import Kind
from curriculum.exports.models import ExportJob
from curriculum.exports.views import file_response


def _export(kind: Kind, subject_id: int):
    subject = kind.load(subject_id)
    data = inputs.optional_body()
    if "frameworks" in data and kind.frameworks(subject) is None:
        raise inputs.InputError(
            f"A {kind.noun} export takes no frameworks option.", field="frameworks"
        )
    job = services.request_export(kind, subject, current_user, data)
    location = url_for("api.export_state", job_id=job.id)
    return ExportJobOut.of(job).send(), 202, {"Location": location}


@bp.record
def _kind_routes(state) -> None:
    """`POST /<plural>/<id>/exports` for every kind registered when the app is created."""
    for kind in kinds.KINDS.values():
        arg = f"{kind.noun}_id"
        state.add_url_rule(
            f"/{kind.plural}/<int:{arg}>/exports",
            f"export_{kind.noun}",
            lambda kind=kind, arg=arg, **ids: _export(kind, ids[arg]),
            methods=["POST"],
        )


def _visible(job_id: str) -> ExportJob:
    if not current_user.is_authenticated:
        abort(401, "Sign in, or send a personal API token as 'Authorization: Bearer <token>'.")
    job = services.get_job(job_id)
    access.require(current_user, "view", job)
    return job


@bp.get("/exports/<job_id>")
def export_state(job_id: str):
    return ExportJobOut.of(_visible(job_id)).send()


@bp.get("/exports/<job_id>/file")
def export_file(job_id: str):
    return file_response(_visible(job_id))
