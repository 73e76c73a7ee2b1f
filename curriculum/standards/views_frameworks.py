"""Framework pages: the list, create and edit, the framework and its tree, renumber, occupations."""

from flask import (
    abort,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user, login_required

from curriculum import access, params
from curriculum.errors import DomainError, show_on_form
from curriculum.exports import services as exports
from curriculum.extensions import db
from curriculum.interop.source import about_source
from curriculum.partnerships.services import get_partnership
from curriculum.releases.views import framework_releases
from curriculum.standards import onet, tree
from curriculum.standards.forms import (
    ButtonForm,
    FrameworkForm,
    PlaceForm,
)
from curriculum.standards.models import (
    StandardKind,
    VersionStatus,
    child_kinds,
)
from curriculum.standards.views import bp


@bp.get("/partnerships/<int:partnership_id>/frameworks")
def frameworks(partnership_id: int):
    partnership = get_partnership(partnership_id)
    return render_template(
        "standards/frameworks.html",
        partnership=partnership,
        frameworks=tree.frameworks_of(partnership),
        perms=access.permissions(current_user, partnership),
    )


@bp.route("/partnerships/<int:partnership_id>/frameworks/new", methods=["GET", "POST"])
@login_required
def create_framework(partnership_id: int):
    partnership = get_partnership(partnership_id)
    access.require(current_user, "manage_frameworks", partnership)
    form = FrameworkForm()
    if form.validate_on_submit():
        try:
            framework = tree.create_framework(partnership, form.data)
        except DomainError as exc:
            show_on_form(form, exc)
        else:
            db.session.commit()
            flash(
                f"Framework {framework.title} created. Add its critical work functions.", "success"
            )
            return redirect(url_for("standards.framework", framework_id=framework.id))
    return render_template(
        "standards/framework_form.html", form=form, partnership=partnership, framework=None
    )


@bp.route("/frameworks/<int:framework_id>/edit", methods=["GET", "POST"])
@login_required
def edit_framework(framework_id: int):
    framework = tree.get_framework(framework_id)
    access.require(current_user, "manage_frameworks", framework)
    form = FrameworkForm(obj=framework)
    if request.method == "GET":
        form.occupation_codes.data = " ".join(framework.occupation_codes)
    if form.validate_on_submit():
        try:
            tree.update_framework(framework, form.data)
        except DomainError as exc:
            show_on_form(form, exc)
        else:
            db.session.commit()
            flash("Framework saved.", "success")
            return redirect(url_for("standards.framework", framework_id=framework.id))
    return render_template(
        "standards/framework_form.html",
        form=form,
        partnership=framework.partnership,
        framework=framework,
    )


@bp.get("/frameworks/<int:framework_id>")
def framework(framework_id: int):
    framework = tree.get_framework(framework_id)
    partnership = framework.partnership
    perms = access.framework_permissions(current_user, framework)
    status = request.args.get("status", "")
    if status not in VersionStatus.__members__.values():
        status = ""
    q = params.search_text()
    show_retired = bool(request.args.get("retired")) and perms["edit_standards"]
    nodes = tree.load_tree(
        framework, drafts=perms["view_drafts"], status=status, q=q, show_retired=show_retired
    )
    known = onet.occupations()
    return render_template(
        "standards/framework.html",
        framework=framework,
        partnership=partnership,
        perms=perms,
        nodes=nodes,
        status=status,
        q=q,
        show_retired=show_retired,
        statuses=list(VersionStatus),
        occupations=[known[c] for c in framework.occupation_codes if c in known],
        button=ButtonForm(),
        place_form=PlaceForm(),
        exports=exports.recent_jobs(current_user, framework),
        about_source=about_source(framework),
        parent_kinds=[k for k in StandardKind if child_kinds(k)],
        **framework_releases(framework),
    )


@bp.post("/frameworks/<int:framework_id>/renumber")
@login_required
def renumber(framework_id: int):
    framework = tree.get_framework(framework_id)
    access.require(current_user, "manage_frameworks", framework)
    if not ButtonForm().validate_on_submit():
        abort(400)
    changed = tree.renumber(framework)
    db.session.commit()
    flash(f"Codes renumbered: {changed} changed.", "success")
    return redirect(url_for("standards.framework", framework_id=framework.id))


@bp.get("/occupations.json")
def occupations():
    """O*NET-SOC occupations matching ?q= (for the framework form's search)."""
    found = onet.search(params.search_text())
    return jsonify([{"code": o.code, "title": o.title} for o in found])


# --- Standards: reading ----------------------------------------------------------------------
