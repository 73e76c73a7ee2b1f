"""A ladder's files: the step list as CSV (GET /ladders/<id>/steps.csv), for whoever may see
the ladder (404 for a draft to those who may not)."""

from __future__ import annotations

from flask import Blueprint
from flask_login import current_user

from curriculum import access, downloads
from curriculum.exports.kinds.ladder import load_ladder
from curriculum.ladders import spreadsheet

bp = Blueprint("ladder_files", __name__)


@bp.get("/ladders/<int:ladder_id>/steps.csv")
def steps_csv(ladder_id: int):
    """One row per step: job quality, required standards, programs that lead there."""
    ladder = load_ladder(ladder_id)
    access.require(current_user, "view", ladder)
    return downloads.csv_response(spreadsheet.csv_rows(ladder), spreadsheet.filename(ladder))
