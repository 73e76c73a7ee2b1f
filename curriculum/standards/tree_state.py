"""Which branches of a framework's tree a person keeps open (the framework page remembers it)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import JSON, ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from curriculum.extensions import Model, db
from curriculum.standards.errors import StandardError
from curriculum.standards.models import Framework, Standard

if TYPE_CHECKING:
    from flask_login import AnonymousUserMixin

    from curriculum.auth.models import User


class TreeState(Model):
    """One person's view of one framework's tree: the ids of the standards they opened, or
    everything open (`all_open`)."""

    __tablename__ = "tree_states"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    framework_id: Mapped[int] = mapped_column(
        ForeignKey("frameworks.id", ondelete="CASCADE"), primary_key=True
    )
    open_ids: Mapped[list[int]] = mapped_column(JSON, default=list)
    all_open: Mapped[bool] = mapped_column(default=False)


MAX_OPEN = 1000  # ids remembered: more branches than any framework has


@dataclass(frozen=True)
class OpenState:
    """Which branches of a tree are open: every one, or those listed; and where that came
    from ("url", "saved" or "default")."""

    all_open: bool
    open_ids: frozenset[int]
    source: str = "default"


def remembered(user: User | AnonymousUserMixin | None, framework: Framework) -> OpenState | None:
    """What this person last left open in this framework's tree (None: nothing saved, or a
    visitor, whose state lives in the URL only)."""
    if user is None or not user.is_authenticated:
        return None
    row = db.session.get(TreeState, (user.id, framework.id))
    if row is None:
        return None
    return OpenState(row.all_open, frozenset(row.open_ids or ()), "saved")


def remember(user: User, framework: Framework, all_open: bool, open_ids: list[int]) -> OpenState:
    """Save which branches this person keeps open: top-level standards of this framework only
    (StandardError otherwise)."""
    wanted = set(open_ids)
    if len(wanted) > MAX_OPEN:
        raise StandardError(f"Send at most {MAX_OPEN} open branches.", field="open")
    if wanted:
        found = set(
            db.session.scalars(
                db.select(Standard.id).where(
                    Standard.id.in_(wanted),
                    Standard.framework_id == framework.id,
                    Standard.parent_id.is_(None),
                )
            )
        )
        if found != wanted:
            strays = ", ".join(str(i) for i in sorted(wanted - found)[:5])
            raise StandardError(
                f"Only top-level standards of this framework open and close (not {strays}).",
                field="open",
            )
    row = db.session.get(TreeState, (user.id, framework.id))
    if row is None:
        row = TreeState(user_id=user.id, framework_id=framework.id)
        db.session.add(row)
    row.all_open = all_open
    row.open_ids = [] if all_open else sorted(wanted)
    db.session.flush()
    return OpenState(row.all_open, frozenset(row.open_ids), "saved")
