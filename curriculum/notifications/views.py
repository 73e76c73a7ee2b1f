"""A person's notifications: the list (unread marked, filtered, paged), opening one, marking
read, the delivery preferences; and the unread count in the navigation bar."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, flash, g, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy.exc import SQLAlchemyError

from curriculum import access, params
from curriculum.auth.views import safe_next
from curriculum.extensions import db
from curriculum.notifications import kinds, services
from curriculum.notifications.forms import PREFIX, preferences_form
from curriculum.notifications.models import Notification

bp = Blueprint("notifications", __name__)

SHOW = ("all", "unread")  # the list's filter; the first is the default


def _show(source) -> str:
    shown = source.get("show", SHOW[0])
    return shown if shown in SHOW else SHOW[0]


def _own(notification_id: int) -> Notification:
    """The signed-in person's notification with this id (404 for anyone else's)."""
    note = services.get_notification(notification_id)
    access.require(current_user, "view", note)
    return note


@bp.get("/notifications")
@login_required
def index():
    show = _show(request.args)
    page = db.paginate(
        services.inbox(current_user, unread_only=show == "unread"),
        page=params.page(),
        per_page=current_app.config["PER_PAGE"],
        error_out=False,
    )
    return render_template(
        "notifications/index.html",
        page=page,
        show=show,
        unread=unread_notifications(),  # the navigation bar's count: read once
        kinds=kinds.KINDS,
    )


@bp.get("/notifications/<int:notification_id>/open")
@login_required
def open_notification(notification_id: int):
    """Mark the notification read and go where it points (a path of this site; never another
    host: a url that is not a local path leads back to the list)."""
    note = _own(notification_id)
    services.mark_read(note)
    db.session.commit()
    return redirect(safe_next(note.url) or url_for("notifications.index"))


@bp.post("/notifications/<int:notification_id>/read")
@login_required
def mark_read(notification_id: int):
    services.mark_read(_own(notification_id))
    db.session.commit()
    return redirect(_back())


@bp.post("/notifications/read-all")
@login_required
def mark_all_read():
    count = services.mark_all_read(current_user)
    db.session.commit()
    flash(f"Marked {count} notification{'s' if count != 1 else ''} as read.", "success")
    return redirect(_back())


def _back() -> str:
    """The list as it was shown (its filter and page, sent with the form)."""
    args: dict[str, Any] = {}
    show = _show(request.form)
    if show != SHOW[0]:
        args["show"] = show
    number = params.integer("page", request.form)
    if number and number > 1:
        args["page"] = number
    return url_for("notifications.index", **args)


@bp.route("/notifications/preferences", methods=["GET", "POST"])
@login_required
def preferences():
    form = preferences_form(services.preferences_of(current_user))
    if form.validate_on_submit():
        services.save_preferences(current_user, form.choices())
        db.session.commit()
        flash("Your notification preferences are saved.", "success")
        return redirect(url_for("notifications.preferences"))
    fields = [(kind, form[PREFIX + name]) for name, kind in kinds.KINDS.items()]
    return render_template("notifications/preferences.html", form=form, fields=fields)


# --- The navigation bar's count ------------------------------------------------------------


@bp.app_context_processor
def navigation() -> dict:
    return {"unread_notifications": unread_notifications}


def unread_notifications() -> int | None:
    """The signed-in person's unread count for the navigation bar: one query per page, read
    when the bar is drawn (None for visitors, or when the database cannot answer: an error page
    still renders)."""
    if not current_user.is_authenticated:
        return None
    if "unread_notifications" not in g:
        try:
            g.unread_notifications = services.unread_count(current_user)
        except SQLAlchemyError:
            db.session.rollback()
            g.unread_notifications = None
    return g.unread_notifications
