"""The coverage matrix of a program as CSV and as an Excel workbook, with file names."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from curriculum.alignment.coverage import NOT_PUBLISHED, RULE, Coverage, CoverageCell, CoverageRow
from curriculum.alignment.models import AlignmentLevel
from curriculum.courses.models import ProgramCourse
from curriculum.exports.filenames import download_name, program_words
from curriculum.interop.spreadsheet_cells import guard

if TYPE_CHECKING:
    from openpyxl.cell.cell import Cell
    from openpyxl.worksheet.worksheet import Worksheet

CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# Heat-map fills for the workbook, light to dark (the letter carries the meaning too).
FILLS = {
    AlignmentLevel.INTRODUCED: ("E8F0FB", "1D2330"),
    AlignmentLevel.REINFORCED: ("9DBBE3", "10223D"),
    AlignmentLevel.MASTERED: ("1F4E8C", "FFFFFF"),
}


# The words a file name gets for a scope other than the default (required courses).
SCOPE_WORDS = {"all": "all-courses", "chosen": "chosen-electives"}


def filename(cov: Coverage, extension: str, gaps: str | None = None) -> str:
    """production-technician-certificate-2026-2027-coverage.csv (the framework is named too
    when the program answers to several; the scope when not the required courses; the gap
    kind when the file lists gaps only)."""
    words = program_words(cov.program)
    if len(cov.program.frameworks) > 1:
        words.append(cov.framework.title)
    words.append("coverage")
    if cov.scope in SCOPE_WORDS:
        words.append(SCOPE_WORDS[cov.scope])
    if gaps:
        words.append(gaps)
    return download_name(words, extension)


def statement(cov: Coverage) -> str:
    """What the file counts, from which courses: its scope and counting rule in one line."""
    return f"{cov.scope_statement}. {cov.counting_rule}"


def row_note(cov: Coverage, row: CoverageRow) -> str:
    """'Depends on the elective chosen: ROB 220 (M)' when it does, else ''."""
    return cov.depends_text(row)


def rollup_text(row: CoverageRow) -> str:
    """'Partly covered' (how far the leaves under a work function are), '' for a leaf."""
    return row.rollup.label if row.rollup else ""


def course_heading(pc: ProgramCourse) -> str:
    """'MFG 110 (term 1)' or 'MFG 120 (term 2, elective)'."""
    return f"{pc.course.code} (term {pc.term}{'' if pc.required else ', elective'})"


def stale_note(cell: CoverageCell) -> str | None:
    """'pinned v2, v3 published' when the alignment is stale, else None."""
    return f"pinned v{cell.pinned}, v{cell.published} published" if cell.is_stale else None


def cell_text(row: CoverageRow, course_id: int) -> str:
    """The level letter of a course on a standard ('' when not aligned), '(stale)' appended."""
    cell = row.cells.get(course_id)
    if cell is None:
        return ""
    return f"{cell.level.letter} (stale)" if cell.is_stale else cell.level.letter


def title_text(row: CoverageRow) -> str:
    """The row's title, or for an ancestor shown by its code only, '(not yet published)'."""
    return row.title if row.counted else f"({NOT_PUBLISHED})"


def covered_by(cov: Coverage, row: CoverageRow, everywhere: bool = False) -> str:
    """'MFG 110 (I), MFG 120 (R)': the courses that reach a standard (`Coverage.covered_by`)."""
    return cov.covered_by(row, everywhere)


def to_csv(
    cov: Coverage, gaps: str | None = None, needs: Callable[[int], str] | None = None
) -> bytes:
    """The matrix (or only its gap rows) as CSV, UTF-8 with a byte-order mark for Excel.
    `needs` (for readers who may see a survey's results): a standard id's "High-priority
    need" text, written in a column of its own."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(
        [
            "Code",
            "Title",
            "Kind",
            *[guard(course_heading(pc)) for pc in cov.courses],
            "Best level",
            "Counted",
            "Rollup",
            "Note",
            *(["High-priority need"] if needs else []),
        ]
    )
    for row in cov.rows_for(gaps):
        writer.writerow(
            [
                guard(row.standard.code),
                guard(title_text(row)),
                row.standard.kind_label,
                *[cell_text(row, pc.course_id) for pc in cov.courses],
                row.best.letter if row.best else "",
                "yes" if row.figured else "no",
                rollup_text(row),
                guard(row_note(cov, row)),
                *([needs(row.standard.id)] if needs else []),
            ]
        )
    # What the figures count, from which courses: after the rows, so the header stays first.
    writer.writerow([])
    writer.writerow([guard(statement(cov))])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def to_xlsx(cov: Coverage, today: date | None = None, gaps: str | None = None) -> bytes:
    """A workbook: 'Coverage' (the matrix, or like the CSV only its gap rows of one kind),
    'Summary' (figures) and 'Gaps' (what is missing)."""
    from openpyxl import Workbook

    workbook = Workbook()
    _coverage_sheet(workbook.active, cov, cov.rows_for(gaps))
    _summary_sheet(workbook.create_sheet("Summary"), cov, today or date.today(), gaps)
    _gaps_sheet(workbook.create_sheet("Gaps"), cov)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _put(ws: Worksheet, row: int, column: int, value: object, **style: Any) -> Cell:
    """Write a cell; text stays text even when it starts with '=' (never a formula)."""
    cell = ws.cell(row=row, column=column, value=value)
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"
    for key, val in style.items():
        setattr(cell, key, val)
    return cell


def _header(ws: Worksheet, values: list[str], widths: list[float]) -> None:
    from openpyxl.styles import Alignment as Align
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    bold, fill = Font(bold=True), PatternFill("solid", fgColor="F4F6F9")
    wrap = Align(wrap_text=True, vertical="top")
    for column, (value, width) in enumerate(zip(values, widths, strict=True), start=1):
        _put(ws, 1, column, value, font=bold, fill=fill, alignment=wrap)
        ws.column_dimensions[get_column_letter(column)].width = width


def _code_width(rows: list[CoverageRow]) -> float:
    return max([len(r.standard.code) for r in rows] + [4]) + 3


def _title_width(rows: list[CoverageRow]) -> float:
    """Wide enough for most titles (longer ones wrap), between 20 and 70 characters."""
    return min(max([len(r.title) + 2 * r.depth for r in rows] + [18]) + 2, 70)


def _coverage_sheet(ws: Worksheet, cov: Coverage, rows: list[CoverageRow]) -> None:
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment as Align
    from openpyxl.styles import Font, PatternFill

    ws.title = "Coverage"
    headings = [
        f"{pc.course.code}\nterm {pc.term}" + ("" if pc.required else "\nelective")
        for pc in cov.courses
    ]
    _header(
        ws,
        ["Code", "Title", *headings, "Best level", "Rollup", "Note"],
        [
            _code_width(cov.rows),
            _title_width(cov.rows),
            *[max(len(pc.course.code) + 2, 10) for pc in cov.courses],
            11,
            15,
            40,
        ],
    )
    ws.row_dimensions[1].height = 45
    styles = {
        level: (PatternFill("solid", fgColor=bg), Font(bold=True, color=fg))
        for level, (bg, fg) in FILLS.items()
    }
    centre = Align(horizontal="center")
    indents: dict[int, Align] = {}
    bold = Font(bold=True)
    last = len(cov.courses) + 3
    for r, row in enumerate(rows, start=2):
        _put(ws, r, 1, row.standard.code, font=bold if row.depth == 0 else Font())
        indent = indents.setdefault(row.depth, Align(indent=row.depth, wrap_text=True))
        _put(ws, r, 2, title_text(row), alignment=indent, font=bold if row.depth == 0 else Font())
        for c, pc in enumerate(cov.courses, start=3):
            cell = row.cells.get(pc.course_id)
            if cell is None:
                continue
            fill, font = styles[cell.level]
            written = _put(
                ws, r, c, cell_text(row, pc.course_id), fill=fill, font=font, alignment=centre
            )
            if cell.is_stale:
                written.comment = Comment(f"Stale: {stale_note(cell)}", "Curriculum")
        if row.best:
            fill, font = styles[row.best]
            _put(ws, r, last, row.best.letter, fill=fill, font=font, alignment=centre)
        if row.rollup:
            _put(ws, r, last + 1, rollup_text(row))
        if row.depends_on_elective:
            _put(ws, r, last + 2, row_note(cov, row))
    ws.freeze_panes = "C2"
    ws.auto_filter.ref = ws.dimensions


GAP_SHOWN = {
    "uncovered": "only the standards no course covers",
    "unmastered": "only the standards no course brings to mastered",
}


def _summary_sheet(ws: Worksheet, cov: Coverage, today: date, gaps: str | None = None) -> None:
    from openpyxl.styles import Font

    program, bold = cov.program, Font(bold=True)
    facts = [
        ("Program", f"{program.name} ({program.award_type})"),
        ("College", program.organization.name),
        ("Catalog year", program.catalog_year),
        ("Framework", cov.framework.title),
        ("Courses", len(cov.courses)),
        ("Scope", cov.scope_statement),
        ("Counting", cov.counting_rule),
        ("Date", today.isoformat()),
        ("Levels", "I introduced, R reinforced, M mastered"),
        ("(stale)", "aligned to an older version than the one now published"),
    ]
    if gaps:
        facts.append(("Coverage sheet", GAP_SHOWN[gaps]))
    for r, (label, value) in enumerate(facts, start=1):
        _put(ws, r, 1, label, font=bold)
        _put(ws, r, 2, value)
    top = len(facts) + 2
    headings = ["Framework / critical work function", "Counted", "Covered", "% covered"]
    headings += ["Mastered", "% mastered"]
    for column, heading in enumerate(headings, start=1):
        _put(ws, top, column, heading, font=bold)
    figures = [("All counted", cov)] + [
        (f"{f.row.standard.code} {title_text(f.row)}", f) for f in cov.by_function()
    ]
    for r, (label, f) in enumerate(figures, start=top + 1):
        _put(ws, r, 1, label, font=bold if r == top + 1 else Font())
        _put(ws, r, 2, f.total)
        _put(ws, r, 3, f.covered)
        _put(ws, r, 4, f.covered_percent / 100, number_format="0%")
        _put(ws, r, 5, f.mastered)
        _put(ws, r, 6, f.mastered_percent / 100, number_format="0%")
    below = top + len(figures) + 2
    _put(ws, below, 1, RULE)
    _put(ws, below + 2, 1, "Per kind counted", font=bold)
    for column, heading in enumerate(("Kind", "Counted", "Covered", "Mastered"), start=1):
        _put(ws, below + 3, column, heading, font=bold)
    for r, k in enumerate(cov.kinds, start=below + 4):
        for column, value in enumerate((k.label, k.total, k.covered, k.mastered), start=1):
            _put(ws, r, column, value)
    if cov.depending:
        _put(ws, below + 5 + len(cov.kinds), 1, f"{cov.depends_note}: {len(cov.depending)}")
    first = min(max(len(str(f[0])) for f in figures) + 2, 70)
    for letter, width in zip("ABCDEF", (max(first, 16), 11, 11, 11, 11, 11), strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = f"A{top + 1}"


def _gaps_sheet(ws: Worksheet, cov: Coverage) -> None:
    from openpyxl.styles import Alignment as Align

    gaps = cov.gaps("unmastered")
    _header(
        ws,
        ["Code", "Title", "Kind", "Gap", "Best level", "Covered by", "Note"],
        [_code_width(gaps), _title_width(gaps), 24, 14, 11, 40, 40],
    )
    for r, row in enumerate(gaps, start=2):
        _put(ws, r, 1, row.standard.code)
        _put(ws, r, 2, row.title, alignment=Align(wrap_text=True))
        _put(ws, r, 3, row.standard.kind_label)
        _put(ws, r, 4, row.gap)
        _put(ws, r, 5, row.best.letter if row.best else "")
        _put(ws, r, 6, covered_by(cov, row))
        _put(ws, r, 7, row_note(cov, row))
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = ws.dimensions
