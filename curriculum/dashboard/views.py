"""The partnership's dashboard page."""

from __future__ import annotations

from flask import Blueprint, render_template, url_for
from flask_login import current_user

from curriculum import access
from curriculum.dashboard import figures
from curriculum.dashboard.services import dashboard
from curriculum.partnerships.services import get_partnership

bp = Blueprint("dashboard", __name__)


@bp.get("/partnerships/<int:partnership_id>/dashboard")
def page(partnership_id: int):
    """Firms engaged, standards and releases, endorsements, coverage, stale alignments, open
    comments, exports, the latest needs survey and the cohorts' measures with their trends."""
    partnership = get_partnership(partnership_id)
    access.require(current_user, "view_dashboard", partnership)
    board = dashboard(partnership)
    return render_template(
        "dashboard/dashboard.html",
        partnership=partnership,
        perms=access.permissions(current_user, partnership),
        board=board,
        charts=figures.charts(board),
        summary_url=url_for("exports.new_partnership_export", partnership_id=partnership.id),
        survey_results=board.survey is not None
        and access.can(current_user, "view_results", board.survey),
    )
