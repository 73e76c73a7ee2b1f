"""Releases of a framework: the release, its fixed versions, its quorum and endorsements."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

from pydantic import Field

from curriculum.api.schemas.base import Id, Input, Response, Str, Time
from curriculum.api.schemas.standards import Endorsement, Quorum
from curriculum.releases.models import ReleaseStatus

if TYPE_CHECKING:
    from curriculum.releases import models
    from curriculum.releases.diffs import ReleaseDiff
    from curriculum.standards.review import Quorum as QuorumFigures


class ReleaseCounts(Response):
    """How many standards the release adds, changes, moves, recodes, retires and leaves as they
    were, against the last published release (the first release: every standard added). A
    standard both changed and moved counts in each."""

    added: int
    changed: int
    moved: int
    recoded: int
    retired: int
    unchanged: int


class Release(Response):
    """A numbered edition of a framework that fixes one version of every standard."""

    id: int
    framework_id: int
    number: int = Field(description="1, 2, 3 … per framework.")
    name: str
    notes: str = Field(description="Markdown.")
    status: ReleaseStatus = Field(
        description="preparing: gathering endorsements; published: its versions are the "
        "framework's published content; discarded: abandoned before publication."
    )
    previous_id: int | None = Field(description="The published release it is compared with.")
    created_at: Time
    prepared_at: Time = Field(description="When its versions were last fixed.")
    published_at: Time | None
    counts: ReleaseCounts

    @classmethod
    def of(cls, release: models.Release, diff: ReleaseDiff) -> Release:
        return cls.from_object(release, counts=ReleaseCounts(**diff.counts()))


class ReleaseList(Response):
    """A framework's releases, newest first."""

    releases: list[Release]


class FixedVersion(Response):
    """The version a release fixes of one standard, with the code the standard had then."""

    standard_id: int
    code: str
    version_id: int
    number: int = Field(description="The version's number.")
    title: str
    retired: bool = Field(description="The release lists the standard as retired.")

    @classmethod
    def of(cls, entry: models.ReleaseEntry) -> FixedVersion:
        return cls.from_object(entry, number=entry.version.number, title=entry.version.title)


class ReleaseDetail(Release):
    """A release with its fixed versions (in tree order), its quorum and its endorsements."""

    versions: list[FixedVersion]
    quorum: Quorum
    endorsements: list[Endorsement] = Field(description="Oldest first.")
    changed_since: list[Id] = Field(
        description="Standards (ids) changed since the release was prepared: while any are "
        "listed it cannot be published; `POST /releases/{id}/refresh` fixes it again."
    )

    @classmethod
    def of_detail(
        cls,
        release: models.Release,
        diff: ReleaseDiff,
        entries: list[models.ReleaseEntry],
        quorum: QuorumFigures,
        changed_since: list[int],
    ) -> ReleaseDetail:
        return cls.from_object(
            release,
            counts=ReleaseCounts(**diff.counts()),
            versions=[FixedVersion.of(e) for e in entries],
            quorum=Quorum.of(quorum),
            endorsements=[Endorsement.from_object(e) for e in release.endorsements],
            changed_since=changed_since,
        )


class ReleaseInput(Input):
    name: Annotated[Str, Field(max_length=200)] = Field(description='Such as "2027 edition".')
    notes: Str | None = Field(None, description="What the edition is about (Markdown).")
    hold: Annotated[list[Id], Field(max_length=10000)] | None = Field(
        None,
        description="Ids of standards of the framework held back: a changed one stays at its "
        "published version, one never published is left out of the edition.",
    )


class RefreshInput(Input):
    hold: Annotated[list[Id], Field(max_length=10000)] | None = Field(
        None,
        description="Ids of standards to hold back from now on (absent: those held back now).",
    )


class ReleaseEndorsementInput(Input):
    note: Annotated[Str, Field(max_length=1000)] | None = None
    prepared_at: (
        Annotated[
            Str,
            Field(
                max_length=40,
                description="The release's `prepared_at` as you read it: when given and the "
                "release was refreshed since, the endorsement is refused with 409.",
            ),
        ]
        | None
    ) = None
