"""A framework as CSV and as an Excel workbook, in the columns the spreadsheet import reads
(Code, Parent code, Kind, Title, Statement, Level, Category, Identifier), in tree order, so an
export imports back unchanged and its headers map themselves."""

from __future__ import annotations

import csv
import io

from curriculum.interop.spreadsheet_cells import CSV_TYPE, FIELDS, XLSX_TYPE, guard
from curriculum.interop.writers import Snapshot, writer
from curriculum.standards.models import StandardKind

HEADERS = [
    FIELDS[name]
    for name in ("code", "parent_code", "kind", "title", "statement", "level", "category")
] + [FIELDS["identifier"]]


def kind_text(kind: StandardKind, item_type: str) -> str:
    """The Kind cell: the kind's label, or "Item: Domain" for an item keeping its source's type."""
    if kind == StandardKind.ITEM and item_type:
        return f"Item: {item_type}"
    return kind.label


def rows(snap: Snapshot) -> list[tuple[int, list[str]]]:
    """(depth, cells) of every standard the snapshot shows, in tree order. A standard shown by
    its code only (an unpublished ancestor) has no title, statement or level."""
    codes = {node.standard.id: node.standard.code for node in snap.nodes}
    out = []
    for node in snap.nodes:
        s, shown = node.standard, node.shown
        out.append(
            (
                node.depth,
                [
                    s.code,
                    codes.get(s.parent_id, "") if s.parent_id else "",
                    kind_text(s.kind, s.item_type),
                    shown.title if shown else "",
                    shown.statement if shown else "",
                    shown.level.label if shown and shown.level else "",
                    s.category.label if s.category else "",
                    s.identifier,
                ],
            )
        )
    return out


@writer("csv", label="Spreadsheet (CSV)", media_type=CSV_TYPE, extension="csv")
def write_csv(snap: Snapshot) -> bytes:
    """UTF-8 with a byte-order mark (so Excel reads it as UTF-8), values that would run as
    formulas guarded with an apostrophe (the import takes it off again)."""
    out = io.StringIO()
    sheet = csv.writer(out, lineterminator="\r\n")
    sheet.writerow(HEADERS)
    for _, cells in rows(snap):
        sheet.writerow([guard(cell) for cell in cells])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


@writer("xlsx", label="Spreadsheet (Excel)", media_type=XLSX_TYPE, extension="xlsx")
def write_xlsx(snap: Snapshot) -> bytes:
    """One sheet, "Standards"; every cell is text (never a formula), titles indented by depth."""
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    book = Workbook()
    ws = book.active
    assert ws is not None
    ws.title = "Standards"
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="F4F6F9")
    for column, header in enumerate(HEADERS, start=1):
        cell = ws.cell(row=1, column=column, value=header)
        cell.font, cell.fill = bold, fill
    found = rows(snap)
    indents: dict[int, Alignment] = {}
    for r, (depth, cells) in enumerate(found, start=2):
        for column, value in enumerate(cells, start=1):
            if not value:
                continue
            # Control characters other than tab and newlines cannot be stored in a workbook.
            cell = ws.cell(row=r, column=column, value=ILLEGAL_CHARACTERS_RE.sub("", value))
            cell.data_type = "s"  # text, even when it starts with "="
            if column == 4 and depth:
                cell.alignment = indents.setdefault(depth, Alignment(indent=depth))
    widths = [12, 12, 22, 50, 70, 12, 22, 38]
    for column, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(column)].width = width
    ws.freeze_panes = "B2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
