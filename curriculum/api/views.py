"""The /api/v1/ blueprint: its root, its OpenAPI document, authentication and JSON errors."""

from flask import Blueprint
from flask_wtf.csrf import CSRFError

from curriculum.api import auth, openapi
from curriculum.api.schemas.general import Error, Index
from curriculum.api.schemas.standards import Version, VersionConflict
from curriculum.errors import DomainError, error_response
from curriculum.extensions import csrf, db
from curriculum.standards import services

bp = Blueprint("api", __name__, url_prefix="/api/v1")
# Flask-WTF's global check is off here: auth.authenticate() checks CSRF for cookie sessions only.
csrf.exempt(bp)
bp.before_request(auth.authenticate)
bp.after_request(auth.challenge)


@bp.get("/")
def index():
    """What this API is, which version, and where its description lies."""
    return Index(name="Curriculum API", version="v1", openapi="/api/v1/openapi.json").send()


@bp.get("/openapi.json")
def openapi_document():
    """The OpenAPI description of every endpoint."""
    return openapi.document()


@bp.errorhandler(DomainError)
def domain_error(exc: DomainError):
    """A service's refusal as JSON: the field it concerns, and the current version on conflict."""
    db.session.rollback()
    fields = {"fields": {exc.field: exc.message}} if exc.field else {}
    if isinstance(exc, services.VersionConflict) and exc.current is not None:
        conflict = VersionConflict(
            error=exc.message, status=exc.status, current_version=Version.of(exc.current), **fields
        )
        return conflict.send(), exc.status
    return Error(error=exc.message, status=exc.status, **fields).send(), exc.status


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
    views_catalog,
    views_cohorts,
    views_courses,
    views_dashboard,
    views_exports,
    views_frameworks,
    views_imports,
    views_ladders,
    views_me,
    views_outcomes,
    views_progression,
    views_releases,
    views_search,
    views_standards,
)
