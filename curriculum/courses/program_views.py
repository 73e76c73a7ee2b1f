"""Program pages (on the courses blueprint): the list, a program (read view; `?edit=1` the edit
mode: terms, required or elective, elective groups, adding an existing course of the college,
removing one, copying), create and edit a program.

A form of the edit mode that fails answers 400 with the edit page again: what was typed stays
in that form, with the message beside it, and nothing is changed.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from wtforms.fields.choices import SelectChoice

from curriculum import access, params
from curriculum.alignment import services as alignment
from curriculum.courses import groups, program_page, services
from curriculum.courses.forms import (
    CopyForm,
    EntryForm,
    GroupForm,
    ProgramCourseForm,
    ProgramForm,
)
from curriculum.courses.models import Course, Program, ProgramCourse
from curriculum.courses.views import _college_choices, _listing, bp
from curriculum.errors import DomainError, NotFound, show_on_form
from curriculum.exports import services as exports
from curriculum.extensions import db
from curriculum.ladders.reach import steps_for_program
from curriculum.organizations.models import Organization
from curriculum.partnerships.models import Partnership
from curriculum.standards.models import Framework


@bp.get("/programs/")
def program_list():
    return _listing("courses/programs.html", services.search_programs)


# A program can have hundreds of stale alignments after a framework is republished: its page
# lists the first ones (by course) and the total; each course page lists all of its own.
PAGE_STALE = 25


def _page(program: Program, *, edit: bool, failed: str = "", message: str = "", status=200):
    """The program page; in the edit mode, `failed` names the form that failed (its typed
    values are the request's form) and `message` says why."""
    can_edit = access.can(current_user, "edit", program)
    stale, stale_total = (
        alignment.first_stale(alignment.program_courses(program), PAGE_STALE)
        if can_edit
        else ([], 0)
    )
    source = request.form if request.method == "POST" else request.args
    q = params.search_text("q", source) if edit else ""
    return render_template(
        "courses/program.html",
        program=program,
        page=program_page.gather(program),
        figures=program_page.figures(
            program, drafts=access.sees_drafts(current_user, program.partnership)
        ),
        stale=alignment.stale_with_diffs(stale, current_user) if edit else [],
        stale_total=stale_total,
        can_edit=can_edit,
        edit=edit,
        q=q,
        candidates=program_page.candidates(program, current_user, q) if edit else None,
        failed=failed,
        message=message,
        typed=request.form if failed else {},
        exports=exports.recent_jobs(current_user, program),
        ladder_steps=[] if edit else steps_for_program(program, current_user),
    ), status


@bp.get("/programs/<int:program_id>")
def program(program_id: int):
    program = services.get_program(program_id)
    edit = request.args.get("edit") == "1"
    if edit:
        access.require(current_user, "edit", program)
    return _page(program, edit=edit)


def _program_choices(form: ProgramForm, college: Organization | None):
    partnerships = list(db.session.scalars(db.select(Partnership).order_by(Partnership.name)))
    if college is not None:
        partnerships = [p for p in partnerships if college in p.organizations]
    form.partnership_id.choices = [SelectChoice(p.id, p.name) for p in partnerships]
    form.framework_ids.choices = [
        SelectChoice(f.id, f"{f.title} ({f.partnership.name})")
        for f in db.session.scalars(
            db.select(Framework)
            .options(db.joinedload(Framework.partnership))
            .where(Framework.partnership_id.in_([p.id for p in partnerships]))
            .order_by(Framework.title)
        )
    ]


@bp.route("/programs/new", methods=["GET", "POST"])
@login_required
def create_program():
    form = ProgramForm()
    form.organization_id.choices = _college_choices(current_user)
    if not form.organization_id.choices:
        abort(403, "Only faculty of a college, and conveners of its partnerships, add programs.")
    _program_choices(form, None)
    if form.validate_on_submit():
        college = db.get_or_404(Organization, form.organization_id.data)
        access.require(current_user, "keep_courses", college)
        try:
            program = services.create_program(college, form.data, by=current_user)
        except DomainError as exc:
            show_on_form(form, exc)
        else:
            db.session.commit()
            flash(f"{program.name} ({program.catalog_year}) created. Add its courses.", "success")
            return redirect(url_for("courses.program", program_id=program.id, edit=1))
    return render_template("courses/program_form.html", form=form, program=None)


@bp.route("/programs/<int:program_id>/edit", methods=["GET", "POST"])
@login_required
def edit_program(program_id: int):
    program = services.get_program(program_id)
    access.require(current_user, "edit", program)
    form = ProgramForm(obj=program)
    del form.organization_id  # a program stays with its college (the page does not offer it)
    _program_choices(form, program.organization)
    if request.method == "GET":
        form.framework_ids.data = [f.id for f in program.frameworks]
    if form.validate_on_submit():
        try:
            services.update_program(program, form.data, by=current_user)
        except DomainError as exc:
            show_on_form(form, exc)
        else:
            db.session.commit()
            flash("Program saved.", "success")
            return redirect(url_for("courses.program", program_id=program.id))
    return render_template("courses/program_form.html", form=form, program=program)


# --- The edit mode's forms -----------------------------------------------------------------


def _editable_program(program_id: int) -> Program:
    program = services.get_program(program_id)
    access.require(current_user, "edit", program)
    return program


def _entry_of(program: Program, entry_id: int) -> ProgramCourse:
    entry = db.session.get(ProgramCourse, entry_id)
    if entry is None or entry.program_id != program.id:
        raise NotFound()
    return entry


def _done(program: Program, message: str, anchor: str = "courses", q: str = ""):
    flash(message, "success")
    if q:
        url = url_for("courses.program", program_id=program.id, edit=1, q=q, _anchor=anchor)
    else:
        url = url_for("courses.program", program_id=program.id, edit=1, _anchor=anchor)
    return redirect(url)


def _failed(program_id: int, which: str, message: str):
    """Nothing changed: the edit page again with the failed form as typed and the message."""
    db.session.rollback()
    program = services.get_program(program_id)
    return _page(program, edit=True, failed=which, message=message, status=400)


def _form_error(form) -> str:
    for f in form:
        if f.errors:
            if f.name == "csrf_token":
                return "Your session expired before you sent the form. Please send it again."
            return str(f.errors[0])
    return "Check the form and send it again."


@bp.post("/programs/<int:program_id>/courses")
@login_required
def add_program_course(program_id: int):
    program = _editable_program(program_id)
    form = ProgramCourseForm()
    form.course_id.choices = [
        SelectChoice(c.id, c.code)
        for c in db.session.scalars(
            db.select(Course).where(Course.organization_id == program.organization_id)
        )
    ]
    which = f"add-{request.form.get('course_id', '')}"
    if not form.validate_on_submit():
        return _failed(program_id, which, _form_error(form))
    try:
        entry = services.add_course(
            program,
            db.get_or_404(Course, form.course_id.data),
            form.term.data,
            form.required.data,
            by=current_user,
        )
    except DomainError as exc:
        return _failed(program_id, which, exc.message)
    db.session.commit()
    return _done(
        program,
        f"{entry.course.code} added to term {entry.term}.",
        q=params.search_text("q", request.form),
    )


@bp.post("/programs/<int:program_id>/courses/<int:entry_id>")
@login_required
def update_program_course(program_id: int, entry_id: int):
    program = _editable_program(program_id)
    entry = _entry_of(program, entry_id)
    form = EntryForm()
    form.group_id.choices = [SelectChoice(None, "No group")] + [
        SelectChoice(g.id, g.name) for g in program.elective_groups
    ]
    which = f"entry-{entry.id}"
    if not form.validate_on_submit():
        return _failed(program_id, which, _form_error(form))
    group_id = form.group_id.data
    if group_id is not None and form.required.data:
        return _failed(
            program_id,
            which,
            f"{entry.course.code}: a course in an elective group is an elective. "
            "Untick Required, or choose no group.",
        )
    try:
        services.update_entry(program, entry, form.term.data, form.required.data)
        if group_id != entry.group_id:
            groups.put_in_group(program, entry, group_id)
    except DomainError as exc:
        return _failed(program_id, which, exc.message)
    db.session.commit()
    kind = program_page.gather(program).kind(entry)
    return _done(program, f"{entry.course.code}: term {entry.term}, {kind[:1].lower()}{kind[1:]}.")


@bp.post("/programs/<int:program_id>/courses/<int:entry_id>/remove")
@login_required
def remove_program_course(program_id: int, entry_id: int):
    program = _editable_program(program_id)
    entry = _entry_of(program, entry_id)
    code = entry.course.code
    services.remove_course(program, entry)
    db.session.commit()
    return _done(program, f"{code} removed from the program (the course itself stays).")


@bp.post("/programs/<int:program_id>/groups")
@login_required
def add_program_group(program_id: int):
    program = _editable_program(program_id)
    form = GroupForm()
    if not form.validate_on_submit():
        return _failed(program_id, "group-new", _form_error(form))
    try:
        group = groups.add_group(program, form.name.data, form.choose.data or "1")
    except DomainError as exc:
        return _failed(program_id, "group-new", exc.message)
    db.session.commit()
    return _done(
        program, f"Elective group {group.name} added: put courses in it below.", anchor="groups"
    )


@bp.post("/programs/<int:program_id>/groups/<int:group_id>")
@login_required
def edit_program_group(program_id: int, group_id: int):
    program = _editable_program(program_id)
    form = GroupForm()
    which = f"group-{group_id}"
    if not form.validate_on_submit():
        return _failed(program_id, which, _form_error(form))
    try:
        group = groups.edit_group(program, group_id, form.name.data, form.choose.data)
    except DomainError as exc:
        return _failed(program_id, which, exc.message)
    db.session.commit()
    return _done(program, f"Elective group {group.name} saved.", anchor="groups")


@bp.post("/programs/<int:program_id>/groups/<int:group_id>/delete")
@login_required
def delete_program_group(program_id: int, group_id: int):
    program = _editable_program(program_id)
    form = GroupForm()
    if not form.validate_on_submit():
        return _failed(program_id, f"group-{group_id}", _form_error(form))
    groups.delete_group(program, group_id)
    db.session.commit()
    return _done(
        program, "Elective group removed; its courses stay, as free electives.", anchor="groups"
    )


@bp.post("/programs/<int:program_id>/copy")
@login_required
def copy_program(program_id: int):
    program = _editable_program(program_id)
    form = CopyForm()
    if not form.validate_on_submit():
        return _failed(program_id, "copy", "Enter the new catalog year, for example 2027-2028.")
    try:
        copy = services.copy_program(program, form.catalog_year.data.strip())
    except DomainError as exc:
        return _failed(program_id, "copy", exc.message)
    db.session.commit()
    flash(f"Copied to {copy.catalog_year}, with its courses and their alignments.", "success")
    return redirect(url_for("courses.program", program_id=copy.id))
