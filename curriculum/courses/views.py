"""Course pages: the list, a course, create and edit; the blueprint the program pages
(program_views.py) register on too."""

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
from curriculum.courses.forms import CourseForm
from curriculum.courses.models import Program, ProgramCourse
from curriculum.errors import DomainError, show_on_form
from curriculum.extensions import db
from curriculum.organizations.models import Organization

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
    course = services.get_course(course_id)
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
    return render_template(
        "courses/course.html",
        course=course,
        alignments=alignments,
        stale=alignment.stale_with_diffs(stale, current_user),
        programs=programs,
        frameworks=frameworks,
        can_edit=can_edit,
    )


def _course_data(form: CourseForm) -> dict:
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
    if request.method == "GET":
        form.learning_outcomes.data = "\n".join(o.text for o in course.outcomes)
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


# The program pages register on this blueprint (their endpoints stay courses.program, …).
from curriculum.courses import program_views  # noqa: E402, F401
