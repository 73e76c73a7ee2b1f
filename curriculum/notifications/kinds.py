"""The kinds of notification: what each tells, who gets it, and its default delivery.

A feature that notifies adds its kind here (one line) and calls `services.notify(...)` with it;
the preferences page lists every kind a person may get.
"""

from __future__ import annotations

from dataclasses import dataclass

from curriculum.notifications.models import Delivery


@dataclass(frozen=True)
class Kind:
    name: str
    label: str  # on the preferences page: "A release awaits your organization's endorsement"
    default: Delivery


KINDS: dict[str, Kind] = {}


def kind(name: str, label: str, default: Delivery = Delivery.APP) -> Kind:
    """Register a notification kind."""
    if name in KINDS:
        raise ValueError(f"Two notification kinds are named {name!r}.")
    KINDS[name] = Kind(name, label, default)
    return KINDS[name]


RELEASE_ENDORSEMENT = kind(
    "release_endorsement", "A release awaits your organization's endorsement", Delivery.EMAIL
)
VERSION_REVIEW = kind("version_review", "A version is in review and awaits your organization")
ENDORSEMENT_WITHDRAWN = kind(
    "endorsement_withdrawn",
    "Your organization's endorsement was withdrawn because the release changed",
    Delivery.EMAIL,
)
READY_TO_PUBLISH = kind(
    "ready_to_publish", "A release or version has its quorum and can be published"
)
RELEASE_PUBLISHED = kind("release_published", "A release of a framework you use was published")
ALIGNMENTS_STALE = kind(
    "alignments_stale", "A newer version made your course alignments stale", Delivery.DIGEST
)
GAPS_REQUIRED = kind("gaps_required", "A release added standards your program does not cover")
MENTION = kind("mention", "Someone mentioned you in a comment", Delivery.EMAIL)
REPLY = kind("reply", "Someone replied to your comment")
JOB_FINISHED = kind("job_finished", "An export or import you asked for finished or failed")


def get(name: str) -> Kind:
    try:
        return KINDS[name]
    except KeyError:
        raise LookupError(f"No notification kind is named {name!r}.") from None
