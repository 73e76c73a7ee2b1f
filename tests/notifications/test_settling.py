"""Nobody is told twice: notify() adds nothing for a person who has an unread notification of
the same kind and url (one query for all of them, and no second email); `settle(kind, url)`
marks such notifications read for everyone once what they asked for is done or moot."""

from __future__ import annotations

import sqlalchemy as sa

from curriculum.extensions import db
from curriculum.mail.models import OutgoingMail
from curriculum.notifications import kinds
from curriculum.notifications.models import Notification, NotificationPreference
from curriculum.notifications.services import mark_read, notify, settle, unread_count

KIND = kinds.READY_TO_PUBLISH.name


def _count(user, kind: str = KIND) -> int:
    return db.session.scalar(
        sa.select(sa.func.count(Notification.id)).where(
            Notification.user_id == user.id, Notification.kind == kind
        )
    )


def _mails(user) -> int:
    return db.session.scalar(
        sa.select(sa.func.count(OutgoingMail.id)).where(OutgoingMail.user_id == user.id)
    )


def test_an_unread_notification_of_the_same_kind_and_url_stands_for_the_new_one(factory):
    ada, bob = factory.user(), factory.user()
    db.session.add(NotificationPreference(user_id=ada.id, kind=KIND, delivery="email"))
    assert len(notify([ada, bob], KIND, "Can be published", url="/releases/1")) == 2
    db.session.commit()
    assert notify([ada, bob], KIND, "Can be published", url="/releases/1") == []
    db.session.commit()
    assert (_count(ada), _count(bob), _mails(ada)) == (1, 1, 1)  # no second row, no second mail
    # Another url or another kind is something else.
    assert len(notify([ada], KIND, "Can be published", url="/releases/2")) == 1
    assert len(notify([ada], kinds.RELEASE_PUBLISHED.name, "Published", url="/releases/1")) == 1
    # Once read, the next time tells again.
    mark_read(
        db.session.scalars(
            sa.select(Notification).where(Notification.user_id == bob.id, Notification.kind == KIND)
        ).one()
    )
    (again,) = notify([ada, bob], KIND, "Can be published", url="/releases/1")
    assert again.user_id == bob.id and _count(bob) == 2 and _count(ada) == 2


def test_who_was_told_already_is_one_query_whatever_their_number(factory, count_queries):
    few = [factory.user() for _ in range(2)]
    many = few + [factory.user() for _ in range(10)]
    db.session.commit()
    for people in (few, many):
        with count_queries() as queries:
            notify(people, KIND, "Hello", url=f"/x/{len(people)}")
        assert sum("FROM notifications" in q for q in queries) == 1


def test_settle_marks_that_kind_and_url_read_for_everyone_and_nothing_else(factory):
    ada, bob = factory.user(), factory.user()
    notify([ada, bob], KIND, "Can be published", url="/releases/1")
    notify([ada], KIND, "Another release", url="/releases/2")
    notify([ada], kinds.RELEASE_PUBLISHED.name, "Published", url="/releases/1")
    db.session.commit()
    assert settle(KIND, "/releases/1") == 2
    db.session.commit()
    assert (unread_count(ada), unread_count(bob)) == (2, 0)
    left = db.session.scalars(
        sa.select(Notification.url).where(
            Notification.user_id == ada.id, Notification.read_at.is_(None)
        )
    )
    assert sorted(left) == ["/releases/1", "/releases/2"]
