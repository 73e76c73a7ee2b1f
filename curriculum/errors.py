"""The domain error every service raises, and the error pages (HTML, or JSON under /api/)."""

from flask import jsonify, make_response, render_template, request
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import IntegrityError, OperationalError
from werkzeug.exceptions import HTTPException, InternalServerError

from curriculum.extensions import db


class DomainError(Exception):
    """Bad input or a broken rule found by a service; views turn it into a form error or a 4xx.

    `field` names the form field it belongs to, when there is one; `status` is the HTTP status.
    """

    status = 400
    # True when signing in is the way forward (the error page then offers it to visitors).
    offer_sign_in = False

    def __init__(self, message: str, field: str | None = None, status: int | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
        if status is not None:
            self.status = status


class Conflict(DomainError):
    """The request clashes with the current state (409)."""

    status = 409


class Refused(Exception):
    """Not found, or not allowed: always an error page (or JSON error), never a form error.

    Deliberately not a DomainError, so a view that shows a service's DomainError on its form
    (or flashes it) lets this one through to the error handlers.
    """

    status = 404
    offer_sign_in = False

    def __init__(
        self, message: str = "There is nothing at this address.", status: int | None = None
    ):
        super().__init__(message)
        self.message = message
        if status is not None:
            self.status = status


class NotFound(Refused):
    """There is no such thing, or the reader may not learn that there is (404)."""


# What each status means to a person, and where to go next.
ERROR_TEXT = {
    400: ("Bad request", "The request could not be understood. Go back and check what you sent."),
    401: ("Sign-in needed", "Please sign in to continue."),
    403: (
        "Not allowed",
        "Your account does not have permission for this. Ask a convener of the partnership "
        "if you think it should.",
    ),
    404: ("Not found", "There is nothing at this address. It may have been moved or removed."),
    405: ("Method not allowed", "This address does not accept that kind of request."),
    409: ("Conflict", "This clashes with a change someone else made. Reload and try again."),
    410: (
        "Link no longer valid",
        "This link has been used, withdrawn or has expired. Ask whoever sent it for a new one.",
    ),
    413: ("Too large", "What you sent is larger than this site accepts. Send something smaller."),
    429: (
        "Too many attempts",
        "You have tried too many times in a short while. Wait a minute, then try again.",
    ),
    500: (
        "Something went wrong",
        "An unexpected error happened on our side and nothing was saved. Try again in a moment.",
    ),
    503: ("Unavailable", "The service is temporarily unavailable. Try again shortly."),
}


def wants_json() -> bool:
    """True for requests that are answered in JSON: everything under /api/."""
    return request.path.startswith("/api/")


# Statuses whose specific messages already say what to do: the generic advice would repeat or
# contradict it (a 403 saying a reference framework is read-only for everyone should not add
# "ask a convener").
MESSAGE_REPLACES_ADVICE = frozenset({403, 410, 429})


def error_response(status: int, message: str | None = None, offer_sign_in: bool = False):
    """Render an error as a page, or as JSON {"error", "status"} under /api/.

    `offer_sign_in` adds a Sign in button for visitors (401 and 403 always have one).
    """
    title, advice = ERROR_TEXT.get(status, (f"Error {status}", "Something went wrong."))
    shown_advice: str | None = advice
    if wants_json():
        response = jsonify(error=message or title, status=status)
    else:
        if message and message in advice:  # the generic words: said once, by the advice
            message = None
        if message and status in MESSAGE_REPLACES_ADVICE:
            shown_advice = None
        response = make_response(
            render_template(
                "errors/error.html",
                status=status,
                title=title,
                message=message,
                advice=shown_advice,
                offer_sign_in=offer_sign_in or status in (401, 403),
            )
        )
    response.status_code = status
    return response


def _describe(exc: HTTPException) -> str | None:
    """Keep a message the code passed to abort(); drop werkzeug's generic descriptions."""
    default = type(exc).description
    return exc.description if exc.description and exc.description != default else None


def register(app):
    """Install the error handlers on the app."""

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        if exc.code is None or exc.code < 400:
            return exc
        response = error_response(exc.code, _describe(exc))
        allowed = getattr(exc, "valid_methods", None)
        if exc.code == 405 and allowed:
            response.headers["Allow"] = ", ".join(allowed)
        return response

    @app.errorhandler(CSRFError)
    def csrf_error(exc: CSRFError):
        return error_response(
            400,
            "This form had expired or did not come from this site, so nothing was changed. "
            "Go back, reload the page and try again.",
        )

    @app.errorhandler(DomainError)
    @app.errorhandler(Refused)
    def domain_error(exc: DomainError | Refused):
        db.session.rollback()
        return error_response(exc.status, exc.message, offer_sign_in=exc.offer_sign_in)

    @app.errorhandler(IntegrityError)
    @app.errorhandler(OperationalError)
    def race_error(exc: IntegrityError | OperationalError):
        # A request that lost a race (to a unique or foreign key constraint: two creates of
        # the same name at once; or stopped by the database for another transaction: a
        # deadlock, a lock wait that ran out): a 409 saying what happened, not a 500.
        from curriculum.concurrency import race_message

        db.session.rollback()
        message = race_message(exc)
        if message is None:
            raise exc
        return error_response(409, message)

    @app.errorhandler(InternalServerError)
    def server_error(exc):
        db.session.rollback()
        return error_response(500)


def finish(operation, done, back: str):
    """The end of a view that runs one service call from a button: run `operation()`, then
    commit and flash `done` (a message, or a function of the result giving one), or roll back
    and flash the DomainError's message; redirect to `back` either way."""
    from flask import flash, redirect

    try:
        result = operation()
    except DomainError as exc:
        db.session.rollback()
        flash(exc.message, "error")
    else:
        db.session.commit()
        flash(done(result) if callable(done) else done, "success")
    return redirect(back)


def show_on_form(form, exc: DomainError) -> None:
    """Undo what the failed operation flushed, then put its error beside the field it names
    (or above the form when it names none), so the form re-renders with what was typed."""
    db.session.rollback()
    field = getattr(form, exc.field, None) if exc.field else None
    if field is not None:
        field.errors = [*field.errors, exc.message]
    else:
        form.form_errors.append(exc.message)
