"""Organization pages: list and search, view, create, edit."""

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from curriculum import params
from curriculum.errors import DomainError, show_on_form
from curriculum.extensions import db
from curriculum.organizations import services
from curriculum.organizations.forms import OrganizationForm
from curriculum.organizations.models import KIND_LABELS, Organization

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
        can_manage=services.can_manage(current_user),
    )


@bp.get("/<int:org_id>")
def show(org_id: int):
    org = db.first_or_404(
        db.select(Organization)
        .options(db.selectinload(Organization.partnerships))
        .where(Organization.id == org_id)
    )
    return render_template(
        "organizations/show.html", org=org, can_manage=services.can_manage(current_user)
    )


@bp.route("/new", methods=["GET", "POST"])
@login_required
def create():
    services.require_manage(current_user)
    form = OrganizationForm()
    if form.validate_on_submit():
        try:
            org = services.create_organization(form.data)
        except DomainError as exc:
            show_on_form(form, exc)
        else:
            db.session.commit()
            flash(f"{org.name} added.", "success")
            return redirect(url_for("organizations.show", org_id=org.id))
    return render_template("organizations/form.html", form=form, org=None)


@bp.route("/<int:org_id>/edit", methods=["GET", "POST"])
@login_required
def edit(org_id: int):
    services.require_manage(current_user)
    org = db.get_or_404(Organization, org_id)
    form = OrganizationForm(obj=org, kind=org.kind.value)
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
