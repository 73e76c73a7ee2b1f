"""The cells of a CSV file or an Excel workbook as text: decoding, the delimiter, the first sheet,
the formula guard the exports write and the readers undo, and guessing a column mapping."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime

from curriculum.interop.package import Fix, ImportRejected

CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = ("csv", "xlsx")

# The fields a spreadsheet's columns map to, with how pages name them (the export's headers).
FIELDS = {
    "code": "Code",
    "parent_code": "Parent code",
    "kind": "Kind",
    "title": "Title",
    "statement": "Statement",
    "level": "Level",
    "category": "Category",
    "identifier": "Identifier",
}

# A value a spreadsheet would run as a formula starts with one of these. Writers put an
# apostrophe before such a value (and before one already starting with apostrophes and then
# one of these, so the guard stays reversible); readers of CSV take one apostrophe off again.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_GUARDED = re.compile(r"^'+[=+\-@\t\r]")


def guard(value: str) -> str:
    """Text a spreadsheet will not run as a formula when the CSV is opened."""
    if value[:1] in FORMULA_STARTS or _GUARDED.match(value):
        return "'" + value
    return value


def unguard(value: str) -> str:
    """The value `guard` was given."""
    return value[1:] if _GUARDED.match(value) else value


@dataclass
class Sheet:
    """A spreadsheet's header and rows, as text; row numbers are the spreadsheet's own (the
    header is row 1), blank rows left out."""

    columns: list[str]
    rows: list[tuple[int, list[str]]] = field(default_factory=list)
    fixes: list[Fix] = field(default_factory=list)


def load(data: bytes, format: str) -> Sheet:
    """Read a CSV file or the first sheet of a workbook, or raise ImportRejected."""
    if format == "csv":
        return _load_csv(data)
    if format == "xlsx":
        return _load_xlsx(data)
    raise ImportRejected(f"No spreadsheet reader reads the format {format!r}.")


def columns(data: bytes, format: str) -> list[str]:
    """The file's header row (its column names, as written)."""
    return load(data, format).columns


def _decode(data: bytes) -> tuple[str, list[Fix]]:
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        pass
    try:
        text, name = data.decode("cp1252"), "Windows-1252 (Latin-1)"
    except UnicodeDecodeError:
        text, name = data.decode("latin-1"), "Latin-1"
    return text, [Fix("file", f"The file is not UTF-8; it was read as {name}.")]


def _delimiter(text: str) -> str:
    """Comma, semicolon or tab: the one that splits the header line into the most columns."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    best, most = ",", 0
    for delimiter in (",", ";", "\t"):
        count = len(next(csv.reader([first], delimiter=delimiter), []))
        if count > most:
            best, most = delimiter, count
    return best


def _load_csv(data: bytes) -> Sheet:
    if b"\x00" in data:
        raise ImportRejected("The file is not a CSV text file (it holds binary data).")
    text, fixes = _decode(data)
    try:
        found = list(csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text)))
    except csv.Error as error:
        raise ImportRejected(f"The file is not readable as CSV: {error}.") from None
    sheet = _sheet([[unguard(cell) for cell in row] for row in found])
    sheet.fixes[:0] = fixes
    return sheet


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else str(value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _load_xlsx(data: bytes) -> Sheet:
    from zipfile import BadZipFile

    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (BadZipFile, KeyError, ValueError, OSError, TypeError):
        raise ImportRejected("The file is not an Excel workbook (.xlsx).") from None
    try:
        if not book.worksheets:
            raise ImportRejected("The workbook has no sheet.")
        found = [[_text(v) for v in row] for row in book.worksheets[0].iter_rows(values_only=True)]
    finally:
        book.close()
    return _sheet(found)


def _sheet(found: list[list[str]]) -> Sheet:
    """Header = the first row with any text; blank rows dropped; trailing blanks trimmed."""
    numbered = [(n, row) for n, row in enumerate(found, start=1) if any(c.strip() for c in row)]
    if not numbered:
        raise ImportRejected("The file is empty: it needs a header row and one row per standard.")
    _, header = numbered[0]
    names = [c.strip() for c in header]
    while names and not names[-1]:
        names.pop()
    return Sheet(names, numbered[1:])


# --- Guessing the mapping -------------------------------------------------------------------

# Headers each field is known by (compared after `normal`), most likely first.
SYNONYMS = {
    "code": ["code", "human coding scheme", "humancodingscheme", "standard code", "number", "ref"],
    "parent_code": ["parent code", "parent", "parent id", "parent ref", "is child of"],
    "kind": ["kind", "type", "item type", "cfitemtype", "node type"],
    "title": ["title", "name", "short title", "abbreviated statement", "label"],
    "statement": ["statement", "full statement", "fullstatement", "description", "text"],
    "level": ["level", "proficiency level", "proficiency"],
    "category": ["category", "skill category"],
    "identifier": ["identifier", "case identifier", "uuid", "guid", "cfitem identifier"],
}


def normal(text: str) -> str:
    """Lower case, every run of other characters one space: "Parent_code" -> "parent code"."""
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text.lower()).split())


def guess_mapping(names: list[str], synonyms: dict[str, list[str]] | None = None) -> dict[str, str]:
    """{field: column} for the columns whose header names a field (`synonyms`: the headers
    each field is known by, the standards' by default); each column used once."""
    synonyms = SYNONYMS if synonyms is None else synonyms
    by_normal: dict[str, str] = {}
    for name in names:
        by_normal.setdefault(normal(name), name)
    mapping: dict[str, str] = {}
    used: set[str] = set()
    for rank in range(max(len(s) for s in synonyms.values())):
        for field_name, known in synonyms.items():
            if field_name in mapping or rank >= len(known):
                continue
            column = by_normal.get(known[rank])
            if column is not None and column not in used:
                mapping[field_name] = column
                used.add(column)
    return mapping
