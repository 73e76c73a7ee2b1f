"""The standards' vocabularies: the kinds of standard and which may hold which, skill
categories, proficiency levels, version statuses and framework origins (re-exported by
`standards.models`, where the tables that use them are)."""

from __future__ import annotations

from enum import StrEnum


class StandardKind(StrEnum):
    """The node types of the US skill-standards format, plus `item`: an imported node whose type
    (kept in `Standard.item_type`, e.g. a CASE CFItemType "Domain") has no match among them."""

    CRITICAL_WORK_FUNCTION = "critical_work_function"
    KEY_ACTIVITY = "key_activity"
    PERFORMANCE_INDICATOR = "performance_indicator"
    KNOWLEDGE = "knowledge"
    SKILL = "skill"
    ITEM = "item"

    @property
    def label(self) -> str:
        return KIND_LABELS[self]


KIND_LABELS = {
    StandardKind.CRITICAL_WORK_FUNCTION: "Critical work function",
    StandardKind.KEY_ACTIVITY: "Key activity",
    StandardKind.PERFORMANCE_INDICATOR: "Performance indicator",
    StandardKind.KNOWLEDGE: "Knowledge",
    StandardKind.SKILL: "Skill",
    StandardKind.ITEM: "Item",
}

# Which kind of parent each kind needs (None: top of the tree). `item` is not here: see
# `may_hold`, the one rule of what may sit under what.
PARENT_KIND = {
    StandardKind.CRITICAL_WORK_FUNCTION: None,
    StandardKind.KEY_ACTIVITY: StandardKind.CRITICAL_WORK_FUNCTION,
    StandardKind.PERFORMANCE_INDICATOR: StandardKind.KEY_ACTIVITY,
    StandardKind.KNOWLEDGE: StandardKind.KEY_ACTIVITY,
    StandardKind.SKILL: StandardKind.KEY_ACTIVITY,
}
# Kinds an item may sit under (None: the top): beside the format's own nodes, never under a
# leaf (performance indicators, knowledge and skill items take no children).
ITEM_PARENTS = (
    None,
    StandardKind.CRITICAL_WORK_FUNCTION,
    StandardKind.KEY_ACTIVITY,
    StandardKind.ITEM,
)


def may_hold(parent: StandardKind | None, kind: StandardKind) -> bool:
    """Whether a standard of `kind` may sit under one of kind `parent` (None: at the top).

    The format's own kinds follow PARENT_KIND. An imported generic item keeps its source's
    shape: it sits at the top or under a critical work function, key activity or item, and
    anything but a critical work function (always at the top) may sit under it.
    """
    if parent == StandardKind.ITEM:
        return kind != StandardKind.CRITICAL_WORK_FUNCTION
    if kind == StandardKind.ITEM:
        return parent in ITEM_PARENTS
    return PARENT_KIND[kind] == parent


def child_kinds(parent: StandardKind | None) -> list[StandardKind]:
    """The kinds that may sit under a standard of kind `parent` (None: at the top), in order."""
    return [k for k in StandardKind if may_hold(parent, k)]


class SkillCategory(StrEnum):
    """What sort of knowledge or skill item this is."""

    ACADEMIC = "academic"
    EMPLOYABILITY = "employability"
    OCCUPATIONAL = "occupational_technical"

    @property
    def label(self) -> str:
        return {"academic": "Academic", "employability": "Employability"}.get(
            self.value, "Occupational / technical"
        )


class Level(StrEnum):
    """Proficiency level, where a standard uses one."""

    BASELINE = "baseline"
    INTERMEDIATE = "intermediate"
    MASTERY = "mastery"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class VersionStatus(StrEnum):
    """Where a version is in its life. Superseded: published, then replaced by a newer one."""

    DRAFT = "draft"
    IN_REVIEW = "in_review"
    PUBLISHED = "published"
    SUPERSEDED = "superseded"
    RETIRED = "retired"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ")


# Versions a viewer may see: those that have been published.
PUBLIC_STATUSES = frozenset(
    {VersionStatus.PUBLISHED, VersionStatus.SUPERSEDED, VersionStatus.RETIRED}
)
ENDORSABLE_STATUSES = frozenset({VersionStatus.DRAFT, VersionStatus.IN_REVIEW})


class FrameworkOrigin(StrEnum):
    """Whose framework it is: authored by this partnership, or someone else's brought in by import
    (read-only here, published as it arrives, changed only by re-import)."""

    PARTNERSHIP = "partnership"
    REFERENCE = "reference"

    @property
    def label(self) -> str:
        return {"partnership": "Partnership framework", "reference": "Reference framework"}[
            self.value
        ]
