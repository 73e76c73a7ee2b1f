"""What needs a person now, each item one click from where it is done: computed from the tables
in a fixed number of queries whatever the data's size, never stored.

- panelists: releases in preparation and versions in review their organization (one whose
  endorsements count: standards.review.counting_organizations) has not endorsed, flagged when it
  endorsed an older version of the standard; comments that mention them or reply to theirs;
- conveners: releases and versions in review that have their quorum (waiting to be published),
  the other versions in review (awaiting endorsements), pending invitations, organizations
  asking to join;
- faculty (who keep their college's courses): courses with stale alignments, new releases of
  frameworks their programs use, gaps that became required;
- everyone: exports and imports they asked for that finished or failed;
- site administrators: organizations asking to join a partnership, mails that could not be sent.

Items that come from a notification link through /notifications/<id>/open, which marks it read,
so acting clears them; the others go when the work is done (endorsed, published, accepted…).
"""

from __future__ import annotations

from collections import Counter

from flask import g, has_request_context
from sqlalchemy.orm import joinedload

from curriculum import access
from curriculum.access import Reader
from curriculum.alignment.services import college_courses, stale_by_course
from curriculum.auth.models import User
from curriculum.courses.services import TEACHING_KINDS
from curriculum.db import utcnow
from curriculum.extensions import db
from curriculum.jobs.models import JobState
from curriculum.mail.models import OutgoingMail
from curriculum.notifications import kinds
from curriculum.notifications.models import Notification
from curriculum.organizations.models import Organization
from curriculum.partnerships.models import Invitation, JoinRequest, Partnership
from curriculum.workqueue.items import (
    FAILED_MAIL,
    INVITATIONS,
    JOIN_REQUEST,
    STALE_ALIGNMENTS,
    Item,
)
from curriculum.workqueue.reviews import review_items

__all__ = ["Item", "count", "counts_by_partnership", "grouped", "items_for"]

# Notifications that stay in the queue until read: what the tables cannot tell otherwise.
NOTIFIED = (kinds.MENTION.name, kinds.REPLY.name, kinds.JOB_FINISHED.name)
# ... and those that concern faculty, who keep their college's courses (other members told of
# a new release need do nothing about it).
NOTIFIED_FACULTY = (kinds.RELEASE_PUBLISHED.name, kinds.GAPS_REQUIRED.name)


def items_for(user: Reader) -> list[Item]:
    """Everything that needs the user, newest first (nothing for visitors). Read once per
    request (the home page, the navigation's count and the partnership list share it)."""
    if not isinstance(user, User) or not access.signed_in(user):
        return []
    cache = g.setdefault("_workqueue", {}) if has_request_context() else {}
    if user.id not in cache:
        cache[user.id] = _compute(user)
    return cache[user.id]


def count(user: Reader) -> int:
    """How many items need the user (the navigation bar's figure)."""
    return len(items_for(user))


def counts_by_partnership(user: Reader) -> dict[int, int]:
    """{partnership id: how many of the user's items belong to it} (the partnership list)."""
    return dict(Counter(i.partnership_id for i in items_for(user) if i.partnership_id))


def grouped(items: list[Item]) -> list[tuple[str, list[Item]]]:
    """The items by partnership (by name), then those of no partnership (a college's courses,
    the person's own jobs, the site's mail), for the home page."""
    ids = {i.partnership_id for i in items if i.partnership_id is not None}
    names: dict[int, str] = {}
    if ids:
        query = db.select(Partnership.id, Partnership.name).where(Partnership.id.in_(ids))
        names = {pid: name for pid, name in db.session.execute(query)}
    groups: dict[int | None, list[Item]] = {}
    for item in items:
        groups.setdefault(item.partnership_id, []).append(item)
    ordered = sorted((pid for pid in groups if pid is not None), key=lambda pid: names.get(pid, ""))
    found = [(names.get(pid, ""), groups[pid]) for pid in ordered]
    if None in groups:
        found.append(("Your courses, your account and the site" if found else "", groups[None]))
    return found


def _compute(user: User) -> list[Item]:
    endorsing = access.partnerships_by_role(user, "endorse")
    publishing = access.partnerships_by_role(user, "publish")
    found: list[Item] = []
    if endorsing or publishing:
        found += review_items(user, endorsing, publishing)
    if publishing:
        found += _invitation_items(publishing)
    if publishing or access.is_admin(user):
        found += _join_request_items(user, publishing)
    college = _college_kept_by(user)
    if college is not None:
        found += _stale_items(college)
    found += _notification_items(user, NOTIFIED + (NOTIFIED_FACULTY if college else ()))
    if access.is_admin(user):
        found += _failed_mail_items()
    found.sort(key=lambda i: i.since, reverse=True)
    return found


# --- Conveners: invitations and join requests; administrators: mails -----------------------------


def _invitation_items(publishing: set[int]) -> list[Item]:
    """One item per partnership with invitations not yet accepted (nor revoked, nor expired)."""
    rows = db.session.execute(
        db.select(
            Invitation.partnership_id,
            db.func.count(Invitation.id),
            db.func.min(Invitation.created_at),
        )
        .where(
            Invitation.partnership_id.in_(publishing),
            Invitation.accepted_at.is_(None),
            Invitation.revoked_at.is_(None),
            Invitation.expires_at > utcnow(),
        )
        .group_by(Invitation.partnership_id)
    )
    return [
        Item(
            INVITATIONS,
            f"{n} invitation{'s' if n != 1 else ''} not yet accepted",
            f"/partnerships/{pid}/members#invitations",
            pid,
            since,
            "Send the link again, or withdraw it.",
        )
        for pid, n, since in rows
    ]


def _join_request_items(user: User, publishing: set[int]) -> list[Item]:
    """Pending join requests: site administrators decide them all (on the join requests page);
    conveners see those of their partnerships (on the partnership's page)."""
    admin = access.is_admin(user)
    query = (
        db.select(JoinRequest)
        .where(JoinRequest.decided_at.is_(None))
        .options(joinedload(JoinRequest.organization), joinedload(JoinRequest.partnership))
        .order_by(JoinRequest.requested_at)
    )
    if not admin:
        query = query.where(JoinRequest.partnership_id.in_(publishing))
    found = []
    for request in db.session.scalars(query):
        found.append(
            Item(
                JOIN_REQUEST,
                f"{request.organization.name} asks to join {request.partnership.name}",
                "/organizations/join-requests"
                if admin
                else f"/partnerships/{request.partnership_id}#join-requests",
                request.partnership_id,
                request.requested_at,
                "Approve or decline it." if admin else "A site administrator decides.",
            )
        )
    return found


def _failed_mail_items() -> list[Item]:
    """One item when mails could not be delivered after every attempt."""
    n, since = db.session.execute(
        db.select(db.func.count(OutgoingMail.id), db.func.max(OutgoingMail.updated_at)).where(
            OutgoingMail.state == JobState.FAILED
        )
    ).one()
    if not n:
        return []
    return [
        Item(
            FAILED_MAIL,
            f"{n} email{'s' if n != 1 else ''} could not be delivered",
            "/admin/mail",
            None,
            since or utcnow(),
            "Every attempt failed; the outbox says why.",
        )
    ]


# --- Faculty: stale alignments -------------------------------------------------------------------


def _college_kept_by(user: User) -> Organization | None:
    """The user's college, when they keep its courses (its faculty)."""
    college = user.organization
    if (
        college is None
        or college.kind not in TEACHING_KINDS
        or not access.can(user, "keep_courses", college)
    ):
        return None
    return college


def _stale_items(college: Organization) -> list[Item]:
    """One item per course of the college with stale alignments."""
    return [
        Item(
            STALE_ALIGNMENTS,
            f"{course.code} {course.title}: {n} stale alignment{'s' if n != 1 else ''}",
            f"/courses/{course.id}#stale",
            None,
            since or utcnow(),
            "A newer version was published since the course was aligned: re-confirm or remove.",
        )
        for course, n, since in stale_by_course(college_courses(college.id))
    ]


# --- Notifications that wait to be read -----------------------------------------------------------


def _notification_items(user: User, kinds_listed: tuple[str, ...]) -> list[Item]:
    """Unread notifications of these kinds (mentions, replies, finished jobs; for faculty new
    releases and required gaps too), each opened (and so marked read) through
    /notifications/<id>/open; none of a partnership the user has left."""
    found = []
    notes = db.session.scalars(
        db.select(Notification)
        .where(
            Notification.user_id == user.id,
            Notification.read_at.is_(None),
            Notification.kind.in_(kinds_listed),
        )
        .order_by(Notification.created_at.desc(), Notification.id.desc())
    )
    admin = access.is_admin(user)
    member_of = access.roles_of(user)  # read once (outside a request nothing is cached)
    for note in notes:
        pid = note.partnership_id
        if pid is not None and not admin and pid not in member_of:
            continue
        found.append(
            Item(
                note.kind,
                note.title,
                f"/notifications/{note.id}/open",
                pid,
                note.created_at,
                note.body.strip().split("\n")[0][:200],
            )
        )
    return found
