"""The work queue's item: what needs a person, where it is done, since when; and its kinds."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass
class Item:
    """One thing that needs the person: what, where to act on it, and since when."""

    kind: str
    title: str
    url: str  # a path in the app
    partnership_id: int | None
    since: datetime
    detail: str = ""


# The kinds of item that are not notifications (those keep their notification kind's name).
RELEASE_ENDORSEMENT = "release_endorsement"
VERSION_ENDORSEMENT = "version_endorsement"
RELEASE_READY = "release_ready"
RELEASE_OUT_OF_DATE = "release_out_of_date"
VERSION_READY = "version_ready"
VERSION_IN_REVIEW = "version_in_review"
INVITATIONS = "invitations"
JOIN_REQUEST = "join_request"
STALE_ALIGNMENTS = "stale_alignments"
FAILED_MAIL = "failed_mail"
