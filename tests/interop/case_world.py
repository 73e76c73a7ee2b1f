"""Frameworks the CASE export and API tests read: an authored one (published, draft and code-only
standards) and an imported one built by hand with the models (source identities and fields,
stored associations, definitions), as the import engine leaves them."""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from pathlib import Path

import jsonschema
import pytest

from curriculum.db import utcnow
from curriculum.extensions import db
from curriculum.interop.models import Association, Definition, DefinitionKind
from curriculum.standards import services
from curriculum.standards.models import (
    FrameworkOrigin,
    Standard,
    StandardKind,
    VersionStatus,
)

SCHEMA = (
    Path(__file__).resolve().parents[2]
    / ".."
    / "shared"
    / "data"
    / "case"
    / "schema"
    / "case-v1p0-cfpackage-schema.json"
)

DOC_ID = "0b6b8a54-1b1e-4c55-9a1e-6f1b0c2d3e41"
DOMAIN_ID = "1f0e9d8c-7b6a-4c5d-8e4f-3a2b1c0d9e01"
CLUSTER_ID = "1f0e9d8c-7b6a-4c5d-8e4f-3a2b1c0d9e02"
SKILL_ID = "1f0e9d8c-7b6a-4c5d-8e4f-3a2b1c0d9e03"
TREE_LINK_ID = "2a1b0c9d-8e7f-4a6b-9c5d-4e3f2a1b0c01"
OUTSIDE_LINK_ID = "2a1b0c9d-8e7f-4a6b-9c5d-4e3f2a1b0c02"
EXT_LINK_ID = "2a1b0c9d-8e7f-4a6b-9c5d-4e3f2a1b0c03"
TYPE_ID = "3c2b1a09-8f7e-4d6c-a5b4-3a291807f601"
CONCEPT_ID = "3c2b1a09-8f7e-4d6c-a5b4-3a291807f602"
LICENSE_ID = "3c2b1a09-8f7e-4d6c-a5b4-3a291807f603"
RUBRIC_ID = "3c2b1a09-8f7e-4d6c-a5b4-3a291807f604"
SOURCE = "https://case.example.org/ims/case/v1p0"


def schema() -> dict:
    if not SCHEMA.exists():
        pytest.skip("the CASE 1.0 schema is absent (../shared/data/case/schema/ not here)")
    return json.loads(SCHEMA.read_text())


# The schema's `oneOf` between a date and a date-time needs formats checked (else a date
# string matches both); these two, by the standard library, are all it asks.
FORMATS = jsonschema.FormatChecker(formats=())
DATE_TIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})")


@FORMATS.checks("date")
def _is_date(value) -> bool:
    if not isinstance(value, str):
        return True
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return len(value) == 10


@FORMATS.checks("date-time")
def _is_date_time(value) -> bool:
    if not isinstance(value, str):
        return True
    if not DATE_TIME.fullmatch(value):
        return False
    datetime.fromisoformat(value.replace("Z", "+00:00"))
    return True


def validate(package: dict) -> None:
    """Validate against the CASE 1.0 schema (skip where it is absent)."""
    jsonschema.validate(package, schema(), format_checker=FORMATS)


def publish_now(standard: Standard) -> None:
    """Publish the current version as an import does for a reference framework."""
    version = standard.current_version
    version.status = VersionStatus.PUBLISHED
    version.published_at = utcnow()
    standard.published_version = version
    db.session.commit()


def authored(factory, partnership):
    """A framework authored here: CWF (published) > KA (published) > skill (published), a
    second CWF only in draft, and a CWF whose only published child sits under an unpublished
    key activity (a code-only node)."""
    fw = factory.framework(partnership, title="Authored Framework")
    cwf = factory.standard(
        fw, None, "critical_work_function", "Keep it safe", "Keep the plant safe."
    )
    ka = factory.standard(fw, cwf, "key_activity", "Inspect", "Inspect the guards every shift.")
    skill = factory.standard(fw, ka, "skill", "Read a checklist", "Read the safety checklist.")
    draft = factory.standard(fw, None, "critical_work_function", "Secret draft", "Not agreed.")
    hidden_parent = factory.standard(fw, None, "critical_work_function", "Hidden", "Hidden text.")
    shown_child = factory.standard(fw, hidden_parent, "key_activity", "Shown child", "Shown.")
    for s in (cwf, ka, skill, shown_child):
        publish_now(s)
    return fw, {
        "cwf": cwf,
        "ka": ka,
        "skill": skill,
        "draft": draft,
        "hidden_parent": hidden_parent,
        "shown_child": shown_child,
    }


def _fields(identifier: str, **extra) -> dict:
    return {
        "uri": f"{SOURCE}/CFItems/{identifier}",
        "lastChangeDateTime": "2019-05-01T10:00:00+00:00",
        "CFDocumentURI": {
            "title": "Imported Math",
            "identifier": DOC_ID,
            "uri": f"{SOURCE}/CFDocuments/{DOC_ID}",
        },
        **extra,
    }


def imported(factory, partnership):
    """A reference framework as the import engine leaves it: Domain > Cluster > Skill."""
    fw = factory.framework(partnership, title="Imported Math")
    fw.origin = FrameworkOrigin.REFERENCE
    fw.source_identifier = DOC_ID
    fw.source_name = "math.json"
    fw.imported_at = utcnow()
    fw.source_fields = {
        "uri": f"{SOURCE}/CFDocuments/{DOC_ID}",
        "creator": "State Board",
        "officialSourceURL": "https://example.org/math.pdf",
        "adoptionStatus": "Adopted",
        "lastChangeDateTime": "2019-06-01T12:00:00+00:00",
        "frameworkType": "Academic",
        "extensions": {"board": "x"},
    }
    domain = factory.standard(fw, None, "critical_work_function", "Operations", "Operations.")
    cluster = factory.standard(fw, domain, "key_activity", "Add and subtract", "Add and subtract.")
    statement = "Fluently add and subtract within 20 using mental strategies."
    skill = factory.standard(fw, cluster, "skill", statement, statement)
    rows = [
        (
            domain,
            DOMAIN_ID,
            "Domain",
            "M.OA",
            _fields(
                DOMAIN_ID,
                humanCodingScheme="M.OA",
                abbreviatedStatement="Operations",
                CFItemType="Domain",
                CFItemTypeURI={
                    "title": "Domain",
                    "identifier": TYPE_ID,
                    "uri": f"{SOURCE}/CFItemTypes/{TYPE_ID}",
                },
                educationLevel=["02"],
                notes="A note.",
                extensions={"weight": 2},
                subject=["Math"],
            ),
        ),
        (
            cluster,
            CLUSTER_ID,
            "Cluster",
            "M.OA.B",
            _fields(
                CLUSTER_ID,
                humanCodingScheme="M.OA.B",
                abbreviatedStatement="Add and subtract",
                CFItemType="Cluster",
            ),
        ),
        (
            skill,
            SKILL_ID,
            "Standard",
            "M.OA.B.2",
            _fields(
                SKILL_ID, humanCodingScheme="M.OA.B.2", CFItemType="Standard", listEnumeration="2"
            ),
        ),
    ]
    for standard, identifier, item_type, code, fields in rows:
        standard.source_identifier = identifier
        standard.kind = StandardKind.ITEM
        standard.item_type = item_type
        standard.code = code
        standard.current_version.source_fields = fields
        standard.current_version.change_note = "imported from math.json, 2019-06-01"
        db.session.flush()
    db.session.commit()
    for standard in (domain, cluster, skill):
        publish_now(standard)
    link = {
        "CFDocumentURI": {
            "title": "Imported Math",
            "identifier": DOC_ID,
            "uri": f"{SOURCE}/CFDocuments/{DOC_ID}",
        }
    }
    db.session.add_all(
        [
            Association(
                framework_id=fw.id,
                identifier=TREE_LINK_ID,
                association_type="isChildOf",
                origin_id=cluster.id,
                origin_identifier=CLUSTER_ID,
                origin_uri=f"{SOURCE}/CFItems/{CLUSTER_ID}",
                origin_title="M.OA.B",
                destination_id=domain.id,
                destination_identifier=DOMAIN_ID,
                destination_uri=f"{SOURCE}/CFItems/{DOMAIN_ID}",
                destination_title="M.OA",
                sequence_number=1,
                source_fields={
                    "uri": f"{SOURCE}/CFAssociations/{TREE_LINK_ID}",
                    "lastChangeDateTime": "2019-05-02T10:00:00+00:00",
                    **link,
                },
            ),
            Association(
                framework_id=fw.id,
                identifier=OUTSIDE_LINK_ID,
                association_type="exactMatchOf",
                origin_id=skill.id,
                origin_identifier=SKILL_ID,
                origin_uri=f"{SOURCE}/CFItems/{SKILL_ID}",
                origin_title="M.OA.B.2",
                destination_id=None,
                destination_identifier="9d8c7b6a-5f4e-4d3c-8b2a-190807060504",
                destination_uri="https://elsewhere.example.org/CFItems/9d8c7b6a",
                destination_title="2.OA.B.2",
                source_fields={
                    "uri": f"{SOURCE}/CFAssociations/{OUTSIDE_LINK_ID}",
                    "lastChangeDateTime": "2019-05-03T10:00:00+00:00",
                    "notes": "Same standard in the national set.",
                    **link,
                },
            ),
            Association(
                framework_id=fw.id,
                identifier=EXT_LINK_ID,
                association_type="ext:hasPrerequisite",
                origin_id=skill.id,
                origin_identifier=SKILL_ID,
                destination_id=cluster.id,
                destination_identifier=CLUSTER_ID,
                source_fields={"lastChangeDateTime": "2019-05-04T10:00:00+00:00"},
            ),
        ]
    )
    definitions = [
        (
            DefinitionKind.ITEM_TYPE,
            TYPE_ID,
            "Domain",
            {"hierarchyCode": "1", "description": "Domain"},
        ),
        (DefinitionKind.CONCEPT, CONCEPT_ID, "Addition", {"hierarchyCode": "A", "keywords": "add"}),
        (DefinitionKind.LICENSE, LICENSE_ID, "CC BY", {"licenseText": "CC BY 4.0"}),
        (
            DefinitionKind.RUBRIC,
            RUBRIC_ID,
            "Fluency",
            {
                "extensions": {"k": 1},
                "CFRubricCriteria": [
                    {
                        "identifier": "4d3c2b1a-0f9e-4d8c-b7a6-958473625141",
                        "uri": f"{SOURCE}/CFRubricCriteria/4d3c2b1a",
                        "lastChangeDateTime": "2019-05-01T10:00:00+00:00",
                        "extensions": {"k": 2},
                    }
                ],
            },
        ),
    ]
    for kind, identifier, title, extra in definitions:
        db.session.add(
            Definition(
                framework_id=fw.id,
                kind=kind,
                identifier=identifier,
                title=title,
                fields={
                    "identifier": identifier,
                    "uri": f"{SOURCE}/{kind.value}/{identifier}",
                    "title": title,
                    "lastChangeDateTime": "2019-05-01T10:00:00+00:00",
                    **extra,
                },
            )
        )
    db.session.commit()
    return fw, {"domain": domain, "cluster": cluster, "skill": skill}


def edit(standard: Standard, title: str, statement: str) -> None:
    """A new version made here, published."""
    version, _ = services.save_version(
        standard, standard.current_version.number, title, statement, None, "edited here", None
    )
    db.session.commit()
    publish_now(standard)
    assert standard.published_version_id == version.id
