"""Flask commands: `flask demo load`, `flask users create-admin`, `flask users token`,
`flask worker`, `flask mail send-due`."""

import sys

import click
from flask import current_app
from flask.cli import AppGroup, with_appcontext

from curriculum.errors import DomainError
from curriculum.extensions import db

demo_cli = AppGroup("demo", help="The demo partnership.")
users_cli = AppGroup("users", help="User accounts.")


@demo_cli.command("load")
@click.option("--if-empty", is_flag=True, help="Load only when the database has no users.")
def demo_load(if_empty: bool) -> None:
    """Load (or top up) the demo partnership; running it again adds nothing twice."""
    from curriculum import demo
    from curriculum.auth.models import User

    if if_empty and db.session.scalar(db.select(User.id).limit(1)) is not None:
        click.echo("The database already has data; the demo loader was skipped.")
    else:
        demo.load()
        db.session.commit()
        click.echo("Demo partnership loaded.")
    if db.session.scalar(db.select(User.id).where(User.email == demo.ACCOUNTS[0][0])):
        click.echo(demo.accounts_text())


@users_cli.command("create-admin")
@click.argument("email")
@click.option("--name", default="Site administrator", help="Display name.")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
def create_admin(email: str, name: str, password_stdin: bool) -> None:
    """Create a site administrator (asks for the password unless --password-stdin)."""
    from curriculum.audit.services import record
    from curriculum.auth.services import create_user

    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        user = create_user(email, name, password, is_site_admin=True)
        record("user.created", obj=user, actor=None, summary=f"Created admin {user.email} (CLI)")
    except DomainError as exc:
        db.session.rollback()
        raise click.ClickException(exc.message) from exc
    db.session.commit()
    click.echo(f"Site administrator {user.email} created.")


@users_cli.command("token")
@click.argument("email")
@click.option("--name", default="Command line", help="What the token is for.")
def create_token(email: str, name: str) -> None:
    """Create a personal API token for a user and print it (it is shown only this once)."""
    from curriculum.auth.models import find_by_email
    from curriculum.auth.services import create_token as new_token

    user = find_by_email(email)
    if user is None:
        raise click.ClickException(f"There is no account with the email {email}.")
    try:
        token, secret = new_token(user, name)
    except DomainError as exc:
        db.session.rollback()
        raise click.ClickException(exc.message) from exc
    db.session.commit()
    click.echo(f"API token “{token.name}” for {user.email}; it is not shown again:", err=True)
    click.echo(secret)


@click.command("worker")
@click.option("--burst", is_flag=True, help="Stop when the queue is empty.")
@with_appcontext
def worker_cli(burst: bool) -> None:
    """Run background jobs (PDF exports, ...) from the Redis queue (REDIS_URL); run one per
    CPU, on any machine sharing the database."""
    from curriculum.jobs import TASKS, runner

    if not current_app.config["REDIS_URL"]:
        raise click.ClickException("Set REDIS_URL to the Redis server the app queues jobs on.")
    from curriculum.mail.services import send_due

    send_due()  # mails that waited while no worker ran
    tasks = ", ".join(sorted(TASKS))
    click.echo(f"Running jobs ({tasks}) from the '{runner.QUEUE}' queue (Ctrl-C stops).")
    runner.work(burst=burst)


def register(app) -> None:
    """Attach the command groups to the app."""
    app.cli.add_command(demo_cli)
    app.cli.add_command(users_cli)
    app.cli.add_command(worker_cli)
    from curriculum.interop.cli import interop_cli

    app.cli.add_command(interop_cli)
    from curriculum.mail.cli import mail_cli

    app.cli.add_command(mail_cli)
    from curriculum.notifications.cli import notifications_cli

    app.cli.add_command(notifications_cli)
