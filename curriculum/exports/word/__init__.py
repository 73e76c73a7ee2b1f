"""Word (.docx) documents, written with python-docx from the content a kind gathered
(documents.py): the same content the PDF's template prints, never gathered a second way.

render() writes the frame every document shares (core properties, running header with the
DRAFT marker, page numbers, the cover, the contents as a Word TOC field); the kind's Writer
(its `word` attribute, a module here) writes the cover's own lines and the body.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from datetime import date
from typing import Any

from curriculum.exports.word.book import Book
from curriculum.exports.word.markup import Run

__all__ = ["Book", "Run", "Writer", "render", "standards_fact"]


class Writer(ABC):
    """What one kind of document prints in Word, beyond the shared frame."""

    def cover_lines(self, doc) -> list[str]:
        """Lines under the cover's title (the PDF's `cover` block)."""
        return []

    @abstractmethod
    def facts(self, doc) -> list[tuple[str, str]]:
        """The cover's facts before "Standards" and "Exported" (the PDF's `cover_facts`)."""

    @abstractmethod
    def note(self, doc, as_of: date | None) -> str:
        """The cover's note (the PDF's `cover_note`)."""

    @abstractmethod
    def body(self, book: Book, doc, *, drafts: bool, as_of: date | None) -> None:
        """Every section after the contents, headings in Heading 1-3."""


def standards_fact(drafts: bool, as_of: date | None) -> str:
    """The cover's "Standards" fact, as the PDF words it."""
    when = (
        f"As they stood at the end of {as_of.isoformat()} (UTC)"
        if as_of
        else "As they stand on the export date"
    )
    which = (
        "including drafts not yet published (marked DRAFT)" if drafts else "published versions only"
    )
    return f"{when}; {which}"


def render(
    writer: Writer,
    doc,
    *,
    label: str,
    titles: dict[str, Any],
    author: str,
    options: dict,
    exported_on: str,
) -> bytes:
    """The document as .docx bytes. titles: the kind's doc_title, doc_org, doc_subject;
    author: the partnership's name (the document's author property)."""
    drafts = bool(options.get("drafts"))
    as_of = date.fromisoformat(options["as_of"]) if options.get("as_of") else None
    title = titles["doc_title"]
    book = Book(
        title=title,
        author=author,
        subject=titles["doc_subject"],
        running=f"{title} · {titles['doc_org']}",
        drafts=drafts,
    )
    book.para(label, "Subtitle")
    book.para(title, "Title")
    for line in writer.cover_lines(doc):
        book.para(line, "Subtitle")
    if drafts:
        book.para(Run("DRAFT: this document includes versions not yet published.", bold=True))
    facts = [
        *writer.facts(doc),
        ("Standards", standards_fact(drafts, as_of)),
        ("Exported", exported_on),
    ]
    for name, value in facts:
        book.para([Run(f"{name}: ", bold=True), value])
    book.para(Run(titles["doc_org"], bold=True))
    book.para(Run(writer.note(doc, as_of), italic=True))
    book.page_break()
    book.contents()
    book.page_break()
    writer.body(book, doc, drafts=drafts, as_of=as_of)
    return book.save()
