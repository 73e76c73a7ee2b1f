"""Who an API request is: a personal token (Authorization: Bearer) or the session cookie.

A request with a valid token is that token's user and needs no CSRF token (a browser never adds
the header by itself). A request authenticated by the session cookie must send the X-CSRFToken
header with every write. When a request carries both, the session cookie wins (Flask-Login reads
it first), so the CSRF rule still applies.
"""

from flask import abort, current_app, g, request
from flask_login import current_user
from sqlalchemy.orm import joinedload

from curriculum.auth import services
from curriculum.auth.models import User
from curriculum.extensions import csrf, db, login_manager

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
WWW_AUTHENTICATE = 'Bearer realm="Curriculum API"'


def init_app(app) -> None:
    """Let Flask-Login sign in API requests that carry a personal token."""
    login_manager.request_loader(load_user_from_request)


def bearer_token(req) -> str | None:
    """The token of an `Authorization: Bearer …` header, if there is one."""
    scheme, _, token = req.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer":
        return None
    return token.strip() or None


def load_user_from_request(req):
    """Flask-Login request loader: the user of a valid token, for requests under /api/ only."""
    if not req.path.startswith("/api/"):
        return None
    raw = bearer_token(req)
    if raw is None:
        return None
    token = services.use_token(raw)
    if token is None:
        return None
    g.api_token_id, user_id = token.id, token.user_id
    db.session.commit()  # last_used_at, kept whatever the request then does
    return db.session.get(User, user_id, options=[joinedload(User.organization)])


def authenticate() -> None:
    """Before each API request: refuse bad tokens and anonymous writes; check CSRF for cookies."""
    signed_in = current_user.is_authenticated  # loads the user: session first, then token
    if "Authorization" in request.headers and not signed_in:
        abort(401, "The API token is not valid: it is wrong, revoked, or its account is disabled.")
    if request.method in SAFE_METHODS:
        return
    if not signed_in:
        abort(401, "Sign in, or send a personal API token as 'Authorization: Bearer <token>'.")
    if g.get("api_token_id") is None and current_app.config.get("WTF_CSRF_ENABLED", True):
        csrf.protect()


def challenge(response):
    """Tell clients refused with 401 how to authenticate."""
    if response.status_code == 401:
        response.headers.setdefault("WWW-Authenticate", WWW_AUTHENTICATE)
    return response
