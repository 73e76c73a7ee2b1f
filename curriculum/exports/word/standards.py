"""A framework's skill standards in Word: what templates/exports/standards.html prints, from
the same StandardsDocument (documents.standards_document)."""

from __future__ import annotations

from datetime import date

from curriculum.exports.documents import PrintedVersion, StandardsDocument
from curriculum.exports.word import Book, Run, Writer, prose
from curriculum.exports.word.curriculum import version_label


def _endorsers(p: PrintedVersion) -> str:
    return ", ".join(p.endorsers) if p.endorsers else "none"


class StandardsWriter(Writer):
    def cover_lines(self, doc: StandardsDocument) -> list[str]:
        codes = doc.framework.occupation_codes
        return [f"O*NET-SOC {', '.join(codes)}"] if codes else []

    def facts(self, doc: StandardsDocument) -> list[tuple[str, str]]:
        standards = sum(1 for r in doc.rows if r.version is not None)
        return [
            ("Partnership", doc.framework.partnership.name),
            (
                "Standards",
                f"{len(doc.functions)} critical work functions, {standards} standards in all",
            ),
        ]

    def note(self, doc: StandardsDocument, as_of: date | None) -> str:
        return (
            "Every standard is printed with its version number, its status and the employer "
            "and labor organizations that endorsed that exact version."
        )

    def body(self, book: Book, doc: StandardsDocument, *, drafts, as_of) -> None:
        framework = doc.framework
        if framework.description:
            book.heading("About these standards", 1)
            prose.write(book, framework.description)
        for cwf, rows in doc.functions:
            if cwf.version is None:
                book.heading(f"{cwf.code} {doc.not_published}", 1)
            else:
                book.heading(f"{cwf.code} {cwf.version.title}", 1)
                level = f" · {cwf.version.level.label}" if cwf.version.level else ""
                book.para(
                    Run(
                        f"{cwf.standard.kind_label} · {version_label(cwf)}{level} · "
                        f"Endorsed by {_endorsers(cwf)}",
                        muted=True,
                    )
                )
                prose.write(book, cwf.version.statement)
            for p in rows:
                self._row(book, doc, p)
        if not doc.functions:
            published = "" if drafts else "published "
            when = f" as of {as_of.isoformat()}" if as_of else ""
            book.para(f"This framework has no {published}standards{when}.")

    def _row(self, book: Book, doc: StandardsDocument, p: PrintedVersion) -> None:
        activity = p.section
        if p.version is None:
            if activity:
                book.heading(f"{p.code} {doc.not_published}", 2)
            else:
                book.para([Run(f"{p.code} ", bold=True), Run(doc.not_published, italic=True)])
            return
        if activity:
            book.heading(f"{p.code} {p.version.title}", 2)
            book.para(
                Run(
                    f"{p.standard.kind_label} · {version_label(p)} · Endorsed by {_endorsers(p)}",
                    muted=True,
                )
            )
        else:
            book.para([Run(f"{p.code} ", bold=True), Run(p.version.title, bold=True)])
            category = f" ({p.standard.category.label})" if p.standard.category else ""
            level = f" · {p.version.level.label}" if p.version.level else ""
            book.para(
                Run(
                    f"{p.standard.kind_label}{category} · {version_label(p)}{level} · "
                    f"Endorsed by {_endorsers(p)}",
                    muted=True,
                ),
                indent=0.5,
            )
        prose.write(book, p.version.statement)
