"""Course and program pages: lists, a course, a program with its terms, create, edit, copy."""

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user, login_required
from wtforms.fields.choices import SelectChoice

from curriculum import access, params
from curriculum.alignment import services as alignment
from curriculum.courses import services
from curriculum.courses.forms import (
    CopyForm,
    CourseForm,
    EntryForm,
    OutcomeForm,
    ProgramCourseForm,
    ProgramForm,
)
from curriculum.courses.models import Course, Program, ProgramCourse
from curriculum.errors import DomainError, show_on_form
from curriculum.exports import services as exports
from curriculum.extensions import db
from curriculum.organizations.models import Organization
from curriculum.partnerships.models import Partnership
from curriculum.standards.models import Framework

bp = Blueprint("courses", __name__)


def _college_choices(user, current: Organization | None = None) -> list[SelectChoice]:
    colleges = services.colleges_for(user)
    if current is not None and current not in colleges:
        colleges.append(current)
    return [SelectChoice(c.id, c.name) for c in colleges]


def _colleges_filter():
    return list(
        db.session.scalars(
            db.select(Organization)
            .where(Organization.kind.in_(list(services.TEACHING_KINDS)))
            .order_by(Organization.name)
        )
    )


def _listing(template: str, search):
    """A searchable, paged list of courses or programs, filtered by college."""
    q = params.search_text()
    college = params.integer("college")
    page = db.paginate(
        search(q, college),
        page=params.page(),
        per_page=current_app.config["PER_PAGE"],
        error_out=False,
    )
    can_create = current_user.is_authenticated and bool(services.colleges_for(current_user))
    return render_template(
        template,
        page=page,
        q=q,
        college=college,
        colleges=_colleges_filter(),
        can_create=can_create,
    )


# --- Courses -------------------------------------------------------------------------------


@bp.get("/courses/")
def course_list():
    return _listing("courses/courses.html", services.search_courses)


@bp.get("/courses/<int:course_id>")
def course(course_id: int):
    return course_page(services.get_course(course_id))


def course_page(course: Course, outcome_form: OutcomeForm | None = None, status: int = 200):
    """The course page: its outcomes with the standards each serves, its alignments (by
    outcome, or course-level), its programs; `outcome_form` a failed "add an outcome" form."""
    alignments = alignment.alignments_of_course(course)
    frameworks = alignment.frameworks_for(course)
    can_edit = access.can(current_user, "edit", course)
    # Stale alignments with their diffs are work for those who keep the course (a pinned
    # version may be a draft that the reader may not see).
    stale = [a for a in alignments if a.is_stale] if can_edit else []
    programs = list(
        db.session.scalars(
            db.select(Program)
            .join(ProgramCourse)
            .where(ProgramCourse.course_id == course.id)
            .order_by(Program.catalog_year.desc(), Program.name)
        )
    )
    serving: dict[int | None, list] = {}
    for a in alignments:
        serving.setdefault(a.outcome_id, []).append(a)
    html = render_template(
        "courses/course.html",
        course=course,
        alignments=alignments,
        serving=serving,
        course_level=serving.get(None, []),
        outcome_form=outcome_form or (OutcomeForm(formdata=None) if can_edit else None),
        stale=alignment.stale_with_diffs(stale, current_user),
        programs=programs,
        frameworks=frameworks,
        can_edit=can_edit,
    )
    return html, status


def _course_data(form: CourseForm) -> dict:
    if "learning_outcomes" not in form:  # the edit form: outcomes are kept one by one
        return dict(form.data)
    return {**form.data, "learning_outcomes": (form.learning_outcomes.data or "").splitlines()}


@bp.route("/courses/new", methods=["GET", "POST"])
@login_required
def create_course():
    form = CourseForm()
    form.organization_id.choices = _college_choices(current_user)
    if not form.organization_id.choices:
        abort(403, "Only faculty of a college, and conveners of its partnerships, add courses.")
    if form.validate_on_submit():
        college = db.get_or_404(Organization, form.organization_id.data)
        access.require(current_user, "keep_courses", college)
        try:
            course = services.create_course(college, _course_data(form))
        except DomainError as exc:
            show_on_form(form, exc)
        else:
            db.session.commit()
            flash(f"{course.code} added.", "success")
            return redirect(url_for("courses.course", course_id=course.id))
    return render_template("courses/course_form.html", form=form, course=None)


@bp.route("/courses/<int:course_id>/edit", methods=["GET", "POST"])
@login_required
def edit_course(course_id: int):
    course = services.get_course(course_id)
    access.require(current_user, "edit", course)
    form = CourseForm(obj=course)
    del form.organization_id  # a course stays with its college: the edit page has no such field
    del form.learning_outcomes  # kept one by one on the course page (views_outcomes.py)
    if form.validate_on_submit():
        try:
            services.update_course(course, _course_data(form))
        except DomainError as exc:
            show_on_form(form, exc)
        else:
            db.session.commit()
            flash("Course saved.", "success")
            return redirect(url_for("courses.course", course_id=course.id))
    return render_template("courses/course_form.html", form=form, course=course)


# --- Programs ------------------------------------------------------------------------------


@bp.get("/programs/")
def program_list():
    return _listing("courses/programs.html", services.search_programs)


# A program can have hundreds of stale alignments after a framework is republished: its page
# lists the first ones (by course) and the total; each course page lists all of its own.
PAGE_STALE = 25


@bp.get("/programs/<int:program_id>")
def program(program_id: int):
    program = services.get_program(program_id)
    can_edit = access.can(current_user, "edit", program)
    add_form = None
    if can_edit:
        add_form = ProgramCourseForm()
        taken = {pc.course_id for pc in program.courses}
        college_courses = db.session.scalars(
            db.select(Course)
            .where(Course.organization_id == program.organization_id)
            .order_by(Course.code)
        ).all()
        add_form.course_id.choices = [
            SelectChoice(c.id, f"{c.code} {c.title}")
            for c in access.addable_courses(current_user, program, list(college_courses))
            if c.id not in taken
        ]
    stale, stale_total = (
        alignment.first_stale(alignment.program_courses(program), PAGE_STALE)
        if can_edit
        else ([], 0)
    )
    terms: dict[int, list[ProgramCourse]] = {}
    for pc in program.courses:
        terms.setdefault(pc.term, []).append(pc)
    return render_template(
        "courses/program.html",
        program=program,
        terms=sorted(terms.items()),
        stale=alignment.stale_with_diffs(stale, current_user),
        stale_total=stale_total,
        can_edit=can_edit,
        add_form=add_form,
        copy_form=CopyForm(),
        entry_form=EntryForm(),
        exports=exports.recent_jobs(current_user, program),
    )


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
            return redirect(url_for("courses.program", program_id=program.id))
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


def _editable_program(program_id: int) -> Program:
    program = services.get_program(program_id)
    access.require(current_user, "edit", program)
    return program


def _back(program: Program, message: str, category: str = "success"):
    flash(message, category)
    return redirect(url_for("courses.program", program_id=program.id) + "#courses")


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
    if not form.validate_on_submit():
        errors = [e for f in form for e in f.errors]
        return _back(program, errors[0] if errors else "Choose a course and a term.", "error")
    try:
        entry = services.add_course(
            program,
            db.get_or_404(Course, form.course_id.data),
            form.term.data,
            form.required.data,
            by=current_user,
        )
    except DomainError as exc:
        db.session.rollback()
        return _back(program, exc.message, "error")
    db.session.commit()
    return _back(program, f"{entry.course.code} added to term {entry.term}.")


@bp.post("/programs/<int:program_id>/courses/<int:entry_id>")
@login_required
def update_program_course(program_id: int, entry_id: int):
    program = _editable_program(program_id)
    entry = db.get_or_404(ProgramCourse, entry_id)
    form = EntryForm()
    if not form.validate_on_submit():
        return _back(program, "The term is a number from 1 to 12.", "error")
    services.update_entry(program, entry, form.term.data, form.required.data)
    db.session.commit()
    return _back(
        program,
        f"{entry.course.code}: term {entry.term}, {'required' if entry.required else 'elective'}.",
    )


@bp.post("/programs/<int:program_id>/courses/<int:entry_id>/remove")
@login_required
def remove_program_course(program_id: int, entry_id: int):
    program = _editable_program(program_id)
    entry = db.get_or_404(ProgramCourse, entry_id)
    code = entry.course.code
    services.remove_course(program, entry)
    db.session.commit()
    return _back(program, f"{code} removed from the program (the course itself stays).")


@bp.post("/programs/<int:program_id>/copy")
@login_required
def copy_program(program_id: int):
    program = _editable_program(program_id)
    form = CopyForm()
    if not form.validate_on_submit():
        return _back(program, "Enter the new catalog year, for example 2027-2028.", "error")
    try:
        copy = services.copy_program(program, form.catalog_year.data.strip())
    except DomainError as exc:
        db.session.rollback()
        return _back(program, exc.message, "error")
    db.session.commit()
    flash(f"Copied to {copy.catalog_year}, with its courses and their alignments.", "success")
    return redirect(url_for("courses.program", program_id=copy.id))


# The learning outcomes' routes live beside these.
from curriculum.courses import views_outcomes  # noqa: E402, F401
