"""A college's catalog from a CSV file or an Excel workbook, through a column mapping: the rows
read as courses (code, title, credits, contact hours, description) and as program rows (program,
catalog year, course code, term, required, elective group). Reading only: nothing here touches
the database (catalog.py plans and applies what the rows say).

One sheet holds both: a row whose course cells (other than the code) hold anything describes
the course; a row whose program cell holds a name puts the course in that program. An empty
cell leaves a course's field as it is. The cells are read by interop/spreadsheet_cells.py,
like a standards import's.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from curriculum.courses.services import course_code
from curriculum.interop.package import ImportRejected, Problem
from curriculum.interop.spreadsheet_cells import load, normal
from curriculum.names import clean_name

COURSE_FIELDS = ("title", "credits", "contact_hours", "description")
# The fields a column maps to, as the pages name them (the template's headers).
FIELDS = {
    "code": "Course code",
    "title": "Title",
    "credits": "Credits",
    "contact_hours": "Contact hours",
    "description": "Description",
    "program": "Program",
    "catalog_year": "Catalog year",
    "term": "Term",
    "required": "Required",
    "group": "Elective group",
}
# Headers each field is known by (compared after `normal`), most likely first.
SYNONYMS = {
    "code": ["course code", "code", "course", "course number", "course id", "subject code"],
    "title": ["title", "course title", "course name", "name"],
    "credits": ["credits", "credit hours", "credit", "units", "semester credits"],
    "contact_hours": ["contact hours", "clock hours", "hours", "lecture hours"],
    "description": ["description", "course description", "summary"],
    "program": ["program", "program name", "programme", "certificate", "degree"],
    "catalog_year": ["catalog year", "catalogue year", "catalog", "year"],
    "term": ["term", "semester", "quarter", "term number"],
    "required": ["required", "requirement", "required elective", "type"],
    "group": ["elective group", "group", "choose from", "option group"],
}
YES = frozenset({"yes", "y", "true", "1", "required", "r", "x", "core"})
NO = frozenset({"no", "n", "false", "0", "elective", "e", "optional"})
MAX_TERM = 12


@dataclass
class CourseRow:
    """A row describing a course: its code and the course fields whose cells hold something."""

    number: int
    code: str
    values: dict[str, str]


@dataclass
class EntryRow:
    """A row putting a course in a program."""

    number: int
    program: str
    catalog_year: str
    code: str
    term: int
    required: bool
    group: str | None


@dataclass
class Catalog:
    """Every row read through the mapping, and every problem found in them."""

    columns: list[str]
    mapping: dict[str, str]
    count: int
    courses: list[CourseRow] = field(default_factory=list)
    entries: list[EntryRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def where(self, row: int, name: str) -> str:
        """ "row 7, column Term": where a row's problem is, for the page."""
        return f"row {row}, column {self.mapping.get(name) or FIELDS[name]}"


def _check_mapping(mapping: Mapping, columns: list[str]) -> list[Problem]:
    problems = []
    for name, column in mapping.items():
        if name not in FIELDS:
            problems.append(Problem("mapping", f"There is no field {name[:40]!r} to map."))
        elif column not in columns:
            problems.append(Problem("mapping", f"The file has no column {str(column)[:60]!r}."))
    if not mapping.get("code"):
        problems.append(Problem("mapping", "Choose the column that holds each course's code."))
    if not any(mapping.get(name) for name in (*COURSE_FIELDS, "program")):
        problems.append(
            Problem("mapping", "Choose the column of the course titles, or of the programs.")
        )
    if mapping.get("program") and not mapping.get("catalog_year"):
        problems.append(
            Problem("mapping", "Choose the column of the catalog year (such as 2026-2027).")
        )
    return problems


def parse(data: bytes, format: str, mapping: Mapping) -> Catalog:
    """Read every row through `mapping` ({field: column}); ImportRejected only when the file
    cannot be read or the mapping does not fit it."""
    sheet = load(data, format)
    mapping = {k: v for k, v in mapping.items() if v}
    if problems := _check_mapping(mapping, sheet.columns):
        raise ImportRejected(problems)
    index = {name: i for i, name in reversed(list(enumerate(sheet.columns)))}
    catalog = Catalog(sheet.columns, dict(mapping), len(sheet.rows))
    described: dict[str, CourseRow] = {}
    for number, cells in sheet.rows:

        def cell(name: str, cells: list[str] = cells) -> str:
            column = mapping.get(name)
            if not column or index[column] >= len(cells):
                return ""
            return cells[index[column]].strip()

        _row(catalog, number, cell, described)
    return catalog


def _row(catalog: Catalog, number: int, cell, described: dict[str, CourseRow]) -> None:
    code = course_code(cell("code"))
    if not code:
        catalog.problems.append(
            Problem(catalog.where(number, "code"), "the course code is missing")
        )
        return
    values = {name: cell(name) for name in COURSE_FIELDS if cell(name)}
    if values:
        other = described.get(code)
        if other is None:
            described[code] = row = CourseRow(number, code, values)
            catalog.courses.append(row)
        elif other.values != values:
            catalog.problems.append(
                Problem(
                    catalog.where(number, "code"),
                    f"{code} is described on row {other.number} too, with other details",
                )
            )
    program = " ".join(clean_name(cell("program")).split())
    if program:
        _entry(catalog, number, program, code, cell)


def _entry(catalog: Catalog, number: int, program: str, code: str, cell) -> None:
    problems = catalog.problems
    before = len(problems)
    year = cell("catalog_year").replace(" ", "").replace("–", "-")
    if not year:
        problems.append(Problem(catalog.where(number, "catalog_year"), "the year is missing"))
    term_text = cell("term") or "1"
    term = int(term_text) if term_text.isascii() and term_text.isdigit() else 0
    if not 1 <= term <= MAX_TERM:
        problems.append(
            Problem(
                catalog.where(number, "term"),
                f"the term {term_text[:20]!r} is not a number from 1 to {MAX_TERM}",
            )
        )
    group = " ".join(clean_name(cell("group")).split()) or None
    said = normal(cell("required"))
    if said and said not in YES | NO:
        problems.append(
            Problem(
                catalog.where(number, "required"),
                f"{cell('required')[:20]!r} is not yes or no (or required, elective)",
            )
        )
    required = said in YES if said else group is None
    if group is not None and required:
        problems.append(
            Problem(
                catalog.where(number, "required"),
                f"{code} is in the elective group {group}, so it is an elective: "
                "say no, or leave the cell empty",
            )
        )
    if len(problems) == before:
        catalog.entries.append(EntryRow(number, program, year, code, term, required, group))
