"""Sign-in and sign-out, the profile, password change, and site administration of users."""

from urllib.parse import urlsplit

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    g,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, login_required, logout_user
from wtforms.fields.choices import SelectChoice

from curriculum import access, params
from curriculum.audit.services import record
from curriculum.auth import services, sessions
from curriculum.auth.forms import LoginForm, PasswordForm, ProfileForm, TokenForm, UserCreateForm
from curriculum.auth.models import ApiToken, User
from curriculum.errors import DomainError, finish, show_on_form
from curriculum.extensions import db, limiter
from curriculum.organizations.models import Organization
from curriculum.organizations.services import organization_choices

bp = Blueprint("auth", __name__)


def safe_next(target: str | None) -> str | None:
    """Only a path on this site may follow sign-in (no other host, no scheme tricks)."""
    if not target:
        return None
    target = target.replace("\\", "/").strip()
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


def _login_limit() -> str:
    return f"{current_app.config['LOGIN_FAILURES_PER_MINUTE']}/minute"


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(
    _login_limit,
    methods=["POST"],
    deduct_when=lambda response: g.get("login_failed", False),
    error_message="Too many failed sign-in attempts from your address. "
    "Wait a minute, then try again.",
)
def login():
    if current_user.is_authenticated:
        return redirect(safe_next(request.args.get("next")) or url_for("site.home"))
    form = LoginForm()
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user is None:
            g.login_failed = True
            db.session.commit()  # keep the audit record of the failure
            form.form_errors.append("That email and password do not match an account.")
        else:
            session.clear()  # a fresh session at sign-in (no fixation)
            sessions.sign_in(user, remember=form.remember.data)
            db.session.commit()
            target = safe_next(request.args.get("next"))
            if target and urlsplit(target).path != url_for("site.home"):
                # the home page greets by name itself; another page gets a word
                flash(f"Signed in as {user.display_name}.", "success")
            return redirect(target or url_for("site.home"))
    elif request.method == "POST":
        g.login_failed = True
    return render_template("auth/login.html", form=form)


@bp.post("/logout")
@login_required
def logout():
    signed_in_with = sessions.current()
    if signed_in_with is not None:
        sessions.end(signed_in_with)  # a copy of this browser's cookies signs no one in now
    record("auth.logout", obj=current_user._get_current_object(), summary="Signed out")
    db.session.commit()
    logout_user()
    session.clear()
    flash("You are signed out.", "info")
    return redirect(url_for("site.home"))


@bp.route("/account", methods=["GET", "POST"])
@login_required
def profile():
    form = ProfileForm(obj=current_user)
    if form.validate_on_submit():
        try:
            services.update_profile(current_user, form.display_name.data)
        except DomainError as exc:
            show_on_form(form, exc)
        else:
            db.session.commit()
            flash("Your profile is saved.", "success")
            return redirect(url_for("auth.profile"))
    return _profile_page(form, TokenForm(prefix="token", formdata=None))


def _profile_page(form: ProfileForm, token_form: TokenForm):
    memberships = sorted(current_user.memberships, key=lambda m: m.partnership.name)
    return render_template(
        "auth/profile.html",
        form=form,
        token_form=token_form,
        memberships=memberships,
        tokens=services.tokens_of(current_user),
        sessions=sessions.active(current_user),
        this_session=sessions.current(),
    )


@bp.post("/account/sessions/end")
@login_required
def end_sessions():
    """Sign out everywhere: every session of the user ends, this one included."""
    ended = sessions.end_all(current_user)
    record(
        "auth.sessions_ended",
        obj=current_user._get_current_object(),
        summary=f"Signed out everywhere ({ended} session(s))",
    )
    db.session.commit()
    logout_user()
    session.clear()
    flash("You are signed out on every device, this one included.", "info")
    return redirect(url_for("site.home"))


@bp.post("/account/tokens")
@login_required
def create_token():
    form = TokenForm(prefix="token")
    if form.validate_on_submit():
        try:
            token, secret = services.create_token(current_user, form.name.data)
        except DomainError as exc:
            show_on_form(form, exc)
        else:
            db.session.commit()
            # POST-redirect-GET: reloading the next page must not create another token. The
            # secret waits in the (signed, HttpOnly) session until that page shows it once.
            session[_NEW_TOKEN] = {"token_id": token.id, "secret": secret}
            return redirect(url_for("auth.token_created", token_id=token.id))
    return _profile_page(ProfileForm(obj=current_user, formdata=None), form)


_NEW_TOKEN = "new_api_token"


@bp.get("/account/tokens/<int:token_id>/created")
@login_required
def token_created(token_id: int):
    """The new token's secret, once; afterwards (a reload) only that it is no longer shown."""
    token = db.session.get(ApiToken, token_id)
    if token is None or token.user_id != current_user.id:
        abort(404)
    secret = None
    waiting = session.get(_NEW_TOKEN)
    if waiting and waiting.get("token_id") == token.id:
        secret = session.pop(_NEW_TOKEN)["secret"]
    response = make_response(
        render_template(
            "auth/token_created.html",
            token=token,
            secret=secret,
            tokens=services.tokens_of(current_user),
        )
    )
    response.headers["Cache-Control"] = "no-store"  # the secret is shown this once
    return response


@bp.post("/account/tokens/<int:token_id>/revoke")
@login_required
def revoke_token(token_id: int):
    return finish(
        lambda: services.revoke_token(current_user, token_id),
        lambda token: f"The token “{token.name}” is revoked; programs using it are now refused.",
        url_for("auth.profile"),
    )


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password():
    form = PasswordForm()
    if form.validate_on_submit():
        try:
            services.change_password(
                current_user,
                form.current_password.data,
                form.new_password.data,
                keep=sessions.current(),
            )
        except DomainError as exc:
            show_on_form(form, exc)
        else:
            db.session.commit()
            flash(
                "Your password is changed. Your other devices are signed out and your API "
                "tokens are revoked: create new ones for the programs that need them.",
                "success",
            )
            return redirect(url_for("auth.profile"))
    return render_template("auth/password.html", form=form)


def _require_site_admin():
    access.require(current_user, "administer")


@bp.get("/admin/users")
@login_required
def users():
    _require_site_admin()
    q = params.search_text()
    query = db.select(User).options(db.joinedload(User.organization)).order_by(User.email)
    if q:
        like = f"%{q.lower()}%"
        query = query.where(
            db.or_(
                db.func.lower(User.email).like(like), db.func.lower(User.display_name).like(like)
            )
        )
    page = db.paginate(
        query, page=params.page(), per_page=current_app.config["PER_PAGE"], error_out=False
    )
    return render_template("auth/users.html", page=page, q=q)


@bp.route("/admin/users/new", methods=["GET", "POST"])
@login_required
def create_user():
    _require_site_admin()
    form = UserCreateForm()
    form.organization_id.choices = [SelectChoice(0, "— none —"), *organization_choices()]
    if form.validate_on_submit():
        org = db.session.get(Organization, form.organization_id.data or 0)
        try:
            user = services.create_user(
                form.email.data,
                form.display_name.data,
                form.password.data,
                organization=org,
                is_site_admin=form.is_site_admin.data,
            )
            record("user.created", obj=user, summary=f"Created account {user.email}")
        except DomainError as exc:
            show_on_form(form, exc)
        else:
            db.session.commit()
            flash(f"Account {user.email} created.", "success")
            return redirect(url_for("auth.users"))
    return render_template("auth/user_form.html", form=form)


from curriculum.auth import views_resets  # noqa: E402, F401  (its routes join this blueprint)
