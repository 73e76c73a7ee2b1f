"""The progression check's operation of the OpenAPI document (openapi_paths.paths() merges it
in). Its objects: schemas/progression.py."""

from __future__ import annotations

from curriculum.api.openapi_paths import _errors, _json, _op, _params, _query
from curriculum.api.schemas.general import Error
from curriculum.api.schemas.progression import Progression


def paths() -> dict:
    return {
        "/programs/{program_id}/progression": {
            "parameters": _params("program_id"),
            "get": {
                **_op(
                    "program_progression",
                    "The I→R→M progression check of the program against one of its frameworks: "
                    "per assessed standard, the terms the required path introduces, reinforces "
                    "and masters it in, the electives beside it, and the flags (public; drafts "
                    "for members who may see them).",
                    {
                        "200": _json(Progression, "The standards followed, their flags, counts."),
                        "400": _json(
                            Error, "The program does not use that framework, or uses none."
                        ),
                        **_errors(404),
                    },
                ),
                "parameters": _query(
                    "framework", framework="A framework the program uses; its first by default."
                ),
            },
        },
    }
