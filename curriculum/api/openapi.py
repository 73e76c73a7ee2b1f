"""The OpenAPI 3.1 description of /api/v1/ (tests/api/test_openapi.py keeps it true)."""

from __future__ import annotations


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _nullable(kind: str, **extra) -> dict:
    return {"type": [kind, "null"], **extra}


def _object(required: list[str], properties: dict, **extra) -> dict:
    return {"type": "object", "required": required, "properties": properties, **extra}


def _list_of(key: str, schema: str) -> dict:
    return _object([key], {key: {"type": "array", "items": _ref(schema)}})


STRING, INTEGER, BOOLEAN = {"type": "string"}, {"type": "integer"}, {"type": "boolean"}
TIME = {"type": "string", "format": "date-time"}
TIME_OR_NULL = _nullable("string", format="date-time")
KINDS = ["critical_work_function", "key_activity", "performance_indicator", "knowledge", "skill"]
CATEGORIES = ["academic", "employability", "occupational_technical"]
LEVELS = ["baseline", "intermediate", "mastery"]
STATUSES = ["draft", "in_review", "published", "superseded", "retired"]
LEVEL_OR_NULL = {"enum": [*LEVELS, None]}

SCHEMAS: dict[str, dict] = {
    "Error": _object(
        ["error", "status"],
        {
            "error": {**STRING, "description": "What went wrong, for a person to read."},
            "status": INTEGER,
            "fields": {
                "type": "object",
                "additionalProperties": STRING,
                "description": "For bad input: the field at fault and what is wrong with it.",
            },
        },
    ),
    "VersionConflict": _object(
        ["error", "status", "current_version"],
        {"error": STRING, "status": INTEGER, "current_version": _ref("Version")},
        description="Someone saved a newer version since base_version; nothing was changed.",
    ),
    "Index": _object(
        ["name", "version", "openapi"], {k: STRING for k in ("name", "version", "openapi")}
    ),
    "OpenApiDocument": {"type": "object", "description": "This document."},
    "Partnership": _object(
        ["id", "name", "industry", "naics_code", "region", "description", "endorsement_quorum"],
        {
            "id": INTEGER,
            "name": STRING,
            "industry": STRING,
            "naics_code": STRING,
            "region": STRING,
            "description": STRING,
            "endorsement_quorum": INTEGER,
            "created_at": TIME,
        },
    ),
    "PartnershipList": _list_of("partnerships", "Partnership"),
    "Framework": _object(
        ["id", "uuid", "partnership_id", "title", "description", "occupation_codes"],
        {
            "id": INTEGER,
            "uuid": STRING,
            "partnership_id": INTEGER,
            "title": STRING,
            "description": STRING,
            "occupation_codes": {"type": "array", "items": STRING},
            "coding_prefix": STRING,
            "created_at": TIME,
            "updated_at": TIME,
        },
    ),
    "FrameworkList": _list_of("frameworks", "Framework"),
    "FrameworkInput": _object(
        ["title"],
        {
            "title": STRING,
            "description": STRING,
            "occupation_codes": {
                "type": "array",
                "items": STRING,
                "description": "O*NET-SOC codes, such as 51-4041.00.",
            },
            "coding_prefix": STRING,
        },
    ),
    "TreeStandard": _object(
        ["id", "uuid", "code", "kind", "parent_id", "position", "current_version", "title"],
        {
            "id": INTEGER,
            "uuid": STRING,
            "code": STRING,
            "kind": {"enum": KINDS},
            "category": {"enum": [*CATEGORIES, None]},
            "parent_id": _nullable("integer"),
            "position": INTEGER,
            "depth": INTEGER,
            "current_version": {
                **INTEGER,
                "description": "The newest version; for readers who may not see drafts, the "
                "published one.",
            },
            "published_version": _nullable("integer"),
            "title": STRING,
            "statement": STRING,
            "level": LEVEL_OR_NULL,
            "status": {"enum": STATUSES},
        },
        description="A standard with the version this reader sees.",
    ),
    "FrameworkTree": {
        "allOf": [
            _ref("Framework"),
            _object(
                ["standards"],
                {
                    "standards": {
                        "type": "array",
                        "items": _ref("TreeStandard"),
                        "description": "In tree order, depth first.",
                    }
                },
            ),
        ]
    },
    "Endorsement": _object(
        ["organization", "note", "created_at"],
        {
            "organization": _object(
                ["id", "name", "kind"], {"id": INTEGER, "name": STRING, "kind": STRING}
            ),
            "note": STRING,
            "created_at": TIME,
        },
    ),
    "EndorsementInput": _object([], {"note": STRING}),
    "Version": _object(
        ["number", "title", "statement", "level", "status", "endorsements"],
        {
            "number": INTEGER,
            "title": STRING,
            "statement": {**STRING, "description": "Markdown."},
            "level": LEVEL_OR_NULL,
            "change_note": STRING,
            "status": {"enum": STATUSES},
            "author": _nullable("string"),
            "created_at": TIME,
            "reviewed_at": TIME_OR_NULL,
            "published_at": TIME_OR_NULL,
            "retired_at": TIME_OR_NULL,
            "reverted_from": _nullable("integer"),
            "endorsements": {"type": "array", "items": _ref("Endorsement")},
        },
    ),
    "Quorum": _object(
        ["needed", "count", "met"],
        {
            "needed": INTEGER,
            "count": INTEGER,
            "met": BOOLEAN,
            "endorsed_by": {"type": "array", "items": STRING},
            "waiting_for": {"type": "array", "items": STRING},
        },
    ),
    "VersionDetail": {
        "allOf": [
            _ref("Version"),
            _object(
                [],
                {"quorum": {**_ref("Quorum"), "description": "For readers who may see drafts."}},
            ),
        ]
    },
    "VersionInput": _object(
        ["base_version"],
        {
            "base_version": {**INTEGER, "description": "The version the edit started from."},
            "title": STRING,
            "statement": STRING,
            "level": LEVEL_OR_NULL,
            "change_note": STRING,
        },
        description="Fields left out keep the current version's content.",
    ),
    "Standard": _object(
        ["id", "uuid", "framework_id", "kind", "code", "parent_id", "versions"],
        {
            "id": INTEGER,
            "uuid": STRING,
            "framework_id": INTEGER,
            "partnership_id": INTEGER,
            "parent_id": _nullable("integer"),
            "kind": {"enum": KINDS},
            "category": {"enum": [*CATEGORIES, None]},
            "code": STRING,
            "position": INTEGER,
            "retired_at": TIME_OR_NULL,
            "created_at": TIME,
            "current_version": _nullable("integer"),
            "published_version": _nullable("integer"),
            "versions": {
                "type": "array",
                "items": _ref("Version"),
                "description": "Newest first; only published ones for readers who may not "
                "see drafts.",
            },
        },
    ),
    "StandardInput": _object(
        ["kind", "title"],
        {
            "parent_id": _nullable("integer"),
            "kind": {"enum": KINDS},
            "code": {**STRING, "description": "Given when left out, such as A.1.2."},
            "category": {"enum": CATEGORIES, "description": "Knowledge and skill items only."},
            "title": STRING,
            "statement": STRING,
            "level": LEVEL_OR_NULL,
            "change_note": STRING,
        },
    ),
}


def _json(schema: str, description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": _ref(schema)}}}


def _errors(*statuses: int) -> dict:
    text = {
        400: "Bad input (`fields` names the field), or a missing X-CSRFToken header.",
        401: "No valid session or token.",
        403: "A member without the role for this.",
        404: "Not found, or not visible to this reader.",
        409: "Conflicts with the current state; `error` says why.",
    }
    return {str(s): _json("Error", text[s]) for s in statuses}


def _op(
    op_id: str, summary: str, responses: dict, body: str | None = None, write: bool = False
) -> dict:
    operation = {"operationId": op_id, "summary": summary, "responses": responses}
    if body:
        operation["requestBody"] = {
            "required": True,
            "content": {"application/json": {"schema": _ref(body)}},
        }
    if not write:
        operation["security"] = [{}, {"bearer": []}, {"cookie": []}]
    return operation


def _params(*names: str) -> list[dict]:
    return [
        {"name": n, "in": "path", "required": True, "schema": INTEGER, "description": n}
        for n in names
    ]


def _paths() -> dict:
    standard, version = _params("standard_id"), _params("standard_id", "number")
    endorsement_errors = _errors(400, 401, 403, 404, 409)
    return {
        "/": {
            "get": _op("index", "This API's name and version.", {"200": _json("Index", "The API.")})
        },
        "/openapi.json": {
            "get": _op(
                "openapi_document",
                "This document.",
                {"200": _json("OpenApiDocument", "OpenAPI 3.1.")},
            )
        },
        "/partnerships": {
            "get": {
                **_op(
                    "partnerships",
                    "Every partnership (public, like the site's list).",
                    {"200": _json("PartnershipList", "The partnerships, by name.")},
                ),
                "parameters": [{"name": "q", "in": "query", "required": False, "schema": STRING}],
            }
        },
        "/partnerships/{partnership_id}/frameworks": {
            "parameters": _params("partnership_id"),
            "get": _op(
                "frameworks",
                "The partnership's frameworks.",
                {"200": _json("FrameworkList", "By title."), **_errors(404)},
            ),
            "post": _op(
                "create_framework",
                "Create a framework (conveners: manage_frameworks).",
                {"201": _json("Framework", "Created."), **_errors(400, 401, 403, 404)},
                body="FrameworkInput",
                write=True,
            ),
        },
        "/frameworks/{framework_id}": {
            "parameters": _params("framework_id"),
            "get": _op(
                "framework",
                "A framework with its whole tree; published content only for readers who may "
                "not see drafts.",
                {"200": _json("FrameworkTree", "The framework."), **_errors(404)},
            ),
        },
        "/frameworks/{framework_id}/standards": {
            "parameters": _params("framework_id"),
            "post": _op(
                "create_standard",
                "Add a standard with its version 1 (edit_standards).",
                {"201": _json("Standard", "Created."), **_errors(400, 401, 403, 404)},
                body="StandardInput",
                write=True,
            ),
        },
        "/standards/{standard_id}": {
            "parameters": standard,
            "get": _op(
                "standard",
                "A standard with its versions.",
                {"200": _json("Standard", "The standard."), **_errors(404)},
            ),
        },
        "/standards/{standard_id}/versions": {
            "parameters": standard,
            "post": _op(
                "save_version",
                "Save new content based on base_version (edit_standards).",
                {
                    "201": _json("Version", "A new version."),
                    "200": _json("Version", "Nothing changed: the current version."),
                    **_errors(400, 401, 403, 404),
                    "409": _json("VersionConflict", "base_version is not the current version."),
                },
                body="VersionInput",
                write=True,
            ),
        },
        "/standards/{standard_id}/versions/{number}": {
            "parameters": version,
            "get": _op(
                "version",
                "One version (drafts are 404 to readers who may not see them).",
                {"200": _json("VersionDetail", "The version."), **_errors(404)},
            ),
        },
        "/standards/{standard_id}/versions/{number}/endorsements": {
            "parameters": version,
            "post": _op(
                "endorse",
                "Your organization endorses this version (endorse).",
                {"201": _json("Endorsement", "Endorsed."), **endorsement_errors},
                body="EndorsementInput",
                write=True,
            ),
            "delete": _op(
                "withdraw_endorsement",
                "Withdraw your organization's endorsement (endorse).",
                {"204": {"description": "Withdrawn."}, **endorsement_errors},
                write=True,
            ),
        },
        "/standards/{standard_id}/versions/{number}/review": {
            "parameters": version,
            "post": _op(
                "review",
                "Send the newest version, a draft, to review (publish).",
                {"200": _json("Version", "In review."), **_errors(400, 401, 403, 404, 409)},
                write=True,
            ),
        },
        "/standards/{standard_id}/versions/{number}/publish": {
            "parameters": version,
            "post": _op(
                "publish",
                "Publish the newest version once the endorsement quorum is met (publish).",
                {"200": _json("Version", "Published."), **_errors(400, 401, 403, 404, 409)},
                write=True,
            ),
        },
    }


DESCRIPTION = """\
JSON in and out. Authenticate with a personal API token (create one on your profile page, or
with `flask users token EMAIL`), sent as `Authorization: Bearer <token>`. Requests signed in by
the site's session cookie work too; their writes must send the CSRF token in the `X-CSRFToken`
header. Reads are open to everyone for published content; drafts need a role in the partnership.
Errors answer `{"error": "...", "status": n}`, with `fields` for bad input.
"""


def document() -> dict:
    """The OpenAPI document (paths relative to the server URL /api/v1)."""
    return {
        "openapi": "3.1.0",
        "info": {"title": "Curriculum API", "version": "v1", "description": DESCRIPTION},
        "servers": [{"url": "/api/v1"}],
        "security": [{"bearer": []}, {"cookie": []}],
        "paths": _paths(),
        "components": {
            "schemas": SCHEMAS,
            "securitySchemes": {
                "bearer": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "A personal API token (cur_…).",
                },
                "cookie": {
                    "type": "apiKey",
                    "in": "cookie",
                    "name": "session",
                    "description": "The site's session; writes also need the X-CSRFToken header.",
                },
            },
        },
    }
