"""The "mail" task: deliver one queued mail over SMTP (or to the log), retrying with back-off.

One attempt per run. A failed attempt counts, keeps the error and waits (1 min, 5 min, 30 min,
2 h, 6 h) for the next, which a timer (thread runner) or RQ's scheduler starts, and else the
sweep (`flask mail send-due`); after MAIL_MAX_ATTEMPTS the mail is failed, for the outbox page.
"""

from __future__ import annotations

import logging
import smtplib
import ssl
from collections.abc import Mapping
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid, parseaddr

from flask import current_app
from sqlalchemy import and_, or_, update

from curriculum.concurrency import changed
from curriculum.db import utcnow
from curriculum.extensions import db
from curriculum.jobs import JobState, lifecycle, task
from curriculum.jobs.runner import enqueue_at
from curriculum.mail.models import OutgoingMail
from curriculum.mail.services import STUCK, redact

BACKOFF = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=6),
)


def log() -> logging.Logger:
    """The app's logger for mail ("curriculum.mail"): lets INFO through, so that mails written
    to the log in place of SMTP show without debug mode."""
    logger = current_app.logger.getChild("mail")
    if logger.level == logging.NOTSET:
        logger.setLevel(logging.INFO)
    return logger


def next_attempt_after(attempts: int) -> timedelta:
    """How long to wait after the `attempts`-th failed attempt."""
    return BACKOFF[min(attempts, len(BACKOFF)) - 1]


@task("mail", timeout=lambda config: 6 * float(config["MAIL_TIMEOUT"]) + 30)
def deliver(mail_id: str) -> None:
    """Make one attempt at the mail, if it is still to be sent and due (several runners may
    be handed the same mail: only the one that claims it sends)."""
    if not _claim(mail_id):
        return
    mail = db.session.get(OutgoingMail, mail_id)
    if mail is None:
        return
    retry_at = None
    try:
        message = build_message(mail)
    except (ValueError, TypeError) as exc:  # an address or header no message can carry
        mail.attempts += 1
        _give_up(mail, f"The message cannot be built: {exc}")
    else:
        try:
            transport = transmit(message, mail, current_app.config)
        except Exception as exc:  # the network (refused, timed out, TLS) or the SMTP server
            retry_at = _failed(mail, f"{type(exc).__name__}: {exc}")
        else:
            mail.attempts += 1
            mail.transport, mail.sent_at = transport, utcnow()
            done = "Sent" if transport == "smtp" else "Written to the log (no MAIL_SERVER)"
            lifecycle.finish(mail, JobState.DONE, done)
            redact(mail)
    db.session.commit()
    if retry_at is not None:
        enqueue_at("mail", mail_id, retry_at)


def _claim(mail_id: str) -> bool:
    """Mark the mail running if it is queued and due (or stuck mid-send); commits."""
    now = utcnow()
    mail = OutgoingMail
    claimed = changed(
        update(mail)
        .where(
            mail.id == mail_id,
            or_(
                and_(
                    mail.state == JobState.QUEUED,
                    or_(mail.next_attempt_at.is_(None), mail.next_attempt_at <= now),
                ),
                and_(mail.state == JobState.RUNNING, mail.updated_at <= now - STUCK),
            ),
        )
        .values(state=JobState.RUNNING, started_at=now, updated_at=now, message="Sending")
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return claimed == 1


def _failed(mail: OutgoingMail, error: str) -> datetime | None:
    """Count a failed attempt: wait for the next one (returns when), or give up after the last."""
    mail.attempts += 1
    mail.last_error = error[:500]
    if mail.attempts >= current_app.config["MAIL_MAX_ATTEMPTS"]:
        _give_up(mail, error)
        return None
    now = utcnow()
    mail.state, mail.updated_at = JobState.QUEUED, now
    mail.next_attempt_at = now + next_attempt_after(mail.attempts)
    mail.message = f"Attempt {mail.attempts} failed; trying again later"
    log().warning(
        "mail %s to %s: attempt %d failed (%s); next at %s",
        mail.id,
        mail.to,
        mail.attempts,
        error,
        mail.next_attempt_at.isoformat(timespec="seconds"),
    )
    return mail.next_attempt_at


def _give_up(mail: OutgoingMail, error: str) -> None:
    mail.last_error, mail.next_attempt_at = error[:500], None
    lifecycle.finish(mail, JobState.FAILED, f"Not sent: {mail.attempts} attempt(s) failed")
    log().error(
        "mail %s to %s failed for good after %d attempt(s): %s",
        mail.id,
        mail.to,
        mail.attempts,
        error,
    )


def build_message(mail: OutgoingMail) -> EmailMessage:
    """The message as sent: plain text, with the HTML as an alternative when there is one."""
    sender = mail.sender or current_app.config["MAIL_DEFAULT_SENDER"]
    domain = parseaddr(sender)[1].rpartition("@")[2] or "localhost"
    message = EmailMessage()
    message["From"] = sender
    message["To"] = mail.to
    message["Subject"] = mail.subject
    message["Date"] = format_datetime(mail.created_at)
    message["Message-ID"] = make_msgid(idstring=mail.id, domain=domain)
    message["Auto-Submitted"] = "auto-generated"  # no vacation replies to a robot
    message.set_content(mail.body)
    if mail.html:
        message.add_alternative(mail.html, subtype="html")
    return message


def transmit(message: EmailMessage, mail: OutgoingMail, config: Mapping) -> str:
    """Hand the message to MAIL_SERVER over SMTP ("smtp"), or, without one, write it whole to
    the log ("log"). Raises what the connection or the server raised."""
    if not config["MAIL_SERVER"]:
        log().info(
            "Mail %s (no MAIL_SERVER is set, so it is written here instead of sent):\n"
            "From: %s\nTo: %s\nSubject: %s\n\n%s",
            mail.id,
            message["From"],
            mail.to,
            mail.subject,
            mail.body,
        )
        return "log"
    host, port, timeout = config["MAIL_SERVER"], config["MAIL_PORT"], config["MAIL_TIMEOUT"]
    smtp: smtplib.SMTP
    if config["MAIL_USE_SSL"]:
        smtp = smtplib.SMTP_SSL(host, port, timeout=timeout, context=ssl.create_default_context())
    else:
        smtp = smtplib.SMTP(host, port, timeout=timeout)
    with smtp:
        if config["MAIL_USE_TLS"] and not config["MAIL_USE_SSL"]:
            smtp.starttls(context=ssl.create_default_context())
        if config["MAIL_USERNAME"]:
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
        smtp.send_message(message)
    return "smtp"
