"""The learning outcome endpoints' operations of the OpenAPI document (openapi_paths.paths()
merges them in). Their objects: schemas/outcomes.py; their alignments: schemas/alignment.py."""

from __future__ import annotations

from curriculum.api.openapi_parts import errors, operation, path_params, response
from curriculum.api.schemas.alignment import Alignment, AlignmentInput
from curriculum.api.schemas.outcomes import Outcome, OutcomeChange, OutcomeInput, OutcomeList

WHO = (
    "Faculty of the course's college, conveners of its partnerships (whoever may edit the course)."
)


def paths() -> dict:
    outcome = path_params("outcome_id")
    return {
        "/courses/{course_id}/outcomes": {
            "parameters": path_params("course_id"),
            "get": operation(
                "course_outcomes",
                "The course's learning outcomes in order, each with the standards it serves, "
                "and the course's course-level alignments (public).",
                {"200": response(OutcomeList, "The outcomes."), **errors(404)},
            ),
            "post": operation(
                "add_outcome",
                f"Add a learning outcome, numbered after the last one. {WHO}",
                {"201": response(Outcome, "Added."), **errors(400, 401, 403, 404)},
                body=OutcomeInput,
                write=True,
            ),
        },
        "/outcomes/{outcome_id}": {
            "parameters": outcome,
            "patch": operation(
                "change_outcome",
                f"Change the outcome's text or assessment, or move it to another number. {WHO}",
                {"200": response(Outcome, "Changed (or as it was)."), **errors(400, 401, 403, 404)},
                body=OutcomeChange,
                write=True,
            ),
            "delete": operation(
                "delete_outcome",
                "Delete the outcome and its alignments to standards; the outcomes after it "
                f"move up. {WHO}",
                {"204": {"description": "Deleted."}, **errors(400, 401, 403, 404)},
                write=True,
            ),
        },
        "/outcomes/{outcome_id}/alignments": {
            "parameters": outcome,
            "post": operation(
                "align_outcome",
                "Align the outcome to a standard, pinned to its published version (else its "
                "draft); for a standard it is already aligned to, change the level and note. "
                "The same body and answers as aligning the course; the alignment's outcome_id "
                f"names the outcome. {WHO}",
                {
                    "201": response(Alignment, "Aligned."),
                    "200": response(Alignment, "Already aligned: level and note changed."),
                    **errors(400, 401, 403, 404),
                },
                body=AlignmentInput,
                write=True,
            ),
        },
    }
