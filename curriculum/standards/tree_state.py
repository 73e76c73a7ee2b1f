"""Which branches of a framework's tree a person keeps open (the framework page remembers it)."""

from __future__ import annotations

from sqlalchemy import JSON, ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from curriculum.extensions import Model


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
