"""Document kinds: each printed document is one registered object (see Kind).

A kind says how to load its subject, what the export form offers, who may export it (asking
curriculum/access.py), how to gather its content (documents.py), its template and its file
name. Pages, API endpoints, jobs and file lists are built from the registry, so a new kind is
one module here plus its import line at the end of this file.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from datetime import date
from typing import Any

from flask import render_template, url_for

from curriculum import access
from curriculum.exports import documents, filenames

KINDS: dict[str, Kind] = {}


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

    @property
    def value(self) -> str:
        """The stored name (templates compare `kind.value`, as for ExportKind)."""
        return self.name

    @property
    def column(self) -> str:
        return f"{self.relation}_id"

    @abstractmethod
    def load(self, subject_id: int):
        """The subject with what its document needs loaded, or NotFound."""

    def subject_of(self, job):
        return getattr(job, self.relation)

    def partnership(self, subject):
        return subject.partnership

    def require(self, user, subject) -> None:
        """Refuse (access.Denied) someone who may not export this subject at all."""
        access.require(user, "export")

    def sees_drafts(self, user, subject) -> bool:
        return access.sees_drafts(user, self.partnership(subject))

    def frameworks(self, subject) -> list | None:
        """The frameworks the form offers to choose among; None: the kind has no such option."""
        return None

    def printed_frameworks(self, subject, options: dict) -> list:
        """The frameworks whose standards the document prints with these options: an "as of"
        date before the first of their standards is refused (documents.earliest_as_of)."""
        return []

    @abstractmethod
    def gather(self, subject, options: dict, *, drafts: bool, as_of: date | None):
        """What the template prints (documents.py)."""

    @abstractmethod
    def titles(self, subject) -> dict:
        """doc_title, doc_org and doc_subject for the cover and running header."""

    @abstractmethod
    def filename_words(self, subject) -> list[str]:
        """The words of the subject's file name, before the options' (filenames.py slugs them)."""

    def subject_name(self, subject) -> str:
        """How pages name the subject (breadcrumbs)."""
        return subject.title

    @abstractmethod
    def subject_url(self, subject) -> str:
        """The subject's own page."""

    def form_url(self, subject_id: int) -> str:
        values: dict[str, Any] = {f"{self.noun}_id": subject_id}
        return url_for(f"exports.new_{self.noun}_export", **values)

    def html(self, subject, options: dict, exported_on: str) -> str:
        """The document as HTML: the PDF's source and the print view's page."""
        as_of = date.fromisoformat(options["as_of"]) if options.get("as_of") else None
        drafts = options.get("drafts", False)
        return render_template(
            self.template,
            doc=self.gather(subject, options, drafts=drafts, as_of=as_of),
            doc_kind=self.label,
            drafts=drafts,
            as_of=as_of,
            exported_on=exported_on,
            block_columns=documents.BLOCK_COLUMNS,
            block_rows=documents.BLOCK_ROWS,
            **self.titles(subject),
        )

    def filename(self, subject, options: dict) -> str:
        """mechatronics-aas-2026-2027-curriculum.pdf, production-technician-standards.pdf, ..."""
        words = [str(w) for w in self.filename_words(subject)]
        if options.get("as_of"):
            words.append(f"as-of-{options['as_of']}")
        if options.get("drafts"):
            words.append("draft")
        return filenames.download_name(words, "pdf")


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


def of_subject(subject) -> list[Kind]:
    """The kinds whose documents are about this program, framework, ..."""
    return [k for k in KINDS.values() if isinstance(subject, k.model)]


# The registered kinds: one module each.
from curriculum.exports.kinds import curriculum, standards  # noqa: E402, F401
