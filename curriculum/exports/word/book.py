"""A Word document being written: headings in Word's Heading styles (recorded for the
contents), tables with repeating header rows, a contents field, portrait and landscape
sections, the running header (with the DRAFT marker) and page numbers on every page."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.text import WD_BREAK, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from curriculum.exports.word.runs import MUTED_HEX, Run, Text, runs
from curriculum.exports.word.tables import table_element

LANGUAGE = "en-US"
DRAFT_RED = RGBColor(0xB0, 0x1E, 0x1E)
MUTED = RGBColor.from_string(MUTED_HEX)
CONTENTS_LEVELS = 2  # the contents list Heading 1 and Heading 2
# Settings that come after w:updateFields in CT_Settings (those python-docx's template has).
SETTINGS_AFTER_UPDATE_FIELDS = ("hdrShapeDefaults", "footnotePr", "endnotePr", "compat")


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
            paragraph = self.para([f"{n}.\t" if numbered else "•\t", *runs(text)], "List Paragraph")
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
        later = [settings.find(qn(f"w:{tag}")) for tag in SETTINGS_AFTER_UPDATE_FIELDS]
        found = [e for e in later if e is not None]
        if found:  # the schema's order: Word refuses settings out of order
            found[0].addprevious(update)
        else:
            settings.append(update)

    # --- Tables ----------------------------------------------------------------------------

    def table(
        self,
        header: Sequence[str],
        rows: Sequence[Sequence[Text]],
        *,
        widths: Sequence[float] | None = None,
        title: str | None = None,
        footer: Sequence[Text] | None = None,
        shading: dict[tuple[int, int], str] | None = None,
        indents: Sequence[float] | None = None,
    ) -> None:
        """A table whose title row (spanning every column) and header row repeat on each page.
        widths in cm; shading {(row, column): "RRGGBB"} over `rows`; indents per row, of the
        second column."""
        self.document.element.body._insert_tbl(
            table_element(
                header,
                rows,
                widths=widths,
                title=title,
                footer=footer,
                shading=shading,
                indents=indents,
            )
        )
        self.document.add_paragraph()  # Word runs two adjacent tables together

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
        for run in runs(text):
            added = paragraph.add_run(run.text)
            added.bold = run.bold or None
            added.italic = run.italic or None
            if run.muted:
                added.font.color.rgb = MUTED


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
