"""What every importer reads a file into, and what the one import engine applies.

A reader (CASE, CSV/XLSX, RSD …) turns bytes into a `Package`, listing each leniency it allowed
as a `Fix`, or raises `ImportRejected` naming every item and field it could not accept. It
writes nothing. `curriculum.interop.engine.apply(package, …)` then creates, updates, leaves or
retires standards (or, on a dry run, only says what it would do). Readers register by format
name with `@reader("case")`; the import form, the API and the job all look them up in READERS.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from curriculum.errors import DomainError
from curriculum.standards.models import Level, SkillCategory, StandardKind


@dataclass(frozen=True)
class Fix:
    """One real-world defect a reader mended, said where: "CFItems[12].fullStatement"."""

    where: str
    message: str


@dataclass(frozen=True)
class Problem:
    """One thing a reader could not accept, said where (item and field) and why."""

    where: str
    message: str


class ImportRejected(DomainError):
    """The file cannot be imported; nothing was written. Carries every problem found."""

    def __init__(self, problems: list[Problem] | str):
        if isinstance(problems, str):
            problems = [Problem("file", problems)]
        self.problems = problems
        first = problems[0]
        others = len(problems) - 1
        more = f" (and {others} more problem{'s' if others > 1 else ''})" if others else ""
        super().__init__(f"{first.where}: {first.message}{more}")


@dataclass
class Node:
    """One end of a link: the source's identifier, URI and title (URI and title may be empty)."""

    identifier: str
    uri: str = ""
    title: str = ""


@dataclass
class Item:
    """One node of the imported tree (a CASE CFItem, a spreadsheet row, an RSD skill)."""

    identifier: str  # the source's identity, matched on re-import
    code: str  # unique in the package (readers make it so, listing a Fix)
    title: str  # at most 300 characters
    statement: str  # Markdown
    kind: StandardKind
    item_type: str = ""  # the source's type name, kept for kind `item`
    category: SkillCategory | None = None
    level: Level | None = None
    parent: str | None = None  # the parent item's identifier; None: top of the tree
    sequence: float | None = None  # place among its parent's children (readers sort by it)
    fields: dict = field(default_factory=dict)  # the source's other fields, kept verbatim


@dataclass
class Link:
    """A typed association between two nodes (not the tree's own parent links)."""

    identifier: str
    type: str  # isRelatedTo, exactMatchOf, … as the source spells it (after fixes)
    origin: Node
    destination: Node
    sequence: int | None = None
    fields: dict = field(default_factory=dict)


@dataclass
class Definition:
    """A CASE definition or rubric, kept whole: kind is a DefinitionKind value."""

    kind: str
    identifier: str
    title: str
    fields: dict


@dataclass
class Package:
    """A whole framework as a reader found it: items in tree order (parents before children,
    siblings in order), links (including the tree's own isChildOf links, so their identifiers
    survive), definitions and the fixes made."""

    format: str
    identifier: str | None  # the source framework's identity; None when the source has none
    title: str
    description: str = ""
    fields: dict = field(default_factory=dict)  # the source document's other fields
    items: list[Item] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    definitions: list[Definition] = field(default_factory=list)
    fixes: list[Fix] = field(default_factory=list)


UPLOAD_LIMIT = 16 * 1024 * 1024  # bytes, where the site sets no MAX_CONTENT_LENGTH


def upload_limit() -> int:
    """The largest file an import takes, in bytes: the site's upload limit (MAX_CONTENT_LENGTH),
    else UPLOAD_LIMIT (also outside an app, e.g. a reader called from a script)."""
    from flask import current_app, has_app_context

    if has_app_context():
        return int(current_app.config.get("MAX_CONTENT_LENGTH") or UPLOAD_LIMIT)
    return UPLOAD_LIMIT


Reader = Callable[[bytes, Mapping], Package]  # (file bytes, options such as a mapping)

READERS: dict[str, Reader] = {}


def reader(name: str) -> Callable[[Reader], Reader]:
    """Register the decorated function as the reader of format `name`."""

    def register(read: Reader) -> Reader:
        READERS[name] = read
        return read

    return register


def read(name: str, data: bytes, options: Mapping | None = None) -> Package:
    """Read `data` as format `name`, or raise ImportRejected."""
    try:
        read_ = READERS[name]
    except KeyError:
        raise ImportRejected(f"No importer reads the format {name!r}.") from None
    return read_(data, options or {})


# How the import form, the API and the job page name each reader's format, and the formats whose
# files need a column mapping before they can be read (spreadsheets: the mapping page fills
# `ImportJob.options["mapping"]`). A reader registered under another name is named by its name.
READER_LABELS: dict[str, str] = {
    "case": "CASE 1.0/1.1 package (JSON)",
    "csv": "Spreadsheet (CSV)",
    "xlsx": "Spreadsheet (Excel)",
    "rsd": "Rich Skill Descriptors (RSD JSON-LD)",
}
NEEDS_MAPPING = frozenset({"csv", "xlsx"})


def reader_label(name: str) -> str:
    """How people read the format `name`: "CASE 1.0/1.1 package (JSON)"."""
    return READER_LABELS.get(name, name)


TITLE_LENGTH = 300  # StandardVersion.title
CODE_LENGTH = 32  # Standard.code


def title_from(statement: str) -> str:
    """The title a node gets when its source gives only a statement: the statement's first
    TITLE_LENGTH characters, cut at a word with "…". Writers leave a title out of a format's
    short-title field (CASE abbreviatedStatement) when it equals this, so a round trip adds
    nothing."""
    text = " ".join(statement.split())
    if len(text) <= TITLE_LENGTH:
        return text
    cut = text[: TITLE_LENGTH - 1].rsplit(" ", 1)[0]
    return cut + "…"


def code_from(source_code: str) -> str:
    """The code a node gets from its source's code (CASE humanCodingScheme): spaces folded, at
    most CODE_LENGTH characters. Writers give the source's code back unchanged when the node's
    code still equals this (a code edited here afterwards wins)."""
    return " ".join(source_code.split())[:CODE_LENGTH]
