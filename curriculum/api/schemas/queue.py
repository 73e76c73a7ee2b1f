"""The work queue's objects: what needs the signed-in person."""

from __future__ import annotations

from pydantic import Field

from curriculum.api.schemas.base import Response, Time


class QueueItem(Response):
    """One thing that needs the person, and where it is done."""

    kind: str = Field(
        description="What it is: release_endorsement, version_endorsement, release_ready, "
        "version_ready, version_in_review, invitations, join_request, stale_alignments, "
        "failed_mail, or the kind of the notification it comes from (mention, reply, "
        "release_published, gaps_required, job_finished)."
    )
    title: str
    url: str = Field(description="The path in the app where it is done (one click).")
    partnership_id: int | None = Field(description="The partnership it belongs to, if any.")
    since: Time = Field(description="Since when it has been waiting.")
    detail: str = Field(description="A line more: the quorum, 'changed since you endorsed'…")


class Queue(Response):
    """The signed-in person's open items, newest first."""

    items: list[QueueItem]
    count: int = Field(description="How many items (the navigation bar's figure).")
