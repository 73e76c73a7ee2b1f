"""The export endpoints' paths of the OpenAPI document (merged in by openapi.document()), built
when read from the document kinds registered then. Their objects: schemas/exports.py."""

from __future__ import annotations

from curriculum.api.openapi_parts import STRING, errors, operation, path_params, response
from curriculum.api.schemas.exports import ExportJob, ExportOptions
from curriculum.api.schemas.general import Error
from curriculum.exports import formats, kinds

_JOB = [
    {"name": "job_id", "in": "path", "required": True, "schema": STRING, "description": "job_id"}
]
_ASKED = {
    "202": {
        **response(ExportJob, "The job, queued (or already done: small documents and cache hits)."),
        "headers": {"Location": {"schema": STRING, "description": "The job's URL."}},
    },
    "403": response(Error, "Drafts asked for by someone who may not see them."),
    "429": response(Error, "The person already has 3 exports waiting or being typeset."),
    "503": response(Error, "The export queue (Redis) is unavailable; the job failed."),
    **errors(400, 401, 404),
}


def _asked(op_id: str, summary: str) -> dict:
    found = operation(op_id, summary, _ASKED, write=True)
    found["requestBody"] = {
        "required": False,
        "content": {"application/json": {"schema": ExportOptions}},
    }
    return found


def paths() -> dict:
    asked = {
        f"/{k.plural}/{{{k.noun}_id}}/exports": {
            "parameters": path_params(f"{k.noun}_id"),
            "post": _asked(f"export_{k.noun}", k.summary),
        }
        for k in kinds.KINDS.values()
    }
    return {**asked, **_JOB_PATHS}


_JOB_PATHS = {
    "/exports/{job_id}": {
        "parameters": _JOB,
        "get": {
            **operation(
                "export_state",
                "An export job's state and progress.",
                {"200": response(ExportJob, "The job."), **errors(401, 403, 404)},
            ),
            "security": [{"bearer": []}, {"cookie": []}],
        },
    },
    "/exports/{job_id}/file": {
        "parameters": _JOB,
        "get": {
            **operation(
                "export_file",
                "The file of a finished export (409 until it is done).",
                {
                    "200": {
                        "description": "The PDF or Word document, with a file name in "
                        "Content-Disposition.",
                        "content": {
                            f.mimetype: {"schema": {"type": "string"}}
                            for f in formats.FORMATS.values()
                        },
                    },
                    **errors(401, 403, 404, 409),
                },
            ),
            "security": [{"bearer": []}, {"cookie": []}],
        },
    },
}
