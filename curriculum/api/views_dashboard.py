"""API endpoint: a partnership's dashboard figures."""

from flask_login import current_user

from curriculum import access
from curriculum.api.schemas.dashboard import DashboardFigures
from curriculum.api.views import bp
from curriculum.dashboard.services import dashboard
from curriculum.partnerships.services import get_partnership


@bp.get("/partnerships/<int:partnership_id>/dashboard")
def partnership_dashboard(partnership_id: int):
    """The dashboard's figures (members of the partnership; cohort counts under 5 are null)."""
    partnership = get_partnership(partnership_id)
    access.require(current_user, "view_dashboard", partnership)
    return DashboardFigures.of(dashboard(partnership)).send()
