"""The OpenAPI document's component schemas and the small helpers that build them (the paths:
openapi.py)."""

from __future__ import annotations

from curriculum.api.inputs import MAX_INTEGER


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _nullable(kind: str, **extra) -> dict:
    return {"type": [kind, "null"], **extra}


def _object(required: list[str], properties: dict, **extra) -> dict:
    return {"type": "object", "required": required, "properties": properties, **extra}


def _list_of(key: str, schema: str) -> dict:
    return _object([key], {key: {"type": "array", "items": _ref(schema)}})


STRING, INTEGER, BOOLEAN = {"type": "string"}, {"type": "integer"}, {"type": "boolean"}
NUMBER = {"type": "number"}
ID = {"type": "integer", "maximum": MAX_INTEGER}  # ids in paths and queries: INTEGER columns
TIME = {"type": "string", "format": "date-time"}
TIME_OR_NULL = _nullable("string", format="date-time")
KINDS = ["critical_work_function", "key_activity", "performance_indicator", "knowledge", "skill"]
CATEGORIES = ["academic", "employability", "occupational_technical"]
LEVELS = ["baseline", "intermediate", "mastery"]
STATUSES = ["draft", "in_review", "published", "superseded", "retired"]
LEVEL_OR_NULL = {"enum": [*LEVELS, None]}
ALIGNMENT_LEVELS = ["introduced", "reinforced", "mastered"]
ORGANIZATION = _object(["id", "name", "kind"], {"id": INTEGER, "name": STRING, "kind": STRING})
ID_AND_TITLE = _object(["id", "title"], {"id": INTEGER, "title": STRING})


def _page_of(schema: str) -> dict:
    return _object(
        ["items", "page", "pages", "total"],
        {
            "items": {"type": "array", "items": _ref(schema)},
            "page": INTEGER,
            "pages": INTEGER,
            "per_page": INTEGER,
            "total": {**INTEGER, "description": "Items on every page together."},
        },
    )


def _figures(**extra) -> dict:
    return _object(
        ["total", "covered", "covered_percent", "mastered", "mastered_percent"],
        {
            **extra,
            "total": {**INTEGER, "description": "Standards."},
            "covered": {**INTEGER, "description": "Standards some course covers."},
            "covered_percent": INTEGER,
            "mastered": {**INTEGER, "description": "Standards some course brings to mastered."},
            "mastered_percent": INTEGER,
        },
    )


# The general, partnership and standards schemas (courses, alignments, programs and coverage:
# openapi_courses.py; exports: openapi_exports.py).
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
            "published": {
                **BOOLEAN,
                "description": "False for an ancestor shown by its code only (not yet "
                "published, for a reader who may not see drafts): no version, title or "
                "statement.",
            },
            "current_version": {
                **_nullable("integer"),
                "description": "The newest version; for readers who may not see drafts, the "
                "published one (null for a code-only ancestor).",
            },
            "published_version": _nullable("integer"),
            "title": STRING,
            "statement": STRING,
            "level": LEVEL_OR_NULL,
            "status": {"enum": [*STATUSES, None]},
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
            "organization": ORGANIZATION,
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
