"""Aligning a course to standards, re-confirming stale alignments, removing alignments."""

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from curriculum import access, params
from curriculum.alignment import bulk, services
from curriculum.alignment.models import Alignment, AlignmentLevel
from curriculum.auth.views import safe_next
from curriculum.courses.models import ProgramCourse, ProgramFramework
from curriculum.courses.services import get_course
from curriculum.errors import DomainError
from curriculum.extensions import db
from curriculum.standards.tree import get_framework, load_tree

bp = Blueprint("alignment", __name__)


@bp.route("/courses/<int:course_id>/align", methods=["GET", "POST"])
@login_required
def align(course_id: int):
    """Tick the standards a course covers, with a level and how it is taught or assessed."""
    course = get_course(course_id)
    access.require(current_user, "edit", course)
    frameworks = services.frameworks_for(course)
    if not frameworks:
        abort(400, f"{course.organization.name} takes part in no partnership with a framework.")
    framework_id = params.integer("framework", request.values) or _default_framework(
        course, frameworks
    )
    framework = get_framework(framework_id)
    bulk.check_framework(course, framework)
    drafts = access.can(current_user, "view_drafts", framework.partnership)
    q = params.search_text()
    nodes = load_tree(framework, drafts=drafts, q=q)
    existing = {
        a.standard_id: a for a in services.alignments_of_course(course) if a.outcome_id is None
    }
    state: dict[int, dict[str, Any]] = {
        sid: {"ticked": True, "level": a.level.value, "note": a.note} for sid, a in existing.items()
    }
    errors: dict[int, str] = {}
    if request.method == "POST":
        # Rows shown only as the context of a search carry no tick box: never remove theirs.
        shown = set(params.ids("shown")) & {n.standard.id for n in nodes if n.matches}
        ticked = set(params.ids("standard"))
        rows = [
            bulk.Row(
                sid,
                sid in ticked,
                request.form.get(f"level-{sid}"),
                request.form.get(f"note-{sid}"),
            )
            for sid in sorted(shown)
        ]
        try:
            saved = bulk.sync(course, framework, rows, current_user, scope=shown)
        except bulk.RowErrors as exc:
            db.session.rollback()
            errors = exc.rows
            state |= {
                r.standard_id: {"ticked": r.ticked, "level": r.level, "note": r.note} for r in rows
            }
            flash("Nothing was saved: fix the rows marked below.", "error")
        else:
            db.session.commit()
            flash(
                f"Alignments saved: {saved.added} added, {saved.updated + saved.unchanged} kept "
                f"or updated, {saved.removed} removed.",
                "success",
            )
            return redirect(url_for("courses.course", course_id=course.id) + "#alignments")
    return render_template(
        "alignment/align.html",
        course=course,
        framework=framework,
        frameworks=frameworks,
        nodes=nodes,
        q=q,
        state=state,
        existing=existing,
        errors=errors,
        levels=list(AlignmentLevel),
        default_level=bulk.DEFAULT_LEVEL,
    ), (400 if errors else 200)


def _default_framework(course, frameworks: list) -> int:
    """A framework a program containing this course answers to, else the first available."""
    used = set(
        db.session.scalars(
            db.select(ProgramFramework.framework_id)
            .join(ProgramCourse, ProgramCourse.program_id == ProgramFramework.program_id)
            .where(ProgramCourse.course_id == course.id)
        )
    )
    return next((f.id for f in frameworks if f.id in used), frameworks[0].id)


def _back(alignment_course_id: int):
    target = safe_next(request.form.get("next"))
    return redirect(target or url_for("courses.course", course_id=alignment_course_id))


@bp.post("/alignments/<int:alignment_id>/confirm")
@login_required
def confirm(alignment_id: int):
    alignment = services.get_alignment(alignment_id)
    access.require(current_user, "edit", alignment.course)
    try:
        services.confirm(alignment, current_user)
    except DomainError as exc:
        db.session.rollback()
        flash(exc.message, "error")
    else:
        db.session.commit()
        flash(
            f"{alignment.course.code} → {alignment.standard.code} re-confirmed against "
            f"version {alignment.version.number}.",
            "success",
        )
    return _back(alignment.course_id)


@bp.post("/alignments/confirm")
@login_required
def confirm_selected():
    ids = params.ids("alignment")
    if not ids:
        flash("Tick the alignments to re-confirm first.", "error")
        return redirect(safe_next(request.form.get("next")) or url_for("site.home"))
    alignments = [services.get_alignment(i) for i in ids]
    for a in alignments:
        access.require(current_user, "edit", a.course)
    confirmed = 0
    for a in alignments:
        if a.is_stale:
            try:
                services.confirm(a, current_user)
            except services.AlignmentError:
                continue  # re-confirmed by someone else meanwhile: nothing left to do
            confirmed += 1
    db.session.commit()
    flash(f"{confirmed} alignment{'s' if confirmed != 1 else ''} re-confirmed.", "success")
    return redirect(safe_next(request.form.get("next")) or url_for("site.home"))


@bp.post("/alignments/<int:alignment_id>/remove")
@login_required
def remove(alignment_id: int):
    alignment: Alignment = services.get_alignment(alignment_id)
    access.require(current_user, "edit", alignment.course)
    course_id, text = alignment.course_id, f"{alignment.course.code} → {alignment.standard.code}"
    services.remove(alignment)
    db.session.commit()
    flash(f"Alignment {text} removed.", "success")
    return _back(course_id)
