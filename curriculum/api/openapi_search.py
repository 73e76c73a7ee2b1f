"""The search endpoint's operation of the OpenAPI document (openapi_paths.paths() merges it in).
Its objects: schemas/search.py."""

from __future__ import annotations

from curriculum.api.openapi_parts import ID, STRING, errors, operation, response
from curriculum.api.schemas.search import SearchResults
from curriculum.params import MAX_SEARCH_LENGTH
from curriculum.search.models import SearchKind
from curriculum.search.services import STATUSES


def _param(name: str, schema: dict, description: str) -> dict:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "schema": schema,
        "description": description,
        "allowEmptyValue": True,
    }


def paths() -> dict:
    parameters = [
        _param(
            "q",
            {**STRING, "maxLength": MAX_SEARCH_LENGTH},
            'Words to find (all of them); "quoted words" are found together. Nothing else in '
            "it is syntax.",
        ),
        _param(
            "kind", {"type": "string", "enum": [k.value for k in SearchKind]}, "Only this kind."
        ),
        _param("partnership", {**ID, "minimum": 1}, "Only what belongs to this partnership."),
        _param(
            "framework",
            {**ID, "minimum": 1},
            "Only this framework, its standards and the programs aligned to it.",
        ),
        _param(
            "status",
            {"type": "string", "enum": list(STATUSES)},
            "Only standards (or ladder steps) with this status as the caller sees them.",
        ),
        _param("page", {**ID, "minimum": 1}, "The page (20 hits a page)."),
    ]
    return {
        "/search": {
            "get": {
                **operation(
                    "search",
                    "Search standards (code, title, statement), frameworks, courses, learning "
                    "outcomes, programs, career ladder steps and organizations, best match "
                    "first. Drafts only for those who may see the partnership's drafts.",
                    {"200": response(SearchResults, "A page of hits."), **errors(400)},
                ),
                "parameters": parameters,
            }
        }
    }
