"""The API's JSON objects are the pydantic models of curriculum/api/schemas/: the document's
enums are the domain's, a response cannot carry a key its model does not declare, and request
bodies are read through the models with a 400 naming the field."""

from __future__ import annotations

from enum import Enum

import pytest
from pydantic import ValidationError

from curriculum.alignment import counting
from curriculum.alignment.counting import Rollup
from curriculum.alignment.models import AlignmentLevel
from curriculum.alignment.progression_flags import FlagKey
from curriculum.api.openapi import document
from curriculum.api.schemas.general import Organization
from curriculum.api.schemas.standards import TreeStandard
from curriculum.courses import paths
from curriculum.exports import formats, kinds
from curriculum.interop import package
from curriculum.interop.models import ImportMode
from curriculum.jobs.models import JobState
from curriculum.ladders.models import Benefit, LadderStatus, MoveKind, StepLevel
from curriculum.measures.models import Season
from curriculum.organizations.models import OrganizationKind
from curriculum.releases.models import ReleaseStatus
from curriculum.standards.models import (
    FrameworkOrigin,
    Level,
    SkillCategory,
    StandardKind,
    VersionStatus,
)
from tests.api.test_openapi import check

DOMAIN_ENUMS: list[type[Enum]] = [
    AlignmentLevel,
    Benefit,
    ImportMode,
    FlagKey,
    FrameworkOrigin,
    JobState,
    LadderStatus,
    Level,
    MoveKind,
    OrganizationKind,
    ReleaseStatus,
    Rollup,
    SkillCategory,
    StandardKind,
    StepLevel,
    VersionStatus,
    Season,
]


def _nodes(node, where="$"):
    """Every schema object in the document, with where it is."""
    if isinstance(node, dict):
        yield where, node
        for key, value in node.items():
            yield from _nodes(value, f"{where}.{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _nodes(value, f"{where}[{i}]")


def test_the_documents_enums_are_the_domain_enums_values():
    schemas = document()["components"]["schemas"]
    for enum in DOMAIN_ENUMS:
        assert schemas[enum.__name__]["enum"] == [member.value for member in enum], enum


def test_every_enum_list_in_the_document_comes_from_a_domain_enum_or_a_registry():
    schemas = document()["components"]["schemas"]
    domain = {enum.__name__ for enum in DOMAIN_ENUMS}
    found = {where for where, node in _nodes(schemas) if "enum" in node}
    registries = {
        "$.ExportJob.properties.kind": list(kinds.KINDS),
        "$.ExportJob.properties.format": list(formats.FORMATS),
        "$.ExportOptions.properties.format": list(formats.FORMATS),
        "$.ImportJob.properties.format": list(package.READERS),
        "$.ImportRequest.properties.format": list(package.READERS),
        "$.CoverageScope.properties.name": list(paths.SCOPES),
        "$.ExportOptions.properties.scope": [*paths.SCOPES, None],  # null: not said
        "$.JobOptions.properties.scope": [*paths.SCOPES, None],  # null: not a program export
        "$.Counting.properties.count": list(counting.COUNTS),
    }
    assert found == {f"$.{name}" for name in domain} | set(registries)
    for where, values in registries.items():
        node = schemas
        for key in where.split(".")[1:]:
            node = node[key]
        assert node["enum"] == values, where


def test_response_objects_declare_every_key_and_refuse_others():
    schemas = document()["components"]["schemas"]
    for name in ("TreeStandard", "FrameworkTree", "Version", "Alignment", "Coverage", "ExportJob"):
        assert schemas[name]["additionalProperties"] is False, name
    with pytest.raises(ValidationError):
        Organization(id=1, name="Sinclair", kind="college", secret="x")  # type: ignore[call-arg]


def test_a_response_with_an_undeclared_key_or_an_unknown_enum_value_fails_the_check():
    schemas = document()["components"]["schemas"]
    node = {
        "id": 1,
        "uuid": "u",
        "code": "A.1",
        "kind": "key_activity",
        "kind_label": "Key activity",
        "category": None,
        "parent_id": None,
        "position": 0,
        "depth": 0,
        "published": True,
        "current_version": 1,
        "published_version": None,
        "title": "Inspect",
        "statement": "",
        "level": None,
        "status": "draft",
    }
    ref = {"$ref": "#/components/schemas/TreeStandard"}
    check(node, ref, schemas)
    assert TreeStandard.model_validate(node).model_dump(mode="json") == node
    for bad in ({**node, "secret": 1}, {**node, "kind": "duty"}, {**node, "level": "expert"}):
        with pytest.raises(AssertionError):
            check(bad, ref, schemas)
    with pytest.raises(ValidationError):
        TreeStandard.model_validate({**node, "status": "archived"})


@pytest.mark.parametrize(
    ("body", "field", "words"),
    [
        ({"base_version": "1"}, "base_version", "base_version must be an integer."),
        ({"base_version": True}, "base_version", "base_version must be an integer."),
        ({"base_version": None}, "base_version", "base_version is required."),
        ({}, "base_version", "base_version is required."),
        ({"base_version": 1, "title": 5}, "title", "title must be a string."),
        ({"base_version": 1, "level": "expert"}, "level", "“expert” is not a level"),
        ({"base_version": 2**40}, "base_version", "base_version must be at most 2147483647."),
    ],
)
def test_request_bodies_are_read_through_the_models(api_as, ka, db, body, field, words):
    api = api_as("panelist")
    response = api.post(f"/api/v1/standards/{ka.id}/versions", json=body)
    assert response.status_code == 400, response.json
    assert list(response.json["fields"]) == [field]
    assert words in response.json["error"]
    assert response.json["fields"][field] == response.json["error"]
