"""The import and download endpoints' paths of the OpenAPI document (merged in by
openapi.document()), built when read from the readers and writers registered then. Their
objects: schemas/imports.py."""

from __future__ import annotations

from curriculum.api.openapi_parts import STRING, errors, operation, path_params, response
from curriculum.api.schemas.general import Error
from curriculum.api.schemas.imports import ImportJob, ImportRequest
from curriculum.interop import writers

_JOB = [
    {"name": "job_id", "in": "path", "required": True, "schema": STRING, "description": "job_id"}
]


def _body(writer: writers.Writer) -> dict:
    if "json" in writer.media_type:
        return {"type": "object"}
    if writer.media_type.startswith("text/"):
        return {"type": "string"}
    return {"type": "string", "format": "binary"}


def paths() -> dict:
    registered = list(writers.WRITERS.values())
    format_schema = {
        "type": "string",
        **({"enum": [w.name for w in registered]} if registered else {}),
    }
    download = operation(
        "framework_download",
        "The framework in an exchange format: "
        + (", ".join(f"{w.name} ({w.label})" for w in registered) or "none registered")
        + ". Published versions only, unless drafts=true and the reader may see drafts.",
        {
            "200": {
                "description": "The file, with its name in Content-Disposition.",
                "content": {w.media_type: {"schema": _body(w)} for w in registered}
                or {"application/octet-stream": {"schema": {"type": "string"}}},
            },
            **errors(400),
            "404": response(Error, "No such framework, or no writer of that format (named)."),
        },
    )
    download["parameters"] = [
        {
            "name": "drafts",
            "in": "query",
            "required": False,
            "schema": {"type": "boolean"},
            "description": "Include drafts (for readers who may see them).",
        },
    ]
    format_parameter = {
        "name": "format",
        "in": "path",
        "required": True,
        "schema": format_schema,
        "description": "A registered writer's name.",
    }
    start = operation(
        "import_framework",
        "Import a framework from a file (conveners): answers 202 with the job, which reads "
        "and applies the file in the background (a dry run writes nothing).",
        {
            "202": {
                **response(ImportJob, "The job, queued (or already done)."),
                "headers": {"Location": {"schema": STRING, "description": "The job's URL."}},
            },
            "413": response(Error, "The file is larger than the upload limit."),
            "503": response(Error, "The job queue (Redis) is unavailable; the job failed."),
            **errors(400, 401, 403, 404),
        },
        write=True,
    )
    start["requestBody"] = {
        "required": True,
        "content": {"multipart/form-data": {"schema": ImportRequest}},
    }
    return {
        "/partnerships/{partnership_id}/imports": {
            "parameters": path_params("partnership_id"),
            "post": start,
        },
        "/imports/{job_id}": {
            "parameters": _JOB,
            "get": {
                **operation(
                    "import_state",
                    "An import job's state, progress and summary (the person who asked, the "
                    "partnership's conveners, site admins).",
                    {"200": response(ImportJob, "The job."), **errors(401, 403, 404)},
                ),
                "security": [{"bearer": []}, {"cookie": []}],
            },
        },
        "/frameworks/{framework_id}/{format}": {
            "parameters": [*path_params("framework_id"), format_parameter],
            "get": download,
        },
    }
