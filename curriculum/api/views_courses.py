"""API endpoints: courses, programs, aligning courses to standards, and a program's coverage."""

from flask import abort, current_app, request
from flask_login import current_user
from sqlalchemy.orm.attributes import set_committed_value

from curriculum import access, params
from curriculum.alignment import bulk, counting
from curriculum.alignment import coverage as coverage_model
from curriculum.alignment import services as alignment
from curriculum.alignment.models import Alignment
from curriculum.api import caching, inputs
from curriculum.api.schemas.alignment import Alignment as AlignmentOut
from curriculum.api.schemas.alignment import (
    AlignmentCounts,
    AlignmentInput,
    AlignmentRow,
    AlignmentSetInput,
    Coverage,
)
from curriculum.api.schemas.courses import (
    Course as CourseOut,
)
from curriculum.api.schemas.courses import (
    CourseDetail,
    CoursePage,
    ProgramDetail,
    ProgramPage,
)
from curriculum.api.schemas.courses import (
    Program as ProgramOut,
)
from curriculum.api.schemas.general import Error
from curriculum.api.views import bp
from curriculum.auth.models import User
from curriculum.courses import paths, services
from curriculum.courses.models import Course, CourseOutcome, Program
from curriculum.extensions import db
from curriculum.standards.models import Framework, Standard


def _user():
    return current_user._get_current_object()


def _paged(query, page, item) -> dict:
    found = db.paginate(
        query,
        page=params.page(),
        per_page=current_app.config["PER_PAGE"],
        error_out=False,
    )
    return page.of([item.of(row) for row in found.items], found).send()


def _search_args() -> tuple[str, int | None]:
    return params.search_text(), inputs.query_integer("college")


def _editable(course_id: int) -> Course:
    """The course, when the user may change its college's alignments (401, 403, 404 else)."""
    course = services.get_course(course_id)
    access.require(current_user, "edit", course)
    return course


def _alignment_of(course: Course, alignment_id: int) -> Alignment:
    found = alignment.get_alignment(alignment_id)
    if found.course_id != course.id:
        abort(404)
    return found


def _load_people(alignments: list[Alignment]) -> None:
    """Who made and re-confirmed the alignments, in one query rather than one per person."""
    ids = {a.created_by_id for a in alignments} | {a.confirmed_by_id for a in alignments}
    ids.discard(None)
    people = (
        {u.id: u for u in db.session.scalars(db.select(User).where(User.id.in_(ids)))}
        if ids
        else {}
    )
    for a in alignments:
        set_committed_value(a, "created_by", people.get(a.created_by_id))
        set_committed_value(a, "confirmed_by", people.get(a.confirmed_by_id))


# --- Courses -------------------------------------------------------------------------------


@bp.get("/courses")
def courses():
    """Courses by college and code; `q` keeps those with the words in code or title."""
    return _paged(services.search_courses(*_search_args()), CoursePage, CourseOut)


@bp.get("/courses/<int:course_id>")
def course(course_id: int):
    """A course with its alignments, by framework and code."""
    course = services.get_course(course_id)
    alignments = alignment.alignments_of_course(course)
    _load_people(alignments)
    found = [AlignmentOut.of(a, current_user) for a in alignments]
    return CourseDetail.of(course, alignments=found).send()


@bp.post("/courses/<int:course_id>/alignments")
def align(course_id: int):
    """Align the course to a standard, or change the level and note of its alignment to it."""
    return answer_align(_editable(course_id))


def answer_align(course: Course, outcome: CourseOutcome | None = None):
    """Align the course (course-level), or `outcome`, to the standard the body names: one code
    path for both endpoints (the outcome's: views_outcomes.py). 201 when new, else 200."""
    data = inputs.parse(AlignmentInput)
    standard_id, level, note = data.standard_id, data.level, data.note
    if note is None:  # left out: a new alignment has none, an existing one keeps its own
        note = db.session.scalar(
            db.select(Alignment.note).where(
                Alignment.course_id == course.id,
                Alignment.standard_id == standard_id,
                alignment.where_outcome(outcome.id if outcome is not None else None),
            )
        )
    found, created = alignment.align(
        course,
        db.session.get(Standard, standard_id),
        level,
        note or "",
        _user(),
        outcome=outcome,
    )
    db.session.commit()
    body = AlignmentOut.of(alignment.get_alignment(found.id), current_user)
    return body.send(), 201 if created else 200


@bp.put("/courses/<int:course_id>/alignments")
def set_alignments(course_id: int):
    """Make the course's alignments to one framework those listed as aligned; answer counts."""
    course = _editable(course_id)
    data = inputs.parse(AlignmentSetInput)
    framework = db.session.get(Framework, data.framework_id)
    if framework is None:
        raise inputs.InputError(f"There is no framework {data.framework_id}.", field="framework_id")
    rows = [_row(item) for item in data.alignments]
    try:
        saved = bulk.sync(course, framework, rows, _user())
    except bulk.RowErrors as exc:
        db.session.rollback()
        at = {row.standard_id: f"alignments[{i}]" for i, row in enumerate(rows)}
        fields = {at[sid]: message for sid, message in exc.rows.items()}
        refusal = Error(error=exc.message, status=exc.status, fields=fields)
        return refusal.send(), exc.status
    db.session.commit()
    return AlignmentCounts.from_object(saved).send()


def _row(item: AlignmentRow) -> bulk.Row:
    """One entry of a PUT's `alignments` list."""
    return bulk.Row(item.standard_id, item.aligned, item.level, item.note)


@bp.delete("/courses/<int:course_id>/alignments/<int:alignment_id>")
def remove_alignment(course_id: int, alignment_id: int):
    """Delete one of the course's alignments."""
    course = _editable(course_id)
    alignment.remove(_alignment_of(course, alignment_id))
    db.session.commit()
    return "", 204


@bp.post("/courses/<int:course_id>/alignments/<int:alignment_id>/confirm")
def confirm_alignment(course_id: int, alignment_id: int):
    """Re-confirm a stale alignment against the standard's published version."""
    course = _editable(course_id)
    found = _alignment_of(course, alignment_id)
    alignment.confirm(found, _user())
    db.session.commit()
    return AlignmentOut.of(alignment.get_alignment(found.id), current_user).send()


# --- Programs ------------------------------------------------------------------------------


@bp.get("/programs")
def programs():
    """Programs by name, newest catalog year first; `q` keeps those with the words in the name."""
    return _paged(services.search_programs(*_search_args()), ProgramPage, ProgramOut)


@bp.get("/programs/<int:program_id>")
def program(program_id: int):
    """A program with its frameworks and its courses by term, with credits (with an ETag and a
    Last-Modified)."""
    program = services.get_program(program_id)
    changed = caching.program_changed(program.id)
    tag = caching.etag("program", caching.program_rows(program.id), drafts=False)
    unchanged = caching.not_modified(tag, changed)
    if unchanged is not None:
        return unchanged
    return caching.tagged(ProgramDetail.of(program).send(), tag, changed)


def _framework(program: Program) -> Framework:
    """The framework asked for (?framework=id), else the program's first (one rule with the
    coverage page: `coverage.framework_of`)."""
    return coverage_model.framework_of(program, inputs.query_integer("framework"))


@bp.get("/programs/<int:program_id>/coverage")
def coverage(program_id: int):
    """Which standards of a framework the program's courses cover, how far, and the figures."""
    program = services.get_program(program_id)
    drafts = access.sees_drafts(current_user, program.partnership)
    framework = _framework(program)
    scope = paths.check_scope(request.args.get("scope"))  # refused before any 304
    count = counting.check_count(request.args.get("count"))
    changed = caching.program_changed(program.id, framework.id)
    tag = caching.etag("coverage", caching.coverage_rows(program.id, framework.id), drafts=drafts)
    unchanged = caching.not_modified(tag, changed)
    if unchanged is not None:
        return unchanged
    cov = coverage_model.coverage(
        program,
        framework,
        drafts=drafts,
        scope=scope,
        chosen=params.ids("elective", request.args),
        count=count,
    )
    return caching.tagged(Coverage.of(cov).send(), tag, changed)
