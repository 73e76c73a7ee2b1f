"""Who a comment mentions: the one rule for `@name` in comments.

A mention is `@` followed by a handle of a member of the standard's partnership: their display
name ("@Dana Smith") or the local part of their email address ("@dana.smith" for
dana.smith@example.org), compared without regard to case. The `@` must start the text or follow
a character that cannot be part of an email address (so "bob@example.org" mentions nobody), and
the handle must end the text or be followed by a character that is not a letter, digit or
underscore ("@Dana Smith's point" mentions Dana Smith; "@danaX" mentions nobody called dana).
Where several handles fit at one `@`, the longest wins ("@Dana Smith" is Dana Smith, not the
member whose address begins "dana@"); two members sharing that handle are both mentioned. Only
members who may read the comment count: those who may see the standard and its discussion
(asked of access). The comment is rendered as it was written: a mention is plain text.
"""

from __future__ import annotations

import re

from curriculum import access
from curriculum.auth.models import User
from curriculum.extensions import db
from curriculum.partnerships.models import Membership
from curriculum.standards.models import Standard

_IN_ADDRESS = re.compile(r"[\w.+-]")  # a character before "@" that makes it part of an address
_WORD = re.compile(r"\w")  # a character after a handle that makes it part of a longer word


def handles_of(user: User) -> set[str]:
    """The texts after `@` that mention this person (case-folded)."""
    found = {" ".join(user.display_name.split()).casefold(), user.email.split("@")[0].casefold()}
    return {handle for handle in found if handle}


def mentioned(body: str, standard: Standard) -> list[User]:
    """The members of the standard's partnership whom `body` mentions and who may read it."""
    if "@" not in body:
        return []
    members = db.session.scalars(
        db.select(User)
        .join(Membership, Membership.user_id == User.id)
        .where(
            Membership.partnership_id == standard.framework.partnership_id,
            User.active.is_(True),
        )
        .order_by(User.id)
    )
    by_handle: dict[str, list[User]] = {}
    for user in members:
        for handle in handles_of(user):
            by_handle.setdefault(handle, []).append(user)
    longest_first = sorted(by_handle, key=len, reverse=True)
    text = body.casefold()
    found: dict[int, User] = {}
    for at in re.finditer("@", text):
        start = at.start()
        if start and _IN_ADDRESS.match(text[start - 1]):
            continue
        rest = text[start + 1 :]
        for handle in longest_first:
            end = len(handle)
            if rest.startswith(handle) and (end == len(rest) or not _WORD.match(rest[end])):
                found.update((user.id, user) for user in by_handle[handle])
                break
    return [user for user in found.values() if may_read_discussion(user, standard)]


def may_read_discussion(user: User, standard: Standard) -> bool:
    """May this person read the comments of the standard (the standard page shows them to those
    who may see the standard and its framework's drafts)?"""
    return access.can(user, "view", standard) and access.can(
        user, "view_drafts", standard.framework
    )
