"""Standards from a CSV file or an Excel workbook, through a column mapping.

`options["mapping"]` maps fields (`code`, `parent_code`, `kind`, `title`, `statement`, `level`,
and optionally `identifier`, a CASE identifier, and `category`) to column headers. Every row is
a standard; its parent is the row whose code its parent-code cell names. `parse` checks every
row and keeps going (the mapping page's preview shows all of it); the registered readers raise
ImportRejected listing every failing row, "row 7, column Parent code: no row has the code B.9".
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from curriculum.interop.package import (
    CODE_LENGTH,
    TITLE_LENGTH,
    Fix,
    ImportRejected,
    Item,
    Package,
    Problem,
    reader,
    title_from,
)
from curriculum.interop.spreadsheet_cells import FIELDS, Sheet, load, normal
from curriculum.interop.spreadsheet_cells import columns as columns
from curriculum.interop.spreadsheet_cells import guess_mapping as guess_mapping
from curriculum.standards.models import PARENT_KIND, Level, SkillCategory, StandardKind

IDENTIFIER_LENGTH = 255  # Standard.source_identifier
ITEM_PREFIX = "item:"  # "Item: Domain": a generic item keeping the source's own type name


@dataclass
class Row:
    """One data row: its number in the sheet, its code, what it reads as (None when it fails
    to), its parent's code and its problems."""

    number: int
    code: str
    parent_code: str
    item: Item
    kind_given: bool
    problems: list[Problem] = field(default_factory=list)


@dataclass
class Parsed:
    """Every row read through the mapping: rows in file order, the items that can be placed in
    tree order (parents first, siblings in file order), every problem and fix."""

    columns: list[str]
    rows: list[Row]
    items: list[Item]
    problems: list[Problem]
    fixes: list[Fix]

    @property
    def failing(self) -> list[Row]:
        return [r for r in self.rows if r.problems]


def _choices(enum: type[StrEnum]) -> dict[str, StrEnum]:
    """Each member by its normalised value and label: "performance indicator" -> the kind."""
    found: dict[str, StrEnum] = {}
    for member in enum:
        found[normal(member.value)] = member
        found[normal(member.label)] = member  # type: ignore[attr-defined]
    return found


KINDS = _choices(StandardKind)
LEVELS = _choices(Level)
CATEGORIES = _choices(SkillCategory)


def _check_mapping(mapping: Mapping, sheet: Sheet) -> list[Problem]:
    problems = []
    for name, column in mapping.items():
        if name not in FIELDS:
            message = f"There is no field {name[:40]!r} to map a column to."
            problems.append(Problem("mapping", message))
        elif column and column not in sheet.columns:
            message = f"The file has no column named {str(column)[:60]!r}."
            problems.append(Problem("mapping", message))
    if not mapping.get("code"):
        problems.append(Problem("mapping", "Choose the column that holds each standard's code."))
    if not mapping.get("title") and not mapping.get("statement"):
        problems.append(Problem("mapping", "Choose the column that holds each standard's title."))
    return problems


def parse(data: bytes, format: str, mapping: Mapping) -> Parsed:
    """Read every row through `mapping` ({field: column}); raises ImportRejected only when the
    file cannot be read at all or the mapping does not fit the file."""
    sheet = load(data, format)
    mapping = {k: v for k, v in mapping.items() if v}
    if problems := _check_mapping(mapping, sheet):
        raise ImportRejected(problems)
    index = {name: i for i, name in reversed(list(enumerate(sheet.columns)))}
    fixes = list(sheet.fixes)
    rows = [_row(number, cells, mapping, index, fixes) for number, cells in sheet.rows]
    items = _place(rows, mapping, fixes)
    problems = [p for r in rows for p in r.problems]
    return Parsed(sheet.columns, rows, items, problems, fixes)


def _row(number: int, cells: list[str], mapping: Mapping, index: dict, fixes: list[Fix]) -> Row:
    def cell(name: str) -> str:
        column = mapping.get(name)
        if not column or index[column] >= len(cells):
            return ""
        return cells[index[column]].strip()

    def where(name: str) -> str:
        return f"row {number}, column {mapping.get(name) or FIELDS[name]}"

    problems: list[Problem] = []
    code = " ".join(cell("code").split())
    if not code:
        problems.append(Problem(where("code"), "the code is missing"))
    elif len(code) > CODE_LENGTH:
        problems.append(
            Problem(where("code"), f"the code {code} is longer than {CODE_LENGTH} characters")
        )
    statement = cell("statement")
    title = " ".join(cell("title").split())
    if not title and statement:
        title = title_from(statement)
        fixes.append(Fix(where("title"), "no title: the statement's start is the title"))
    if not title:
        problems.append(Problem(where("title"), "the title is missing"))
    elif len(title) > TITLE_LENGTH:
        problems.append(
            Problem(where("title"), f"the title is longer than {TITLE_LENGTH} characters")
        )
    kind, item_type = _kind(cell("kind"), where("kind"), problems)
    level = _choice(cell("level"), LEVELS, "level", where("level"), problems)
    category = _choice(cell("category"), CATEGORIES, "category", where("category"), problems)
    identifier = cell("identifier") or code
    if len(identifier) > IDENTIFIER_LENGTH:
        problems.append(
            Problem(where("identifier"), f"the identifier is longer than {IDENTIFIER_LENGTH}")
        )
    item = Item(
        identifier=identifier,
        code=code,
        title=title,
        statement=statement,
        kind=kind or StandardKind.ITEM,
        item_type=item_type,
        category=category,
        level=level,
    )
    parent_code = " ".join(cell("parent_code").split())
    return Row(number, code, parent_code, item, bool(cell("kind")), problems)


def _kind(text: str, where: str, problems: list[Problem]) -> tuple[StandardKind | None, str]:
    """The kind named (None when the cell is empty) and, for "Item: Domain", the type name."""
    if not text:
        return None, ""
    if text.lower().startswith(ITEM_PREFIX):
        return StandardKind.ITEM, " ".join(text[len(ITEM_PREFIX) :].split())[:200]
    found = KINDS.get(normal(text))
    if found is None:
        labels = ", ".join(k.label for k in StandardKind)
        problems.append(
            Problem(
                where,
                f"unknown kind {text!r}: use one of {labels}, or “Item: {text}” to keep "
                "your own type name",
            )
        )
    return found, ""  # type: ignore[return-value]


def _choice(text: str, choices: dict, what: str, where: str, problems: list[Problem]):
    if not text:
        return None
    found = choices.get(normal(text))
    if found is None:
        labels = ", ".join(dict.fromkeys(m.label for m in choices.values()))
        problems.append(Problem(where, f"unknown {what} {text!r}: use one of {labels}"))
    return found


def _place(rows: list[Row], mapping: Mapping, fixes: list[Fix]) -> list[Item]:
    """Link rows to their parents, find duplicates, missing parents and cycles, guess missing
    kinds from the parent's; return the placeable items in tree order."""
    code_column = mapping["code"]
    parent_column = mapping.get("parent_code") or FIELDS["parent_code"]
    by_code: dict[str, Row] = {}
    identifiers: dict[str, Row] = {}
    for row in rows:
        if not row.code:
            continue
        if row.code in by_code:
            row.problems.append(
                Problem(
                    f"row {row.number}, column {code_column}",
                    f"the code {row.code} is already used on row {by_code[row.code].number}",
                )
            )
            continue
        by_code[row.code] = row
        other = identifiers.setdefault(row.item.identifier, row)
        if other is not row:
            row.problems.append(
                Problem(
                    f"row {row.number}, column {mapping.get('identifier') or code_column}",
                    f"the identifier {row.item.identifier} is already used on row {other.number}",
                )
            )
    unique = [row for row in rows if row.code and by_code[row.code] is row]
    children: dict[str | None, list[Row]] = {}
    for row in unique:
        parent = row.parent_code or None
        if parent is not None and parent not in by_code:
            row.problems.append(
                Problem(
                    f"row {row.number}, column {parent_column}", f"no row has the code {parent}"
                )
            )
        elif _in_cycle(row, by_code):
            row.problems.append(
                Problem(
                    f"row {row.number}, column {parent_column}",
                    f"the parent codes from {row.code} up lead back to it (a cycle)",
                )
            )
        else:
            children.setdefault(parent, []).append(row)
    items: list[Item] = []

    def walk(parent: Row | None) -> None:
        for row in children.get(parent.code if parent else None, []):
            item = row.item
            if parent is not None:
                item.parent = parent.item.identifier
            if not row.kind_given:
                item.kind = _guess_kind(parent.item.kind if parent else None)
                if item.kind != StandardKind.ITEM:
                    fixes.append(
                        Fix(
                            f"row {row.number}, column {mapping.get('kind') or FIELDS['kind']}",
                            f"no kind: {item.kind.label.lower()}, as its parent's kind says",
                        )
                    )
            items.append(item)
            walk(row)

    walk(None)
    placed = {item.code for item in items}
    for row in unique:
        above = by_code.get(row.parent_code)
        if row.code not in placed and above is not None and row in children.get(above.code, []):
            row.problems.append(
                Problem(
                    f"row {row.number}, column {parent_column}",
                    f"its parent {above.code} (row {above.number}) has no place in the tree",
                )
            )
    return items


def _in_cycle(row: Row, by_code: dict[str, Row]) -> bool:
    """Whether following parent codes up from `row` comes back to it."""
    seen = {row.code}
    code = row.parent_code
    while code and code in by_code:
        if code == row.code:
            return True
        if code in seen:
            return False  # a cycle above this row, not through it
        seen.add(code)
        code = by_code[code].parent_code
    return False


def _guess_kind(parent: StandardKind | None) -> StandardKind:
    """The one kind the standards format puts under `parent` (under a critical work function,
    a key activity); `item` where the format allows several or has no say."""
    if parent is None:
        return StandardKind.ITEM
    under = [k for k, p in PARENT_KIND.items() if p == parent]
    return under[0] if len(under) == 1 else StandardKind.ITEM


def read_sheet(data: bytes, format: str, options: Mapping) -> Package:
    mapping = options.get("mapping")
    if not isinstance(mapping, Mapping) or not mapping:
        mapping = guess_mapping(columns(data, format))
    parsed = parse(data, format, mapping)
    if parsed.problems:
        raise ImportRejected(parsed.problems)
    title = str(options.get("title") or "") or file_title(str(options.get("filename") or ""))
    return Package(format, None, title, items=parsed.items, fixes=parsed.fixes)


def file_title(filename: str) -> str:
    """ "Welding standards.xlsx" -> "Welding standards": a new framework's title."""
    name = filename.replace("\\", "/").rsplit("/", 1)[-1]
    return name.rsplit(".", 1)[0] if "." in name else name


@reader("csv")
def read_csv(data: bytes, options: Mapping) -> Package:
    return read_sheet(data, "csv", options)


@reader("xlsx")
def read_xlsx(data: bytes, options: Mapping) -> Package:
    return read_sheet(data, "xlsx", options)
