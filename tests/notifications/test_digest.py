"""The daily digest (`flask notifications digest`): one mail per person listing what waits for
it, then marked digested (running it again sends nothing new); read, emailed and in-the-app
ones left out; and the digest arrives at a real SMTP server."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from curriculum.extensions import db as _db
from curriculum.mail.models import OutgoingMail
from curriculum.notifications import kinds
from curriculum.notifications.models import Notification, NotificationPreference
from curriculum.notifications.services import mark_read, notify

DIGESTED = kinds.ALIGNMENTS_STALE.name  # digest by default
ONLY_IN_APP = kinds.REPLY.name  # in the app by default


def _digests() -> list[OutgoingMail]:
    _db.session.expire_all()
    return list(
        _db.session.scalars(
            sa.select(OutgoingMail).where(OutgoingMail.kind == "digest").order_by(OutgoingMail.to)
        )
    )


def _run(runner) -> str:
    result = runner.invoke(args=["notifications", "digest"])
    assert result.exit_code == 0, result.output
    return result.output


def _prefer(user, kind: str, delivery: str) -> None:
    _db.session.add(NotificationPreference(user_id=user.id, kind=kind, delivery=delivery))
    _db.session.commit()


def test_one_mail_per_person_listing_their_notifications(app, factory, runner, clock):
    ada = factory.user("ada@example.org", "Ada")
    bob = factory.user("bob@example.org", "Bob")
    first, second = (
        notify([ada], DIGESTED, "MFG 110: stale", url="/courses/1#stale"),
        notify([ada, bob], DIGESTED, "MFG 120: stale", url="/courses/2#stale", body="Re-confirm"),
    )
    _db.session.commit()
    assert "Digests queued: 2." in _run(runner)
    to_ada, to_bob = _digests()
    assert (to_ada.to, to_bob.to) == ("ada@example.org", "bob@example.org")
    assert to_ada.subject == "Your Curriculum digest: 2 notifications"
    assert to_bob.subject == "Your Curriculum digest: 1 notification"
    text = to_ada.body
    assert text.startswith("Hello Ada,")
    assert text.index("MFG 110: stale") < text.index("MFG 120: stale")  # oldest first
    assert "Re-confirm" in text
    assert f"http://127.0.0.1:5000/notifications/{first[0].id}/open" in text
    assert f"/notifications/{second[0].id}/open" in text
    assert text.endswith(
        "Change which notifications are emailed to you: "
        "http://127.0.0.1:5000/notifications/preferences\n"
    )
    assert "MFG 110" not in to_bob.body
    assert to_ada.user_id == ada.id


def test_running_it_twice_sends_nothing_new(app, factory, runner, clock):
    ada = factory.user()
    notify([ada], DIGESTED, "First", url="/")
    _db.session.commit()
    _run(runner)
    assert "Digests queued: 0." in _run(runner)
    assert len(_digests()) == 1
    digested = _db.session.scalars(sa.select(Notification)).one()
    assert digested.digested_at == clock.now
    # Something new the next day goes in the next digest, alone.
    clock.now += timedelta(days=1)
    notify([ada], DIGESTED, "Second", url="/later")
    _db.session.commit()
    _run(runner)
    latest = _digests()
    assert len(latest) == 2
    assert [("Second" in m.body, "First" in m.body) for m in latest].count((True, False)) == 1


def test_read_emailed_and_in_app_notifications_are_left_out(app, factory, runner):
    ada = factory.user()
    (read,) = notify([ada], DIGESTED, "Already read", url="/")
    mark_read(read)
    notify([ada], ONLY_IN_APP, "Only in the app", url="/")
    _prefer(ada, kinds.MENTION.name, "email")
    notify([ada], kinds.MENTION.name, "Emailed at once", url="/")
    _db.session.commit()
    assert "Digests queued: 0." in _run(runner)
    assert _digests() == []


def test_a_chosen_digest_overrides_the_kinds_default(app, factory, runner):
    ada, bob = factory.user(), factory.user()
    _prefer(ada, ONLY_IN_APP, "digest")  # replies: in the app by default
    _prefer(bob, DIGESTED, "app")  # stale alignments: digest by default
    notify([ada, bob], ONLY_IN_APP, "A reply", url="/")
    notify([ada, bob], DIGESTED, "Stale", url="/")
    _db.session.commit()
    _run(runner)
    (only,) = _digests()
    assert only.to == ada.email and "A reply" in only.body and "Stale" in only.body


def test_inactive_people_get_no_digest(app, factory, runner):
    ada = factory.user()
    notify([ada], DIGESTED, "Stale", url="/")
    ada.active = False
    _db.session.commit()
    _run(runner)
    assert _digests() == []


def test_the_digest_arrives_at_the_smtp_server(make_app, smtp_server, factory):
    app = make_app(PUBLIC_URL="https://curriculum.example.org", **smtp_server.config)
    with app.app_context():
        ada = factory.user("ada@example.org", "Ada")
        (note,) = notify([ada], DIGESTED, "MFG 110: stale", url="/courses/1#stale")
        _db.session.commit()
        result = app.test_cli_runner().invoke(args=["notifications", "digest"])
        assert result.exit_code == 0, result.output
        (message,) = smtp_server.messages
        assert message["To"] == "ada@example.org"
        assert message["Subject"] == "Your Curriculum digest: 1 notification"
        text = smtp_server.text(message)
        assert "MFG 110: stale" in text
        assert f"https://curriculum.example.org/notifications/{note.id}/open" in text
        (sent,) = _digests()
        assert sent.transport == "smtp" and sent.sent_at is not None
