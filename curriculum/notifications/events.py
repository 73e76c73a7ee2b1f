"""What each event of the app tells whom: the features call these after the change is flushed
(comments, review, endorsements, publishing, background jobs), and these call `notify()`.

Who is told is asked of access (never a role compared here): panelists are the members who may
endorse, conveners those who may publish, faculty those who keep their college's courses.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from curriculum import access
from curriculum.alignment.models import Alignment
from curriculum.auth.models import User
from curriculum.courses.models import Course
from curriculum.extensions import db
from curriculum.jobs.models import JobMixin, JobState
from curriculum.notifications import kinds
from curriculum.notifications.mentions import may_read_discussion, mentioned
from curriculum.notifications.services import notify, path_for, settle
from curriculum.organizations.models import Organization
from curriculum.partnerships.models import Membership, Partnership
from curriculum.standards.models import Comment, Standard, StandardVersion

if TYPE_CHECKING:
    from curriculum.standards.review import Quorum

EXCERPT = 200  # characters of a comment quoted in its notification


def members_of(partnership: Partnership, organizations: Iterable[int] | None = None) -> list[User]:
    """The active members of the partnership (of these organizations only, when given)."""
    query = (
        db.select(User)
        .join(Membership, Membership.user_id == User.id)
        .where(Membership.partnership_id == partnership.id, User.active.is_(True))
        .order_by(User.id)
    )
    if organizations is not None:
        query = query.where(User.organization_id.in_(list(organizations)))
    return list(db.session.scalars(query))


def _standard_url(standard: Standard, anchor: str = "") -> str:
    return path_for("standards.standard", anchor=anchor, standard_id=standard.id)


def _excerpt(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= EXCERPT else text[: EXCERPT - 1].rstrip() + "…"


# --- Comments ----------------------------------------------------------------------------------


def comment_added(comment: Comment, standard: Standard, author: User) -> None:
    """Mentioned members hear of the comment (MENTION); the author of the comment it answers
    hears of a reply (REPLY) unless it also mentions them. Only people who may read it."""
    partnership = standard.framework.partnership
    url = _standard_url(standard, f"c{comment.parent_id or comment.id}")
    body = _excerpt(comment.body)
    named = mentioned(comment.body, standard)
    notify(
        named,
        kinds.MENTION.name,
        f"{author.display_name} mentioned you in a comment on {standard.code}",
        url=url,
        body=body,
        partnership=partnership,
        actor=author,
    )
    parent = db.session.get(Comment, comment.parent_id) if comment.parent_id else None
    answered = parent.author if parent is not None else None
    if (
        answered is None
        or answered.id in {user.id for user in named}
        or not may_read_discussion(answered, standard)
    ):
        return
    notify(
        [answered],
        kinds.REPLY.name,
        f"{author.display_name} replied to your comment on {standard.code}",
        url=url,
        body=body,
        partnership=partnership,
        actor=author,
    )


# --- Review, endorsements, publishing ------------------------------------------------------------


def version_in_review(
    standard: Standard, version: StandardVersion, waiting: list[Organization]
) -> None:
    """The panelists of the counting organizations that have not endorsed the version (`waiting`,
    from the quorum) are asked to review it (VERSION_REVIEW)."""
    partnership = standard.framework.partnership
    if not waiting:
        return
    panelists = [
        user
        for user in members_of(partnership, [org.id for org in waiting])
        if access.can(user, "endorse", partnership)
    ]
    notify(
        panelists,
        kinds.VERSION_REVIEW.name,
        f"{standard.code} version {version.number} is in review: {version.title}",
        url=_standard_url(standard),
        body=f"{partnership.name} asks your organization to review and endorse it.",
        partnership=partnership,
    )


def endorsed(standard: Standard, version: StandardVersion, by: User, status: Quorum) -> None:
    """An endorsement that has just met the quorum (its organization counts, and the count is
    now exactly the number needed) tells the conveners it can be published (READY_TO_PUBLISH)."""
    counted = {org.id for org in status.endorsed_by}
    if not status.met or status.count != status.needed or by.organization_id not in counted:
        return
    partnership = standard.framework.partnership
    conveners = [
        user for user in members_of(partnership) if access.can(user, "publish", partnership)
    ]
    notify(
        conveners,
        kinds.READY_TO_PUBLISH.name,
        f"{standard.code} version {version.number} can be published: {status.describe()}",
        url=_standard_url(standard),
        partnership=partnership,
        actor=by,
    )


def published(standard: Standard, version: StandardVersion, actor: User | None) -> None:
    """Faculty who keep the courses aligned to an older version of the standard hear that those
    alignments are now stale (ALIGNMENTS_STALE): one notification per course. Asking to review
    the standard and telling that it can be published are then moot (marked read)."""
    for kind in (kinds.VERSION_REVIEW, kinds.READY_TO_PUBLISH):
        settle(kind.name, _standard_url(standard))
    rows = db.session.execute(
        db.select(Course)
        .join(Alignment, Alignment.course_id == Course.id)
        .join(StandardVersion, StandardVersion.id == Alignment.version_id)
        .where(Alignment.standard_id == standard.id, StandardVersion.number < version.number)
        .distinct()  # a course aligned through several outcomes is told once
        .order_by(Course.code, Course.id)
    ).scalars()
    courses = list(rows)
    if not courses:
        return
    colleges = {course.organization_id for course in courses}
    people = list(
        db.session.scalars(
            db.select(User)
            .where(User.organization_id.in_(colleges), User.active.is_(True))
            .order_by(User.id)
        )
    )
    keepers = {
        college: [
            user
            for user in people
            if user.organization_id == college
            and access.can(user, "keep_courses", user.organization)
        ]
        for college in colleges
    }
    partnership = standard.framework.partnership
    for course in courses:
        notify(
            keepers[course.organization_id],
            kinds.ALIGNMENTS_STALE.name,
            f"{course.code}: its alignment to {standard.code} is stale (version "
            f"{version.number} was published)",
            url=path_for("courses.course", anchor="stale", course_id=course.id),
            body=f"Re-confirm it against version {version.number}: {version.title}, or remove it.",
            partnership=partnership,
            actor=actor,
        )


# --- Background jobs ---------------------------------------------------------------------------


def job_finished(job: JobMixin, what: str, url: str, requested_by: User | None) -> None:
    """The person who asked for an export or an import hears that it finished or failed
    (JOB_FINISHED), with a link to the job's page."""
    if requested_by is None:
        return
    outcome = "finished" if job.state == JobState.DONE else "failed"
    notify(
        [requested_by],
        kinds.JOB_FINISHED.name,
        f"{what} {outcome}",
        url=url,
        body=job.message,
        partnership=getattr(job, "partnership", None),
    )
