"""The coverage matrix of a program against one of its frameworks: page, CSV and Excel."""

from __future__ import annotations

from flask import Blueprint, Response, abort, render_template, request
from flask_login import current_user

from curriculum import access, params
from curriculum.alignment import coverage, spreadsheets
from curriculum.courses.models import Program
from curriculum.courses.services import get_program

bp = Blueprint("coverage", __name__)


def _gaps() -> str | None:
    gaps = request.args.get("gaps", "").strip() or None
    if gaps is not None and gaps not in coverage.GAP_KINDS:
        abort(400, "Gaps are “uncovered” (no course covers it) or “unmastered” (none masters it).")
    return gaps


def _coverage(program: Program) -> coverage.Coverage:
    """The program's coverage against ?framework= (else its first), as this reader sees it:
    only members who may see drafts get never-published standards in the matrix."""
    framework = coverage.framework_of(program, params.integer("framework"))
    drafts = access.sees_drafts(current_user, program.partnership)
    return coverage.coverage(program, framework, drafts=drafts)


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
    cov = _coverage(program)
    rows = cov.rows_for(gaps)
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
        stale_note=spreadsheets.stale_note,
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
    cov = _coverage(get_program(program_id))
    return _download(
        spreadsheets.to_csv(cov, gaps),
        spreadsheets.CSV_TYPE,
        spreadsheets.filename(cov, "csv", gaps),
    )


@bp.get("/programs/<int:program_id>/coverage.xlsx")
def xlsx(program_id: int):
    """The matrix (with ?gaps= only its gap rows, as the CSV), the summary and the gaps as an
    Excel workbook."""
    gaps = _gaps()
    cov = _coverage(get_program(program_id))
    return _download(
        spreadsheets.to_xlsx(cov, gaps=gaps),
        spreadsheets.XLSX_TYPE,
        spreadsheets.filename(cov, "xlsx", gaps),
    )
