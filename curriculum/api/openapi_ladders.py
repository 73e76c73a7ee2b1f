"""The career ladder endpoints' operations of the OpenAPI document (openapi_paths.paths() merges
them in). Their objects: schemas/ladders.py."""

from __future__ import annotations

from curriculum.api.openapi_parts import ID, errors, operation, path_params, query_params, response
from curriculum.api.schemas.general import Error
from curriculum.api.schemas.ladders import (
    Gap,
    LadderDetail,
    LadderInput,
    LadderPage,
    LadderPatch,
    Move,
    MoveInput,
    MovePatch,
    Requirement,
    RequirementInput,
    RequirementPatch,
    StepDetail,
    StepInput,
    StepPatch,
)

WHO = "Conveners and panelists of the ladder's partnership (and site administrators)."
READ = (
    "Published ladders are read by everyone; a draft only by those who see the partnership's "
    "drafts (404 for others)."
)
DELETED = {"204": {"description": "Deleted."}}
CREATED = {"Location": {"description": "The new ladder's address.", "schema": {"type": "string"}}}


def _write(op_id: str, summary: str, responses: dict, body=None, conflict: str = "") -> dict:
    answers = {**responses, **errors(400, 401, 403, 404)}
    if conflict:
        answers["409"] = response(Error, conflict)
    return operation(op_id, f"{summary} {WHO}", answers, body=body, write=True)


def paths() -> dict:
    ladder, step = path_params("ladder_id"), path_params("step_id")
    title_taken = "The partnership already has a ladder of that title."
    step_taken = "The ladder already has a step of that title."
    return {
        "/partnerships/{partnership_id}/ladders": {
            "parameters": path_params("partnership_id"),
            "get": {
                **operation(
                    "partnership_ladders",
                    "The partnership's career ladders this reader may see (published ones; "
                    "drafts for those who see its drafts), by title.",
                    {"200": response(LadderPage, "A page of ladders."), **errors(400, 404)},
                ),
                "parameters": query_params("page"),
            },
            "post": _write(
                "create_ladder",
                "A new career ladder of the partnership (a draft unless `status` says published).",
                {
                    "201": {
                        **response(LadderDetail, "Created: the ladder, with no steps yet."),
                        "headers": CREATED,
                    }
                },
                body=LadderInput,
                conflict=title_taken,
            ),
        },
        "/ladders/{ladder_id}": {
            "parameters": ladder,
            "get": operation(
                "ladder",
                "The ladder with its steps (job quality: wages, benefits, schedule, conditions, "
                "hiring employers with openings; the standards each requires, pinned to a "
                "version; the programs that lead there) and its moves. " + READ,
                {"200": response(LadderDetail, "The ladder."), **errors(404)},
            ),
            "patch": _write(
                "update_ladder",
                "Change the fields sent of the ladder (`status`: published publishes it).",
                {"200": response(LadderDetail, "Changed.")},
                body=LadderPatch,
                conflict=title_taken,
            ),
            "delete": _write(
                "delete_ladder",
                "Delete the ladder with its steps, moves and requirements.",
                DELETED,
            ),
        },
        "/ladders/{ladder_id}/diagram.svg": {
            "parameters": ladder,
            "get": operation(
                "ladder_diagram",
                "The ladder drawn as an accessible SVG: levels as rows, steps as boxes (title, "
                "wage range, hiring employers), moves as arrows. " + READ,
                {
                    "200": {
                        "description": "The diagram.",
                        "content": {"image/svg+xml": {"schema": {"type": "string"}}},
                    },
                    **errors(404),
                },
            ),
        },
        "/ladders/{ladder_id}/steps": {
            "parameters": ladder,
            "post": _write(
                "add_step",
                "A new step of the ladder: job title, O*NET-SOC code, level and job quality.",
                {"201": response(StepDetail, "Added.")},
                body=StepInput,
                conflict=step_taken,
            ),
        },
        "/steps/{step_id}": {
            "parameters": step,
            "patch": _write(
                "update_step",
                "Change the fields sent of the step; those left out stay (null clears a wage).",
                {"200": response(StepDetail, "Changed.")},
                body=StepPatch,
                conflict=step_taken,
            ),
            "delete": _write(
                "delete_step", "Delete the step with its moves and requirements.", DELETED
            ),
        },
        "/ladders/{ladder_id}/moves": {
            "parameters": ladder,
            "post": _write(
                "add_move",
                "A move between two steps of the ladder: up to a higher level, or sideways at "
                "the same level.",
                {"201": response(Move, "Added.")},
                body=MoveInput,
                conflict="There is already a move between those steps.",
            ),
        },
        "/moves/{move_id}": {
            "parameters": path_params("move_id"),
            "patch": _write(
                "update_move",
                "Change the fields sent of the move (its steps stay).",
                {"200": response(Move, "Changed.")},
                body=MovePatch,
                conflict="There is already a move between those steps.",
            ),
            "delete": _write("delete_move", "Delete the move.", DELETED),
        },
        "/steps/{step_id}/requirements": {
            "parameters": step,
            "post": _write(
                "require_standard",
                "The step requires a standard of the partnership's frameworks at a proficiency "
                "level, pinned to its published version (else its draft).",
                {
                    "201": response(Requirement, "Required."),
                    "200": response(Requirement, "Already required: level changed, re-pinned."),
                },
                body=RequirementInput,
            ),
        },
        "/requirements/{requirement_id}": {
            "parameters": path_params("requirement_id"),
            "patch": _write(
                "update_requirement",
                "Change the requirement's level, or re-confirm it (`confirm`: true) against "
                "the standard's published version.",
                {"200": response(Requirement, "Changed.")},
                body=RequirementPatch,
            ),
            "delete": _write("remove_requirement", "The step no longer requires it.", DELETED),
        },
        "/steps/{step_id}/gap": {
            "parameters": step,
            "get": {
                **operation(
                    "step_gap",
                    "What stands between the step `from` and this one: the standards this step "
                    "requires that `from` does not (or at a lower level), with the courses of the "
                    "partnership's colleges (and their outcomes) teaching each at the level "
                    "needed, and the wage difference. " + READ,
                    {
                        "200": response(Gap, "The standards and courses between."),
                        "400": response(
                            Error,
                            "`from` is missing, not a step id, this step itself, or a step of "
                            "another partnership.",
                        ),
                        **errors(404),
                    },
                ),
                "parameters": [
                    {
                        "name": "from",
                        "in": "query",
                        "required": True,
                        "schema": {**ID, "minimum": 1},
                        "description": "The step you are at (of the same partnership).",
                    }
                ],
            },
        },
    }
