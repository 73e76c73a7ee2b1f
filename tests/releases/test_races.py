"""Publishing a release under concurrency: a withdrawal or a save at the same moment never lets
it publish below the quorum or publish content older than the standard's newest version."""

from curriculum.audit.models import AuditEvent
from curriculum.auth.models import User
from curriculum.extensions import db as _db
from curriculum.releases import services as releases
from curriculum.releases.models import Release, ReleaseStatus
from curriculum.standards import services as standards
from curriculum.standards.models import Standard
from tests.security.racing import race

REPEATS = 6


def _user(user_id):
    return _db.session.get(User, user_id)


def _on_release(release_id, act):
    def step():
        release = releases.get_release(release_id)
        yield
        act(release)

    return step


def _ready(world, db, i):
    """A release with the quorum of two endorsements."""
    preparing = releases.current_preparing(world.framework)
    if preparing is not None:
        releases.discard_release(preparing, world.convener)
    release = releases.prepare_release(world.framework, world.convener, name=f"Edition {i}")
    for panelist in world.panelists[:2]:
        releases.endorse_release(release, panelist)
    db.session.commit()
    return release.id


def test_publish_racing_a_withdrawal_never_beats_the_quorum(app, db, world):
    convener_id, leaving_id = world.convener.id, world.panelists[0].id
    for i in range(REPEATS):
        release_id = _ready(world, db, i)
        publish, withdraw = race(
            app,
            _on_release(release_id, lambda r: releases.publish_release(r, _user(convener_id))),
            _on_release(
                release_id, lambda r: releases.withdraw_release_endorsement(r, _user(leaving_id))
            ),
        )
        assert (publish, withdraw) in (("ok", 409), (409, "ok"))
        db.session.expire_all()
        release = db.session.get(Release, release_id)
        if publish == "ok":
            assert release.status == ReleaseStatus.PUBLISHED and len(release.endorsements) == 2
        else:
            assert release.status == ReleaseStatus.PREPARING and len(release.endorsements) == 1
            releases.discard_release(release, world.convener)
            db.session.commit()


def test_publish_racing_a_save_never_publishes_older_content(app, db, world):
    convener_id, author_id = world.convener.id, world.panelists[0].id
    standard_id = world.pis[0].id
    for i in range(REPEATS):
        release_id = _ready(world, db, i)

        def save(_release, n=i):
            standard = _db.session.get(Standard, standard_id)
            current = standards.current_version_of(standard)
            standards.save_version(
                standard, current.number, f"Revised {n}", "", None, "", _user(author_id)
            )

        publish, saved = race(
            app,
            _on_release(release_id, lambda r: releases.publish_release(r, _user(convener_id))),
            _on_release(release_id, save),
        )
        assert saved == "ok" and publish in ("ok", 409)
        db.session.expire_all()
        if publish == "ok":
            events = {
                e.action: e.id
                for e in db.session.scalars(
                    db.select(AuditEvent)
                    .where(AuditEvent.action.in_(["release.published", "standard.version_saved"]))
                    .order_by(AuditEvent.id)
                )
            }
            # The save came after the publication (else publishing had to refuse).
            assert events["release.published"] < events["standard.version_saved"]
