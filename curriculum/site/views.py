"""The home page, the about page and the health check."""

from flask import Blueprint, jsonify, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from curriculum.extensions import csrf, db, limiter
from curriculum.partnerships.models import Membership, Partnership
from curriculum.site.college import college_home
from curriculum.workqueue import services as workqueue

bp = Blueprint("site", __name__)


@bp.get("/")
def home():
    memberships = []
    if current_user.is_authenticated:
        memberships = list(
            db.session.scalars(
                db.select(Membership)
                .join(Partnership)
                .where(Membership.user_id == current_user.id)
                .options(db.joinedload(Membership.partnership))
                .order_by(Partnership.name)
            )
        )
    # The general list leaves out the user's own partnerships (shown above it with their role).
    others = db.select(Partnership).order_by(Partnership.name).limit(10)
    if memberships:
        others = others.where(Partnership.id.not_in([m.partnership_id for m in memberships]))
    partnerships = list(db.session.scalars(others))
    queue = workqueue.items_for(current_user)
    return render_template(
        "site/home.html",
        memberships=memberships,
        partnerships=partnerships,
        queue=queue,
        queue_groups=workqueue.grouped(queue),
        college=college_home(current_user),
    )


@bp.app_context_processor
def work_queue_count():
    """`queue_count()` for the navigation bar: how many items need the signed-in person, read
    only when a page's template asks (at most once per request)."""
    return {"queue_count": _queue_count}


def _queue_count() -> int | None:
    """None when the database cannot answer (an error page still renders, without it)."""
    try:
        return workqueue.count(current_user)
    except SQLAlchemyError:
        db.session.rollback()
        return None


@bp.get("/favicon.ico")
@limiter.exempt
def favicon():
    """Browsers and crawlers ask for /favicon.ico whatever the page links: send the icon."""
    return redirect(url_for("static", filename="favicon.svg"), code=301)


@bp.get("/about")
def about():
    return render_template("site/about.html")


@bp.get("/healthz")
@csrf.exempt
@limiter.exempt
def healthz():
    """{"status": "ok"} when the database answers, 503 otherwise."""
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError:
        db.session.rollback()
        return jsonify(status="unavailable", error="the database does not answer"), 503
    return jsonify(status="ok")
