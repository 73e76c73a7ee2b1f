"""The export endpoints' part of the OpenAPI document (merged in by openapi.document()).

PATHS and SCHEMAS are built when read, from the document kinds registered then.
"""

from __future__ import annotations

from curriculum.api.openapi import _errors, _json, _op, _params
from curriculum.api.openapi_schemas import (
    BOOLEAN,
    ID,
    INTEGER,
    STRING,
    TIME,
    TIME_OR_NULL,
    _nullable,
    _object,
    _ref,
)
from curriculum.exports import kinds

JOB_STATES = ["queued", "rendering", "done", "failed"]
INT_OR_NULL = _nullable("integer")


def schemas() -> dict:
    return {
        "ExportOptions": _object(
            [],
            {
                "frameworks": {
                    "type": "array",
                    "items": ID,
                    "description": "Program exports: the frameworks to print (default: all of the "
                    "program's).",
                },
                "drafts": {
                    **BOOLEAN,
                    "description": "Print drafts too (needs the right to see them).",
                },
                "as_of": {
                    **_nullable("string", format="date"),
                    "description": "Print versions and alignments as they stood at the end of this "
                    "day (YYYY-MM-DD); null or absent: today. A day in the future, or "
                    "before the first standard of the printed frameworks was published "
                    "(written, with drafts), is refused (400, naming the first day).",
                },
            },
            additionalProperties=True,
        ),
        "ExportJob": _object(
            [
                "id",
                "kind",
                "subject_id",
                "program_id",
                "framework_id",
                "options",
                "state",
                "progress",
                "message",
                "filename",
                "cached",
                "pages",
                "size",
                "requested_by",
                "created_at",
                "finished_at",
                "url",
                "file_url",
            ],
            {
                "id": STRING,
                "kind": {"enum": list(kinds.KINDS)},
                "subject_id": {
                    **INTEGER,
                    "description": "What the document is about: a program, framework, ... id.",
                },
                "program_id": INT_OR_NULL,
                "framework_id": INT_OR_NULL,
                "options": _object(
                    ["frameworks", "drafts", "as_of"],
                    {
                        "frameworks": {"type": ["array", "null"], "items": INTEGER},
                        "drafts": BOOLEAN,
                        "as_of": _nullable("string", format="date"),
                    },
                ),
                "state": {"enum": JOB_STATES},
                "progress": {**INTEGER, "minimum": 0, "maximum": 100},
                "message": STRING,
                "filename": STRING,
                "cached": {
                    **BOOLEAN,
                    "description": "Served from an earlier render of the same content.",
                },
                "pages": INT_OR_NULL,
                "size": INT_OR_NULL,
                "requested_by": _nullable("string"),
                "created_at": TIME,
                "finished_at": TIME_OR_NULL,
                "url": STRING,
                "file_url": _nullable("string"),
            },
        ),
    }


_JOB = [
    {"name": "job_id", "in": "path", "required": True, "schema": STRING, "description": "job_id"}
]
_ASKED = {
    "202": {
        **_json("ExportJob", "The job, queued (or already done: small documents and cache hits)."),
        "headers": {"Location": {"schema": STRING, "description": "The job's URL."}},
    },
    "403": _json("Error", "Drafts asked for by someone who may not see them."),
    "429": _json("Error", "The person already has 3 exports waiting or being typeset."),
    "503": _json("Error", "The export queue (Redis) is unavailable; the job failed."),
    **_errors(400, 401, 404),
}


def _asked(op_id: str, summary: str) -> dict:
    operation = _op(op_id, summary, _ASKED, write=True)
    operation["requestBody"] = {
        "required": False,
        "content": {"application/json": {"schema": _ref("ExportOptions")}},
    }
    return operation


def paths() -> dict:
    asked = {
        f"/{k.plural}/{{{k.noun}_id}}/exports": {
            "parameters": _params(f"{k.noun}_id"),
            "post": _asked(f"export_{k.noun}", k.summary),
        }
        for k in kinds.KINDS.values()
    }
    return {**asked, **_JOB_PATHS}


def __getattr__(name: str):
    if name == "PATHS":
        return paths()
    if name == "SCHEMAS":
        return schemas()
    raise AttributeError(name)


_JOB_PATHS = {
    "/exports/{job_id}": {
        "parameters": _JOB,
        "get": {
            **_op(
                "export_state",
                "An export job's state and progress.",
                {"200": _json("ExportJob", "The job."), **_errors(401, 403, 404)},
            ),
            "security": [{"bearer": []}, {"cookie": []}],
        },
    },
    "/exports/{job_id}/file": {
        "parameters": _JOB,
        "get": {
            **_op(
                "export_file",
                "The PDF of a finished export (409 until it is done).",
                {
                    "200": {
                        "description": "The PDF, with a file name in Content-Disposition.",
                        "content": {"application/pdf": {"schema": {"type": "string"}}},
                    },
                    **_errors(401, 403, 404, 409),
                },
            ),
            "security": [{"bearer": []}, {"cookie": []}],
        },
    },
}
