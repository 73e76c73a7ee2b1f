"""The progression check's operation of the OpenAPI document (openapi_paths.paths() merges it
in). Its objects: schemas/progression.py."""

from __future__ import annotations

from curriculum.api.openapi_parts import errors, operation, path_params, query_params, response
from curriculum.api.schemas.general import Error
from curriculum.api.schemas.progression import Progression


def paths() -> dict:
    return {
        "/programs/{program_id}/progression": {
            "parameters": path_params("program_id"),
            "get": {
                **operation(
                    "program_progression",
                    "The I→R→M progression check of the program against one of its frameworks: "
                    "per assessed standard, the terms the required path introduces, reinforces "
                    "and masters it in, the electives beside it, and the flags (public; drafts "
                    "for members who may see them).",
                    {
                        "200": response(
                            Progression, "The standards followed, their flags, counts."
                        ),
                        "400": response(
                            Error, "The program does not use that framework, or uses none."
                        ),
                        **errors(404),
                    },
                ),
                "parameters": query_params(
                    "framework", framework="A framework the program uses; its first by default."
                ),
            },
        },
    }
