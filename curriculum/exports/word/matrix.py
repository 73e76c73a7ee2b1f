"""The coverage matrix in Word, as the PDF prints it (templates/exports/curriculum.html): a
grid of one column per course, or for a program of more courses than a page holds as columns
(documents.GRID_COURSES) a list of the courses reaching each standard. One table either way,
its header row repeating on every page."""

from __future__ import annotations

from curriculum.exports.printed import FrameworkPart, PrintedVersion
from curriculum.exports.word.book import LANDSCAPE_WIDTH, Book
from curriculum.exports.word.markup import Run

# Cell colours of the matrix's levels (as print.css's level badges, lighter).
LEVEL_FILL = {"introduced": "DCEAF7", "reinforced": "FDEBC8", "mastered": "D3EFD9"}
CODE_WIDTH = 2.2
REACH_WIDTH = 11.0  # the list's "Courses (level)" column, in cm

Text = str | Run


def title_of(p: PrintedVersion, not_published: str) -> Text:
    return p.version.title if p.version is not None else Run(not_published, italic=True)


def matrix(book: Book, part: FrameworkPart, not_published: str) -> None:
    """The legend, then the matrix of every course of the program (`part.blocks`, the PDF's
    page-sized blocks, as one table)."""
    book.para(
        f"{part.legend} The matrix has a row for each standard; its header row repeats on "
        "every page."
    )
    if not part.blocks:
        return
    first = part.blocks[0]
    lines = [b for block in part.blocks for b in block.rows]
    indents = [0.3 * row.depth for row, _ in lines]
    if first.listed:
        book.table(
            ["Code", "Standard", "Courses (level)"],
            [
                [
                    row.code,
                    title_of(row, not_published),
                    (first.reach(cells) or "—") if row.version is not None else "",
                ]
                for row, cells in lines
            ],
            widths=[CODE_WIDTH, LANDSCAPE_WIDTH - CODE_WIDTH - REACH_WIDTH, REACH_WIDTH],
            indents=indents,
        )
        return
    columns = first.courses
    course = min(1.6, (LANDSCAPE_WIDTH - CODE_WIDTH - 7.0) / max(1, len(columns)))
    shading, rows = {}, []
    for r, (row, aligned) in enumerate(lines):
        texts: list[Text] = [row.code, title_of(row, not_published)]
        for n, a in enumerate(aligned, start=2):
            texts.append(a.mark if a else "")
            if a:
                shading[(r, n)] = LEVEL_FILL[a.level.value]
        rows.append(texts)
    book.table(
        ["Code", "Standard", *(c.course.code for c in columns)],
        rows,
        widths=[CODE_WIDTH, LANDSCAPE_WIDTH - CODE_WIDTH - course * len(columns)]
        + [course] * len(columns),
        shading=shading,
        indents=indents,
    )
