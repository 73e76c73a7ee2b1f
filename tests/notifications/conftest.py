"""Notification fixtures: `tell(user, ...)` notifies someone through the real notify()."""

from __future__ import annotations

from itertools import count

import pytest

from curriculum.extensions import db
from curriculum.notifications import kinds
from curriculum.notifications.services import notify


@pytest.fixture
def tell(app):
    """tell(user, title="...", kind=kinds.REPLY.name, url="/...") -> the notification
    (committed). Each has a url of its own unless given one (notify tells nobody twice of the
    same kind and url while they have not read it)."""
    numbers = count(1)

    def make(user, title="Something happened", *, kind=kinds.REPLY.name, url=None, **extra):
        url = url if url is not None else f"/about?n={next(numbers)}"
        (note,) = notify([user], kind, title, url=url, **extra)
        db.session.commit()
        return note

    return make
