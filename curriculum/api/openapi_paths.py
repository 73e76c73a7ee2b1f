"""The operations of /api/v1/ (the export endpoints': openapi_exports.py), and the helpers that
describe them. Schemas are the pydantic model classes of curriculum/api/schemas/ themselves:
openapi.document() turns them into references to its component schemas."""

from __future__ import annotations

from importlib import import_module

from curriculum.api.openapi_parts import (
    STRING,
    conditional,
    coverage_query,
    errors,
    operation,
    path_params,
    query_params,
    response,
)
from curriculum.api.schemas.alignment import (
    Alignment,
    AlignmentCounts,
    AlignmentInput,
    AlignmentSetInput,
    Coverage,
)
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


def paths() -> dict:
    """Every operation but the export endpoints', by path."""
    standard, version = path_params("standard_id"), path_params("standard_id", "number")
    endorsement_errors = errors(400, 401, 403, 404, 409)
    alignment = path_params("course_id", "alignment_id")
    search = query_params(
        "q", "college", "page", q="Words in the code or title.", college="A college's id."
    )
    return {
        "/": {
            "get": operation(
                "index", "This API's name and version.", {"200": response(Index, "The API.")}
            )
        },
        "/openapi.json": {
            "get": operation(
                "openapi_document",
                "This document.",
                {"200": response(OpenApiDocument, "OpenAPI 3.1.")},
            )
        },
        "/partnerships": {
            "get": {
                **operation(
                    "partnerships",
                    "Every partnership (public, like the site's list).",
                    {"200": response(PartnershipList, "The partnerships, by name."), **errors(400)},
                ),
                "parameters": [{"name": "q", "in": "query", "required": False, "schema": STRING}],
            }
        },
        "/partnerships/{partnership_id}/frameworks": {
            "parameters": path_params("partnership_id"),
            "get": operation(
                "frameworks",
                "The partnership's frameworks.",
                {"200": response(FrameworkList, "By title."), **errors(404)},
            ),
            "post": operation(
                "create_framework",
                "Create a framework (conveners: manage_frameworks).",
                {"201": response(Framework, "Created."), **errors(400, 401, 403, 404)},
                body=FrameworkInput,
                write=True,
            ),
        },
        "/frameworks/{framework_id}": {
            "parameters": path_params("framework_id"),
            "get": conditional(
                operation(
                    "framework",
                    "A framework with its whole tree; published content only for readers who "
                    "may not see drafts.",
                    {"200": response(FrameworkTree, "The framework."), **errors(404)},
                )
            ),
        },
        "/frameworks/{framework_id}/standards": {
            "parameters": path_params("framework_id"),
            "post": operation(
                "create_standard",
                "Add a standard with its version 1 (edit_standards).",
                {"201": response(Standard, "Created."), **errors(400, 401, 403, 404)},
                body=StandardInput,
                write=True,
            ),
        },
        "/courses": {
            "get": {
                **operation(
                    "courses",
                    "Courses by college and code (public).",
                    {"200": response(CoursePage, "A page of courses."), **errors(400)},
                ),
                "parameters": search,
            }
        },
        "/courses/{course_id}": {
            "parameters": path_params("course_id"),
            "get": operation(
                "course",
                "A course with its alignments (public).",
                {"200": response(CourseDetail, "The course."), **errors(404)},
            ),
        },
        "/courses/{course_id}/alignments": {
            "parameters": path_params("course_id"),
            "post": operation(
                "align",
                "Align the course to a standard, pinned to its published version (else its "
                "draft); for a standard already aligned, change the level and note. Faculty and "
                "conveners of the course's college, conveners of its partnerships.",
                {
                    "201": response(Alignment, "Aligned."),
                    "200": response(Alignment, "Already aligned: level and note changed."),
                    **errors(400, 401, 403, 404),
                },
                body=AlignmentInput,
                write=True,
            ),
            "put": operation(
                "set_alignments",
                "Make the course's alignments to one framework exactly the rows listed as "
                "aligned (new ones pinned to the published version, else the draft), removing "
                "the others; all or nothing. Same rights as aligning one standard.",
                {
                    "200": response(AlignmentCounts, "Saved: what changed."),
                    **errors(400, 401, 403, 404),
                    "400": response(
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
            "delete": operation(
                "remove_alignment",
                "Delete one of the course's alignments.",
                {"204": {"description": "Deleted."}, **errors(400, 401, 403, 404)},
                write=True,
            ),
        },
        "/courses/{course_id}/alignments/{alignment_id}/confirm": {
            "parameters": alignment,
            "post": operation(
                "confirm_alignment",
                "Re-confirm a stale alignment against the standard's published version.",
                {
                    "200": response(Alignment, "Re-confirmed."),
                    **errors(400, 401, 403, 404),
                    "409": response(Error, "The alignment is not stale."),
                },
                write=True,
            ),
        },
        "/programs": {
            "get": {
                **operation(
                    "programs",
                    "Programs by name, newest catalog year first (public).",
                    {"200": response(ProgramPage, "A page of programs."), **errors(400)},
                ),
                "parameters": query_params(
                    "q", "college", "page", q="Words in the name.", college="A college's id."
                ),
            }
        },
        "/programs/{program_id}": {
            "parameters": path_params("program_id"),
            "get": conditional(
                operation(
                    "program",
                    "A program with its frameworks and its courses by term (public).",
                    {"200": response(ProgramDetail, "The program."), **errors(404)},
                )
            ),
        },
        "/programs/{program_id}/coverage": {
            "parameters": path_params("program_id"),
            "get": conditional(
                {
                    **operation(
                        "coverage",
                        "The coverage matrix of the program against one of its frameworks "
                        "(public), from the courses of a scope, counting the assessed leaves or "
                        "every standard.",
                        {
                            "200": response(Coverage, "The matrix and its figures."),
                            "400": response(
                                Error,
                                "The program does not use that framework, or uses none; or the "
                                "scope, an elective or the way of counting does not fit.",
                            ),
                            **errors(404),
                        },
                    ),
                    "parameters": [
                        *query_params(
                            "framework",
                            framework="A framework the program uses; its first by default.",
                        ),
                        *coverage_query(),
                    ],
                }
            ),
        },
        "/standards/{standard_id}": {
            "parameters": standard,
            "get": operation(
                "standard",
                "A standard with its versions.",
                {"200": response(Standard, "The standard."), **errors(404)},
            ),
        },
        "/standards/{standard_id}/versions": {
            "parameters": standard,
            "post": operation(
                "save_version",
                "Save new content based on base_version (edit_standards).",
                {
                    "201": response(Version, "A new version."),
                    "200": response(Version, "Nothing changed: the current version."),
                    **errors(400, 401, 403, 404),
                    "409": response(VersionConflict, "base_version is not the current version."),
                },
                body=VersionInput,
                write=True,
            ),
        },
        "/standards/{standard_id}/versions/{number}": {
            "parameters": version,
            "get": operation(
                "version",
                "One version (drafts are 404 to readers who may not see them).",
                {"200": response(VersionDetail, "The version."), **errors(404)},
            ),
        },
        "/standards/{standard_id}/versions/{number}/endorsements": {
            "parameters": version,
            "post": operation(
                "endorse",
                "Your organization endorses this version (endorse).",
                {"201": response(Endorsement, "Endorsed."), **endorsement_errors},
                body=EndorsementInput,
                write=True,
            ),
            "delete": operation(
                "withdraw_endorsement",
                "Withdraw your organization's endorsement (endorse).",
                {"204": {"description": "Withdrawn."}, **endorsement_errors},
                write=True,
            ),
        },
        "/standards/{standard_id}/versions/{number}/review": {
            "parameters": version,
            "post": operation(
                "review",
                "Send the newest version, a draft, to review (publish).",
                {"200": response(Version, "In review."), **errors(400, 401, 403, 404, 409)},
                write=True,
            ),
        },
        "/standards/{standard_id}/versions/{number}/publish": {
            "parameters": version,
            "post": operation(
                "publish",
                "Publish the newest version once the endorsement quorum is met (publish).",
                {"200": response(Version, "Published."), **errors(400, 401, 403, 404, 409)},
                write=True,
            ),
        },
        "/me/queue": {
            "get": {
                **operation(
                    "my_queue",
                    "What needs the signed-in person, newest first, each with where it is done.",
                    {"200": response(Queue, "The open items and how many."), **errors(401)},
                ),
                "security": [{"bearer": []}, {"cookie": []}],
            },
        },
        **_feature_paths(),
    }


# The modules describing each feature's endpoints (curriculum/api/openapi_<name>.py, each with a
# `paths()`), merged into the document in this order. A new feature adds its name here.
FEATURE_MODULES = (
    "releases",
    "outcomes",
    "progression",
    "surveys",
    "ladders",
    "dashboard",
    "search",
    "cohorts",
)


def _feature_paths() -> dict:
    """Every feature module's operations (imported here, not at the top: they import this
    module's helpers)."""
    found: dict = {}
    for name in FEATURE_MODULES:
        found.update(import_module(f"curriculum.api.openapi_{name}").paths())
    return found
