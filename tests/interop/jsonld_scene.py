"""The framework the CTDL-ASN and RSD writer tests export: every kind, a draft, an unpublished
ancestor, imported items, and links of several types to nodes here, in another framework and
outside the app."""

from __future__ import annotations

from dataclasses import dataclass

from curriculum.extensions import db
from curriculum.interop.models import Association
from curriculum.standards.models import Framework, Standard, StandardKind
from curriculum.testing.world import Builder


@dataclass
class Scene:
    framework: Framework
    other: Standard  # a published standard of another framework
    cwf: Standard  # never published: code-only for readers without drafts
    ka: Standard
    pi: Standard
    knowledge: Standard
    skill: Standard
    draft: Standard  # a skill never published
    group: Standard  # an imported item with a child
    leaf: Standard  # an imported item without children


EXTERNAL = "https://standards.example.org/items/3f1c2e4d-0000-4000-8000-000000000001"


def link(
    framework: Framework,
    type_: str,
    origin: Standard | str,
    destination: Standard | str,
    title: str = "",
) -> Association:
    """An association as an import would store it: a standard here, or an outside IRI."""
    row = Association(
        framework_id=framework.id,
        identifier=f"link-{type_}-{db.session.query(Association).count() + 1}",
        association_type=type_,
    )
    for side, end in (("origin", origin), ("destination", destination)):
        if isinstance(end, Standard):
            setattr(row, f"{side}_id", end.id)
            setattr(row, f"{side}_identifier", end.identifier)
        else:
            setattr(row, f"{side}_identifier", end)
            setattr(row, f"{side}_uri", end)
            setattr(row, f"{side}_title", title)
    db.session.add(row)
    db.session.commit()
    return row


def as_item(standard: Standard, item_type: str, parent: Standard | None = None) -> Standard:
    """Make a standard an imported generic item (the tree services add only the US kinds)."""
    standard.kind = StandardKind.ITEM
    standard.item_type = item_type
    standard.source_identifier = f"case-{standard.uuid}"
    if parent is not None:
        standard.parent_id = parent.id
        standard.position = 1000 + standard.id
    db.session.commit()
    return standard


def build(factory: Builder) -> Scene:
    partnership = factory.partnership(name="Gulf Coast Maintenance Partnership", quorum=1)
    framework = factory.framework(
        partnership,
        title="Industrial Maintenance Technician",
        description="What a maintenance technician does.",
        occupation_codes=["49-9041.00", "51-4041.00"],
    )
    elsewhere = factory.framework(partnership, title="Fluid Power")
    other_cwf = factory.standard(elsewhere, None, "critical_work_function", "Fluid power")
    other_ka = factory.standard(elsewhere, other_cwf, "key_activity", "Read schematics")
    other = factory.standard(
        elsewhere, other_ka, "skill", "Hydraulic schematics", "Read hydraulic schematics."
    )
    factory.publish(other)

    cwf = factory.standard(framework, None, "critical_work_function", "Maintain equipment")
    ka = factory.standard(
        framework, cwf, "key_activity", "Troubleshoot hydraulics", "Find hydraulic faults."
    )
    pi = factory.standard(
        framework, ka, "performance_indicator", "Fault found", "The fault is found within the hour."
    )
    knowledge = factory.standard(
        framework, ka, "knowledge", "Pascal's law", "Pressure in a closed fluid acts equally."
    )
    skill = factory.standard(
        framework, ka, "skill", "Pressure readings", "Read a pressure gauge on a live circuit."
    )
    draft = factory.standard(framework, ka, "skill", "Secret draft", "Not agreed yet.")
    group = factory.standard(framework, ka, "skill", "Imported group", "A group of items.")
    leaf = factory.standard(framework, ka, "skill", "Imported leaf", "An imported statement.")
    as_item(group, "Domain")
    as_item(leaf, "Competency", parent=group)
    for standard in (ka, pi, knowledge, skill, group, leaf):
        factory.publish(standard)
    knowledge.published_version.source_fields = {"conceptKeywords": ["hydraulics", "pressure"]}
    db.session.commit()

    link(framework, "exactMatchOf", knowledge, EXTERNAL, title="Pascal's principle")
    link(framework, "isRelatedTo", skill, other)
    link(framework, "isPartOf", pi, EXTERNAL, title="Outside group")
    link(framework, "precedes", knowledge, skill)
    link(framework, "isPeerOf", skill, knowledge)
    link(framework, "exactMatchOf", skill, draft)
    link(framework, "isPartOf", EXTERNAL, skill, title="Outside part")
    link(framework, "isChildOf", ka, cwf)
    return Scene(framework, other, cwf, ka, pi, knowledge, skill, draft, group, leaf)
