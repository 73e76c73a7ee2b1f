"""The building blocks of the OpenAPI document's operations: a JSON response, the error
responses, an operation, a conditional GET, path and query parameters (openapi_paths.py and
every feature's openapi_<name>.py build their operations with these)."""

from __future__ import annotations

from pydantic import BaseModel

from curriculum.alignment.counting import COUNTS
from curriculum.api.caching import CACHE_CONTROL
from curriculum.api.schemas.base import Input
from curriculum.api.schemas.general import Error
from curriculum.courses.paths import SCOPES
from curriculum.params import MAX_INTEGER

STRING = {"type": "string"}
ID = {"type": "integer", "maximum": MAX_INTEGER}  # ids in paths and queries: INTEGER columns


def response(model: type[BaseModel], description: str) -> dict:
    """A JSON response of `model`."""
    return {"description": description, "content": {"application/json": {"schema": model}}}


def errors(*statuses: int) -> dict:
    """The error responses of these statuses, each an `Error` with what it means."""
    text = {
        400: "Bad input (`fields` names the field), a NUL character anywhere in the query or "
        "body, or a missing X-CSRFToken header.",
        401: "No valid session or token.",
        403: "A member without the role for this.",
        404: "Not found, or not visible to this reader.",
        409: "Conflicts with the current state; `error` says why.",
    }
    return {str(s): response(Error, text[s]) for s in statuses}


def operation(
    op_id: str,
    summary: str,
    responses: dict,
    body: type[Input] | None = None,
    write: bool = False,
) -> dict:
    """An operation; `write` ones need a session or token (reads also answer anonymously)."""
    found = {"operationId": op_id, "summary": summary, "responses": responses}
    if body:
        found["requestBody"] = {
            "required": True,
            "content": {"application/json": {"schema": body}},
        }
    if not write:
        found["security"] = [{}, {"bearer": []}, {"cookie": []}]
    return found


def conditional(get: dict) -> dict:
    """A GET answered with an ETag and a Last-Modified (curriculum/api/caching.py): it takes
    If-None-Match (or If-Modified-Since), and answers 304 with no body while the client's copy
    is still the answer."""
    headers = {
        "ETag": {
            "description": "A weak tag of this answer for this reader and query; send it back "
            "in If-None-Match.",
            "required": True,
            "schema": STRING,
        },
        "Cache-Control": {
            "description": "Keep the answer for this reader only, and ask again (with "
            "If-None-Match) before each use.",
            "required": True,
            "schema": {"type": "string", "enum": [CACHE_CONTROL]},
        },
    }
    last_modified = {
        "description": "When the answer last changed (an HTTP date; see If-Modified-Since).",
        "required": True,
        "schema": STRING,
    }
    responses = dict(get["responses"])
    responses["200"] = {**responses["200"], "headers": {**headers, "Last-Modified": last_modified}}
    responses["304"] = {
        "description": "Not modified: the ETag sent in If-None-Match is still this answer's "
        "(or, without If-None-Match, nothing changed since If-Modified-Since). No body.",
        "headers": headers,
    }
    if_none_match = {
        "name": "If-None-Match",
        "in": "header",
        "required": False,
        "schema": STRING,
        "description": "ETags of answers already held (or *): 304 while one is still current.",
    }
    if_modified_since = {
        "name": "If-Modified-Since",
        "in": "header",
        "required": False,
        "schema": STRING,
        "description": "The Last-Modified of the answer held: 304 while nothing changed since. "
        "Ignored when If-None-Match is sent, or when not a valid HTTP date.",
    }
    return {
        **get,
        "responses": responses,
        "parameters": [*get.get("parameters", []), if_none_match, if_modified_since],
    }


def path_params(*names: str) -> list[dict]:
    """Integer ids in the path."""
    return [
        {"name": n, "in": "path", "required": True, "schema": ID, "description": n} for n in names
    ]


def query_params(*names: str, **descriptions: str) -> list[dict]:
    """Optional query parameters: `q` a string, the others positive integers."""
    return [
        {
            "name": n,
            "in": "query",
            "required": False,
            "schema": STRING if n == "q" else {**ID, "minimum": 1},
            **({"description": descriptions[n]} if n in descriptions else {}),
            # An empty value (?page=, as an HTML form sends it) counts as absent.
            **({} if n == "q" else {"allowEmptyValue": True}),
        }
        for n in names
    ]


def coverage_query() -> list[dict]:
    """The coverage's scope, chosen electives and way of counting (query parameters)."""
    return [
        {
            "name": "scope",
            "in": "query",
            "required": False,
            "schema": {"type": "string", "enum": list(SCOPES), "default": "required"},
            "description": "required: the courses every student takes (default); all: every "
            "course; chosen: the required courses and the electives named by `elective`.",
            "allowEmptyValue": True,
        },
        {
            "name": "elective",
            "in": "query",
            "required": False,
            "schema": {"type": "array", "items": {**ID, "minimum": 1}},
            "style": "form",
            "explode": True,
            "description": "With scope=chosen: a course id of an elective chosen (repeat it).",
        },
        {
            "name": "count",
            "in": "query",
            "required": False,
            "schema": {"type": "string", "enum": list(COUNTS), "default": "leaves"},
            "description": "leaves: the assessed leaves, work functions rolling up (default); "
            "all: every standard alike.",
            "allowEmptyValue": True,
        },
    ]
