"""Password reset pages: "Forgot your password?" (the same answer for every address) and the
link's page that sets a new one. Routes of the auth blueprint (imported by auth/views.py)."""

from flask import current_app, make_response, redirect, render_template, request, session, url_for
from flask_login import current_user, logout_user

from curriculum.auth import resets
from curriculum.auth.forms import ForgotPasswordForm, NewPasswordForm
from curriculum.auth.views import bp
from curriculum.errors import DomainError, show_on_form
from curriculum.extensions import db, limiter


def _per_ip_limit() -> str:
    return f"{current_app.config['PASSWORD_RESETS_PER_IP']}/hour"


@bp.route("/password/forgot", methods=["GET", "POST"])
@limiter.limit(
    _per_ip_limit,
    methods=["POST"],
    error_message="Too many password reset requests from your address. "
    "Wait an hour, then try again.",
)
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        # Over the address's limit, or no such active account: the same answer, and no mail.
        if resets.within_address_limit(form.email.data):
            resets.request_reset(form.email.data, request.remote_addr or "")
            db.session.commit()
        return redirect(url_for("auth.reset_requested"))
    return render_template("auth/forgot.html", form=form)


@bp.get("/password/forgot/sent")
def reset_requested():
    return render_template("auth/reset_requested.html", hours=1)


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    try:
        reset = resets.find_reset(token)
    except resets.ResetUnusable as exc:
        return _unusable(exc)
    form = NewPasswordForm()
    if form.validate_on_submit():
        try:
            user = resets.complete_reset(reset, form.new_password.data)
        except resets.ResetUnusable as exc:
            db.session.rollback()
            return _unusable(exc)
        except DomainError as exc:
            show_on_form(form, exc)
        else:
            db.session.commit()
            if current_user.is_authenticated and current_user.id == user.id:
                logout_user()  # this browser's session ended with the others
                session.clear()
            return redirect(url_for("auth.password_reset_done"))
    return _private(render_template("auth/reset.html", form=form, user=reset.user))


@bp.get("/password/reset-done")
def password_reset_done():
    return render_template("auth/reset_done.html")


def _unusable(exc: resets.ResetUnusable):
    page = render_template("auth/reset_unusable.html", message=exc.message)
    return _private(page, exc.status or 410)


def _private(page: str, status: int = 200):
    """The link's pages are not kept by the browser's or a proxy's cache."""
    response = make_response(page, status)
    response.headers["Cache-Control"] = "no-store"
    return response
