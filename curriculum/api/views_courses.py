"""API endpoints: courses, programs, aligning courses to standards, and a program's coverage."""

from dataclasses import asdict

from flask import abort, current_app, jsonify
from flask_login import current_user
from sqlalchemy.orm.attributes import set_committed_value

from curriculum import access, params
from curriculum.alignment import bulk
from curriculum.alignment import coverage as coverage_model
from curriculum.alignment import services as alignment
from curriculum.alignment.models import Alignment
from curriculum.api import inputs, serializers
from curriculum.api.views import bp
from curriculum.auth.models import User
from curriculum.courses import services
from curriculum.courses.models import Course, Program
from curriculum.extensions import db
from curriculum.standards.models import Framework, Standard


def _user():
    return current_user._get_current_object()


def _paged(query, serialize) -> dict:
    found = db.paginate(
        query,
        page=params.page(),
        per_page=current_app.config["PER_PAGE"],
        error_out=False,
    )
    return serializers.page([serialize(item) for item in found.items], found)


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
    return jsonify(_paged(services.search_courses(*_search_args()), serializers.course))


@bp.get("/courses/<int:course_id>")
def course(course_id: int):
    """A course with its alignments, by framework and code."""
    course = services.get_course(course_id)
    alignments = alignment.alignments_of_course(course)
    _load_people(alignments)
    return jsonify(serializers.course_detail(course, alignments, current_user))


@bp.post("/courses/<int:course_id>/alignments")
def align(course_id: int):
    """Align the course to a standard, or change the level and note of its alignment to it."""
    course = _editable(course_id)
    data = inputs.body()
    standard_id = inputs.integer(data, "standard_id", required=True)
    level = inputs.string(data, "level", required=True)
    note = inputs.string(data, "note")
    if note is None:  # left out: a new alignment has none, an existing one keeps its own
        note = db.session.scalar(
            db.select(Alignment.note).where(
                Alignment.course_id == course.id, Alignment.standard_id == standard_id
            )
        )
    found, created = alignment.align(
        course, db.session.get(Standard, standard_id), level, note or "", _user()
    )
    db.session.commit()
    body = serializers.alignment(alignment.get_alignment(found.id), current_user)
    return jsonify(body), 201 if created else 200


@bp.put("/courses/<int:course_id>/alignments")
def set_alignments(course_id: int):
    """Make the course's alignments to one framework those listed as aligned; answer counts."""
    course = _editable(course_id)
    data = inputs.body()
    framework_id = inputs.integer(data, "framework_id", required=True)
    framework = db.session.get(Framework, framework_id)
    if framework is None:
        raise inputs.InputError(f"There is no framework {framework_id}.", field="framework_id")
    listed = data.get("alignments")
    if not isinstance(listed, list):
        raise inputs.InputError("alignments must be a list.", field="alignments")
    rows = [_row(f"alignments[{i}]", item) for i, item in enumerate(listed)]
    try:
        saved = bulk.sync(course, framework, rows, _user())
    except bulk.RowErrors as exc:
        db.session.rollback()
        at = {row.standard_id: f"alignments[{i}]" for i, row in enumerate(rows)}
        fields = {at[sid]: message for sid, message in exc.rows.items()}
        return jsonify(error=exc.message, status=exc.status, fields=fields), exc.status
    db.session.commit()
    return jsonify(asdict(saved))


def _row(where: str, item) -> bulk.Row:
    """One entry of a PUT's `alignments` list."""
    if not isinstance(item, dict):
        raise inputs.InputError(f"{where} must be an object.", field=where)
    aligned = item.get("aligned", True)
    if not isinstance(aligned, bool):
        raise inputs.InputError(f"{where}.aligned must be true or false.", field=where)
    try:
        standard_id = inputs.integer(item, "standard_id", required=True)
        level, note = inputs.string(item, "level"), inputs.string(item, "note")
    except inputs.InputError as exc:
        raise inputs.InputError(f"{where}.{exc.message}", field=where) from None
    assert standard_id is not None  # required=True refused a missing one
    return bulk.Row(standard_id, aligned, level, note)


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
    return jsonify(serializers.alignment(alignment.get_alignment(found.id), current_user))


# --- Programs ------------------------------------------------------------------------------


@bp.get("/programs")
def programs():
    """Programs by name, newest catalog year first; `q` keeps those with the words in the name."""
    return jsonify(_paged(services.search_programs(*_search_args()), serializers.program))


@bp.get("/programs/<int:program_id>")
def program(program_id: int):
    """A program with its frameworks and its courses by term, with credits."""
    return jsonify(serializers.program_detail(services.get_program(program_id)))


def _framework(program: Program) -> Framework:
    """The framework asked for (?framework=id), else the program's first (one rule with the
    coverage page: `coverage.framework_of`)."""
    return coverage_model.framework_of(program, inputs.query_integer("framework"))


@bp.get("/programs/<int:program_id>/coverage")
def coverage(program_id: int):
    """Which standards of a framework the program's courses cover, how far, and the figures."""
    program = services.get_program(program_id)
    drafts = access.sees_drafts(current_user, program.partnership)
    cov = coverage_model.coverage(program, _framework(program), drafts=drafts)
    return jsonify(serializers.coverage(cov))
