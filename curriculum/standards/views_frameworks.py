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
from curriculum.standards import onet, tree, tree_page
from curriculum.standards.forms import (
    ButtonForm,
    FrameworkForm,
)
from curriculum.standards.models import (
    StandardKind,
    VersionStatus,
    child_kinds,
)
from curriculum.standards.tree_state import remember
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
    order_mode = bool(request.args.get("order")) and perms["edit_standards"]
    page = tree_page.build(framework, perms, current_user, request.args, order_mode)
    known = onet.occupations()
    return render_template(
        "standards/framework.html",
        framework=framework,
        partnership=partnership,
        perms=perms,
        page=page,
        filters=page.filters,
        order_mode=order_mode,
        statuses=list(VersionStatus),
        occupations=[known[c] for c in framework.occupation_codes if c in known],
        exports=exports.recent_jobs(current_user, framework),
        about_source=about_source(framework),
        parent_kinds=[k for k in StandardKind if child_kinds(k)],
        **framework_releases(framework),
    )


@bp.get("/frameworks/<int:framework_id>/tree/<int:standard_id>")
def framework_branch(framework_id: int, standard_id: int):
    """One branch of the framework page's tree (its rows, as HTML list items): what the page's
    script puts in when a closed branch is opened."""
    framework = tree.get_framework(framework_id)
    perms = access.framework_permissions(current_user, framework)
    top = tree_page.top_level(framework, standard_id)
    filters = tree_page.read_filters(request.args, perms)
    item = tree_page.branch(framework, top, perms, filters) if top is not None else None
    if item is None:
        abort(404)
    return render_template(
        "standards/_branch.html",
        framework=framework,
        partnership=framework.partnership,
        perms=perms,
        items=item.children,
        order_mode=bool(request.args.get("order")) and perms["edit_standards"],
        parent_kinds=[k for k in StandardKind if child_kinds(k)],
    )


@bp.post("/frameworks/<int:framework_id>/tree-state")
@login_required
def save_tree_state(framework_id: int):
    """Remember which branches of the tree this person keeps open (`all` = 1: every one, else
    the `open` ids). The page's script sends it as it opens and closes branches (answered in
    JSON); the "Expand all" and "Collapse all" buttons post it too (answered by the page)."""
    framework = tree.get_framework(framework_id)
    wants_json = request.accept_mimetypes.best == "application/json"
    try:
        ids = params.ids("open")
        state = remember(current_user, framework, request.form.get("all") == "1", ids)
    except DomainError as exc:
        if wants_json:
            return jsonify(error=exc.message, status=400), 400
        abort(400, exc.message)
    db.session.commit()
    if wants_json:
        return jsonify(status="ok", all_open=state.all_open, open=sorted(state.open_ids))
    return redirect(url_for("standards.framework", framework_id=framework.id) + "#tree")


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
