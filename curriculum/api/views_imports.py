"""API endpoints: importing a framework (multipart upload, 202 with the job), following the
job, and downloading a framework in every registered exchange format."""

from __future__ import annotations

import json

from flask import abort, request, url_for
from flask_login import current_user
from werkzeug.routing import BaseConverter

from curriculum import access, params
from curriculum.api.inputs import InputError
from curriculum.api.schemas.imports import ImportJob as ImportJobOut
from curriculum.api.views import bp
from curriculum.extensions import db
from curriculum.interop import services
from curriculum.interop.models import ImportJob, ImportMode
from curriculum.interop.spreadsheet_cells import FIELDS
from curriculum.interop.views import download_response
from curriculum.partnerships.services import get_partnership
from curriculum.standards.frameworks import get_framework

TRUE, FALSE = ("true", "1", "yes"), ("false", "0", "no", "")


def _flag(name: str, source) -> bool:
    value = (source.get(name) or "").strip().lower()
    if value in TRUE:
        return True
    if value in FALSE:
        return False
    raise InputError(f"{name} must be true or false.", field=name)


COLUMN_NAME_LENGTH = 200  # a spreadsheet header longer than this is not a column name


def _mapping(fmt: str) -> dict:
    raw = request.form.get("mapping")
    if raw is None or not raw.strip():
        if services.needs_mapping(fmt):
            raise InputError(
                f"A {fmt} file needs its column mapping: send `mapping` as a JSON object naming "
                "the column of each field.",
                field="mapping",
            )
        return {}
    try:
        found = json.loads(raw)
    except ValueError:
        found = None
    if not isinstance(found, dict) or not found:
        raise InputError("mapping must be a JSON object naming columns.", field="mapping")
    for name, column in found.items():
        if name not in FIELDS:
            raise InputError(
                f"mapping: there is no field {name[:40]!r}; the fields are {', '.join(FIELDS)}.",
                field="mapping",
            )
        if not isinstance(column, str) or len(column) > COLUMN_NAME_LENGTH:
            raise InputError(
                f"mapping.{name} must be a column name: text of at most "
                f"{COLUMN_NAME_LENGTH} characters.",
                field="mapping",
            )
    return {"mapping": found}


@bp.post("/partnerships/<int:partnership_id>/imports")
def import_framework(partnership_id: int):
    """Upload a file to import (multipart): 202 with the job, which runs in the background."""
    partnership = get_partnership(partnership_id)
    access.require(current_user, "import", partnership)
    form = request.form
    upload = request.files.get("file")
    if upload is None:
        raise InputError(
            "Send the file as the multipart/form-data field `file`, with `format` and `mode`.",
            field="file",
        )
    fmt = form.get("format") or ""
    mode = form.get("mode") or ImportMode.REFERENCE.value
    dry_run = _flag("dry_run", form)
    options = _mapping(fmt) if fmt else {}
    framework = None
    if form.get("framework_id"):
        wanted = params.whole_number(form["framework_id"], minimum=1)
        if wanted is None:
            raise InputError("framework_id must be a framework's id.", field="framework_id")
        framework = get_framework(wanted)
    job = services.start_import(
        partnership,
        current_user,
        format=fmt,
        mode=mode,
        dry_run=dry_run,
        filename=upload.filename or "",
        data=upload.read(),
        options=options,
        framework=framework,
    )
    db.session.commit()
    if services.is_ready(job):
        services.enqueue_import(job)
    location = url_for("api.import_state", job_id=job.id)
    return ImportJobOut.of(job).send(), 202, {"Location": location}


def _visible(job_id: str) -> ImportJob:
    if not current_user.is_authenticated:
        abort(401, "Sign in, or send a personal API token as 'Authorization: Bearer <token>'.")
    job = services.get_import(job_id)
    access.require(current_user, "view", job)
    return job


@bp.get("/imports/<job_id>")
def import_state(job_id: str):
    """An import job's state, progress and summary."""
    return ImportJobOut.of(_visible(job_id)).send()


class DownloadFormat(BaseConverter):
    """A format's name in /frameworks/<id>/<format>: one path part, but never the name of one
    of the framework's own sub-resources, so those keep their methods (GET /frameworks/1/standards
    stays a 405, and its Allow header lists only POST). A new route under
    /api/v1/frameworks/<id>/ adds its name here (tests/interop/test_downloads.py checks)."""

    SUBRESOURCES = ("standards", "exports", "releases", "surveys")
    regex = "(?!(?:" + "|".join(SUBRESOURCES) + ")$)[^/]+"


@bp.record_once
def _download_format(state) -> None:
    state.app.url_map.converters.setdefault("download_format", DownloadFormat)


@bp.get("/frameworks/<int:framework_id>/<download_format:format>")
def framework_download(framework_id: int, format: str):
    """The framework in a registered exchange format (published versions; with drafts=true,
    drafts too for readers who may see them)."""
    framework = get_framework(framework_id)
    return download_response(framework, format, asked_drafts=_flag("drafts", request.args))
