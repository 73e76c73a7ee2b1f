"""The audit log of a partnership, for its conveners."""

from flask import Blueprint, current_app, render_template, request
from flask_login import current_user, login_required

from curriculum import access, params
from curriculum.audit.labels import ACTION_FILTERS, action_label
from curriculum.audit.services import events_for_partnership
from curriculum.extensions import db
from curriculum.partnerships.services import get_partnership

bp = Blueprint("audit", __name__)
bp.add_app_template_filter(action_label, "action_label")


@bp.get("/partnerships/<int:partnership_id>/audit")
@login_required
def partnership_log(partnership_id: int):
    partnership = get_partnership(partnership_id)
    access.require(current_user, "view_audit", partnership)
    action = request.args.get("action", "")
    if action not in ACTION_FILTERS:
        action = ""
    page = db.paginate(
        events_for_partnership(partnership.id, action),
        page=params.page(),
        per_page=current_app.config["PER_PAGE"] * 2,
        error_out=False,
    )
    return render_template(
        "audit/log.html",
        partnership=partnership,
        page=page,
        action=action,
        filters=dict(sorted(ACTION_FILTERS.items(), key=lambda item: (item[0] != "", item[1]))),
    )
