"""The operations of /api/v1/ (the export endpoints': openapi_exports.py), and the helpers that
describe them. Schemas are the pydantic model classes of curriculum/api/schemas/ themselves:
openapi.document() turns them into references to its component schemas."""

from __future__ import annotations

from pydantic import BaseModel

from curriculum.alignment.counting import COUNTS
from curriculum.api.schemas.alignment import (
    Alignment,
    AlignmentCounts,
    AlignmentInput,
    AlignmentSetInput,
    Coverage,
)
from curriculum.api.schemas.base import Input
from curriculum.api.schemas.courses import CourseDetail, CoursePage, ProgramDetail, ProgramPage
from curriculum.api.schemas.general import Error, Index, OpenApiDocument, PartnershipList
from curriculum.api.schemas.queue import Queue
from curriculum.api.schemas.standards import (
    Endorsement,
    EndorsementInput,
    Framework,
    FrameworkInput,
    FrameworkList,
    FrameworkTree,
    Standard,
    StandardInput,
    Version,
    VersionConflict,
    VersionDetail,
    VersionInput,
)
from curriculum.courses.paths import SCOPES
from curriculum.params import MAX_INTEGER

STRING = {"type": "string"}
ID = {"type": "integer", "maximum": MAX_INTEGER}  # ids in paths and queries: INTEGER columns


def _json(model: type[BaseModel], description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": model}}}


def _errors(*statuses: int) -> dict:
    text = {
        400: "Bad input (`fields` names the field), a NUL character anywhere in the query or "
        "body, or a missing X-CSRFToken header.",
        401: "No valid session or token.",
        403: "A member without the role for this.",
        404: "Not found, or not visible to this reader.",
        409: "Conflicts with the current state; `error` says why.",
    }
    return {str(s): _json(Error, text[s]) for s in statuses}


def _op(
    op_id: str,
    summary: str,
    responses: dict,
    body: type[Input] | None = None,
    write: bool = False,
) -> dict:
    operation = {"operationId": op_id, "summary": summary, "responses": responses}
    if body:
        operation["requestBody"] = {
            "required": True,
            "content": {"application/json": {"schema": body}},
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


def _coverage_query() -> list[dict]:
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


def paths() -> dict:
    """Every operation but the export endpoints', by path."""
    standard, version = _params("standard_id"), _params("standard_id", "number")
    endorsement_errors = _errors(400, 401, 403, 404, 409)
    alignment = _params("course_id", "alignment_id")
    search = _query(
        "q", "college", "page", q="Words in the code or title.", college="A college's id."
    )
    return {
        "/": {
            "get": _op("index", "This API's name and version.", {"200": _json(Index, "The API.")})
        },
        "/openapi.json": {
            "get": _op(
                "openapi_document",
                "This document.",
                {"200": _json(OpenApiDocument, "OpenAPI 3.1.")},
            )
        },
        "/partnerships": {
            "get": {
                **_op(
                    "partnerships",
                    "Every partnership (public, like the site's list).",
                    {"200": _json(PartnershipList, "The partnerships, by name."), **_errors(400)},
                ),
                "parameters": [{"name": "q", "in": "query", "required": False, "schema": STRING}],
            }
        },
        "/partnerships/{partnership_id}/frameworks": {
            "parameters": _params("partnership_id"),
            "get": _op(
                "frameworks",
                "The partnership's frameworks.",
                {"200": _json(FrameworkList, "By title."), **_errors(404)},
            ),
            "post": _op(
                "create_framework",
                "Create a framework (conveners: manage_frameworks).",
                {"201": _json(Framework, "Created."), **_errors(400, 401, 403, 404)},
                body=FrameworkInput,
                write=True,
            ),
        },
        "/frameworks/{framework_id}": {
            "parameters": _params("framework_id"),
            "get": _op(
                "framework",
                "A framework with its whole tree; published content only for readers who may "
                "not see drafts.",
                {"200": _json(FrameworkTree, "The framework."), **_errors(404)},
            ),
        },
        "/frameworks/{framework_id}/standards": {
            "parameters": _params("framework_id"),
            "post": _op(
                "create_standard",
                "Add a standard with its version 1 (edit_standards).",
                {"201": _json(Standard, "Created."), **_errors(400, 401, 403, 404)},
                body=StandardInput,
                write=True,
            ),
        },
        "/courses": {
            "get": {
                **_op(
                    "courses",
                    "Courses by college and code (public).",
                    {"200": _json(CoursePage, "A page of courses."), **_errors(400)},
                ),
                "parameters": search,
            }
        },
        "/courses/{course_id}": {
            "parameters": _params("course_id"),
            "get": _op(
                "course",
                "A course with its alignments (public).",
                {"200": _json(CourseDetail, "The course."), **_errors(404)},
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
                    "201": _json(Alignment, "Aligned."),
                    "200": _json(Alignment, "Already aligned: level and note changed."),
                    **_errors(400, 401, 403, 404),
                },
                body=AlignmentInput,
                write=True,
            ),
            "put": _op(
                "set_alignments",
                "Make the course's alignments to one framework exactly the rows listed as "
                "aligned (new ones pinned to the published version, else the draft), removing "
                "the others; all or nothing. Same rights as aligning one standard.",
                {
                    "200": _json(AlignmentCounts, "Saved: what changed."),
                    **_errors(400, 401, 403, 404),
                    "400": _json(
                        Error,
                        "Bad input, a framework the college takes no part in, or rows that "
                        "cannot be saved: `fields` names each as alignments[i] (its place in "
                        "the list) with what is wrong. Nothing was saved.",
                    ),
                },
                body=AlignmentSetInput,
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
                    "200": _json(Alignment, "Re-confirmed."),
                    **_errors(400, 401, 403, 404),
                    "409": _json(Error, "The alignment is not stale."),
                },
                write=True,
            ),
        },
        "/programs": {
            "get": {
                **_op(
                    "programs",
                    "Programs by name, newest catalog year first (public).",
                    {"200": _json(ProgramPage, "A page of programs."), **_errors(400)},
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
                {"200": _json(ProgramDetail, "The program."), **_errors(404)},
            ),
        },
        "/programs/{program_id}/coverage": {
            "parameters": _params("program_id"),
            "get": {
                **_op(
                    "coverage",
                    "The coverage matrix of the program against one of its frameworks (public), "
                    "from the courses of a scope, counting the assessed leaves or every standard.",
                    {
                        "200": _json(Coverage, "The matrix and its figures."),
                        "400": _json(
                            Error,
                            "The program does not use that framework, or uses none; or the "
                            "scope, an elective or the way of counting does not fit.",
                        ),
                        **_errors(404),
                    },
                ),
                "parameters": [
                    *_query(
                        "framework",
                        framework="A framework the program uses; its first by default.",
                    ),
                    *_coverage_query(),
                ],
            },
        },
        "/standards/{standard_id}": {
            "parameters": standard,
            "get": _op(
                "standard",
                "A standard with its versions.",
                {"200": _json(Standard, "The standard."), **_errors(404)},
            ),
        },
        "/standards/{standard_id}/versions": {
            "parameters": standard,
            "post": _op(
                "save_version",
                "Save new content based on base_version (edit_standards).",
                {
                    "201": _json(Version, "A new version."),
                    "200": _json(Version, "Nothing changed: the current version."),
                    **_errors(400, 401, 403, 404),
                    "409": _json(VersionConflict, "base_version is not the current version."),
                },
                body=VersionInput,
                write=True,
            ),
        },
        "/standards/{standard_id}/versions/{number}": {
            "parameters": version,
            "get": _op(
                "version",
                "One version (drafts are 404 to readers who may not see them).",
                {"200": _json(VersionDetail, "The version."), **_errors(404)},
            ),
        },
        "/standards/{standard_id}/versions/{number}/endorsements": {
            "parameters": version,
            "post": _op(
                "endorse",
                "Your organization endorses this version (endorse).",
                {"201": _json(Endorsement, "Endorsed."), **endorsement_errors},
                body=EndorsementInput,
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
                {"200": _json(Version, "In review."), **_errors(400, 401, 403, 404, 409)},
                write=True,
            ),
        },
        "/standards/{standard_id}/versions/{number}/publish": {
            "parameters": version,
            "post": _op(
                "publish",
                "Publish the newest version once the endorsement quorum is met (publish).",
                {"200": _json(Version, "Published."), **_errors(400, 401, 403, 404, 409)},
                write=True,
            ),
        },
        "/me/queue": {
            "get": {
                **_op(
                    "my_queue",
                    "What needs the signed-in person, newest first, each with where it is done.",
                    {"200": _json(Queue, "The open items and how many."), **_errors(401)},
                ),
                "security": [{"bearer": []}, {"cookie": []}],
            },
        },
        **_releases(),
        **_outcomes(),
        **_progression(),
        **_ladders(),
        **_dashboard(),
        **_search(),
        **_cohorts(),
    }


def _search() -> dict:
    """The search endpoint's operation (openapi_search.py)."""
    from curriculum.api import openapi_search

    return openapi_search.paths()


def _releases() -> dict:
    """The release endpoints' operations (openapi_releases.py)."""
    from curriculum.api import openapi_releases

    return openapi_releases.paths()


def _outcomes() -> dict:
    """The learning outcome endpoints' operations (openapi_outcomes.py)."""
    from curriculum.api import openapi_outcomes

    return openapi_outcomes.paths()


def _progression() -> dict:
    """The progression check's operation (openapi_progression.py)."""
    from curriculum.api import openapi_progression

    return openapi_progression.paths()


def _ladders() -> dict:
    """The career ladder endpoints' operations (openapi_ladders.py)."""
    from curriculum.api import openapi_ladders

    return openapi_ladders.paths()


def _dashboard() -> dict:
    """The dashboard's operation (openapi_dashboard.py)."""
    from curriculum.api import openapi_dashboard

    return openapi_dashboard.paths()


def _cohorts() -> dict:
    """The performance measures endpoints' operations (openapi_cohorts.py)."""
    from curriculum.api import openapi_cohorts

    return openapi_cohorts.paths()
