"""Changing standards: create, edit (with conflicts), revert, review and publish, endorse, the
tree (reorder, place, move, code, retire) and comments."""

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
from curriculum.extensions import db
from curriculum.standards import services, tree
from curriculum.standards.diff import has_changes, word_diff
from curriculum.standards.forms import (
    ButtonForm,
    CodeForm,
    CommentForm,
    EndorseForm,
    PlaceForm,
    StandardForm,
    VersionForm,
)
from curriculum.standards.models import (
    Comment,
    Standard,
    StandardKind,
)
from curriculum.standards.tree import ancestors
from curriculum.standards.views import bp, load_standard, move_form, version_choices


@bp.route("/frameworks/<int:framework_id>/standards/new", methods=["GET", "POST"])
@login_required
def create_standard(framework_id: int):
    framework = tree.get_framework(framework_id)
    access.require(current_user, "edit_standards", framework)
    parent_id = params.integer("parent_id", request.values)
    parent = db.session.get(Standard, parent_id) if parent_id else None
    if parent is not None and parent.framework_id != framework.id:
        abort(404)
    allowed = tree.kinds_offered(framework, parent)
    if not allowed:
        abort(400, "Nothing can be added under a performance indicator, knowledge or skill item.")
    form = StandardForm(kind=request.args.get("kind") or allowed[0].value)
    form.kind.choices = [c for c in form.kind.choices if c.value in allowed]
    if form.validate_on_submit():
        try:
            standard = tree.add_standard(
                framework,
                parent,
                form.kind.data,
                form.title.data,
                form.statement.data,
                form.level.data,
                author=current_user._get_current_object(),
                code=form.code.data,
                category=form.category.data,
                change_note=form.change_note.data,
            )
        except DomainError as exc:
            show_on_form(form, exc)
        else:
            db.session.commit()
            flash(f"{standard.code} added as version 1 (draft).", "success")
            if request.form.get("then") == "another":
                return redirect(
                    url_for(
                        "standards.create_standard",
                        framework_id=framework.id,
                        parent_id=parent_id or "",
                        kind=form.kind.data,
                    )
                )
            return redirect(url_for("standards.standard", standard_id=standard.id))
    return render_template(
        "standards/standard_form.html",
        form=form,
        framework=framework,
        partnership=framework.partnership,
        parent=parent,
        with_category=any(k in allowed for k in (StandardKind.KNOWLEDGE, StandardKind.SKILL)),
    )


@bp.route("/standards/<int:standard_id>/edit", methods=["GET", "POST"])
@login_required
def edit(standard_id: int):
    standard, partnership, perms = load_standard(standard_id)
    access.require(current_user, "edit_standards", standard.framework)
    current = standard.current_version
    form = VersionForm(
        obj=current if request.method == "GET" else None,
        base_version=current.number,
        level=(current.level.value if current.level else ""),
    )
    if request.method == "GET":
        form.change_note.data = ""  # a note describes this edit, never the previous one
    if form.validate_on_submit():
        try:
            version, created = services.save_version(
                standard,
                int(form.base_version.data),
                form.title.data,
                form.statement.data,
                form.level.data,
                form.change_note.data,
                current_user._get_current_object(),
            )
        except services.VersionConflict as exc:
            db.session.rollback()
            return _conflict(standard, partnership, form, exc)
        except (DomainError, ValueError) as exc:
            show_on_form(
                form,
                exc
                if isinstance(exc, DomainError)
                else DomainError("The form is out of date; reload the page.", field="base_version"),
            )
        else:
            db.session.commit()
            if created:
                flash(f"Saved as version {version.number}.", "success")
            else:
                flash("Nothing changed, so no new version was added.", "info")
            return redirect(url_for("standards.standard", standard_id=standard.id))
    return render_template(
        "standards/edit.html",
        form=form,
        standard=standard,
        partnership=partnership,
        perms=perms,
        current=current,
        quorum=services.quorum(current, partnership),
        ancestors=ancestors(standard),
    )


def _conflict(standard, partnership, form, exc):
    """Someone saved first: show both texts and the diff, and keep the editor's text."""
    current = exc.current
    theirs = {"title": current.title, "statement": current.statement, "level": current.level}
    mine = {"title": form.title.data, "statement": form.statement.data, "level": form.level.data}
    form.base_version.data = str(current.number)  # saving again means "I merged with this one"
    return render_template(
        "standards/conflict.html",
        form=form,
        standard=standard,
        partnership=partnership,
        current=current,
        base_number=exc.base_number,
        mine=mine,
        theirs=theirs,
        title_diff=word_diff(theirs["title"], mine["title"]),
        statement_diff=word_diff(theirs["statement"], mine["statement"]),
        has_changes=has_changes,
        ancestors=ancestors(standard),
    ), 409


@bp.post("/standards/<int:standard_id>/revert/<int:number>")
@login_required
def revert(standard_id: int, number: int):
    standard, partnership, _perms = load_standard(standard_id)
    access.require(current_user, "edit_standards", standard.framework)
    if not ButtonForm().validate_on_submit():
        abort(400)
    base = params.integer("base_version", request.form)
    try:
        version = services.revert(standard, number, base, current_user._get_current_object())
    except DomainError as exc:
        db.session.rollback()
        flash(exc.message, "error")
        return redirect(url_for("standards.history", standard_id=standard.id))
    db.session.commit()
    flash(f"Version {version.number} restores the content of version {number}.", "success")
    return redirect(url_for("standards.history", standard_id=standard.id))


def _act(standard_id: int, action: str, number: int | None = None):
    """Load, authorise and check the CSRF of a button POST: (standard, partnership, version)."""
    standard, partnership, _perms = load_standard(standard_id)
    access.require(current_user, action, standard.framework)
    if not ButtonForm().validate_on_submit():
        abort(400)
    version = services.get_version(standard, number) if number is not None else None
    return standard, partnership, version


def _done(standard: Standard, message: str, anchor: str = ""):
    db.session.commit()
    flash(message, "success")
    return redirect(url_for("standards.standard", standard_id=standard.id) + anchor)


def _refused(standard: Standard, exc: DomainError, anchor: str = ""):
    db.session.rollback()
    flash(exc.message, "error")
    return redirect(url_for("standards.standard", standard_id=standard.id) + anchor)


# The convener's moves of a version: what each calls, and what it says when done.
STATUS_MOVES = {
    "review": (
        lambda standard, version: services.move_to_review(standard, version),
        "Version {n} is in review: panelists can endorse it.",
    ),
    "publish": (
        lambda standard, version: services.publish(
            standard, version, current_user._get_current_object()
        ),
        "Version {n} is published.",
    ),
    "retire": (
        lambda standard, version: services.retire_version(standard, version),
        "Version {n} is retired.",
    ),
}


@bp.post("/standards/<int:standard_id>/versions/<int:number>/<any(review, publish, retire):move>")
@login_required
def change_status(standard_id: int, number: int, move: str):
    """Send a draft to review, publish a version, or retire the published one (conveners)."""
    standard, _p, version = _act(standard_id, "publish", number)
    operation, message = STATUS_MOVES[move]
    try:
        operation(standard, version)
    except DomainError as exc:
        return _refused(standard, exc)
    return _done(standard, message.format(n=number))


@bp.post("/standards/<int:standard_id>/versions/<int:number>/endorse")
@login_required
def endorse(standard_id: int, number: int):
    standard, partnership, _perms = load_standard(standard_id)
    access.require(current_user, "endorse", standard.framework)
    form = EndorseForm()
    if not form.validate_on_submit():
        abort(400, "The note is too long (1,000 characters at most).")
    version = services.get_version(standard, number)
    try:
        services.endorse(standard, version, current_user._get_current_object(), form.note.data)
    except DomainError as exc:
        return _refused(standard, exc, "#endorsements")
    return _done(
        standard,
        f"{current_user.organization.name} endorses version {number}.",
        "#endorsements",
    )


@bp.post("/standards/<int:standard_id>/versions/<int:number>/withdraw")
@login_required
def withdraw(standard_id: int, number: int):
    standard, _p, version = _act(standard_id, "endorse", number)
    try:
        services.withdraw_endorsement(standard, version, current_user._get_current_object())
    except DomainError as exc:
        return _refused(standard, exc, "#endorsements")
    return _done(standard, "Your organization's endorsement is withdrawn.", "#endorsements")


@bp.post("/standards/<int:standard_id>/reorder/<direction>")
@login_required
def reorder(standard_id: int, direction: str):
    standard, _p, _v = _act(standard_id, "edit_standards")
    try:
        tree.reorder(standard, direction)
    except DomainError as exc:
        abort(400, exc.message)
    db.session.commit()
    # Back to the tree, still in its "edit order" mode when the move came from there.
    order = "1" if request.form.get("order") else None
    return redirect(
        url_for("standards.framework", framework_id=standard.framework_id, order=order)
        + f"#s{standard.id}"
    )


@bp.post("/standards/<int:standard_id>/place")
@login_required
def place(standard_id: int):
    """Drag and drop: put the standard at ?position among its siblings (answers JSON)."""
    standard, partnership, _perms = load_standard(standard_id)
    access.require(current_user, "edit_standards", standard.framework)
    form = PlaceForm()
    if not form.validate_on_submit():
        return jsonify(error="Send the new position.", status=400), 400
    tree.place(standard, form.position.data)
    db.session.commit()
    return jsonify(status="ok", position=standard.position)


@bp.post("/standards/<int:standard_id>/move")
@login_required
def move(standard_id: int):
    standard, partnership, _perms = load_standard(standard_id)
    access.require(current_user, "edit_standards", standard.framework)
    form = move_form(standard)
    if form is None or not form.validate_on_submit():
        abort(400, "Choose where to move it.")
    try:
        tree.move(standard, db.session.get(Standard, form.parent_id.data))
    except DomainError as exc:
        return _refused(standard, exc)
    return _done(standard, f"{standard.code} moved. Renumber the framework to update codes.")


@bp.post("/standards/<int:standard_id>/code")
@login_required
def set_code(standard_id: int):
    standard, partnership, _perms = load_standard(standard_id)
    access.require(current_user, "edit_standards", standard.framework)
    form = CodeForm()
    if not form.validate_on_submit():
        abort(400, "Enter a code.")
    try:
        tree.set_code(standard, form.code.data)
    except DomainError as exc:
        return _refused(standard, exc)
    return _done(standard, f"The code is now {standard.code}.")


@bp.post("/standards/<int:standard_id>/retire")
@login_required
def retire(standard_id: int):
    standard, _p, _v = _act(standard_id, "edit_standards")
    retired = request.form.get("restore") is None
    try:
        tree.set_retired(standard, retired)
    except DomainError as exc:
        return _refused(standard, exc)
    return _done(standard, f"{standard.code} is {'retired' if retired else 'restored'}.")


# --- Comments ------------------------------------------------------------------------------


@bp.post("/standards/<int:standard_id>/comments")
@login_required
def comment(standard_id: int):
    standard, partnership, perms = load_standard(standard_id)
    access.require(current_user, "comment", standard.framework)
    form = CommentForm()
    form.version_id.choices = version_choices(standard)
    if not form.validate_on_submit():
        flash(
            form.body.errors[0] if form.body.errors else "The comment could not be read.", "error"
        )
        return redirect(url_for("standards.standard", standard_id=standard.id) + "#comments")
    parent_id = params.integer("parent_id", request.form)
    parent = db.session.get(Comment, parent_id) if parent_id else None
    version = None
    if form.version_id.data:
        version = next(
            (v for v in services.versions_of(standard) if v.id == form.version_id.data), None
        )
    try:
        new = services.add_comment(
            standard,
            current_user._get_current_object(),
            form.body.data,
            version=version,
            parent=parent,
        )
    except DomainError as exc:
        return _refused(standard, exc, "#comments")
    return _done(standard, "Comment added.", f"#c{new.parent_id or new.id}")


@bp.post("/standards/<int:standard_id>/comments/<int:comment_id>/<any(resolve, reopen):what>")
@login_required
def resolve_comment(standard_id: int, comment_id: int, what: str):
    standard, _p, _v = _act(standard_id, "comment")
    target = db.get_or_404(Comment, comment_id)
    try:
        services.set_resolved(
            standard, target, current_user._get_current_object(), what == "resolve"
        )
    except DomainError as exc:
        return _refused(standard, exc, "#comments")
    return _done(
        standard, f"Comment {'resolved' if what == 'resolve' else 'reopened'}.", f"#c{target.id}"
    )
