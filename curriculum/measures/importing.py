"""Importing a program's cohort figures from a CSV file or an Excel workbook, through a column
mapping: one row per cohort (term of entry and its counts), read by the spreadsheet reader the
catalog and standards imports use, applied through the same services as the pages and the API.

Individual records never enter the app: a file whose columns name people (a name, a student id,
a social security number, a birth date, an email…), or that has several rows for one term, or
rows of one person each, is refused as a whole with the reason.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from curriculum.errors import DomainError
from curriculum.interop.package import ImportRejected, Problem
from curriculum.interop.spreadsheet_cells import load, normal
from curriculum.measures import privacy, services
from curriculum.measures.models import COUNT_FIELDS, EARNINGS_FIELDS, Cohort, Season

if TYPE_CHECKING:
    from curriculum.auth.models import User
    from curriculum.courses.models import Program

FIELDS = {
    "entry_year": "Year of entry",
    "entry_season": "Season",
    **COUNT_FIELDS,
    **EARNINGS_FIELDS,
    "source": "Source",
    "notes": "Notes",
}
SYNONYMS = {
    "entry_year": ["year of entry", "entry year", "year", "cohort year"],
    "entry_season": ["season", "entry season", "term", "season of entry"],
    "enrolled": ["enrolled", "enrollment", "participants", "started"],
    "completed": ["completed", "completers", "completions", "graduates"],
    "employed_q2": ["employed in the sector 2nd quarter after exit", "employed q2", "q2 employed"],
    "employed_q4": ["employed in the sector 4th quarter after exit", "employed q4", "q4 employed"],
    "with_health_insurance": ["in jobs with health insurance", "health insurance", "insured"],
    "with_paid_time_off": ["in jobs with paid time off", "paid time off", "pto"],
    "median_earnings_before": ["median quarterly earnings before", "earnings before"],
    "median_earnings_after": ["median quarterly earnings after", "earnings after"],
    "source": ["source", "data source"],
    "notes": ["notes", "note", "comments"],
}
# Headers that name a person or a person's identifier: such a file holds individual records.
PERSON = re.compile(
    r"^(name|full name|first name|last name|surname|given name|family name|student|student name"
    r"|participant|participant name|trainee|learner)$"
    r"|\b(ssn|social security|student id|student number|participant id|learner id|person id"
    r"|emplid|date of birth|birth date|birthdate|dob|e ?mail|phone|address|zip)\b"
)
TEMPLATE_ROWS = [
    ["2024", "Fall", "24", "19", "16", "17", "14", "15", "7200", "10400", "State wage records", ""],
    ["2025", "Spring", "18", "15", "", "", "", "", "6900", "", "College records", "Q2 due"],
]


@dataclass
class CohortRow:
    number: int
    year: int
    season: Season
    values: dict[str, Any]

    @property
    def term(self) -> str:
        return f"{self.season.label} {self.year}"


@dataclass
class Read:
    mapping: dict[str, str]
    rows: list[CohortRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def where(self, row: int, name: str) -> str:
        return f"row {row}, column {self.mapping.get(name) or FIELDS.get(name, name)}"


def refuse_people(columns: list[str]) -> None:
    """ImportRejected when a column of the file names a person or their identifier."""
    for column in columns:
        if PERSON.search(normal(column)):
            raise ImportRejected(
                f"The column “{column[:60]}” holds individual records (people's names or "
                "identifiers). Only counts per cohort are imported: remove the column, or "
                "count the people per term of entry first. Nothing was read."
            )


def _check_mapping(mapping: Mapping, columns: list[str]) -> list[Problem]:
    problems = [
        Problem("mapping", f"The file has no column {str(c)[:60]!r}.")
        for c in mapping.values()
        if c not in columns
    ]
    problems += [
        Problem("mapping", f"There is no field {str(n)[:40]!r} to map.")
        for n in mapping
        if n not in FIELDS
    ]
    for name in ("entry_year", "entry_season"):
        if not mapping.get(name):
            problems.append(Problem("mapping", f"Choose the column of the {FIELDS[name].lower()}."))
    return problems


def _number(text: str, money: bool = False) -> Any:
    """A count (or an amount) from a cell: "1,234" -> 1234; "" -> None; else the text."""
    cleaned = text.replace(",", "").replace("$", "").strip() if money else text.replace(",", "")
    if not cleaned:
        return None
    if money:
        return cleaned  # the service reads and checks the amount
    if cleaned.isascii() and cleaned.lstrip("-").isdigit():
        return int(cleaned)
    return text


def parse(data: bytes, format: str, mapping: Mapping) -> Read:
    """Every row read through `mapping`; ImportRejected when the file cannot be read, the
    mapping does not fit, or the file holds individual records."""
    sheet = load(data, format)
    refuse_people(sheet.columns)
    mapping = {k: v for k, v in mapping.items() if v}
    if problems := _check_mapping(mapping, sheet.columns):
        raise ImportRejected(problems)
    index = {name: i for i, name in reversed(list(enumerate(sheet.columns)))}
    read = Read(dict(mapping))
    seen: dict[tuple[int, Season], int] = {}
    for number, cells in sheet.rows:

        def cell(name: str, cells: list[str] = cells) -> str:
            column = mapping.get(name)
            if not column or index[column] >= len(cells):
                return ""
            return cells[index[column]].strip()

        _row(read, number, cell, seen)
    ones = [r for r in read.rows if r.values.get("enrolled") == 1]
    if len(ones) >= 3 and len(ones) == len(read.rows):
        raise ImportRejected(
            "Every row counts one person enrolled: the file looks like individual records. "
            "Only counts per cohort are imported. Nothing was read."
        )
    return read


def _row(read: Read, number: int, cell, seen: dict) -> None:
    year_text = cell("entry_year")
    if not (year_text.isascii() and year_text.isdigit() and len(year_text) == 4):
        read.problems.append(
            Problem(read.where(number, "entry_year"), "the year is not a year such as 2025")
        )
        return
    try:
        season = services.season(cell("entry_season"))
    except DomainError as exc:
        read.problems.append(Problem(read.where(number, "entry_season"), exc.message))
        return
    key = (int(year_text), season)
    if key in seen:
        raise ImportRejected(
            f"Rows {seen[key]} and {number} are both {season.label} {year_text}: a file holds "
            "one row per cohort (term of entry). Several rows for one term are individual "
            "records or parts of a cohort: add them up first. Nothing was read."
        )
    seen[key] = number
    values: dict[str, Any] = {}
    for name in (*COUNT_FIELDS, *EARNINGS_FIELDS, "source", "notes"):
        if name not in read.mapping:
            continue
        text = cell(name)
        if name in COUNT_FIELDS and text == privacy.SUPPRESSED:
            read.problems.append(
                Problem(
                    read.where(number, name),
                    "a suppressed count cannot be imported: give the count (it is suppressed "
                    "when shown) or leave the cell empty",
                )
            )
            continue
        if name in COUNT_FIELDS:
            values[name] = _number(text)
        elif name in EARNINGS_FIELDS:
            values[name] = _number(text, money=True)
        else:
            values[name] = text
    read.rows.append(CohortRow(number, key[0], season, values))


@dataclass
class Change:
    row: int
    term: str
    action: str  # created, updated
    counts: dict[str, str]


@dataclass
class Report:
    changes: list[Change] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def count(self, action: str) -> int:
        return sum(1 for c in self.changes if c.action == action)

    @property
    def applicable(self) -> bool:
        return not self.problems and bool(self.changes)

    @property
    def summary(self) -> str:
        return f"{self.count('created')} cohorts recorded, {self.count('updated')} updated"


def apply(program: Program, read: Read, by: User | None) -> Report:
    """Record or update a cohort per row (flushed, not committed); the caller commits only a
    report without problems, and rolls back a preview."""
    report = Report(problems=list(read.problems))
    existing = {(c.entry_year, c.entry_season): c for c in services.cohorts_of(program)}
    for row in read.rows:
        cohort = existing.get((row.year, row.season))
        data = {"entry_year": row.year, "entry_season": row.season, **row.values}
        try:
            if cohort is None:
                cohort = services.record_cohort(program, data, by)
                action = "created"
            else:
                services.update_cohort(cohort, data, by)
                action = "updated"
        except DomainError as exc:
            name = (exc.field or "entry_year").split("[")[0]
            report.problems.append(Problem(read.where(row.number, name), exc.message))
            continue
        report.changes.append(Change(row.number, row.term, action, _shown(cohort)))
    return report


def _shown(cohort: Cohort) -> dict[str, str]:
    return {name: privacy.display(getattr(cohort, name)) for name in COUNT_FIELDS}
