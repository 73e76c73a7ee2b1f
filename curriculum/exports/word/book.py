"""A Word document being written: headings in Word's Heading styles (recorded for the
contents), tables with repeating header rows, a contents field, portrait and landscape
sections, the running header (with the DRAFT marker) and page numbers on every page."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.text import WD_BREAK, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

LANGUAGE = "en-US"
DRAFT_RED = RGBColor(0xB0, 0x1E, 0x1E)
MUTED = RGBColor(0x55, 0x5F, 0x6B)
CONTENTS_LEVELS = 2  # the contents list Heading 1 and Heading 2


@dataclass
class Run:
    """Part of a paragraph or cell with its own look."""

    text: str
    bold: bool = False
    italic: bool = False
    muted: bool = False


Text = str | Run | Sequence[str | Run]


class Book:
    def __init__(self, *, title: str, author: str, subject: str, running: str, drafts: bool):
        self.document = Document()
        self.drafts = drafts
        self.headings: list[tuple[int, str]] = []
        self._contents: Any = None  # the contents field's first paragraph
        props = self.document.core_properties
        props.title, props.author, props.subject = title, author, subject
        props.language = LANGUAGE
        props.comments = "Exported by Curriculum"
        section = self.document.sections[0]
        section.page_width, section.page_height = Cm(21.59), Cm(27.94)  # US Letter, as the PDF
        for side in ("left_margin", "right_margin"):
            setattr(section, side, Cm(2.2))
        self._running(section, running)

    # --- Paragraphs ------------------------------------------------------------------------

    def heading(self, text: str, level: int) -> None:
        """A heading in Word's "Heading <level>" style (1-3)."""
        self.document.add_heading(text, level)
        self.headings.append((level, text))

    def para(self, text: Text = "", style: str | None = None, *, indent: float = 0.0):
        paragraph = self.document.add_paragraph(style=style)
        self._write(paragraph, text)
        if indent:
            paragraph.paragraph_format.left_indent = Cm(indent)
        return paragraph

    def items(self, texts: Sequence[Text], *, numbered: bool = False) -> None:
        """A list: "1." numbers written out (Word's list numbering would run on across lists)."""
        for n, text in enumerate(texts, start=1):
            paragraph = self.para(
                [f"{n}.\t" if numbered else "•\t", *_runs(text)], "List Paragraph"
            )
            paragraph.paragraph_format.first_line_indent = Cm(-0.6)
            paragraph.paragraph_format.left_indent = Cm(1.0)
            paragraph.paragraph_format.space_after = Pt(2)

    def page_break(self) -> None:
        self.document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    def contents(self) -> None:
        """The contents: a Word TOC field (Heading 1-2) whose shown text lists the headings;
        Word fills in the page numbers when it updates the field (it asks on opening)."""
        self.para("Contents", "TOC Heading")
        begin = self.document.add_paragraph()
        _field_char(begin.add_run(), "begin")
        instruction = OxmlElement("w:instrText")
        instruction.set(qn("xml:space"), "preserve")
        instruction.text = f' TOC \\o "1-{CONTENTS_LEVELS}" \\h \\z \\u '
        begin.add_run()._r.append(instruction)
        _field_char(begin.add_run(), "separate")
        self._contents = begin
        end = self.document.add_paragraph()
        _field_char(end.add_run(), "end")
        settings = self.document.settings.element
        update = OxmlElement("w:updateFields")
        update.set(qn("w:val"), "true")
        settings.append(update)

    # --- Tables ----------------------------------------------------------------------------

    def table(
        self,
        header: list[str],
        rows: Sequence[Sequence[Text]],
        *,
        widths: list[float] | None = None,
        title: str | None = None,
        footer: Sequence[Text] | None = None,
        shading: dict[tuple[int, int], str] | None = None,
        indents: list[float] | None = None,
    ):
        """A table whose title row (spanning every column) and header row repeat on each page.
        widths in cm; shading {(row, column): "RRGGBB"} over `rows`; indents per row, of the
        second column."""
        heads = [[title] + [""] * (len(header) - 1)] if title else []
        table = self.document.add_table(rows=0, cols=len(header))
        table.style = "Table Grid"
        for n, head in enumerate([*heads, header]):
            row = table.add_row()
            _repeat(row)
            for cell, name in zip(row.cells, head, strict=True):
                self._write(cell.paragraphs[0], Run(name, bold=True) if name else "")
                _shade(cell, "E8ECF1")
            if title and n == 0:
                row.cells[0].merge(row.cells[-1])
        for r, texts in enumerate([*rows, *([footer] if footer else [])]):
            cells = table.add_row().cells
            for c, (cell, content) in enumerate(zip(cells, texts, strict=True)):
                self._write(cell.paragraphs[0], content)
                if shading and (r, c) in shading:
                    _shade(cell, shading[(r, c)])
            if indents and r < len(indents) and indents[r]:
                cells[1].paragraphs[0].paragraph_format.left_indent = Cm(indents[r])
        if widths:
            table.autofit = False
            for column, width in zip(table.columns, widths, strict=True):
                column.width = Cm(width)
            for row in table.rows[1 if title else 0 :]:
                for cell, width in zip(row.cells, widths, strict=True):
                    cell.width = Cm(width)
        for row in table.rows:
            for cell in row.cells:
                for paragraph in cell.paragraphs:
                    paragraph.paragraph_format.space_after = Pt(0)
        self.document.add_paragraph()  # Word runs two adjacent tables together
        return table

    # --- Sections --------------------------------------------------------------------------

    def landscape(self, on: bool = True) -> None:
        """Start a new page in landscape (on) or back in portrait; the header carries on."""
        section = self.document.add_section(WD_SECTION.NEW_PAGE)
        short, long = sorted((section.page_width, section.page_height))
        section.orientation = WD_ORIENT.LANDSCAPE if on else WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = (long, short) if on else (short, long)

    def save(self) -> bytes:
        if self._contents is not None:
            anchor = self._contents
            for level, text in reversed([h for h in self.headings if h[0] <= CONTENTS_LEVELS]):
                anchor._p.addnext(self._contents_entry(level, text)._p)  # moved from the end
        out = io.BytesIO()
        self.document.save(out)
        return out.getvalue()

    # --- Inside ----------------------------------------------------------------------------

    def _contents_entry(self, level: int, text: str):
        entry = self.document.add_paragraph(text)
        entry.paragraph_format.left_indent = Cm(0.8 * (level - 1))
        entry.paragraph_format.space_after = Pt(2)
        return entry

    def _running(self, section, running: str) -> None:
        """The header (the document's name; DRAFT in red when drafts are printed) and the
        footer (page N) of every page: later sections inherit them."""
        header = section.header.paragraphs[0]
        width = section.page_width - section.left_margin - section.right_margin
        header.paragraph_format.tab_stops.add_tab_stop(width, WD_TAB_ALIGNMENT.RIGHT)
        self._write(header, Run(running, muted=True))
        if self.drafts:
            marker = header.add_run("\tDRAFT")
            marker.bold, marker.font.size, marker.font.color.rgb = True, Pt(14), DRAFT_RED
        footer = section.footer.paragraphs[0]
        footer.add_run("Page ")
        _page_number(footer)

    def _write(self, paragraph, text: Text) -> None:
        for run in _runs(text):
            added = paragraph.add_run(run.text)
            added.bold = run.bold or None
            added.italic = run.italic or None
            if run.muted:
                added.font.color.rgb = MUTED


def _runs(text: Text) -> list[Run]:
    parts = [text] if isinstance(text, str | Run) else text
    return [Run(p) if isinstance(p, str) else p for p in parts if p]


def _field_char(run, kind: str) -> None:
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), kind)
    run._r.append(char)


def _page_number(paragraph) -> None:
    _field_char(paragraph.add_run(), "begin")
    instruction = OxmlElement("w:instrText")
    instruction.set(qn("xml:space"), "preserve")
    instruction.text = " PAGE "
    paragraph.add_run()._r.append(instruction)
    _field_char(paragraph.add_run(), "separate")
    paragraph.add_run("1")
    _field_char(paragraph.add_run(), "end")


def _repeat(row) -> None:
    """Mark a table row as a header row, repeated at the top of each page the table spans."""
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)
    cant_split = OxmlElement("w:cantSplit")
    properties.append(cant_split)


def _shade(cell, colour: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), colour)
    cell._tc.get_or_add_tcPr().append(shading)
