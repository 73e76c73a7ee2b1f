"""The outbox: every outgoing mail for site administrators, each with its whole text, and
"Retry now" for a failed or waiting one."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, render_template, request, url_for
from flask_login import current_user, login_required

from curriculum import access, params
from curriculum.errors import finish
from curriculum.extensions import db
from curriculum.jobs import JobState
from curriculum.mail import services
from curriculum.mail.models import OutgoingMail

bp = Blueprint("mail", __name__)


@bp.get("/admin/mail")
@login_required
def outbox():
    access.require(current_user, "administer")
    q = params.search_text()
    page = db.paginate(
        services.outbox(q),
        page=params.page(),
        per_page=current_app.config["PER_PAGE"],
        error_out=False,
    )
    return render_template("mail/outbox.html", page=page, q=q)


@bp.get("/admin/mail/<mail_id>")
@login_required
def show(mail_id: str):
    access.require(current_user, "administer")
    mail = services.get_mail(mail_id) or abort(404)
    return render_template(
        "mail/mail.html",
        mail=mail,
        parts=_linked(mail.body),
        retryable=_retryable(mail),
        kept=services.keeps_secret(mail),
    )


@bp.post("/admin/mail/<mail_id>/retry")
@login_required
def retry(mail_id: str):
    access.require(current_user, "administer")
    mail = services.get_mail(mail_id) or abort(404)
    return finish(
        lambda: services.retry(mail),
        f"The mail to {mail.to} is being sent again.",
        url_for("mail.show", mail_id=mail.id),
    )


def _retryable(mail: OutgoingMail) -> bool:
    return mail.state in (JobState.FAILED, JobState.QUEUED)


def _linked(text: str) -> list[tuple[str, bool]]:
    """The text in pieces, each (text, is a link to this app), so the page can link the app's
    own addresses (a reset or invitation link) and nothing else."""
    own = tuple(
        base.rstrip("/") + "/"
        for base in (services.absolute_url("/"), request.host_url, services.FALLBACK_URL)
    )
    parts: list[tuple[str, bool]] = []
    at = 0
    for found in services.LINK.finditer(text):
        url = found.group().rstrip(".,;:)")
        if not url.startswith(own):
            continue
        parts += [(text[at : found.start()], False), (url, True)]
        at = found.start() + len(url)
    parts.append((text[at:], False))
    return parts
