"""The /api/v1/ blueprint: its root, its OpenAPI document, authentication and JSON errors."""

from flask import Blueprint, jsonify
from flask_wtf.csrf import CSRFError

from curriculum.api import auth, openapi, serializers
from curriculum.errors import DomainError, error_response
from curriculum.extensions import csrf, db
from curriculum.standards.services import VersionConflict

bp = Blueprint("api", __name__, url_prefix="/api/v1")
# Flask-WTF's global check is off here: auth.authenticate() checks CSRF for cookie sessions only.
csrf.exempt(bp)
bp.before_request(auth.authenticate)
bp.after_request(auth.challenge)


@bp.get("/")
def index():
    """What this API is, which version, and where its description lies."""
    return jsonify(name="Curriculum API", version="v1", openapi="/api/v1/openapi.json")


@bp.get("/openapi.json")
def openapi_document():
    """The OpenAPI description of every endpoint."""
    return jsonify(openapi.document())


@bp.errorhandler(DomainError)
def domain_error(exc: DomainError):
    """A service's refusal as JSON: the field it concerns, and the current version on conflict."""
    db.session.rollback()
    payload = {"error": exc.message, "status": exc.status}
    if exc.field:
        payload["fields"] = {exc.field: exc.message}
    if isinstance(exc, VersionConflict) and exc.current is not None:
        payload["current_version"] = serializers.version(exc.current)
    return jsonify(payload), exc.status


@bp.errorhandler(CSRFError)
def csrf_error(exc: CSRFError):
    """A cookie-authenticated write without a valid X-CSRFToken header."""
    return error_response(
        400,
        "Requests signed in by the session cookie must send the page's CSRF token in the "
        "X-CSRFToken header (or use a personal API token instead). Nothing was changed.",
    )


# The endpoints register themselves on `bp`.
from curriculum.api import (  # noqa: E402, F401
    views_courses,
    views_exports,
    views_frameworks,
    views_standards,
)
