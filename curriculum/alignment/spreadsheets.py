"""The coverage matrix of a program as CSV and as an Excel workbook, with file names."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import date
from typing import IO, TYPE_CHECKING, Any

from curriculum.alignment.coverage import NOT_PUBLISHED, RULE, Coverage, CoverageCell, CoverageRow
from curriculum.alignment.models import AlignmentLevel
from curriculum.courses.models import ProgramCourse
from curriculum.exports.filenames import download_name, program_words
from curriculum.interop.spreadsheet_cells import guard

if TYPE_CHECKING:
    from openpyxl.cell.cell import Cell
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet

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


def csv_rows(
    cov: Coverage, gaps: str | None = None, needs: Callable[[int], str] | None = None
) -> Iterator[list[str]]:
    """The matrix (or only its gap rows) as CSV rows, one at a time, then a blank row and the
    statement of what it counts (`downloads.csv_response` writes them, with a byte-order mark
    for Excel). `needs` (for readers who may see a survey's results): a standard id's
    "High-priority need" text, written in a column of its own."""
    yield [
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
    for row in cov.rows_for(gaps):
        yield [
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
    # What the figures count, from which courses: after the rows, so the header stays first.
    yield []
    yield [guard(statement(cov))]


def write_xlsx(
    cov: Coverage, out: IO[bytes], today: date | None = None, gaps: str | None = None
) -> None:
    """Write a workbook into `out`: 'Coverage' (the matrix, or like the CSV only its gap rows
    of one kind), 'Summary' (figures) and 'Gaps' (what is missing). Written in openpyxl's
    write-only mode: each sheet row by row to a temporary file, so a large matrix is never
    held whole in memory."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    _coverage_sheet(workbook.create_sheet("Coverage"), cov, cov.rows_for(gaps))
    _summary_sheet(workbook.create_sheet("Summary"), cov, today or date.today(), gaps)
    _gaps_sheet(workbook.create_sheet("Gaps"), cov)
    workbook.save(out)


def _cell(ws: WriteOnlyWorksheet, value: object, **style: Any) -> Cell:
    """A cell; text stays text even when it starts with '=' (never a formula)."""
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(ws, value)
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"
    for key, val in style.items():
        setattr(cell, key, val)
    return cell


def _append(ws: WriteOnlyWorksheet, cells: dict[int, Cell]) -> None:
    """Write the next row: its cells by column number (1 = A), the others left empty."""
    ws.append([cells.get(column) for column in range(1, max(cells, default=0) + 1)])


def _widths(ws: WriteOnlyWorksheet, widths: Iterable[float]) -> None:
    """Column widths from column A on (set before the first row: write-only sheets write
    their columns first)."""
    from openpyxl.utils import get_column_letter

    for column, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(column)].width = width


def _header(ws: WriteOnlyWorksheet, values: list[str], widths: list[float]) -> None:
    """The column widths and the bold, shaded first row."""
    from openpyxl.styles import Alignment as Align
    from openpyxl.styles import Font, PatternFill

    bold, fill = Font(bold=True), PatternFill("solid", fgColor="F4F6F9")
    wrap = Align(wrap_text=True, vertical="top")
    _widths(ws, widths)
    ws.append([_cell(ws, value, font=bold, fill=fill, alignment=wrap) for value in values])


def _filter(ws: WriteOnlyWorksheet, columns: int, rows: int) -> None:
    """An auto filter over the header and the rows below it."""
    from openpyxl.utils import get_column_letter

    ws.auto_filter.ref = f"A1:{get_column_letter(columns)}{rows}"


def _code_width(rows: list[CoverageRow]) -> float:
    return max([len(r.standard.code) for r in rows] + [4]) + 3


def _title_width(rows: list[CoverageRow]) -> float:
    """Wide enough for most titles (longer ones wrap), between 20 and 70 characters."""
    return min(max([len(r.title) + 2 * r.depth for r in rows] + [18]) + 2, 70)


def _coverage_sheet(ws: WriteOnlyWorksheet, cov: Coverage, rows: list[CoverageRow]) -> None:
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment as Align
    from openpyxl.styles import Font, PatternFill

    headings = [
        f"{pc.course.code}\nterm {pc.term}" + ("" if pc.required else "\nelective")
        for pc in cov.courses
    ]
    ws.freeze_panes = "C2"
    ws.row_dimensions[1].height = 45
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
    styles = {
        level: (PatternFill("solid", fgColor=bg), Font(bold=True, color=fg))
        for level, (bg, fg) in FILLS.items()
    }
    centre = Align(horizontal="center")
    indents: dict[int, Align] = {}
    bold = Font(bold=True)
    last = len(cov.courses) + 3
    for row in rows:
        font = bold if row.depth == 0 else Font()
        indent = indents.setdefault(row.depth, Align(indent=row.depth, wrap_text=True))
        cells = {
            1: _cell(ws, row.standard.code, font=font),
            2: _cell(ws, title_text(row), alignment=indent, font=font),
        }
        for c, pc in enumerate(cov.courses, start=3):
            cell = row.cells.get(pc.course_id)
            if cell is None:
                continue
            fill, level_font = styles[cell.level]
            cells[c] = _cell(
                ws, cell_text(row, pc.course_id), fill=fill, font=level_font, alignment=centre
            )
            if cell.is_stale:
                cells[c].comment = Comment(f"Stale: {stale_note(cell)}", "Curriculum")
        if row.best:
            fill, level_font = styles[row.best]
            cells[last] = _cell(ws, row.best.letter, fill=fill, font=level_font, alignment=centre)
        if row.rollup:
            cells[last + 1] = _cell(ws, rollup_text(row))
        if row.depends_on_elective:
            cells[last + 2] = _cell(ws, row_note(cov, row))
        _append(ws, cells)
    _filter(ws, last + 2, len(rows) + 1)


GAP_SHOWN = {
    "uncovered": "only the standards no course covers",
    "unmastered": "only the standards no course brings to mastered",
}


def _summary_sheet(
    ws: WriteOnlyWorksheet, cov: Coverage, today: date, gaps: str | None = None
) -> None:
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
    figures = [("All counted", cov)] + [
        (f"{f.row.standard.code} {title_text(f.row)}", f) for f in cov.by_function()
    ]
    top = len(facts) + 2
    first = min(max(len(str(f[0])) for f in figures) + 2, 70)
    _widths(ws, (max(first, 16), 11, 11, 11, 11, 11))
    ws.freeze_panes = f"A{top + 1}"
    for label, value in facts:
        _append(ws, {1: _cell(ws, label, font=bold), 2: _cell(ws, value)})
    ws.append([])
    headings = ["Framework / critical work function", "Counted", "Covered", "% covered"]
    headings += ["Mastered", "% mastered"]
    ws.append([_cell(ws, heading, font=bold) for heading in headings])
    for n, (label, f) in enumerate(figures):
        ws.append(
            [
                _cell(ws, label, font=bold if n == 0 else Font()),
                _cell(ws, f.total),
                _cell(ws, f.covered),
                _cell(ws, f.covered_percent / 100, number_format="0%"),
                _cell(ws, f.mastered),
                _cell(ws, f.mastered_percent / 100, number_format="0%"),
            ]
        )
    ws.append([])
    ws.append([_cell(ws, RULE)])
    ws.append([])
    ws.append([_cell(ws, "Per kind counted", font=bold)])
    ws.append(
        [_cell(ws, heading, font=bold) for heading in ("Kind", "Counted", "Covered", "Mastered")]
    )
    for k in cov.kinds:
        ws.append([_cell(ws, value) for value in (k.label, k.total, k.covered, k.mastered)])
    if cov.depending:
        ws.append([])
        ws.append([_cell(ws, f"{cov.depends_note}: {len(cov.depending)}")])


def _gaps_sheet(ws: WriteOnlyWorksheet, cov: Coverage) -> None:
    from openpyxl.styles import Alignment as Align

    gaps = cov.gaps("unmastered")
    ws.freeze_panes = "A2"
    _header(
        ws,
        ["Code", "Title", "Kind", "Gap", "Best level", "Covered by", "Note"],
        [_code_width(gaps), _title_width(gaps), 24, 14, 11, 40, 40],
    )
    wrap = Align(wrap_text=True)
    for row in gaps:
        values = [
            row.standard.code,
            row.title,
            row.standard.kind_label,
            row.gap,
            row.best.letter if row.best else "",
            covered_by(cov, row),
            row_note(cov, row),
        ]
        cells = [_cell(ws, value) for value in values]
        cells[1].alignment = wrap
        ws.append(cells)
    _filter(ws, 7, len(gaps) + 1)
