"""Notification fixtures: `tell(user, ...)` notifies someone through the real notify()."""

from __future__ import annotations

import pytest

from curriculum.extensions import db
from curriculum.notifications import kinds
from curriculum.notifications.services import notify


@pytest.fixture
def tell(app):
    """tell(user, title="...", kind=kinds.REPLY.name, url="/...") -> the notification
    (committed)."""

    def make(user, title="Something happened", *, kind=kinds.REPLY.name, url="/about", **extra):
        (note,) = notify([user], kind, title, url=url, **extra)
        db.session.commit()
        return note

    return make
