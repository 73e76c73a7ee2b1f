"""Secret links in the outbox: a password-reset or invitation mail keeps its link only until it
has gone over SMTP; then the stored text and HTML say "[link removed once sent]", so no site
administrator reading the outbox can act as its recipient. Written to the log (no MAIL_SERVER)
it keeps its link, and the page says why; a mail still waiting keeps it (it must still go)."""

from __future__ import annotations

import logging

from curriculum.extensions import db as _db
from curriculum.jobs import JobState
from curriculum.mail import services as mail
from curriculum.mail.models import OutgoingMail
from tests.conftest import login

LINK = "http://localhost/password/reset/s3cr3t-token"
BODY = f"Open this link to choose one:\n\n{LINK}\n\nIgnore it otherwise.\n"
HTML = f'<p><a href="{LINK}">{LINK}</a></p>'


def _stored(mail_id: str) -> OutgoingMail:
    _db.session.expire_all()
    found = _db.session.get(OutgoingMail, mail_id)
    assert found is not None
    return found


def test_a_sent_reset_mail_loses_its_link_in_the_outbox_but_not_in_the_inbox(
    app, db, client, factory, smtp_server
):
    row = mail.send("ada@example.org", "Reset", BODY, kind="password_reset", html=HTML)
    invite = mail.send("bob@example.org", "Join", BODY, kind="invitation")
    other = mail.send("cy@example.org", "News", BODY, kind="notification")
    db.session.commit()
    assert all(LINK in smtp_server.text(m) for m in smtp_server.messages)  # they got it
    sent = _stored(row.id)
    assert sent.state == JobState.DONE and sent.transport == "smtp"
    assert "s3cr3t" not in sent.body and "s3cr3t" not in sent.html
    assert sent.body == BODY.replace(LINK, mail.REDACTED)
    assert "[link removed once sent]" in sent.html
    assert "s3cr3t" not in _stored(invite.id).body
    assert _stored(other.id).body == BODY  # no secret in a notification's link

    login(client, factory.user(admin=True).email)
    page = client.get(f"/admin/mail/{row.id}").text
    assert "s3cr3t" not in page and "[link removed once sent]" in page
    assert "kept because no mail server is set" not in page


def test_without_a_mail_server_the_link_is_kept_and_the_page_says_why(
    app, db, client, factory, caplog
):
    app.config["MAIL_SERVER"] = ""  # the log is then the only way to read the link
    with caplog.at_level(logging.INFO, logger="curriculum.mail"):
        row = mail.send("ada@example.org", "Reset", BODY, kind="password_reset")
        db.session.commit()
    kept = _stored(row.id)
    assert kept.state == JobState.DONE and kept.transport == "log"
    assert kept.body == BODY and LINK in caplog.text
    login(client, factory.user(admin=True).email)
    page = client.get(f"/admin/mail/{row.id}").text
    assert LINK in page and "kept because no mail server is set" in page


def test_a_mail_still_waiting_keeps_its_link_until_it_goes(app, db, smtp_server, clock):
    smtp_server.stop()
    row = mail.send("ada@example.org", "Reset", BODY, kind="password_reset")
    db.session.commit()
    waiting = _stored(row.id)
    assert waiting.state == JobState.QUEUED and waiting.body == BODY
    smtp_server.start()
    clock.now = waiting.next_attempt_at
    assert mail.send_due() == 1
    (message,) = smtp_server.messages
    assert LINK in smtp_server.text(message)  # the retry still sent the live link
    assert "s3cr3t" not in _stored(row.id).body
