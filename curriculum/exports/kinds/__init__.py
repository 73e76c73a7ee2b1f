"""Document kinds: each printed document is one registered object (see Kind).

A kind says how to load its subject, what the export form offers, who may export it (asking
curriculum/access.py), how to gather its content (documents.py), its template, the formats it
comes in (a Word document is written from the same gathered content by its `word` writer,
exports/word/) and its file name. Pages, API endpoints, jobs and file lists are built from the
registry, so a new kind is one module here plus its import line at the end of this file.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from datetime import date
from typing import TYPE_CHECKING, Any, TypeAlias

from flask import render_template, url_for

from curriculum import access
from curriculum.exports import documents, filenames, word
from curriculum.exports.formats import DEFAULT_FORMAT, FORMATS

if TYPE_CHECKING:
    from curriculum.access import Reader
    from curriculum.exports.models import ExportJob
    from curriculum.partnerships.models import Partnership
    from curriculum.standards.models import Framework

KINDS: dict[str, Kind] = {}


# A kind's subject: a row of its model (a Program, a Framework, ...).
Subject: TypeAlias = Any


class Kind(ABC):
    """A kind of printed document. Subclass it, set the attributes, and register() it."""

    name: str  # stored on its jobs, at most 16 characters ("curriculum")
    noun: str  # its subject in URLs and endpoints: /programs/<program_id>/exports/new
    plural: str  # the URL's first part ("programs")
    model: type  # the subject's table
    relation: str  # the ExportJob relationship that holds the subject ("program")
    template: str  # the print template (templates/exports/...)
    form_template = "exports/new.html"  # the export form page
    label: str  # what the document is, on its cover ("Aligned curriculum")
    summary: str  # the API operation's summary
    formats: tuple[str, ...] = (DEFAULT_FORMAT,)  # what it comes in (formats.py): pdf, docx
    # The options its form and API take besides the format and frameworks (none: the document
    # prints what its subject fixes, as a release does).
    options: tuple[str, ...] = ("drafts", "as_of")
    word: Any = None  # kinds offering docx: the exports/word/ writer of its contents
    takes_scope = False  # whether its coverage takes a scope (which courses count) and electives

    @property
    def value(self) -> str:
        """The stored name (templates compare `kind.value`, as for ExportKind)."""
        return self.name

    @property
    def column(self) -> str:
        return f"{self.relation}_id"

    @abstractmethod
    def load(self, subject_id: int) -> Subject:
        """The subject with what its document needs loaded, or NotFound."""

    def subject_of(self, job: ExportJob) -> Subject:
        return getattr(job, self.relation)

    def partnership(self, subject: Subject) -> Partnership:
        return subject.partnership

    def require(self, user: Reader, subject: Subject) -> None:
        """Refuse (access.Denied) someone who may not export this subject at all."""
        access.require(user, "export")

    def sees_drafts(self, user: Reader, subject: Subject) -> bool:
        return access.sees_drafts(user, self.partnership(subject))

    def frameworks(self, subject: Subject) -> list[Framework] | None:
        """The frameworks the form offers to choose among; None: the kind has no such option."""
        return None

    def more_options(self, subject: Subject, data: dict) -> dict:
        """The kind's own options, checked (DomainError when wrong); none by default."""
        return {}

    def printed_frameworks(self, subject: Subject, options: dict) -> list[Framework]:
        """The frameworks whose standards the document prints with these options: an "as of"
        date before the first of their standards is refused (documents.earliest_as_of)."""
        return []

    @abstractmethod
    def gather(self, subject: Subject, options: dict, *, drafts: bool, as_of: date | None) -> Any:
        """What the template prints (documents.py)."""

    @abstractmethod
    def titles(self, subject: Subject) -> dict:
        """doc_title, doc_org and doc_subject for the cover and running header."""

    @abstractmethod
    def filename_words(self, subject: Subject) -> list[str]:
        """The words of the subject's file name, before the options' (filenames.py slugs them)."""

    def options_label(self, options: dict) -> str:
        """What a job with these options prints, for its page and the recent exports."""
        label = "with drafts" if options.get("drafts") else "published versions only"
        return label + (f", as of {options['as_of']}" if options.get("as_of") else "")

    def subject_name(self, subject: Subject) -> str:
        """How pages name the subject (breadcrumbs)."""
        return subject.title

    @abstractmethod
    def subject_url(self, subject: Subject) -> str:
        """The subject's own page."""

    def form_url(self, subject_id: int) -> str:
        values: dict[str, Any] = {f"{self.noun}_id": subject_id}
        return url_for(f"exports.new_{self.noun}_export", **values)

    def gathered(self, subject: Subject, options: dict) -> Any:
        """What the document prints, for these (cleaned) options: read once per export by the
        HTML and the Word writer."""
        as_of = date.fromisoformat(options["as_of"]) if options.get("as_of") else None
        return self.gather(subject, options, drafts=options.get("drafts", False), as_of=as_of)

    def html(self, subject: Subject, options: dict, exported_on: str, doc: Any = None) -> str:
        """The document as HTML: the PDF's source and the print view's page (`doc`: what
        gathered() gave, when the caller has it already)."""
        as_of = date.fromisoformat(options["as_of"]) if options.get("as_of") else None
        drafts = options.get("drafts", False)
        return render_template(
            self.template,
            doc=self.gathered(subject, options) if doc is None else doc,
            doc_kind=self.label,
            drafts=drafts,
            as_of=as_of,
            exported_on=exported_on,
            block_rows=documents.BLOCK_ROWS,
            **self.titles(subject),
        )

    def docx(self, subject: Subject, options: dict, exported_on: str, doc: Any = None) -> bytes:
        """The document as Word, written by the kind's `word` writer from the same content."""
        return word.render(
            self.word,
            self.gathered(subject, options) if doc is None else doc,
            label=self.label,
            titles=self.titles(subject),
            author=self.partnership(subject).name,
            options=options,
            exported_on=exported_on,
        )

    def filename(self, subject: Subject, options: dict, fmt: str = DEFAULT_FORMAT) -> str:
        """mechatronics-aas-2026-2027-curriculum.pdf, production-technician-standards.docx, ..."""
        words = [str(w) for w in self.filename_words(subject)]
        if options.get("as_of"):
            words.append(f"as-of-{options['as_of']}")
        if options.get("drafts"):
            words.append("draft")
        return filenames.download_name(words, FORMATS[fmt].extension)


def register(kind: Kind) -> Kind:
    """Add a kind to the registry (its pages and API endpoints appear in apps created after)."""
    known = KINDS.get(kind.name)
    if known is not None and type(known) is not type(kind):
        raise ValueError(f"Two document kinds are named {kind.name!r}.")
    KINDS[kind.name] = kind
    return kind


def get(name: str | Kind) -> Kind:
    """The kind registered under this name (a Kind is returned as it is)."""
    if isinstance(name, Kind):
        return name
    try:
        return KINDS[str(name)]
    except KeyError:
        raise LookupError(f"No document kind is registered as {name!r}.") from None


def of_subject(subject: Subject) -> list[Kind]:
    """The kinds whose documents are about this program, framework, ..."""
    return [k for k in KINDS.values() if isinstance(subject, k.model)]


# The registered kinds: one module each.
from curriculum.exports.kinds import curriculum, ladder, release, standards, summary  # noqa: E402, F401
