"""The API's objects of standards: frameworks and their trees, standards, versions,
endorsements and quorums, and the bodies that create and change them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Self

from pydantic import MISSING, Field

from curriculum.api.schemas.base import Input, Integer, Response, Str, Time
from curriculum.api.schemas.general import Error, Organization
from curriculum.standards import models
from curriculum.standards.models import Level, SkillCategory, StandardKind, VersionStatus
from curriculum.standards.outline import PageNode
from curriculum.standards.services import Quorum as QuorumFigures

if TYPE_CHECKING:
    from curriculum.interop.links import LinkGroup


class Framework(Response):
    """A framework without its standards."""

    id: int
    uuid: str
    partnership_id: int
    title: str
    description: str
    occupation_codes: list[str]
    coding_prefix: str
    origin: models.FrameworkOrigin = Field(
        description="partnership: authored here; reference: someone else's, brought in by "
        "import, read-only here (changed only by importing it again)."
    )
    created_at: Time
    updated_at: Time

    @classmethod
    def of(cls, f: models.Framework) -> Framework:
        return cls.from_object(f, occupation_codes=list(f.occupation_codes or []))


class FrameworkList(Response):
    frameworks: list[Framework] = Field(description="By title.")


class FrameworkInput(Input):
    title: Str
    description: Str | None = None
    occupation_codes: list[Str] | None = Field(
        None, description="O*NET-SOC codes, such as 51-4041.00."
    )
    coding_prefix: Str | None = None


class TreeStandard(Response):
    """A standard with the version this reader sees (an unpublished ancestor of published
    standards, for a reader who may not see drafts: its code only, `published` false, no
    version, title or statement)."""

    id: int
    uuid: str
    code: str
    kind: StandardKind
    kind_label: str = Field(description="How pages name its kind (an imported item: its type).")
    category: SkillCategory | None
    parent_id: int | None
    position: int
    depth: int
    published: bool = Field(
        description="False for an ancestor shown by its code only (not yet published, for a "
        "reader who may not see drafts): no version, title or statement."
    )
    current_version: int | None = Field(
        description="The newest version; for readers who may not see drafts, the published one "
        "(null for a code-only ancestor)."
    )
    published_version: int | None
    title: str
    statement: str
    level: Level | None
    status: VersionStatus | None

    @classmethod
    def of(cls, node: PageNode, drafts: bool) -> TreeStandard:
        s, shown = node.standard, node.shown
        own = {
            "id": s.id,
            "uuid": s.uuid,
            "code": s.code,
            "kind": s.kind,
            "kind_label": s.kind_label,
            "category": s.category,
            "parent_id": s.parent_id,
            "position": s.position,
        }
        if shown is None:
            return cls.of_values(
                **own,
                depth=node.depth,
                published=False,
                current_version=None,
                published_version=None,
                title="",
                statement="",
                level=None,
                status=None,
            )
        return cls.of_values(
            **own,
            depth=node.depth,
            published=True,
            current_version=s.current_version.number
            if drafts and s.current_version
            else shown.number,
            published_version=s.published_version.number if s.published_version else None,
            title=shown.title,
            statement=shown.statement,
            level=shown.level,
            status=shown.status,
        )


class FrameworkTree(Framework):
    """A framework with its standards."""

    standards: list[TreeStandard] = Field(description="In tree order, depth first.")

    @classmethod
    def of_tree(cls, f: models.Framework, nodes: list[PageNode], drafts: bool) -> FrameworkTree:
        standards = [TreeStandard.of(n, drafts) for n in nodes]
        return cls.from_object(
            f, occupation_codes=list(f.occupation_codes or []), standards=standards
        )


class Endorsement(Response):
    """Which organization endorsed a version, when, with what note."""

    organization: Organization
    note: str
    created_at: Time


class EndorsementInput(Input):
    note: Str | None = None


class Version(Response):
    """A version's content, status and endorsements."""

    number: int
    title: str
    statement: str = Field(description="Markdown.")
    level: Level | None
    change_note: str
    status: VersionStatus
    author: str | None = Field(description="Who wrote it (their display name).")
    created_at: Time
    reviewed_at: Time | None
    published_at: Time | None
    retired_at: Time | None
    reverted_from: int | None
    release_id: int | None = Field(
        description="The release that published this version (null: published on its own, or "
        "not published)."
    )
    endorsements: list[Endorsement]

    @classmethod
    def of(cls, v: models.StandardVersion, **values) -> Self:
        return cls.from_object(v, author=v.author.display_name if v.author else None, **values)


class Quorum(Response):
    """How far a version is from publication."""

    needed: int
    count: int
    met: bool
    endorsed_by: list[str]
    waiting_for: list[str]

    @classmethod
    def of(cls, q: QuorumFigures) -> Quorum:
        return cls(
            needed=q.needed,
            count=q.count,
            met=q.met,
            endorsed_by=[o.name for o in q.endorsed_by],
            waiting_for=[o.name for o in q.waiting_for],
        )


class VersionDetail(Version):
    """One version, with its quorum for readers who may see drafts."""

    quorum: Quorum | MISSING = Field(MISSING, description="For readers who may see drafts.")


class VersionInput(Input):
    """Fields left out keep the current version's content."""

    base_version: Integer = Field(description="The version the edit started from.")
    title: Str | None = None
    statement: Str | None = None
    level: Level | None = None
    change_note: Str | None = None


class VersionConflict(Error):
    """Someone saved a newer version since base_version; nothing was changed."""

    current_version: Version


class StandardLink(Response):
    """A typed link (CASE association) between this standard and another, seen from this one."""

    id: int
    identifier: str = Field(description="The link's identity (a CASE CFAssociation identifier).")
    association_type: str = Field(description="exactMatchOf, isRelatedTo, precedes, ext:…")
    outgoing: bool = Field(
        description="True: this standard is the link's origin; false: its destination."
    )
    words: str = Field(description="How the standard's page names it, e.g. Has exact match.")
    other_standard_id: int | None = Field(
        description="The other end, when it is a standard here this reader may see."
    )
    other_code: str
    other_title: str = Field(description="Empty for a standard here the reader may not see.")
    other_identifier: str
    other_uri: str

    @classmethod
    def groups(cls, groups: list[LinkGroup]) -> list[StandardLink]:
        out = []
        for group in groups:
            for link in group.links:
                other = link.other
                out.append(
                    cls(
                        id=link.association.id,
                        identifier=link.association.identifier,
                        association_type=link.association.association_type,
                        outgoing=link.outgoing,
                        words=link.words,
                        other_standard_id=other.standard.id if other.standard else None,
                        other_code=other.code,
                        other_title=other.title,
                        other_identifier=other.identifier,
                        other_uri=other.uri,
                    )
                )
        return out


class Standard(Response):
    """A standard's identity and place in its framework, with the versions this reader sees."""

    id: int
    uuid: str
    framework_id: int
    partnership_id: int
    parent_id: int | None
    kind: StandardKind
    kind_label: str = Field(description="How pages name its kind (an imported item: its type).")
    category: SkillCategory | None
    code: str
    position: int
    retired_at: Time | None
    created_at: Time
    current_version: int | None
    published_version: int | None
    versions: list[Version] = Field(
        description="Newest first; only published ones for readers who may not see drafts."
    )
    links: list[StandardLink] = Field(
        description="Typed links to and from other standards (not the tree's own isChildOf), "
        "grouped by how the page names them."
    )

    @classmethod
    def of(
        cls, s: models.Standard, versions: list, drafts: bool, links: list[LinkGroup]
    ) -> Standard:
        newest = versions[0].number if versions else None
        return cls.from_object(
            s,
            partnership_id=s.framework.partnership_id,
            current_version=s.current_version.number if drafts else newest,
            published_version=s.published_version.number if s.published_version else None,
            versions=[Version.of(v) for v in versions],
            links=StandardLink.groups(links),
        )


class StandardInput(Input):
    parent_id: Integer | None = None
    kind: StandardKind
    code: Str | None = Field(None, description="Given when left out, such as A.1.2.")
    category: SkillCategory | None = Field(None, description="Knowledge and skill items only.")
    title: Str
    statement: Str | None = None
    level: Level | None = None
    change_note: Str | None = None
