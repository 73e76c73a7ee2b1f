"""The home page, the about page and the health check."""

from flask import Blueprint, jsonify, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from curriculum import access
from curriculum.alignment.services import college_courses, first_stale, stale_with_diffs
from curriculum.courses.services import TEACHING_KINDS
from curriculum.extensions import csrf, db, limiter
from curriculum.partnerships.models import Membership, Partnership

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
    stale, stale_total = _stale_for_my_college()
    return render_template(
        "site/home.html",
        memberships=memberships,
        partnerships=partnerships,
        stale=stale,
        stale_total=stale_total,
    )


# A college can have thousands of stale alignments after a framework is republished; the home
# page shows the first ones (by course) and the total, and each course page lists all of its own.
HOME_STALE = 25


def _stale_for_my_college() -> tuple[list, int]:
    """Faculty see their college's stale alignments on their home page."""
    org = current_user.organization if current_user.is_authenticated else None
    if (
        org is None
        or org.kind not in TEACHING_KINDS
        or not access.can(current_user, "keep_courses", org)
    ):
        return [], 0
    stale, total = first_stale(college_courses(org.id), HOME_STALE)
    return stale_with_diffs(stale, current_user), total


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
