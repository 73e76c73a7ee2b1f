"""The OpenAPI 3.1 description of /api/v1/ (tests/api/test_openapi.py keeps it true)."""

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
    "Course": _object(
        ["id", "code", "title", "college", "credits"],
        {
            "id": INTEGER,
            "code": STRING,
            "title": STRING,
            "college": ORGANIZATION,
            "credits": NUMBER,
            "contact_hours": _nullable("integer"),
            "description": {**STRING, "description": "Markdown."},
            "learning_outcomes": {"type": "array", "items": STRING},
            "created_at": TIME,
            "updated_at": TIME,
        },
    ),
    "CoursePage": _page_of("Course"),
    "Alignment": _object(
        ["id", "course_id", "standard", "level", "note", "version", "stale"],
        {
            "id": INTEGER,
            "course_id": INTEGER,
            "standard": _object(
                ["id", "code", "title"],
                {
                    "id": INTEGER,
                    "code": STRING,
                    "title": {
                        **_nullable("string"),
                        "description": "The pinned version's title; null when the reader may "
                        "not see that version (a draft of a partnership they have no role in).",
                    },
                    "kind": {"enum": KINDS},
                    "framework_id": INTEGER,
                },
            ),
            "level": {"enum": ALIGNMENT_LEVELS},
            "note": {**STRING, "description": "How the course teaches or assesses it."},
            "version": _object(
                ["number", "status"],
                {"number": INTEGER, "status": {"enum": STATUSES}},
                description="The version the alignment was made (or re-confirmed) against.",
            ),
            "published_version": _nullable("integer"),
            "stale": {
                **BOOLEAN,
                "description": "A newer version than the pinned one has been published.",
            },
            "created_by": _nullable("string"),
            "created_at": TIME,
            "confirmed_by": _nullable("string"),
            "confirmed_at": TIME_OR_NULL,
        },
    ),
    "AlignmentInput": _object(
        ["standard_id", "level"],
        {
            "standard_id": {
                **INTEGER,
                "description": "A standard of a framework of a partnership the course's "
                "college takes part in.",
            },
            "level": {"enum": ALIGNMENT_LEVELS},
            "note": {
                **STRING,
                "maxLength": 500,
                "description": "Left out: none for a new alignment; an existing one keeps its "
                "note.",
            },
        },
    ),
    "AlignmentSetInput": _object(
        ["framework_id", "alignments"],
        {
            "framework_id": {
                **ID,
                "description": "A framework of a partnership the course's college takes part in.",
            },
            "alignments": {
                "type": "array",
                "items": _ref("AlignmentRow"),
                "description": "The course's alignments to this framework's standards (those "
                "the caller can see) become the rows with aligned true; every other one is "
                "removed. An empty list removes them all.",
            },
        },
    ),
    "AlignmentRow": _object(
        ["standard_id"],
        {
            "standard_id": {**ID, "description": "A standard of the framework, listed once."},
            "aligned": {
                **BOOLEAN,
                "default": True,
                "description": "False: the standard is not aligned (the same as leaving it "
                "out). Such a row with a level or note other than its alignment's (or, for a "
                "standard not aligned, other than introduced and no note) is refused as a "
                "forgotten tick.",
            },
            "level": {
                "enum": [*ALIGNMENT_LEVELS, None],
                "description": "Needed for a new alignment; null or left out, an existing "
                "alignment keeps its level.",
            },
            "note": {
                **_nullable("string"),
                "maxLength": 500,
                "description": "Null or left out: none for a new alignment; an existing one "
                "keeps its note.",
            },
        },
    ),
    "AlignmentCounts": _object(
        ["added", "updated", "unchanged", "removed"],
        {
            "added": {**INTEGER, "description": "New alignments."},
            "updated": {**INTEGER, "description": "Alignments with a new level or note."},
            "unchanged": {**INTEGER, "description": "Alignments listed as they were."},
            "removed": {**INTEGER, "description": "Alignments removed."},
        },
    ),
    "CourseDetail": {
        "allOf": [
            _ref("Course"),
            _object(
                ["alignments"],
                {
                    "alignments": {
                        "type": "array",
                        "items": _ref("Alignment"),
                        "description": "By framework and standard code.",
                    }
                },
            ),
        ]
    },
    "Program": _object(
        ["id", "name", "award_type", "catalog_year", "college", "partnership_id"],
        {
            "id": INTEGER,
            "name": STRING,
            "award_type": STRING,
            "catalog_year": {**STRING, "description": "Such as 2026-2027."},
            "college": ORGANIZATION,
            "partnership_id": INTEGER,
            "copied_from_id": {
                **_nullable("integer"),
                "description": "The program of an earlier catalog year it was copied from.",
            },
            "created_at": TIME,
        },
    ),
    "ProgramPage": _page_of("Program"),
    "ProgramDetail": {
        "allOf": [
            _ref("Program"),
            _object(
                ["partnership", "frameworks", "terms", "total_credits", "required_credits"],
                {
                    "description": {**STRING, "description": "Markdown."},
                    "partnership": _object(["id", "name"], {"id": INTEGER, "name": STRING}),
                    "frameworks": {"type": "array", "items": ID_AND_TITLE},
                    "terms": {
                        "type": "array",
                        "items": _object(
                            ["term", "credits", "courses"],
                            {
                                "term": INTEGER,
                                "credits": NUMBER,
                                "courses": {
                                    "type": "array",
                                    "items": _object(
                                        ["id", "code", "title", "credits", "required"],
                                        {
                                            "id": {**INTEGER, "description": "The course's id."},
                                            "code": STRING,
                                            "title": STRING,
                                            "credits": NUMBER,
                                            "required": {
                                                **BOOLEAN,
                                                "description": "False for an elective.",
                                            },
                                            "position": INTEGER,
                                        },
                                    ),
                                },
                            },
                        ),
                    },
                    "total_credits": NUMBER,
                    "required_credits": NUMBER,
                },
            ),
        ]
    },
    "Coverage": _object(
        ["program", "framework", "courses", "rows", "summary"],
        {
            "program": _object(["id", "name"], {"id": INTEGER, "name": STRING}),
            "framework": ID_AND_TITLE,
            "courses": {
                "type": "array",
                "description": "The matrix's columns: the program's courses by term.",
                "items": _object(
                    ["id", "code", "term", "required", "count"],
                    {
                        "id": INTEGER,
                        "code": STRING,
                        "title": STRING,
                        "term": INTEGER,
                        "required": BOOLEAN,
                        "count": {**INTEGER, "description": "Standards the course covers."},
                    },
                ),
            },
            "rows": {
                "type": "array",
                "description": "The framework's standards in tree order, drafts included.",
                "items": _object(
                    ["standard_id", "code", "depth", "kind", "title", "best", "cells"],
                    {
                        "standard_id": INTEGER,
                        "code": STRING,
                        "depth": INTEGER,
                        "kind": {"enum": KINDS},
                        "title": STRING,
                        "published": {
                            **BOOLEAN,
                            "description": "False for an ancestor shown by its code only "
                            "(not yet published, no title): it counts in no figure.",
                        },
                        "best": {
                            "enum": [*ALIGNMENT_LEVELS, None],
                            "description": "The highest level any course reaches.",
                        },
                        "cells": {
                            "type": "array",
                            "description": "The courses that cover it, in column order.",
                            "items": _object(
                                ["course_id", "level", "version", "stale"],
                                {
                                    "alignment_id": INTEGER,
                                    "course_id": INTEGER,
                                    "level": {"enum": ALIGNMENT_LEVELS},
                                    "version": {
                                        **INTEGER,
                                        "description": "The pinned version's number.",
                                    },
                                    "stale": BOOLEAN,
                                },
                            ),
                        },
                    },
                ),
            },
            "summary": _figures(
                stale={**INTEGER, "description": "Stale alignments in the matrix."},
                by_function={
                    "type": "array",
                    "description": "Per critical work function, counting it and every "
                    "standard under it.",
                    "items": _figures(standard_id=INTEGER, code=STRING, title=STRING),
                },
            ),
        },
    ),
}


def _json(schema: str, description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": _ref(schema)}}}


def _errors(*statuses: int) -> dict:
    text = {
        400: "Bad input (`fields` names the field), a NUL character anywhere in the query or "
        "body, or a missing X-CSRFToken header.",
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
        {"name": n, "in": "path", "required": True, "schema": ID, "description": n} for n in names
    ]


def _query(*names: str, **descriptions: str) -> list[dict]:
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


def _paths() -> dict:
    standard, version = _params("standard_id"), _params("standard_id", "number")
    endorsement_errors = _errors(400, 401, 403, 404, 409)
    alignment = _params("course_id", "alignment_id")
    search = _query(
        "q", "college", "page", q="Words in the code or title.", college="A college's id."
    )
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
                    {"200": _json("PartnershipList", "The partnerships, by name."), **_errors(400)},
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
        "/courses": {
            "get": {
                **_op(
                    "courses",
                    "Courses by college and code (public).",
                    {"200": _json("CoursePage", "A page of courses."), **_errors(400)},
                ),
                "parameters": search,
            }
        },
        "/courses/{course_id}": {
            "parameters": _params("course_id"),
            "get": _op(
                "course",
                "A course with its alignments (public).",
                {"200": _json("CourseDetail", "The course."), **_errors(404)},
            ),
        },
        "/courses/{course_id}/alignments": {
            "parameters": _params("course_id"),
            "post": _op(
                "align",
                "Align the course to a standard, pinned to its published version (else its "
                "draft); for a standard already aligned, change the level and note. Faculty and "
                "conveners of the course's college, conveners of its partnerships.",
                {
                    "201": _json("Alignment", "Aligned."),
                    "200": _json("Alignment", "Already aligned: level and note changed."),
                    **_errors(400, 401, 403, 404),
                },
                body="AlignmentInput",
                write=True,
            ),
            "put": _op(
                "set_alignments",
                "Make the course's alignments to one framework exactly the rows listed as "
                "aligned (new ones pinned to the published version, else the draft), removing "
                "the others; all or nothing. Same rights as aligning one standard.",
                {
                    "200": _json("AlignmentCounts", "Saved: what changed."),
                    **_errors(400, 401, 403, 404),
                    "400": _json(
                        "Error",
                        "Bad input, a framework the college takes no part in, or rows that "
                        "cannot be saved: `fields` names each as alignments[i] (its place in "
                        "the list) with what is wrong. Nothing was saved.",
                    ),
                },
                body="AlignmentSetInput",
                write=True,
            ),
        },
        "/courses/{course_id}/alignments/{alignment_id}": {
            "parameters": alignment,
            "delete": _op(
                "remove_alignment",
                "Delete one of the course's alignments.",
                {"204": {"description": "Deleted."}, **_errors(400, 401, 403, 404)},
                write=True,
            ),
        },
        "/courses/{course_id}/alignments/{alignment_id}/confirm": {
            "parameters": alignment,
            "post": _op(
                "confirm_alignment",
                "Re-confirm a stale alignment against the standard's published version.",
                {
                    "200": _json("Alignment", "Re-confirmed."),
                    **_errors(400, 401, 403, 404),
                    "409": _json("Error", "The alignment is not stale."),
                },
                write=True,
            ),
        },
        "/programs": {
            "get": {
                **_op(
                    "programs",
                    "Programs by name, newest catalog year first (public).",
                    {"200": _json("ProgramPage", "A page of programs."), **_errors(400)},
                ),
                "parameters": _query(
                    "q", "college", "page", q="Words in the name.", college="A college's id."
                ),
            }
        },
        "/programs/{program_id}": {
            "parameters": _params("program_id"),
            "get": _op(
                "program",
                "A program with its frameworks and its courses by term (public).",
                {"200": _json("ProgramDetail", "The program."), **_errors(404)},
            ),
        },
        "/programs/{program_id}/coverage": {
            "parameters": _params("program_id"),
            "get": {
                **_op(
                    "coverage",
                    "The coverage matrix of the program against one of its frameworks (public).",
                    {
                        "200": _json("Coverage", "The matrix and its figures."),
                        "400": _json(
                            "Error", "The program does not use that framework, or uses none."
                        ),
                        **_errors(404),
                    },
                ),
                "parameters": _query(
                    "framework", framework="A framework the program uses; its first by default."
                ),
            },
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
Courses, programs and coverage are public; aligning a course needs faculty or convener rights for
its college. Lists come in pages: `items`, `page`, `pages`, `total`.
Errors answer `{"error": "...", "status": n}`, with `fields` for bad input.
"""


def document() -> dict:
    """The OpenAPI document (paths relative to the server URL /api/v1)."""
    from curriculum.api import openapi_exports as exports

    return {
        "openapi": "3.1.0",
        "info": {"title": "Curriculum API", "version": "v1", "description": DESCRIPTION},
        "servers": [{"url": "/api/v1"}],
        "security": [{"bearer": []}, {"cookie": []}],
        "paths": {**_paths(), **exports.PATHS},
        "components": {
            "schemas": {**SCHEMAS, **exports.SCHEMAS},
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
