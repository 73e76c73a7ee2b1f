"""The OpenAPI 3.1 description of /api/v1/ (tests/api/test_openapi.py keeps it true): the
operations of openapi_paths.py and openapi_exports.py name the pydantic models of
curriculum/api/schemas/ they send and read; the document replaces each by a reference to its
component schema, generated from the models."""

from __future__ import annotations

import copy
from functools import lru_cache

from pydantic import BaseModel

from curriculum.api import openapi_paths, schemas
from curriculum.api.schemas.base import Input

DESCRIPTION = """\
JSON in and out. Authenticate with a personal API token (create one on your profile page, or
with `flask users token EMAIL`), sent as `Authorization: Bearer <token>`. Requests signed in by
the site's session cookie work too; their writes must send the CSRF token in the `X-CSRFToken`
header. Reads are open to everyone for published content; drafts need a role in the partnership.
Courses, programs and coverage are public; aligning a course needs faculty or convener rights for
its college, and so does keeping its catalog (creating and changing courses and programs, a
program's course list). Lists come in pages: `items`, `page`, `pages`, `total`.
Errors answer `{"error": "...", "status": n}`, with `fields` for bad input.
"""


def document() -> dict:
    """The OpenAPI document (paths relative to the server URL /api/v1)."""
    from curriculum.exports import kinds
    from curriculum.interop import package, writers

    registered = (*kinds.KINDS, "|", *package.READERS, "|", *writers.WRITERS)
    return copy.deepcopy(_document(registered))


@lru_cache(maxsize=4)
def _document(_registered: tuple[str, ...]) -> dict:
    """The document for the document kinds, readers and writers registered (the export,
    import and download paths depend on them)."""
    from curriculum.api import openapi_catalog as catalog
    from curriculum.api import openapi_exports as exports
    from curriculum.api import openapi_imports as imports

    paths = {**openapi_paths.paths(), **exports.paths(), **imports.paths()}
    paths = catalog.add_to(paths)  # adds operations to the paths of the course reads
    found: set[type[BaseModel]] = set()
    _models(paths, found)
    refs, components = schemas.components(
        {m for m in found if not issubclass(m, Input)}, {m for m in found if issubclass(m, Input)}
    )
    return {
        "openapi": "3.1.0",
        "info": {"title": "Curriculum API", "version": "v1", "description": DESCRIPTION},
        "servers": [{"url": "/api/v1"}],
        "security": [{"bearer": []}, {"cookie": []}],
        "paths": _with_refs(paths, refs),
        "components": {
            "schemas": components,
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


def _is_model(node) -> bool:
    return isinstance(node, type) and issubclass(node, BaseModel)


def _models(node, found: set) -> None:
    """Every model named in the paths."""
    if _is_model(node):
        found.add(node)
    elif isinstance(node, dict):
        for value in node.values():
            _models(value, found)
    elif isinstance(node, list):
        for value in node:
            _models(value, found)


def _with_refs(node, refs: dict):
    """The paths with each model replaced by the reference to its component schema."""
    if _is_model(node):
        return refs[node]
    if isinstance(node, dict):
        return {key: _with_refs(value, refs) for key, value in node.items()}
    if isinstance(node, list):
        return [_with_refs(value, refs) for value in node]
    return node
