"""`flask mail send-due`: hand every mail that is due to the job runner (run it from cron)."""

import click
from flask.cli import AppGroup

mail_cli = AppGroup("mail", help="Outgoing email.")


@mail_cli.command("send-due")
def send_due_cli() -> None:
    """Send the mails whose next attempt is due and those a stopped process left queued (run
    it every few minutes from cron or a systemd timer)."""
    from curriculum.mail.services import send_due

    count = send_due()
    click.echo(f"{count} mail(s) handed to the job runner.")
