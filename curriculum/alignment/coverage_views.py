"""The coverage matrix of a program against one of its frameworks: page, CSV and Excel."""

from __future__ import annotations

from flask import Blueprint, Response, abort, render_template, request
from flask_login import current_user

from curriculum import access, params
from curriculum.alignment import exports, services
from curriculum.courses.models import Program
from curriculum.courses.services import get_program
from curriculum.extensions import db
from curriculum.standards.models import Framework

bp = Blueprint("coverage", __name__)


def _framework(program: Program) -> Framework:
    """The framework asked for (?framework=id), else the program's first; 400 when foreign."""
    number = params.integer("framework")
    if number is None:
        return program.frameworks[0]
    for framework in program.frameworks:
        if framework.id == number:
            return framework
    other = db.session.get(Framework, number)
    used = ", ".join(f"“{f.title}”" for f in program.frameworks)
    what = f"the framework “{other.title}”" if other is not None else f"a framework #{number}"
    abort(
        400,
        f"{program.name} ({program.catalog_year}) does not use {what}. "
        f"Its coverage can be shown against {used}.",
    )


def _gaps() -> str | None:
    gaps = request.args.get("gaps", "").strip() or None
    if gaps is not None and gaps not in exports.GAP_KINDS:
        abort(400, "Gaps are “uncovered” (no course covers it) or “unmastered” (none masters it).")
    return gaps


def _drafts(program) -> bool:
    """Only members who may see drafts get never-published standards in the matrix."""
    return access.can(current_user, "view_drafts", program.partnership)


def _coverage(program_id: int) -> services.Coverage:
    program = get_program(program_id)
    if not program.frameworks:
        abort(
            400,
            f"{program.name} ({program.catalog_year}) answers to no framework yet, "
            "so there is no coverage to download.",
        )
    return services.coverage(program, _framework(program), drafts=_drafts(program))


@bp.get("/programs/<int:program_id>/coverage")
def matrix(program_id: int):
    """Which standards the program's courses cover, and how far, with the gaps."""
    program = get_program(program_id)
    if not program.frameworks:
        return render_template(
            "alignment/coverage.html",
            program=program,
            cov=None,
            can_edit=access.can(current_user, "edit", program),
        )
    gaps = _gaps()
    cov = services.coverage(program, _framework(program), drafts=_drafts(program))
    rows = exports.rows_for(cov, gaps)
    course_ids = [pc.course_id for pc in cov.courses]
    return render_template(
        "alignment/coverage.html",
        program=program,
        cov=cov,
        gaps=gaps,
        rows=rows,
        # Each row with its cells in column order (None where the course does not cover it).
        table=[(row, [row.cells.get(i) for i in course_ids]) for row in rows],
        functions=cov.by_function(),
        stale_note=exports.stale_note,
    )


def _download(body: bytes, mimetype: str, name: str) -> Response:
    # content_type, not mimetype: Werkzeug would append a second "; charset=utf-8".
    response = Response(body, content_type=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@bp.get("/programs/<int:program_id>/coverage.csv")
def csv(program_id: int):
    """The matrix, or with ?gaps= only the gap rows, as CSV."""
    gaps = _gaps()
    cov = _coverage(program_id)
    return _download(
        exports.to_csv(cov, gaps), exports.CSV_TYPE, exports.filename(cov, "csv", gaps)
    )


@bp.get("/programs/<int:program_id>/coverage.xlsx")
def xlsx(program_id: int):
    """The matrix (with ?gaps= only its gap rows, as the CSV), the summary and the gaps as an
    Excel workbook."""
    gaps = _gaps()
    cov = _coverage(program_id)
    return _download(
        exports.to_xlsx(cov, gaps=gaps), exports.XLSX_TYPE, exports.filename(cov, "xlsx", gaps)
    )
