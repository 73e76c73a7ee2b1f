"""Retries: a mail the server did not take waits (1 min, 5 min, …) and goes out once the server
is back and the sweep finds it due; after MAIL_MAX_ATTEMPTS it is failed and shown on the
outbox page, where "Retry now" sends it. The next attempt starts without anyone: a timer
(thread runner) or RQ's scheduler, else the sweep."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest

from curriculum.audit.models import AuditEvent
from curriculum.jobs import JobState, runner
from curriculum.mail import sending
from curriculum.mail import services as mail
from curriculum.mail.models import OutgoingMail
from tests.conftest import login


def _the_mail(db) -> OutgoingMail:
    db.session.expire_all()
    return db.session.scalars(db.select(OutgoingMail)).one()


def test_a_mail_sent_while_the_server_is_down_arrives_after_the_back_off(
    app, db, smtp_server, clock, caplog
):
    smtp_server.stop()
    with caplog.at_level(logging.WARNING, logger="curriculum.mail"):
        mail.send("ada@example.org", "Patience", "It will come.", kind="test")
        db.session.commit()
    waiting = _the_mail(db)
    assert waiting.state == JobState.QUEUED and waiting.attempts == 1
    assert "ConnectionRefusedError" in waiting.last_error
    assert waiting.next_attempt_at == clock.now + timedelta(minutes=1)
    assert "attempt 1 failed" in caplog.text
    smtp_server.start()
    assert mail.send_due() == 0  # not due yet
    assert smtp_server.messages == []
    clock.now += timedelta(minutes=1)
    assert mail.send_due() == 1
    assert [m["Subject"] for m in smtp_server.messages] == ["Patience"]
    sent = _the_mail(db)
    assert sent.state == JobState.DONE and sent.attempts == 2 and sent.transport == "smtp"
    assert mail.send_due() == 0 and len(smtp_server.messages) == 1  # sent once


def test_after_the_last_attempt_the_mail_fails_and_the_outbox_shows_it(
    app, db, smtp_server, clock, client, factory, caplog
):
    smtp_server.stop()
    mail.send("ada@example.org", "Doomed", "No server.", kind="test")
    db.session.commit()
    waits = []
    while _the_mail(db).state == JobState.QUEUED:
        waits.append(_the_mail(db).next_attempt_at - clock.now)
        clock.now = _the_mail(db).next_attempt_at
        with caplog.at_level(logging.ERROR, logger="curriculum.mail"):
            assert mail.send_due() == 1
    assert waits == [timedelta(minutes=m) for m in (1, 5, 30, 120, 360)]
    failed = _the_mail(db)
    assert failed.state == JobState.FAILED and failed.attempts == 6
    assert failed.next_attempt_at is None and "ConnectionRefusedError" in failed.last_error
    assert "failed for good after 6 attempt(s)" in caplog.text
    clock.now += timedelta(days=1)
    assert mail.send_due() == 0  # failed is final: the sweep leaves it

    admin = factory.user(admin=True, name="Admin")
    login(client, admin.email)
    outbox = client.get("/admin/mail").text
    assert "Doomed" in outbox and "Failed" in outbox and "mail-failed" in outbox
    assert "ConnectionRefusedError" in outbox
    page = client.get(f"/admin/mail/{failed.id}").text
    assert "Retry now" in page and "No server." in page
    smtp_server.start()
    response = client.post(f"/admin/mail/{failed.id}/retry")
    assert response.status_code == 302
    assert [m["Subject"] for m in smtp_server.messages] == ["Doomed"]
    assert _the_mail(db).state == JobState.DONE and _the_mail(db).attempts == 7
    assert "Retry now" not in client.get(f"/admin/mail/{failed.id}").text
    event = db.session.scalars(db.select(AuditEvent).where(AuditEvent.action == "mail.retried"))
    assert event.one().details == {"mail": failed.id}


def test_retry_now_sends_a_waiting_mail_before_its_time(app, db, smtp_server, client, factory):
    smtp_server.stop()
    mail.send("ada@example.org", "Soon", "Waiting.", kind="test")
    db.session.commit()
    smtp_server.start()
    login(client, factory.user(admin=True).email)
    client.post(f"/admin/mail/{_the_mail(db).id}/retry")
    assert [m["Subject"] for m in smtp_server.messages] == ["Soon"]
    # A sent mail is not sent again.
    response = client.post(f"/admin/mail/{_the_mail(db).id}/retry", follow_redirects=True)
    assert "already sent" in response.text and len(smtp_server.messages) == 1


def test_a_failed_attempt_schedules_the_next_one(app, db, smtp_server, clock, monkeypatch):
    scheduled = []
    monkeypatch.setattr(sending, "enqueue_at", lambda *args: scheduled.append(args))
    smtp_server.stop()
    row = mail.send("ada@example.org", "Later", "Scheduled.", kind="test")
    db.session.commit()
    assert scheduled == [("mail", row.id, clock.now + timedelta(minutes=1))]


def test_the_thread_runner_schedules_with_a_timer(make_app, clock, monkeypatch):
    started = []

    class Timer:
        def __init__(self, delay, function, args):
            self.delay, self.function, self.args, self.daemon = delay, function, args, False

        def start(self):
            started.append(self)

    app, inline = make_app(EXPORT_RUNNER="thread"), make_app()
    monkeypatch.setattr(runner.threading, "Timer", Timer)
    with app.app_context():
        assert runner.enqueue_at("mail", "abc", clock.now + timedelta(minutes=5))
    (timer,) = started
    assert timer.delay == 301 and timer.daemon  # a second late, never early
    assert timer.function is runner._enqueue_in_app and timer.args[1:] == ("mail", "abc")
    with inline.app_context():
        assert not runner.enqueue_at("mail", "abc", clock.now)  # inline: the sweep's job


def test_rq_schedules_the_next_attempt_for_the_worker(make_app, clock):
    import redis

    url = "redis://127.0.0.1:6379/15"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=0.5).ping()
    except redis.exceptions.RedisError:
        pytest.skip("no Redis server on 127.0.0.1:6379")
    app = make_app(EXPORT_RUNNER="rq", REDIS_URL=url)
    with app.app_context():
        queue = runner.queue()
        queue.empty()
        before = queue.scheduled_job_registry.count
        assert runner.enqueue_at("mail", "abc", clock.now + timedelta(minutes=1))
        assert queue.scheduled_job_registry.count == before + 1
        assert queue.count == 0  # not before its time
        for job_id in queue.scheduled_job_registry.get_job_ids():
            queue.scheduled_job_registry.remove(job_id, delete_job=True)


def test_a_mail_stuck_mid_send_is_taken_up_again(app, db, smtp_server, clock):
    """The process died while sending: after ten minutes the sweep sends it again."""
    row = OutgoingMail(
        kind="t",
        to="ada@example.org",
        subject="Stuck",
        body="Again.",
        state=JobState.RUNNING,
        updated_at=clock.now,
    )
    db.session.add(row)
    db.session.commit()
    assert mail.send_due() == 0
    clock.now += timedelta(minutes=10)
    assert mail.send_due() == 1
    assert [m["Subject"] for m in smtp_server.messages] == ["Stuck"]
