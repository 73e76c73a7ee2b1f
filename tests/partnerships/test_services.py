"""Partnership services: the last-convener rule holds even under concurrent changes."""

import threading

import pytest

from curriculum.errors import Conflict
from curriculum.extensions import db as _db
from curriculum.partnerships import services
from curriculum.partnerships.models import Membership, Role
from tests.conftest import TEST_DATABASE_URL, is_postgres


def _membership(db, user):
    return db.session.scalar(db.select(Membership).where(Membership.user_id == user.id))


def test_last_convener_rule_in_the_service(app, db, partnership, factory):
    only = factory.member(partnership, "convener")
    with pytest.raises(Conflict):
        services.change_role(_membership(db, only), Role.VIEWER)
    db.session.rollback()
    with pytest.raises(Conflict):
        services.remove_member(_membership(db, only))
    db.session.rollback()
    assert _membership(db, only).role == Role.CONVENER


def test_adding_a_member_twice_is_a_conflict(app, db, partnership, factory):
    user = factory.member(partnership, "viewer")
    with pytest.raises(Conflict):
        services.add_member(partnership, user, Role.PANELIST)


@pytest.mark.skipif(
    not is_postgres(TEST_DATABASE_URL),
    reason="needs real concurrent writers: set TEST_DATABASE_URL to a PostgreSQL database",
)
def test_two_conveners_demoting_each_other_at_once_leave_one_convener(
    app, db, partnership, factory
):
    a = factory.member(partnership, "convener")
    b = factory.member(partnership, "convener")
    ids = [_membership(db, a).id, _membership(db, b).id]
    barrier = threading.Barrier(2)
    outcomes = []

    def demote(membership_id):
        with app.app_context():
            membership = _db.session.get(Membership, membership_id)
            barrier.wait()
            try:
                services.change_role(membership, Role.PANELIST)
                _db.session.commit()
                outcomes.append("ok")
            except Conflict:
                _db.session.rollback()
                outcomes.append("conflict")

    threads = [threading.Thread(target=demote, args=(i,)) for i in ids]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert sorted(outcomes) == ["conflict", "ok"]
    conveners = db.session.scalar(
        db.select(db.func.count(Membership.id)).where(
            Membership.partnership_id == partnership.id, Membership.role == Role.CONVENER
        )
    )
    assert conveners == 1
