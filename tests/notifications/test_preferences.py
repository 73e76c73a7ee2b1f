"""Preferences: a choice of delivery per kind, kept per person; what each choice does when
something happens (an email queued at once, or nothing until the digest); notify() reads the
preferences of everyone it tells in one query."""

from __future__ import annotations

import re

import sqlalchemy as sa

from curriculum.extensions import db
from curriculum.mail.models import OutgoingMail
from curriculum.mail.services import absolute_url
from curriculum.notifications import kinds
from curriculum.notifications.models import Delivery, NotificationPreference
from curriculum.notifications.services import delivery_of, notify, preferences_of


def _checked(page: str, kind: str) -> str:
    """The value of the checked radio button of a kind on the preferences page."""
    found = re.search(rf'<input checked [^>]*name="delivery_{kind}" [^>]*value="(\w+)"', page)
    assert found, f"no choice checked for {kind}"
    return found.group(1)


def _mails(user) -> int:
    return db.session.scalar(
        sa.select(sa.func.count(OutgoingMail.id)).where(OutgoingMail.user_id == user.id)
    )


def test_the_page_offers_every_kind_at_its_default(client, login_as):
    login_as("panelist")
    page = client.get("/notifications/preferences").text
    for name, kind in kinds.KINDS.items():
        assert kind.label.replace("'", "&#39;") in page
        assert _checked(page, name) == kind.default.value
    assert "Email at once" in page and "In a daily digest" in page and "In the app" in page


def test_choices_are_saved_and_the_form_keeps_them(client, login_as):
    me = login_as("panelist")
    response = client.post(
        "/notifications/preferences",
        data={"delivery_mention": "digest", "delivery_reply": "email"},
        follow_redirects=True,
    )
    assert "Your notification preferences are saved." in response.text
    assert _checked(response.text, "mention") == "digest"
    assert _checked(response.text, "reply") == "email"
    assert delivery_of(me, "mention") == Delivery.DIGEST
    assert delivery_of(me, "reply") == Delivery.EMAIL
    # A kind not sent keeps what it was (its default here).
    assert delivery_of(me, "job_finished") == kinds.JOB_FINISHED.default
    # Choosing again changes the row rather than adding one.
    client.post("/notifications/preferences", data={"delivery_mention": "app"})
    assert preferences_of(me)["mention"] == Delivery.APP
    count = sa.select(sa.func.count(NotificationPreference.id)).where(
        NotificationPreference.user_id == me.id, NotificationPreference.kind == "mention"
    )
    assert db.session.scalar(count) == 1


def test_a_choice_not_offered_is_refused_and_nothing_saved(client, login_as):
    me = login_as("panelist")
    response = client.post("/notifications/preferences", data={"delivery_mention": "pigeon"})
    assert response.status_code == 200 and "choose" in response.text.lower()
    assert delivery_of(me, "mention") == kinds.MENTION.default


def test_choices_are_per_person(client, login_as, factory):
    login_as("panelist")
    other = factory.user()
    client.post("/notifications/preferences", data={"delivery_reply": "email"})
    assert delivery_of(other, "reply") == kinds.REPLY.default


def test_email_at_once_queues_a_mail(client, login_as, factory, db):
    me = login_as("panelist")
    client.post("/notifications/preferences", data={"delivery_reply": "email"})
    (note,) = notify(
        [me], kinds.REPLY.name, "Dana replied to you", url="/standards/1#c2", body="Agreed."
    )
    db.session.commit()
    mail = db.session.scalar(sa.select(OutgoingMail).where(OutgoingMail.user_id == me.id))
    assert mail.to == me.email and mail.subject == "Dana replied to you"
    assert mail.kind == "notification"
    assert note.emailed_at is not None
    # A greeting, the title and details, a link that opens it (marking it read), and where to
    # change what is emailed.
    assert mail.body == (
        f"Hello {me.display_name},\n\nDana replied to you\n\nAgreed.\n\n"
        f"Open it: {absolute_url(f'/notifications/{note.id}/open')}\n\n"
        "Change which notifications are emailed to you: "
        f"{absolute_url('/notifications/preferences')}\n"
    )
    assert client.get(f"/notifications/{note.id}/open").headers["Location"] == "/standards/1#c2"
    db.session.refresh(note)
    assert note.read_at is not None


def test_in_the_app_or_the_digest_queue_no_mail_at_once(client, login_as, db):
    me = login_as("panelist")
    client.post(
        "/notifications/preferences", data={"delivery_reply": "app", "delivery_mention": "digest"}
    )
    notify([me], kinds.REPLY.name, "A reply", url="/")
    notify([me], kinds.MENTION.name, "A mention", url="/")
    db.session.commit()
    assert _mails(me) == 0


def test_notify_reads_preferences_once_whatever_the_number_of_people(factory, count_queries, db):
    few = [factory.user() for _ in range(2)]
    many = few + [factory.user() for _ in range(10)]
    for user in many[::2]:
        db.session.add(NotificationPreference(user_id=user.id, kind="reply", delivery="email"))
    db.session.commit()
    db.session.expire_all()
    for people in (few, many):
        people = [db.session.get(type(p), p.id) for p in people]
        with count_queries() as queries:
            notify(people, kinds.REPLY.name, "Hello", url="/")
        assert sum("FROM notification_preferences" in q for q in queries) == 1
    emailed = [u for u in many if _mails(u)]
    assert len(emailed) == 6
