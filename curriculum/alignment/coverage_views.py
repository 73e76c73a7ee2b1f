"""The coverage matrix of a program against one of its frameworks: page, CSV and Excel."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial

from flask import Blueprint, abort, current_app, render_template, request, url_for
from flask_login import current_user

from curriculum import access, downloads, params
from curriculum.alignment import counting, coverage, spreadsheets
from curriculum.alignment.coverage_rows import FunctionFigures
from curriculum.courses import paths
from curriculum.courses.models import Program
from curriculum.courses.services import get_program
from curriculum.needs import gaps as needs_gaps
from curriculum.standards.models import Standard

bp = Blueprint("coverage", __name__)


def _gaps() -> str | None:
    gaps = request.args.get("gaps", "").strip() or None
    if gaps is not None and gaps not in coverage.GAP_KINDS:
        abort(400, "Gaps are “uncovered” (no course covers it) or “unmastered” (none masters it).")
    return gaps


@dataclass(frozen=True)
class Asked:
    """What the reader asked the coverage for: scope, chosen electives, way of counting (as
    typed, so a page that refuses them shows them again)."""

    scope: str
    electives: list[int]
    count: str

    @classmethod
    def read(cls) -> Asked:
        """From the query string: ?scope=required|all|chosen&elective=<course id>...&count=."""
        return cls(
            (request.args.get("scope") or "required").strip().lower(),
            params.ids("elective", request.args),
            (request.args.get("count") or counting.DEFAULT_COUNT).strip().lower(),
        )

    def args(self) -> dict:
        """The query arguments that ask for it again (downloads, the gap filters)."""
        out: dict = {"scope": self.scope, "count": self.count}
        if self.scope == "chosen" and self.electives:
            out["elective"] = self.electives
        return out


def _coverage(program: Program, asked: Asked | None = None) -> coverage.Coverage:
    """The program's coverage against ?framework= (else its first), in the scope and way of
    counting asked for, as this reader sees it: only members who may see drafts get
    never-published standards in the matrix."""
    asked = asked or Asked.read()
    framework = coverage.framework_of(program, params.integer("framework"))
    drafts = access.sees_drafts(current_user, program.partnership)
    return coverage.coverage(
        program,
        framework,
        drafts=drafts,
        scope=asked.scope,
        chosen=asked.electives,
        count=asked.count,
    )


def gap_link(program: Program, standard: Standard) -> str:
    """Where "Align a course to this" goes for a gap: the gap's align page."""
    return url_for("alignment.gap_align", program_id=program.id, standard_id=standard.id)


def may_align(program: Program) -> bool:
    """Whether the reader may align some course of the program (asks access per course)."""
    return access.signed_in(current_user) and any(
        access.can(current_user, "edit", pc.course) for pc in program.courses
    )


@dataclass(frozen=True)
class Shown:
    """The matrix rows a page shows: every row asked for (all, or the gaps of one kind), or
    those under one critical work function, with that function's place among the others."""

    rows: list  # the CoverageRows shown
    total: int  # how many rows were asked for, over every function
    function: FunctionFigures | None = None  # the function shown; None: every row
    index: int = 0  # its place in `functions`
    functions: list[FunctionFigures] = field(default_factory=list)
    counts: dict[int, int] = field(default_factory=dict)  # rows asked for, per function id

    @property
    def previous(self) -> FunctionFigures | None:
        return self.functions[self.index - 1] if self.function and self.index > 0 else None

    @property
    def next(self) -> FunctionFigures | None:
        if self.function is None or self.index + 1 >= len(self.functions):
            return None
        return self.functions[self.index + 1]

    @classmethod
    def choose(cls, cov: coverage.Coverage, functions: list[FunctionFigures], rows: list) -> Shown:
        """By ?function=: one function's rows, or "all"; unasked, every row when they are
        few (config COVERAGE_FIRST_VIEW_ROWS, 200: the first view stays small whatever the
        framework's size) or the framework has one function, else the first function with
        rows. 400 when the id is not a top-level standard of the framework."""
        asked = request.args.get("function", "").strip()
        few = len(rows) <= current_app.config["COVERAGE_FIRST_VIEW_ROWS"] or len(functions) < 2
        if asked == "all" or (not asked and few):
            return cls(rows, len(rows))
        tops = cov.tops()
        counts: dict[int, int] = dict.fromkeys((f.row.standard.id for f in functions), 0)
        for row in rows:
            counts[tops[row.standard.id]] += 1
        if asked:
            wanted = params.whole_number(asked, 1)
            index = next((i for i, f in enumerate(functions) if f.row.standard.id == wanted), None)
            if index is None:
                abort(
                    400,
                    # Not echoed: what was typed may be anything, of any length.
                    f"That function is not one of the {len(functions)} top-level standards "
                    f"of {cov.framework.title}: choose one from the list, or all.",
                )
        else:
            index = next((i for i, f in enumerate(functions) if counts[f.row.standard.id]), 0)
        function = functions[index]
        return cls(
            [r for r in rows if tops[r.standard.id] == function.row.standard.id],
            len(rows),
            function,
            index,
            functions,
            counts,
        )


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
    asked = Asked.read()
    context = {
        "program": program,
        "gaps": gaps,
        "asked": asked,
        "scopes": paths.SCOPE_LABELS,
        "counts": counting.COUNT_LABELS,
        "electives": [pc for pc in paths.in_order(program) if not paths.is_required(pc)],
    }
    try:
        cov = _coverage(program, asked)
    except (paths.ScopeError, counting.CountError) as exc:
        # The page again, with what was asked and why it cannot be shown.
        framework = coverage.framework_of(program, params.integer("framework"))
        page = render_template(
            "alignment/coverage.html", cov=None, framework=framework, refused=exc, **context
        )
        return page, exc.status
    functions = cov.by_function()
    shown = Shown.choose(cov, functions, cov.rows_for(gaps))
    rows = shown.rows
    course_ids = [pc.course_id for pc in cov.courses]
    return render_template(
        "alignment/coverage.html",
        cov=cov,
        framework=cov.framework,
        rows=rows,
        shown=shown,
        # Each row with its cells in column order (None where the course does not cover it).
        table=[(row, [row.cells.get(i) for i in course_ids]) for row in rows],
        functions=functions,
        stale_note=spreadsheets.stale_note,
        refused=None,
        # "Align a course to this" on each gap, for those who may align a course of it.
        gap_link=gap_link if may_align(program) else None,
        # High-priority needs of the latest closed survey not covered (readers who may see
        # its results only).
        training_needs=_needs(program, cov),
        **context,
    )


def _needs(program: Program, cov: coverage.Coverage) -> needs_gaps.Flags | None:
    """The flags of the framework's latest closed survey, for readers who may see its results."""
    return needs_gaps.flags(program, cov.framework, current_user)


@bp.get("/programs/<int:program_id>/coverage.csv")
def csv(program_id: int):
    """The matrix, or with ?gaps= only the gap rows, as CSV (scope and count as the page),
    sent row by row once the coverage is computed."""
    gaps = _gaps()
    program = get_program(program_id)
    cov = _coverage(program)
    flags = _needs(program, cov)
    return downloads.csv_response(
        spreadsheets.csv_rows(cov, gaps, flags.text if flags else None),
        spreadsheets.filename(cov, "csv", gaps),
    )


@bp.get("/programs/<int:program_id>/coverage.xlsx")
def xlsx(program_id: int):
    """The matrix (with ?gaps= only its gap rows, as the CSV), the summary and the gaps as an
    Excel workbook, written to a temporary file and sent from it."""
    gaps = _gaps()
    cov = _coverage(get_program(program_id))
    return downloads.file_response(
        partial(spreadsheets.write_xlsx, cov, gaps=gaps),
        spreadsheets.XLSX_TYPE,
        spreadsheets.filename(cov, "xlsx", gaps),
    )
