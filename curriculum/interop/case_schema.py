"""The CASE vocabulary the writer and the REST API share: the two versions, what 1.1 added,
the identifiers the export makes up (uuid5, stable) and the small rules on dates and imported
versions."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from curriculum.interop.models import DefinitionKind
from curriculum.standards.models import StandardVersion

V1_0, V1_1 = "1.0", "1.1"
# The namespace of the identifiers the export makes up (tree links, item types): uuid5, stable.
NAMESPACE = uuid.UUID("6f1c2b1e-3c1a-5d2e-9a47-2f6c1d0b8e55")

# What CASE 1.1 added to each object, left out of a 1.0 package.
ADDED_IN_1_1 = {
    "CFPackage": frozenset({"extensions"}),
    "CFDocument": frozenset({"frameworkType", "caseVersion", "extensions"}),
    "CFItem": frozenset({"subject", "subjectURI", "extensions"}),
    "CFAssociation": frozenset({"notes", "extensions"}),
    "definition": frozenset({"extensions"}),  # definitions, rubrics, criteria, levels
}
# The CASE association types (1.1 added isTranslationOf, and extensions named "ext:…").
ASSOCIATION_TYPES = (
    "isChildOf",
    "isPeerOf",
    "isPartOf",
    "exactMatchOf",
    "precedes",
    "isRelatedTo",
    "replacedBy",
    "exemplar",
    "hasSkillLevel",
    "isTranslationOf",
)
TYPES_1_0 = frozenset(ASSOCIATION_TYPES) - {"isTranslationOf"}
DEFINITION_KINDS = (
    DefinitionKind.CONCEPT,
    DefinitionKind.SUBJECT,
    DefinitionKind.LICENSE,
    DefinitionKind.ITEM_TYPE,
    DefinitionKind.ASSOCIATION_GROUPING,
)
IMPORTED_NOTE = "imported from"  # how the import engine begins the change note of its versions


def stamp(moment: datetime) -> str:
    """A CASE dateTime: UTC, whole seconds, with its zone."""
    return moment.astimezone(UTC).replace(microsecond=0).isoformat()


def tree_link_identifier(child: str, parent: str) -> str:
    """The identifier of the isChildOf association the export makes for a tree edge."""
    return str(uuid.uuid5(NAMESPACE, f"isChildOf|{child}|{parent}"))


def item_type_identifier(title: str) -> str:
    """The identifier of a CFItemType the export defines (no stored definition has the title)."""
    return str(uuid.uuid5(NAMESPACE, f"CFItemType|{title}"))


def is_imported(version: StandardVersion) -> bool:
    """The version holds its source's content as it came (not an edit made here since)."""
    return version.source_fields is not None and (
        version.number == 1 or version.change_note.startswith(IMPORTED_NOTE)
    )


def strip(obj: dict, names: frozenset[str]) -> dict:
    return {k: v for k, v in obj.items() if k not in names}


def strip_definition(obj: Any) -> Any:
    """A definition or rubric without `extensions`, down through criteria and levels."""
    if isinstance(obj, dict):
        return {
            k: strip_definition(v) for k, v in obj.items() if k not in ADDED_IN_1_1["definition"]
        }
    if isinstance(obj, list):
        return [strip_definition(v) for v in obj]
    return obj
