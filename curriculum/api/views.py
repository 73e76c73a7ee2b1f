"""The API root: what this API is and which version; errors below /api/ answer JSON."""

from flask import Blueprint, jsonify

from curriculum.extensions import csrf

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)  # the API authenticates each request by token, not by session cookie


@bp.get("/")
def index():
    return jsonify(name="Curriculum API", version="v1")
