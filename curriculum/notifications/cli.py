"""`flask notifications digest`: the daily digest email (run it once a day, from cron or a
systemd timer; see the README)."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from curriculum.extensions import db

notifications_cli = AppGroup("notifications", help="Notifications: the daily digest.")


@notifications_cli.command("digest")
def digest_command() -> None:
    """Email each person the notifications waiting for their daily digest (running it twice
    sends nothing new)."""
    from curriculum.mail import services as mail
    from curriculum.notifications.digest import send_digests

    mail.send_due()  # mails waiting for a retry (or left by a restart) go out first
    count = send_digests()
    db.session.commit()
    click.echo(f"Digests queued: {count}.")
