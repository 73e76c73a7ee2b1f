"""Partnership pages: list, overview, create and edit, organizations, members, invitations."""

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, login_required
from wtforms.fields.choices import SelectChoice

from curriculum import access, params
from curriculum.auth.models import User, find_by_email
from curriculum.auth.sessions import sign_in
from curriculum.errors import DomainError, finish, show_on_form
from curriculum.extensions import db
from curriculum.organizations.models import Organization
from curriculum.organizations.services import organization_choices, organizations_taking_part
from curriculum.partnerships import invitations, services
from curriculum.partnerships.forms import (
    ROLE_HELP,
    AcceptInvitationForm,
    AddOrganizationForm,
    ConfirmForm,
    InvitationForm,
    NewPartnershipForm,
    PartnershipForm,
    RoleForm,
)
from curriculum.partnerships.models import Invitation, Membership
from curriculum.workqueue import services as workqueue

bp = Blueprint("partnerships", __name__)


@bp.get("/partnerships/")
def index():
    q = params.search_text()
    page = db.paginate(
        services.search(q),
        page=params.page(),
        per_page=current_app.config["PER_PAGE"],
        error_out=False,
    )
    queue_counts = workqueue.counts_by_partnership(current_user)
    return render_template("partnerships/index.html", page=page, q=q, queue_counts=queue_counts)


@bp.get("/partnerships/<int:partnership_id>")
def show(partnership_id: int):
    partnership = services.get_partnership(partnership_id)
    perms = access.permissions(current_user, partnership)
    add_form, pending = None, []
    if perms["edit"]:
        pending = list(db.session.scalars(services.join_requests(partnership)))
        # Neither those taking part nor those waiting for approval are offered again.
        taken = {o.id for o in partnership.organizations} | {r.organization_id for r in pending}
        add_form = AddOrganizationForm()
        add_form.organization_id.choices = [
            c for c in organization_choices() if c.value not in taken
        ]
    return render_template(
        "partnerships/show.html",
        partnership=partnership,
        perms=perms,
        membership=services.membership_of(current_user, partnership),
        join_requests=pending,
        add_form=add_form,
        confirm_form=ConfirmForm(),
    )


@bp.route("/partnerships/new", methods=["GET", "POST"])
@login_required
def create():
    access.require(current_user, "administer")
    form = NewPartnershipForm()
    if form.validate_on_submit():
        try:
            convener = None
            if form.convener_email.data:
                convener = find_by_email(form.convener_email.data)
                if convener is None:
                    raise services.PartnershipError(
                        "No account has this email. Create the account first, or leave this "
                        "empty and invite the convener afterwards.",
                        field="convener_email",
                    )
            partnership = services.create_partnership(form.data, convener=convener)
        except DomainError as exc:
            show_on_form(form, exc)
        else:
            db.session.commit()
            flash(f"{partnership.name} created.", "success")
            return redirect(url_for("partnerships.show", partnership_id=partnership.id))
    return render_template("partnerships/form.html", form=form, partnership=None)


@bp.route("/partnerships/<int:partnership_id>/edit", methods=["GET", "POST"])
@login_required
def edit(partnership_id: int):
    partnership = services.get_partnership(partnership_id)
    access.require(current_user, "edit", partnership)
    form = PartnershipForm(obj=partnership)
    if form.validate_on_submit():
        try:
            services.update_partnership(partnership, form.data)
        except DomainError as exc:
            show_on_form(form, exc)
        else:
            db.session.commit()
            flash("Partnership saved.", "success")
            return redirect(url_for("partnerships.show", partnership_id=partnership.id))
    return render_template("partnerships/form.html", form=form, partnership=partnership)


@bp.post("/partnerships/<int:partnership_id>/organizations")
@login_required
def add_organization(partnership_id: int):
    partnership = services.get_partnership(partnership_id)
    access.require(current_user, "edit", partnership)
    form = AddOrganizationForm()
    form.organization_id.choices = organization_choices()
    if not form.validate_on_submit():
        abort(400, "Choose an organization to add.")
    org = db.get_or_404(Organization, form.organization_id.data)
    outcome = services.add_organization(partnership, org, by=current_user._get_current_object())
    db.session.commit()
    if outcome == "pending":
        flash(
            f"{org.name} already takes part in another partnership, so a site administrator "
            "must approve its joining. It is listed as pending until then.",
            "info",
        )
    else:
        flash(f"{org.name} is now part of the partnership.", "success")
    return redirect(url_for("partnerships.show", partnership_id=partnership.id))


@bp.post("/partnerships/<int:partnership_id>/organizations/<int:org_id>/remove")
@login_required
def remove_organization(partnership_id: int, org_id: int):
    partnership = services.get_partnership(partnership_id)
    access.require(current_user, "edit", partnership)
    org = db.get_or_404(Organization, org_id)
    return finish(
        lambda: services.remove_organization(partnership, org),
        f"{org.name} was removed from the partnership.",
        url_for("partnerships.show", partnership_id=partnership_id),
    )


@bp.get("/partnerships/<int:partnership_id>/members")
@login_required
def members(partnership_id: int):
    partnership = services.get_partnership(partnership_id)
    access.require(current_user, "view_members", partnership)
    q = params.search_text()
    query = services.members(partnership)
    if q:
        like = f"%{q.lower()}%"
        query = query.where(
            db.or_(
                db.func.lower(User.email).like(like), db.func.lower(User.display_name).like(like)
            )
        )
    page = db.paginate(
        query, page=params.page(), per_page=current_app.config["PER_PAGE"] * 2, error_out=False
    )
    perms = access.permissions(current_user, partnership)
    return render_template(
        "partnerships/members.html",
        partnership=partnership,
        page=page,
        q=q,
        perms=perms,
        invitations=invitations.pending_invitations(partnership) if perms["invite"] else [],
        role_form=RoleForm(),
        confirm_form=ConfirmForm(),
    )


def _membership(partnership_id: int, membership_id: int) -> Membership:
    membership = db.get_or_404(Membership, membership_id)
    if membership.partnership_id != partnership_id:
        abort(404)
    return membership


@bp.post("/partnerships/<int:partnership_id>/members/<int:membership_id>/role")
@login_required
def change_role(partnership_id: int, membership_id: int):
    partnership = services.get_partnership(partnership_id)
    access.require(current_user, "manage_members", partnership)
    membership = _membership(partnership_id, membership_id)
    form = RoleForm()
    if not form.validate_on_submit():
        abort(400, "Choose one of the roles: convener, panelist, faculty or viewer.")
    return finish(
        lambda: services.change_role(membership, form.role.data),
        lambda _: f"{membership.user.display_name} is now {membership.role.value}.",
        url_for("partnerships.members", partnership_id=partnership_id),
    )


@bp.post("/partnerships/<int:partnership_id>/members/<int:membership_id>/remove")
@login_required
def remove_member(partnership_id: int, membership_id: int):
    partnership = services.get_partnership(partnership_id)
    access.require(current_user, "manage_members", partnership)
    membership = _membership(partnership_id, membership_id)
    return finish(
        lambda: services.remove_member(membership),
        f"{membership.user.display_name} was removed from the partnership.",
        url_for("partnerships.members", partnership_id=partnership_id),
    )


@bp.route("/partnerships/<int:partnership_id>/invitations/new", methods=["GET", "POST"])
@login_required
def invite(partnership_id: int):
    partnership = services.get_partnership(partnership_id)
    access.require(current_user, "invite", partnership)
    form = InvitationForm()
    form.organization_id.choices = _invitation_organization_choices(partnership)
    if form.validate_on_submit():
        org = db.session.get(Organization, form.organization_id.data)
        try:
            if org is None:
                raise services.PartnershipError("Choose an organization.", field="organization_id")
            invitation, token = invitations.create_invitation(
                partnership,
                form.email.data,
                form.role.data,
                org,
                current_user._get_current_object(),
            )
        except DomainError as exc:
            show_on_form(form, exc)
        else:
            db.session.commit()
            # POST-redirect-GET: reloading the next page must not invite again. The one-time
            # link waits in the (signed, HttpOnly) session until that page shows it once.
            session[_NEW_INVITATION_LINK] = {
                "invitation_id": invitation.id,
                "link": url_for("partnerships.accept_invitation", token=token, _external=True),
            }
            return redirect(
                url_for(
                    "partnerships.invitation_created",
                    partnership_id=partnership.id,
                    invitation_id=invitation.id,
                )
            )
    return render_template(
        "partnerships/invite.html", form=form, partnership=partnership, role_help=ROLE_HELP
    )


OUTSIDE_ORGANIZATIONS = "Other organizations (in no partnership yet; joins when invited)"


def _invitation_organization_choices(partnership) -> list[SelectChoice]:
    """The partnership's organizations first; after them those in no partnership yet, which
    join when invited (one taking part elsewhere must be approved first, so it is not offered).
    """
    inside = {o.id for o in partnership.organizations}
    elsewhere = organizations_taking_part()
    choices = [c for c in organization_choices() if c.value in inside or c.value not in elsewhere]
    return [
        SelectChoice(0, "— choose —"),
        *(
            SelectChoice(c.value, c.label, optgroup="In this partnership")
            for c in choices
            if c.value in inside
        ),
        *(
            SelectChoice(c.value, c.label, optgroup=OUTSIDE_ORGANIZATIONS)
            for c in choices
            if c.value not in inside
        ),
    ]


_NEW_INVITATION_LINK = "new_invitation_link"


@bp.get("/partnerships/<int:partnership_id>/invitations/<int:invitation_id>/created")
@login_required
def invitation_created(partnership_id: int, invitation_id: int):
    partnership = services.get_partnership(partnership_id)
    access.require(current_user, "invite", partnership)
    invitation = db.get_or_404(Invitation, invitation_id)
    if invitation.partnership_id != partnership_id:
        abort(404)
    link = None
    waiting = session.get(_NEW_INVITATION_LINK)
    if waiting and waiting.get("invitation_id") == invitation.id:
        link = session.pop(_NEW_INVITATION_LINK)["link"]
    return render_template(
        "partnerships/invitation_sent.html",
        partnership=partnership,
        invitation=invitation,
        link=link,
    )


@bp.post("/partnerships/<int:partnership_id>/invitations/<int:invitation_id>/revoke")
@login_required
def revoke_invitation(partnership_id: int, invitation_id: int):
    partnership = services.get_partnership(partnership_id)
    access.require(current_user, "invite", partnership)
    invitation = db.get_or_404(Invitation, invitation_id)
    if invitation.partnership_id != partnership_id:
        abort(404)
    invitations.revoke_invitation(invitation)
    db.session.commit()
    flash(f"The invitation of {invitation.email} is withdrawn.", "success")
    return redirect(url_for("partnerships.members", partnership_id=partnership_id))


@bp.route("/invitations/<token>", methods=["GET", "POST"])
def accept_invitation(token: str):
    try:
        invitation = invitations.find_invitation(token)
    except invitations.InvitationUnusable as exc:
        used = exc.invitation
        if (
            used is not None
            and used.state == "accepted"
            and current_user.is_authenticated
            and used.accepted_by_id == current_user.id
        ):
            # Whoever accepted it opens it again: take them to the partnership.
            flash(f"You have already joined {used.partnership.name}.", "info")
            return redirect(url_for("partnerships.show", partnership_id=used.partnership_id))
        raise
    existing = find_by_email(invitation.email)
    signed_in_as_other = current_user.is_authenticated and (
        existing is None or current_user.id != existing.id
    )
    if signed_in_as_other or (existing is not None and not current_user.is_authenticated):
        # The link is for another account: say whose, and how to continue.
        return render_template(
            "partnerships/accept.html",
            invitation=invitation,
            form=None,
            existing=existing,
            signed_in_as_other=signed_in_as_other,
            sign_in_url=url_for("auth.login", next=request.path),
        )
    form = AcceptInvitationForm() if existing is None else ConfirmForm()
    if form.validate_on_submit():
        try:
            user = invitations.accept_invitation(
                invitation,
                user=existing,
                display_name=getattr(form, "display_name", None) and form.display_name.data or "",
                password=getattr(form, "password", None) and form.password.data or "",
            )
        except DomainError as exc:
            show_on_form(form, exc)
        else:
            if not current_user.is_authenticated:
                sign_in(user)
            db.session.commit()
            flash(
                f"Welcome to {invitation.partnership.name}. You are a {invitation.role.value}.",
                "success",
            )
            return redirect(url_for("partnerships.show", partnership_id=invitation.partnership_id))
    return render_template(
        "partnerships/accept.html", invitation=invitation, form=form, existing=existing
    )
