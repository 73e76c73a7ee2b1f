"""The endorsement quorum under concurrency: publishing racing withdrawals, new endorsements
and saves of a newer version, repeated, then checked in the database.

Runs on both databases: real concurrent connections on PostgreSQL, threads on SQLite (whose
writers take turns, but whose reads could see a state that changed before the write).
"""

from __future__ import annotations

import threading

import pytest

from curriculum.audit.models import AuditEvent
from curriculum.auth.models import User
from curriculum.errors import Conflict
from curriculum.extensions import db as _db
from curriculum.organizations.models import ENDORSING_KINDS, Organization
from curriculum.standards import services, tree
from curriculum.standards.models import (
    Endorsement,
    Standard,
    StandardVersion,
    VersionStatus,
)
from tests.security.racing import REPEATS, race


class Panel:
    pass


@pytest.fixture
def panel(partnership, factory, db):
    """A partnership with quorum 3, four employer panelists, a convener, a framework."""
    p = Panel()
    p.partnership = partnership
    p.panelists = [factory.member(partnership, "panelist") for _ in range(4)]
    p.convener = factory.member(partnership, "convener")
    p.framework = factory.framework(partnership, "Maintenance Technician")
    p.cwf = factory.standard(
        p.framework, None, "critical_work_function", "Maintain", author=p.convener
    )
    assert partnership.endorsement_quorum == 3
    return p


def _at_quorum(panel, db, title="Lubricate spindles") -> Standard:
    """A new key activity whose version 1 has exactly its quorum (panelists 0-2)."""
    standard = tree.add_standard(
        panel.framework, panel.cwf, "key_activity", title, author=panel.convener
    )
    version = standard.current_version
    for panelist in panel.panelists[:3]:
        services.endorse(standard, version, panelist)
    db.session.commit()
    return standard


def _step(standard_id, number, action):
    """A step that loads the standard and version as a page would, then acts on them."""

    def step():
        standard = services.get_standard(standard_id)
        version = services.get_version(standard, number)
        services.quorum(version, standard.framework.partnership)  # the page shows the quorum
        yield
        action(standard, version)

    return step


def _user(user_id):
    return _db.session.get(User, user_id)


def _events(db, standard, action):
    return list(
        db.session.scalars(
            db.select(AuditEvent.id)
            .where(
                AuditEvent.object_type == "Standard",
                AuditEvent.object_id == standard.id,
                AuditEvent.action == action,
            )
            .order_by(AuditEvent.id)
        )
    )


def _assert_quorum_invariants(db, panel, standards):
    """Every published version has its quorum of distinct counting organizations, no review
    step on it came after its publication, and each standard has at most one published
    version, the one it points at."""
    needed = panel.partnership.endorsement_quorum
    for standard in standards:
        db.session.refresh(standard)
        published = list(
            db.session.scalars(
                db.select(StandardVersion).where(
                    StandardVersion.standard_id == standard.id,
                    StandardVersion.status == VersionStatus.PUBLISHED,
                )
            )
        )
        assert len(published) <= 1, standard.code
        if not published:
            assert standard.published_version_id is None
            continue
        (version,) = published
        assert standard.published_version_id == version.id
        orgs = db.session.scalar(
            db.select(db.func.count(db.distinct(Endorsement.organization_id)))
            .join(Organization, Organization.id == Endorsement.organization_id)
            .where(
                Endorsement.version_id == version.id,
                Organization.kind.in_(list(ENDORSING_KINDS)),
            )
        )
        assert orgs >= needed, f"{standard.code} v{version.number} published with {orgs}"
        (published_event,) = _events(db, standard, "standard.published")
        for action in ("standard.endorsed", "standard.endorsement_withdrawn"):
            assert all(e < published_event for e in _events(db, standard, action)), (
                f"{standard.code}: {action} after publication"
            )
        newer_saves = [
            e
            for e in _events(db, standard, "standard.version_saved")
            if db.session.get(AuditEvent, e).details.get("version", 0) > version.number
        ]
        assert all(e > published_event for e in newer_saves), (
            f"{standard.code}: v{version.number} published after a newer version was saved"
        )


def test_publish_racing_a_withdrawal_and_a_new_endorsement_never_beats_the_quorum(app, db, panel):
    convener_id = panel.convener.id
    leaving_id, joining_id = panel.panelists[0].id, panel.panelists[3].id
    standards = []
    for i in range(REPEATS):
        standard = _at_quorum(panel, db, f"Lubricate spindle {i}")
        standards.append(standard)
        steps = [
            _step(standard.id, 1, lambda s, v: services.publish(s, v, _user(convener_id))),
            _step(
                standard.id,
                1,
                lambda s, v: services.withdraw_endorsement(s, v, _user(leaving_id)),
            ),
        ]
        if i % 2:  # every other time a fourth organization endorses at the same moment
            steps.append(
                _step(standard.id, 1, lambda s, v: services.endorse(s, v, _user(joining_id)))
            )
        publish, withdraw, *rest = race(app, *steps)
        endorse = rest[0] if rest else None
        if publish == "ok":
            assert withdraw == 409 or withdraw == "ok" and endorse == "ok"
        else:
            assert publish == 409 and withdraw == "ok"
    db.session.expire_all()
    _assert_quorum_invariants(db, panel, standards)


def test_publishing_a_version_while_a_newer_one_is_saved(app, db, panel):
    convener_id, author_id = panel.convener.id, panel.panelists[0].id
    standards = []
    for i in range(REPEATS):
        standard = _at_quorum(panel, db, f"Align shafts {i}")
        standards.append(standard)
        publish, save = race(
            app,
            _step(standard.id, 1, lambda s, v: services.publish(s, v, _user(convener_id))),
            _step(
                standard.id,
                1,
                lambda s, v: services.save_version(
                    s, 1, v.title, "Now with a laser.", None, "", _user(author_id)
                ),
            ),
        )
        assert save == "ok"  # a save never waits for a review step to fail it
        assert publish in ("ok", 409)
    db.session.expire_all()
    _assert_quorum_invariants(db, panel, standards)


def _elsewhere(app, work):
    """Run `work` in another session (another request) and commit it, now."""

    def run():
        with app.app_context():
            work()
            _db.session.commit()
            _db.session.remove()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(30)


def test_publish_sees_a_withdrawal_made_after_the_page_was_loaded(app, db, panel):
    standard = _at_quorum(panel, db)
    standard = services.get_standard(standard.id)
    version = services.get_version(standard, 1)  # with its three endorsements
    leaving_id = panel.panelists[0].id

    def withdraw():
        s = services.get_standard(standard.id)
        services.withdraw_endorsement(s, services.get_version(s, 1), _user(leaving_id))

    _elsewhere(app, withdraw)
    with pytest.raises(Conflict, match="2 of 3"):
        services.publish(standard, version, panel.convener)
    db.session.rollback()
    assert db.session.get(StandardVersion, version.id).status == VersionStatus.DRAFT


def test_publish_sees_a_newer_version_saved_after_the_page_was_loaded(app, db, panel):
    standard = _at_quorum(panel, db)
    standard = services.get_standard(standard.id)
    version = services.get_version(standard, 1)
    author_id = panel.panelists[1].id

    def save():
        s = services.get_standard(standard.id)
        services.save_version(s, 1, "Lubricate spindles", "Weekly.", None, "", _user(author_id))

    _elsewhere(app, save)
    with pytest.raises(Conflict, match="Only the newest version"):
        services.publish(standard, version, panel.convener)


def test_a_withdrawal_or_endorsement_of_a_version_published_meanwhile_is_refused(app, db, panel):
    standard = _at_quorum(panel, db)
    standard = services.get_standard(standard.id)
    version = services.get_version(standard, 1)  # still a draft, as far as this page knows
    convener_id = panel.convener.id

    def publish():
        s = services.get_standard(standard.id)
        services.publish(s, services.get_version(s, 1), _user(convener_id))

    _elsewhere(app, publish)
    with pytest.raises(Conflict, match="published"):
        services.withdraw_endorsement(standard, version, panel.panelists[0])
    db.session.rollback()
    with pytest.raises(Conflict, match="published"):
        services.endorse(standard, version, panel.panelists[3])
    db.session.rollback()
    assert len(db.session.get(StandardVersion, version.id).endorsements) == 3
