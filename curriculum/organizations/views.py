"""Organization pages: list and search, view, create, edit; site administrators' join requests."""

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from wtforms.fields.choices import SelectChoice

from curriculum import access, params
from curriculum.errors import DomainError, finish, show_on_form
from curriculum.extensions import db
from curriculum.organizations import services
from curriculum.organizations.forms import OrganizationForm
from curriculum.organizations.models import KIND_LABELS, Organization
from curriculum.partnerships import services as partnerships
from curriculum.partnerships.forms import ConfirmForm
from curriculum.partnerships.models import JoinRequest, Partnership

bp = Blueprint("organizations", __name__, url_prefix="/organizations")


@bp.get("/")
def index():
    q = params.search_text()
    kind = request.args.get("kind", "")
    page = db.paginate(
        services.search(q, kind),
        page=params.page(),
        per_page=current_app.config["PER_PAGE"],
        error_out=False,
    )
    return render_template(
        "organizations/index.html",
        page=page,
        q=q,
        kind=kind,
        kinds=KIND_LABELS,
        can_create=access.can(current_user, "create_organization"),
    )


@bp.get("/<int:org_id>")
def show(org_id: int):
    org = db.first_or_404(
        db.select(Organization)
        .options(db.selectinload(Organization.partnerships))
        .where(Organization.id == org_id)
    )
    return render_template(
        "organizations/show.html", org=org, can_edit=access.can(current_user, "edit", org)
    )


@bp.route("/new", methods=["GET", "POST"])
@login_required
def create():
    access.require(current_user, "create_organization")
    form = OrganizationForm(partnership_id=params.integer("partnership") or 0)
    joinable = {p.id: p for p in _joinable(current_user)}
    form.partnership_id.choices = [
        *([SelectChoice(0, "— none for now —")] if access.is_admin(current_user) else []),
        *(SelectChoice(p.id, p.name) for p in joinable.values()),
    ]
    if form.validate_on_submit():
        try:
            org = services.create_organization(form.data)
            if form.partnership_id.data:
                by = current_user._get_current_object()
                partnerships.add_organization(joinable[form.partnership_id.data], org, by=by)
        except DomainError as exc:
            show_on_form(form, exc)
        else:
            db.session.commit()
            flash(f"{org.name} added.", "success")
            return redirect(url_for("organizations.show", org_id=org.id))
    return render_template("organizations/form.html", form=form, org=None)


def _joinable(user) -> list[Partnership]:
    """Partnerships a new organization may join at once: those the user convenes (every one,
    for a site administrator)."""
    query = db.select(Partnership).order_by(Partnership.name)
    if not access.is_admin(user):
        query = query.where(Partnership.id.in_(access.convened(user)))
    return list(db.session.scalars(query))


@bp.route("/<int:org_id>/edit", methods=["GET", "POST"])
@login_required
def edit(org_id: int):
    org = db.get_or_404(Organization, org_id)
    access.require(current_user, "edit", org)
    form = OrganizationForm(obj=org, kind=org.kind.value)
    del form.partnership_id
    if form.validate_on_submit():
        try:
            services.update_organization(org, form.data)
        except DomainError as exc:
            show_on_form(form, exc)
        else:
            db.session.commit()
            flash("Saved.", "success")
            return redirect(url_for("organizations.show", org_id=org.id))
    return render_template("organizations/form.html", form=form, org=org)


@bp.get("/join-requests")
@login_required
def join_requests():
    """Site administrators: organizations asking to join another partnership."""
    access.require(current_user, "administer")
    pending = list(db.session.scalars(partnerships.join_requests()))
    decided = list(
        db.session.scalars(
            partnerships.join_requests(pending_only=False)
            .where(JoinRequest.decided_at.is_not(None))
            .limit(current_app.config["PER_PAGE"])
        )
    )
    return render_template(
        "organizations/join_requests.html", pending=pending, decided=decided, form=ConfirmForm()
    )


@bp.post("/join-requests/<int:request_id>/<any(approve, decline):decision>")
@login_required
def decide_join_request(request_id: int, decision: str):
    access.require(current_user, "administer")
    join = db.get_or_404(JoinRequest, request_id)
    if not ConfirmForm().validate_on_submit():
        abort(400, "This form had expired; reload the page and try again.")
    verb = "joined" if decision == "approve" else "will not join"
    return finish(
        lambda: partnerships.decide_join(
            join, current_user._get_current_object(), decision == "approve"
        ),
        f"{join.organization.name} {verb} {join.partnership.name}.",
        url_for("organizations.join_requests"),
    )
