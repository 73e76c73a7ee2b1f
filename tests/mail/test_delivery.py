"""Delivery: a queued mail goes out once its transaction commits (never when it rolls back),
over SMTP to a real server, or to the log without MAIL_SERVER; from a request, a command or a
background job, inline or from the thread pool."""

from __future__ import annotations

import logging
import time
from datetime import timedelta

import pytest

from curriculum.extensions import db as _db
from curriculum.jobs import TASKS, JobState, enqueue, task
from curriculum.mail import services as mail
from curriculum.mail.models import OutgoingMail


def _only_mail() -> OutgoingMail:
    _db.session.expire_all()
    return _db.session.scalars(_db.select(OutgoingMail)).one()


def test_a_mail_arrives_once_its_transaction_commits(app, db, smtp_server):
    mail.send(
        "ada@example.org", "Hello\r\nBcc: evil@example.org", "Line one.\nLine two.\n", kind="test"
    )
    assert smtp_server.messages == []  # not before the commit
    db.session.commit()
    (message,) = smtp_server.messages
    assert message["To"] == "ada@example.org"
    assert message["From"] == "Curriculum <no-reply@localhost>"
    assert message["Subject"] == "Hello Bcc: evil@example.org"  # one line: no header injected
    assert message["Bcc"] is None and message["Auto-Submitted"] == "auto-generated"
    assert smtp_server.text(message) == "Line one.\nLine two.\n"
    sent = _only_mail()
    assert sent.state == JobState.DONE and sent.transport == "smtp" and sent.attempts == 1
    assert sent.sent_at is not None and sent.last_error == ""


def test_html_goes_as_an_alternative_to_the_text(app, db, smtp_server):
    mail.send("ada@example.org", "Both", "Plain words.", kind="test", html="<p>Rich words.</p>")
    db.session.commit()
    (message,) = smtp_server.messages
    assert message.get_content_type() == "multipart/alternative"
    assert smtp_server.text(message).strip() == "Plain words."
    assert message.get_body(preferencelist=("html",)).get_content().strip() == (
        "<p>Rich words.</p>"
    )


def test_a_rolled_back_mail_is_never_sent(app, db, smtp_server):
    mail.send("ada@example.org", "Never", "Rolled back.", kind="test")
    db.session.rollback()
    mail.send("bob@example.org", "Kept", "Committed.", kind="test")
    db.session.commit()
    assert [m["To"] for m in smtp_server.messages] == ["bob@example.org"]


def test_a_mail_taken_away_by_a_savepoint_is_skipped_and_the_rest_go(app, db, smtp_server):
    mail.send("ada@example.org", "Kept", "Before the savepoint.", kind="test")
    savepoint = db.session.begin_nested()
    mail.send("bob@example.org", "Gone", "Inside the savepoint.", kind="test")
    savepoint.rollback()
    db.session.commit()
    assert [m["To"] for m in smtp_server.messages] == ["ada@example.org"]


def test_without_a_mail_server_the_whole_mail_goes_to_the_log(make_app, caplog):
    app = make_app()  # no MAIL_SERVER: the `make run` default
    with app.app_context(), caplog.at_level(logging.INFO, logger="curriculum.mail"):
        mail.send("ada@example.org", "Reset", "Open http://x.test/password/reset/abc\n", kind="t")
        _db.session.commit()
        logged = _only_mail()
    assert logged.state == JobState.DONE and logged.transport == "log"
    text = caplog.text
    assert "To: ada@example.org" in text and "Subject: Reset" in text
    assert "http://x.test/password/reset/abc" in text


def test_the_log_transport_shows_without_debug_mode(make_app):
    """`make run` is not in debug mode: the logger must still let INFO through."""
    app = make_app()
    with app.app_context():
        from curriculum.mail.sending import log

        assert log().isEnabledFor(logging.INFO)


@pytest.fixture
def mailing_task():
    @task("test.mailer")
    def mailer(job_id):
        mail.send(f"{job_id}@example.org", "From a job", "Sent by a background job.", kind="t")
        _db.session.commit()

    yield
    TASKS.pop("test.mailer", None)


def test_a_background_job_sends_mail(app, smtp_server, mailing_task):
    enqueue("test.mailer", "worker")
    assert [m["To"] for m in smtp_server.messages] == ["worker@example.org"]


def test_the_thread_pool_delivers_after_the_commit(make_app, smtp_server):
    app = make_app(EXPORT_RUNNER="thread", **smtp_server.config)
    with app.app_context():
        mail.send("ada@example.org", "Threaded", "From the pool.", kind="test")
        _db.session.commit()
        deadline = time.monotonic() + 30
        while not smtp_server.messages and time.monotonic() < deadline:
            time.sleep(0.05)
        assert [m["Subject"] for m in smtp_server.messages] == ["Threaded"]
        deadline = time.monotonic() + 30
        while _only_mail().state != JobState.DONE and time.monotonic() < deadline:
            time.sleep(0.05)
        assert _only_mail().state == JobState.DONE


def _left_queued(minutes_ago: int, to: str) -> OutgoingMail:
    """A mail queued by a process that stopped before handing it on (no delivery started)."""
    from curriculum.db import utcnow

    row = OutgoingMail(
        kind="t",
        to=to,
        subject="Left",
        body="Left behind.",
        created_at=utcnow() - timedelta(minutes=minutes_ago),
    )
    _db.session.add(row)
    _db.session.commit()  # not through send(): nothing hands it to the runner
    return row


def test_the_sweep_command_sends_what_a_stopped_process_left(app, runner, smtp_server):
    _left_queued(5, "old@example.org")
    _left_queued(0, "new@example.org")  # may still be on its way: left alone
    result = runner.invoke(args=["mail", "send-due"])
    assert result.exit_code == 0, result.output
    assert "1 mail(s)" in result.output
    assert [m["To"] for m in smtp_server.messages] == ["old@example.org"]
    assert runner.invoke(args=["mail", "send-due"]).output.startswith("0 mail(s)")


def test_flask_worker_first_sends_what_waited_for_it(make_app, smtp_server):
    """RQ mode: mails left queued while no worker ran go out when `flask worker` starts."""
    import redis

    from curriculum.jobs import runner as jobs_runner

    url = "redis://127.0.0.1:6379/15"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=0.5).ping()
    except redis.exceptions.RedisError:
        pytest.skip("no Redis server on 127.0.0.1:6379")
    app = make_app(EXPORT_RUNNER="rq", REDIS_URL=url, **smtp_server.config)
    with app.app_context():
        jobs_runner.queue().empty()
        _left_queued(5, "waited@example.org")
        try:
            result = app.test_cli_runner().invoke(args=["worker", "--burst"])
        finally:
            jobs_runner._app = None
        assert result.exit_code == 0, result.output
        assert [m["To"] for m in smtp_server.messages] == ["waited@example.org"]
        assert _only_mail().state == JobState.DONE
