"""The aligned curriculum in Word: what templates/exports/curriculum.html prints, section for
section, from the same CurriculumDocument (documents.curriculum_document)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from curriculum.alignment.progression import Progression
from curriculum.exports.documents import (
    AppendixGroup,
    CurriculumDocument,
    FrameworkPart,
    PrintedServe,
    PrintedVersion,
)
from curriculum.exports.word import Book, Run, Writer, prose
from curriculum.exports.word.book import LANDSCAPE_WIDTH
from curriculum.exports.word.matrix import matrix, title_of
from curriculum.templating import format_datetime, format_number

if TYPE_CHECKING:
    from curriculum.courses.models import CourseOutcome


def version_label(p: PrintedVersion) -> str:
    """The version and its status, as the PDF's version_label prints them: "v3 Published"."""
    if p.version is None or p.status is None:
        return "—"
    return f"v{p.version.number} {p.status.label}"


def appendix_groups(book: Book, groups: list[AppendixGroup]) -> None:
    """A framework's printed versions, grouped by the organizations that endorsed them: a
    heading naming the set once, then the code, title, version and publication date of each."""
    for group in groups:
        who = ", ".join(group.endorsers) or "no employer or labor organization"
        count = len(group.versions)
        book.heading(f"Endorsed by {who} ({count} version{'s' if count != 1 else ''})", 3)
        book.table(
            ["Code", "Standard", "Version", "Published"],
            [
                [
                    p.code,
                    p.version.title if p.version else "",
                    version_label(p),
                    format_datetime(p.version.published_at, "%d %b %Y")
                    if p.version
                    and p.version.published_at
                    and p.status is not None
                    and p.status.value not in ("draft", "in_review")
                    else "—",
                ]
                for p in group.versions
            ],
            widths=[2.2, 9.7, 2.8, 2.5],
        )


def approval(book: Book, doc: CurriculumDocument) -> None:
    """The approval page (templates/exports/_approval.html): what the document stands on, who
    endorsed it, and blank signature lines."""
    found = doc.approval
    if found is None:
        return
    program = doc.program
    book.heading("Approval", 1)
    region = f", {found.partnership.region}" if found.partnership.region else ""
    book.para(
        f"This document sets out how the courses of {program.name} ({program.award_type}, "
        f"catalog year {program.catalog_year}) at {found.college} are aligned to the skill "
        f"standards of {found.partnership.name}{region}."
    )
    book.heading("The skill standards it stands on", 2)
    if found.frameworks:
        when = f"{found.as_of.isoformat()} (end of day, UTC)" if found.as_of else "the export date"
        book.table(
            ["Framework", "Standards as they stood on", "Newest publication printed", "Versions"],
            [
                [
                    basis.framework.title,
                    when,
                    basis.newest_publication.isoformat() if basis.newest_publication else "—",
                    str(basis.versions),
                ]
                for basis in found.frameworks
            ],
            widths=[6.5, 4.2, 3.8, 2.7],
        )
    else:
        book.para(Run("No framework was chosen for this export.", italic=True))
    book.heading("Endorsed by", 2)
    if found.endorsers:
        book.para(
            "The employer and labor organizations that endorsed versions printed here, and the "
            "people who gave those endorsements (the appendix says which versions):"
        )
        book.items([[Run(f"{o.name}: ", bold=True), ", ".join(o.people)] for o in found.endorsers])
    else:
        book.para(
            Run(
                "No employer or labor organization had endorsed a version printed here.",
                italic=True,
            )
        )
    book.heading("Signatures", 2)
    line = "_" * 48
    for title, body in found.signatories:
        book.para(f"{line}\nSignature")
        book.para([Run(title, bold=True), f", {body}"])
        book.para(f"{line}\nName")
        book.para(f"{line}\nDate")


class CurriculumWriter(Writer):
    def cover_lines(self, doc: CurriculumDocument) -> list[str]:
        program = doc.program
        return [f"{program.award_type} · Catalog year {program.catalog_year}"]

    def facts(self, doc: CurriculumDocument) -> list[tuple[str, str]]:
        program = doc.program
        chosen = "; ".join(p.framework.title for p in doc.parts) or "none chosen"
        return [
            ("College", program.organization.name),
            ("Partnership", program.partnership.name),
            ("Skill standards", chosen),
        ]

    def note(self, doc: CurriculumDocument, as_of: date | None) -> str:
        note = (
            "Every standard is printed with the exact version it refers to and what that version "
            "says; the appendix lists each version with its publication date, grouped by the "
            "organizations that endorsed it."
        )
        if as_of:
            note += (
                " The program, its courses and their descriptions are printed as they are today;"
                " the standards, their versions and endorsements, and the alignments as they "
                "stood on the date above."
            )
        return note

    def body(self, book: Book, doc: CurriculumDocument, *, drafts, as_of) -> None:
        approval(book, doc)
        self._overview(book, doc)
        self._courses(book, doc)
        for part in doc.parts:
            self._coverage(book, doc, part, drafts=drafts, as_of=as_of)
            self._gaps(book, part)
        book.heading("Appendix: the standards printed", 1)
        book.para(
            "Each version printed in this document, with the date it was published, grouped by "
            "the employer and labor organizations that endorsed that exact version."
        )
        for framework, groups in doc.appendix:
            book.heading(framework.title, 2)
            if groups:
                appendix_groups(book, groups)
            else:
                book.para(Run(_nothing(framework.title, drafts, as_of) + ".", italic=True))
        if not doc.appendix:
            book.para(Run("No framework was chosen for this export.", italic=True))

    def _overview(self, book: Book, doc: CurriculumDocument) -> None:
        program = doc.program
        book.heading("Program overview", 1)
        prose.write(book, program.description)
        for term, courses in doc.terms:
            book.para(Run(f"Term {term}", bold=True), "Caption")
            total = sum(c.course.credits for c in courses)
            book.table(
                ["Code", "Title", "Credits", "Standards"],
                [
                    [
                        c.course.code,
                        [c.course.title, Run(" (elective)", muted=True)]
                        if not c.entry.required
                        else c.course.title,
                        format_number(c.course.credits),
                        str(c.aligned),
                    ]
                    for c in courses
                ],
                footer=["", Run("Term total", bold=True), format_number(total), ""],
                widths=[2.5, 9.5, 2, 2.5],
            )
        if not doc.terms:
            book.para("This program has no courses yet.")
        required = ""
        if program.required_credits != program.total_credits:
            required = f" ({format_number(program.required_credits)} required)"
        book.para(
            [
                "Total: ",
                Run(f"{format_number(program.total_credits)} credits", bold=True),
                f"{required}, {len(doc.courses)} courses.",
            ]
        )

    def _courses(self, book: Book, doc: CurriculumDocument) -> None:
        book.heading("Courses", 1)
        for c in doc.courses:
            course = c.course
            book.heading(f"{course.code} {course.title}", 2)
            meta = [f"Term {c.entry.term}", f"{format_number(course.credits)} credits"]
            if course.contact_hours:
                meta.append(f"{course.contact_hours} contact hours")
            meta.append("required" if c.entry.required else "elective")
            book.para(Run(" · ".join(meta), muted=True))
            prose.write(book, course.description)
            if c.outcomes:
                book.heading("Learning outcomes", 3)
                book.items([_outcome(o, serves) for o, serves in c.outcomes], numbered=True)
            book.heading("Aligned skill standards", 3)
            for part in doc.parts:
                aligned = c.alignments.get(part.framework.id, [])
                if not aligned:
                    continue
                rows = []
                for a in aligned:
                    title: list[str | Run] = [a.pinned.version.title if a.pinned.version else ""]
                    title.extend(prose.cell(a.pinned.statement))
                    if a.stale and a.pinned.version and a.shown.version:
                        title.append(
                            Run(
                                f"\nAligned to v{a.pinned.version.number}; "
                                f"v{a.shown.version.number} has since been published. "
                                "Not yet re-confirmed.",
                                italic=True,
                            )
                        )
                    rows.append(
                        [
                            a.shown.code,
                            title,
                            version_label(a.pinned),
                            f"{a.level.letter} {a.level.label}",
                            a.note or "—",
                        ]
                    )
                book.table(
                    ["Code", "Standard", "Version", "Level", "How taught or assessed"],
                    rows,
                    title=part.framework.title,
                    widths=[2.0, 5.5, 2.6, 2.4, 4.7],
                )
            if not c.aligned:
                names = ", ".join(p.framework.title for p in doc.parts)
                book.para(
                    Run(
                        f"Not aligned to any standard{f' of {names}' if names else ''}.",
                        italic=True,
                    )
                )

    def _coverage(self, book: Book, doc, part: FrameworkPart, *, drafts, as_of) -> None:
        book.landscape()
        title = part.framework.title
        book.heading(f"Coverage: {title}", 1)
        if not part.rows:
            book.para(
                Run(f"{_nothing(title, drafts, as_of)}, so there is nothing to cover.", italic=True)
            )
            return book.landscape(False)
        cov = part.coverage
        book.para(
            [
                Run(f"{cov.scope_statement}. ", bold=True),
                f"{cov.counting_rule} The matrix prints every course of the program.",
            ]
        )
        book.para(
            f"{cov.covered} of {cov.total} standards ({cov.covered_percent}%) are covered by at "
            f"least one course; {cov.mastered} ({cov.mastered_percent}%) are brought to mastered."
        )
        book.para(Run(cov.rule, muted=True))
        if part.functions:
            book.table(
                [cov.top_heading, "Standards", "Covered", "Mastered"],
                [
                    [
                        [f"{p.code} ", title_of(p, doc.not_published)],
                        str(f.total),
                        f"{f.covered} ({f.covered_percent}%)",
                        f"{f.mastered} ({f.mastered_percent}%)",
                    ]
                    for p, f in part.functions
                ],
                widths=[LANDSCAPE_WIDTH - 10, 3, 3.5, 3.5],
            )
        matrix(book, part, doc.not_published)
        book.landscape(False)

    def _gaps(self, book: Book, part: FrameworkPart) -> None:
        title = part.framework.title
        book.heading(f"Gaps: {title}", 1)
        book.para(
            [Run(f"{part.coverage.scope_statement}. ", bold=True), part.coverage.counting_rule]
        )
        book.para(Run(part.coverage.rule, muted=True))
        book.heading(f"Not covered by any course ({len(part.uncovered)})", 2)
        if part.uncovered:
            book.items([[Run(f"{p.code} ", bold=True), _title(p)] for p, _ in part.uncovered])
        else:
            book.para("Every standard is covered by at least one course.")
        book.heading(f"Not brought to mastered by any course ({len(part.unmastered)})", 2)
        if part.unmastered:
            book.items(
                [
                    [
                        Run(f"{p.code} ", bold=True),
                        _title(p),
                        Run(
                            f" (best: {r.best.label.lower()})" if r.best else " (not covered)",
                            muted=True,
                        ),
                    ]
                    for p, r in part.unmastered
                ]
            )
        else:
            book.para("Every standard is brought to mastered by at least one course.")
        if part.progression is not None:
            self._progression(book, part.progression)

    def _progression(self, book: Book, check: Progression) -> None:
        """The progression problems: each flagged standard, then its flags indented."""
        book.heading(f"Progression problems along the required path ({len(check.flagged)})", 2)
        book.para(Run(check.rule, muted=True))
        if not check.flagged:
            book.para(
                "No progression problem: every assessed standard is introduced, reinforced and "
                "mastered in order along the required path."
            )
        for s in check.flagged:
            book.items([[Run(f"{s.code} ", bold=True), s.title]])
            for f in s.flags:
                book.para([Run(f"{f.label}: ", bold=True), f.explanation], indent=1.6)


def _title(p: PrintedVersion) -> str:
    return p.version.title if p.version is not None else ""


def _nothing(title: str, drafts: bool, as_of: date | None) -> str:
    when = f" by the end of {as_of.isoformat()}" if as_of else ""
    return f"No standard of {title} {'existed' if drafts else 'had been published'}{when}"


def _outcome(outcome: CourseOutcome, serves: list[PrintedServe]) -> list[str | Run]:
    """A learning outcome with what it serves and how it is assessed, on lines of its own."""
    text: list[str | Run] = [outcome.text, Run("\nServes: ", bold=True)]
    text.append(", ".join(s.label for s in serves) if serves else "no standard")
    if outcome.assessment:
        text += [Run("\nAssessed by: ", bold=True), outcome.assessment]
    return text
