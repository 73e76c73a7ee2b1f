"""Comments on a standard: threads of one level of replies, resolved or reopened."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy.orm import joinedload, selectinload

from curriculum.audit.services import record
from curriculum.db import utcnow
from curriculum.errors import NotFound
from curriculum.extensions import db
from curriculum.notifications import events
from curriculum.standards.errors import StandardError
from curriculum.standards.models import (
    Comment,
    Standard,
    StandardVersion,
)

if TYPE_CHECKING:
    from curriculum.auth.models import User

# --- Comments ------------------------------------------------------------------------------


def add_comment(
    standard: Standard,
    author: User,
    body: str,
    version: StandardVersion | None = None,
    parent: Comment | None = None,
) -> Comment:
    """A comment on the standard (about one version, or a reply to another comment)."""
    body = (body or "").strip()
    if not body:
        raise StandardError("Write something first.", field="body")
    if len(body) > 10000:
        raise StandardError("A comment has at most 10,000 characters.", field="body")
    if parent is not None:
        if parent.standard_id != standard.id:
            raise StandardError("That comment belongs to another standard.")
        if parent.parent_id is not None:
            parent = db.session.get(Comment, parent.parent_id)  # replies stay one level deep
    if version is not None and version.standard_id != standard.id:
        raise StandardError("That version belongs to another standard.")
    comment = Comment(
        standard_id=standard.id,
        author=author,
        body=body,
        version=version,
        parent_id=parent.id if parent else None,
    )
    db.session.add(comment)
    db.session.flush()
    record(
        "standard.commented",
        obj=comment,
        partnership=standard.framework.partnership,
        summary=f"{standard.code}: {'reply' if parent else 'comment'} by {author.display_name}",
        standard_id=standard.id,
    )
    events.comment_added(comment, standard, author)  # mentions and replies tell their people
    return comment


def set_resolved(standard: Standard, comment: Comment, actor: User, resolved: bool) -> None:
    """Resolve or reopen a top-level comment."""
    if comment.standard_id != standard.id:
        raise NotFound()
    if comment.parent_id is not None:
        raise StandardError("Replies are resolved with the comment they answer.")
    comment.resolved_at = utcnow() if resolved else None
    comment.resolved_by_id = actor.id if resolved else None
    db.session.flush()
    record(
        "standard.comment_resolved" if resolved else "standard.comment_reopened",
        obj=comment,
        partnership=standard.framework.partnership,
        summary=f"{standard.code}: comment {'resolved' if resolved else 'reopened'}",
        standard_id=standard.id,
    )


def comments_of(standard: Standard) -> tuple[list[Comment], int]:
    """Top-level comments, open first, with replies loaded; and how many are resolved."""
    comments = list(
        db.session.scalars(
            db.select(Comment)
            .options(
                joinedload(Comment.author),
                joinedload(Comment.version),
                joinedload(Comment.resolved_by),
                selectinload(Comment.replies).joinedload(Comment.author),
            )
            .where(Comment.standard_id == standard.id, Comment.parent_id.is_(None))
            .order_by(Comment.resolved_at.is_not(None), Comment.created_at.desc())
        )
    )
    return comments, sum(1 for c in comments if c.resolved_at)
