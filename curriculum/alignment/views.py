"""Aligning a course to standards, re-confirming stale alignments, removing alignments."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from curriculum import access, params
from curriculum.alignment import align_page, bulk, gaps, services
from curriculum.alignment.models import Alignment, AlignmentLevel
from curriculum.auth.views import safe_next
from curriculum.courses.models import ProgramCourse, ProgramFramework
from curriculum.courses.services import get_course, get_program
from curriculum.errors import DomainError
from curriculum.extensions import db
from curriculum.standards.models import Standard
from curriculum.standards.tree import get_framework

bp = Blueprint("alignment", __name__)


@bp.route("/courses/<int:course_id>/align", methods=["GET", "POST"])
@login_required
def align(course_id: int):
    """Align the course as a whole, or one of its learning outcomes, to the standards of one
    critical work function or of a filtered set, a page at a time; a save applies the rows
    that changed only."""
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
    outcome = align_page.outcome_of(course, params.integer("outcome", request.values))
    drafts = access.can(current_user, "view_drafts", framework.partnership)
    page = align_page.build(
        course, framework, outcome, _filters(framework), drafts=drafts, page=params.page()
    )
    state = page.state()
    errors: dict[int, str] = {}
    if request.method == "POST":
        posted = _posted(page.matched_ids)
        rows = align_page.changed_rows(posted, page.existing)
        who = services.describe(course, outcome)
        try:
            saved = bulk.sync(
                course,
                framework,
                rows,
                current_user,
                scope={r.standard_id for r in rows},
                outcome=outcome,
            )
        except bulk.RowErrors as exc:
            db.session.rollback()
            errors = exc.rows
            state |= align_page.typed_state(posted, page.existing)
            flash(exc.message, "error")
        else:
            db.session.commit()
            if rows:
                flash(
                    f"Alignments of {who} saved: {saved.added} added, {saved.updated} updated, "
                    f"{saved.removed} removed.",
                    "success",
                )
            else:
                flash("Nothing was changed, so nothing was saved.", "info")
            return redirect(request.full_path.rstrip("?"))
    return render_template(
        "alignment/align.html",
        course=course,
        framework=framework,
        frameworks=frameworks,
        page=page,
        state=state,
        errors=errors,
        levels=list(AlignmentLevel),
        default_level=bulk.DEFAULT_LEVEL,
        holder=align_page.holder_label(course, outcome),
        holder_label=align_page.holder_label,
        link=_link(course, framework, outcome, page.filters),
    ), (400 if errors else 200)


def _filters(framework) -> align_page.Filters:
    """The page's filters from the query string (see align_page.Filters)."""
    standard = align_page.standard_in(framework, params.integer("standard"))
    if standard is not None:
        access.require(current_user, "view", standard)
    cwf = params.integer("cwf")
    return align_page.Filters(
        cwf=cwf,
        whole="cwf" in request.args and cwf is None,
        standard=standard,
        q=params.search_text(),
        aligned=align_page.check_aligned(request.args.get("aligned", "").strip()),
    )


def _link(course, framework, outcome, filters: align_page.Filters):
    """A function building this page's URL with some of its filters changed."""
    current = {
        "framework": framework.id,
        "outcome": outcome.id if outcome is not None else None,
        "cwf": filters.cwf if filters.cwf is not None else "",  # "": the whole framework
        "standard": filters.standard.id if filters.standard is not None else None,
        "q": filters.q or None,
        "aligned": filters.aligned or None,
    }

    def link(**changes) -> str:
        args = {k: v for k, v in (current | changes).items() if v is not None}
        return url_for("alignment.align", course_id=course.id, **args)

    return link


def _posted(editable: set[int]) -> list[align_page.Posted]:
    """The rows the form sent (only standards this view edits: a row of another filter, or
    one shown only as a heading, is never saved from here)."""
    ticked = set(params.ids("standard"))
    return [
        align_page.Posted(
            sid,
            sid in ticked,
            request.form.get(f"level-{sid}"),
            request.form.get(f"note-{sid}"),
            request.form.get(f"was-level-{sid}"),
            request.form.get(f"was-note-{sid}"),
        )
        for sid in sorted(set(params.ids("shown")) & editable)
    ]


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


@bp.get("/programs/<int:program_id>/gaps/<int:standard_id>/align")
@login_required
def gap_align(program_id: int, standard_id: int):
    """ "Align a course to this": choose one of the program's courses for a standard of the
    program's frameworks, then go to that course's align page filtered to the standard, its
    outcomes best match first."""
    program = get_program(program_id)
    standard = db.session.get(Standard, standard_id)
    if (
        standard is None
        or standard.retired_at is not None
        or standard.framework_id not in {f.id for f in program.frameworks}
    ):
        abort(404)
    access.require(current_user, "view", standard)
    choices = gaps.course_choices(program, standard, current_user)
    error = ""
    course_id = params.integer("course")
    if course_id is not None:
        chosen = next((c for c in choices if c.entry.course_id == course_id), None)
        if chosen is None:
            error = f"Choose one of the courses of {program.name}."
        elif chosen.why_not:
            error = f"{chosen.entry.course.code}: {chosen.why_not}"
        else:
            return redirect(
                url_for(
                    "alignment.align",
                    course_id=course_id,
                    framework=standard.framework_id,
                    standard=standard.id,
                )
            )
    return render_template(
        "alignment/gap_align.html",
        program=program,
        standard=standard,
        version=access.shown_version(current_user, standard),
        choices=choices,
        chosen=course_id,
        error=error,
    ), (400 if error else 200)
