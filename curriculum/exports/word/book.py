"""A Word document being written: headings in Word's Heading styles (recorded for the
contents), tables with repeating header rows, a contents field, portrait and landscape
sections, the running header (with the DRAFT marker) and page numbers on every page.

The body is collected as markup (markup.py, tables.py) and parsed into the python-docx
document in one go before each section break and at the end; python-docx itself writes the
frame (page set-up, header, footer, settings, core properties)."""

from __future__ import annotations

import io
from collections.abc import Sequence

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.text import WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt, RGBColor

from curriculum.exports.word.markup import MUTED_HEX, Text, paragraph_xml, runs
from curriculum.exports.word.tables import table_xml

LANGUAGE = "en-US"
DRAFT_RED = RGBColor(0xB0, 0x1E, 0x1E)
PAGE = (21.59, 27.94)  # cm: US Letter, as the PDF
SIDE_MARGIN = 2.2  # cm, left and right, on every page
LANDSCAPE_WIDTH = PAGE[1] - 2 * SIDE_MARGIN - 0.1  # what a landscape table may fill
CONTENTS_LEVELS = 2  # the contents list Heading 1 and Heading 2
TOC = f' TOC \\o "1-{CONTENTS_LEVELS}" \\h \\z \\u '
# Settings that come after w:updateFields in CT_Settings (those python-docx's template has).
SETTINGS_AFTER_UPDATE_FIELDS = ("hdrShapeDefaults", "footnotePr", "endnotePr", "compat")


def _field(kind: str) -> str:
    return f'<w:r><w:fldChar w:fldCharType="{kind}"/></w:r>'


class Book:
    def __init__(self, *, title: str, author: str, subject: str, running: str, drafts: bool):
        self.document = Document()
        self.drafts = drafts
        self.headings: list[tuple[int, str]] = []
        self._body: list[str] = []  # markup not yet in the document
        self._contents = False
        self._style_ids = {style.name: style.style_id for style in self.document.styles}
        props = self.document.core_properties
        props.title, props.author, props.subject = title, author, subject
        props.language = LANGUAGE
        props.comments = "Exported by Curriculum"
        section = self.document.sections[0]
        section.page_width, section.page_height = Cm(PAGE[0]), Cm(PAGE[1])
        section.left_margin = section.right_margin = Cm(SIDE_MARGIN)
        self._running(section, running)

    # --- Paragraphs ------------------------------------------------------------------------

    def heading(self, text: str, level: int) -> None:
        """A heading in Word's "Heading <level>" style (1-3)."""
        self.para(text, f"Heading {level}")
        self.headings.append((level, text))

    def para(self, text: Text = "", style: str | None = None, *, indent: float = 0.0) -> None:
        """A paragraph in a style named as Word names it ("Caption"), indented in cm."""
        style_id = self._style_ids[style] if style else None
        self._body.append(paragraph_xml(text, style_id, indent=indent))

    def items(self, texts: Sequence[Text], *, numbered: bool = False) -> None:
        """A list: "1." numbers written out (Word's list numbering would run on across lists)."""
        style_id = self._style_ids["List Paragraph"]
        for n, text in enumerate(texts, start=1):
            mark = f"{n}.\t" if numbered else "•\t"
            self._body.append(
                paragraph_xml([mark, *runs(text)], style_id, indent=1.0, hanging=0.6, space_after=2)
            )

    def page_break(self) -> None:
        self._body.append('<w:p><w:r><w:br w:type="page"/></w:r></w:p>')

    def contents(self) -> None:
        """The contents: a Word TOC field (Heading 1-2) whose shown text lists the headings
        (filled in by save()); Word adds the page numbers when it updates the field, which it
        offers to do on opening."""
        self.para("Contents", "TOC Heading")
        instruction = f'<w:r><w:instrText xml:space="preserve">{TOC}</w:instrText></w:r>'
        self._body.append(f"<w:p>{_field('begin')}{instruction}{_field('separate')}</w:p>")
        self._body.append(f"<w:p>{_field('end')}</w:p>")
        self._contents = True
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
        self._body.append(
            table_xml(
                header,
                rows,
                widths=widths,
                title=title,
                footer=footer,
                shading=shading,
                indents=indents,
            )
        )
        self._body.append("<w:p/>")  # Word runs two adjacent tables together

    # --- Sections --------------------------------------------------------------------------

    def landscape(self, on: bool = True) -> None:
        """Start a new page in landscape (on) or back in portrait; the header carries on."""
        self._flush()
        section = self.document.add_section(WD_SECTION.NEW_PAGE)
        short, long = sorted((section.page_width, section.page_height))
        section.orientation = WD_ORIENT.LANDSCAPE if on else WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = (long, short) if on else (short, long)

    def save(self) -> bytes:
        self._flush()
        if self._contents:
            entries = "".join(
                paragraph_xml(text, indent=0.8 * (level - 1), space_after=2)
                for level, text in self.headings
                if level <= CONTENTS_LEVELS
            )
            begin = next(
                i.getparent().getparent()
                for i in self.document.element.body.iter(qn("w:instrText"))
                if i.text == TOC
            )
            for entry in reversed(list(parse_xml(f"<w:body {nsdecls('w')}>{entries}</w:body>"))):
                begin.addnext(entry)
        out = io.BytesIO()
        self.document.save(out)
        return out.getvalue()

    # --- Inside ----------------------------------------------------------------------------

    def _flush(self) -> None:
        """Parse the markup written since the last flush into the body, before its sectPr."""
        if not self._body:
            return
        markup = parse_xml(f"<w:body {nsdecls('w')}>{''.join(self._body)}</w:body>")
        self._body = []
        end = self.document.element.body.sectPr
        for element in list(markup):
            end.addprevious(element)

    def _running(self, section, running: str) -> None:
        """The header (the document's name; DRAFT in red when drafts are printed) and the
        footer (page N) of every page: later sections inherit them."""
        header = section.header.paragraphs[0]
        width = section.page_width - section.left_margin - section.right_margin
        header.paragraph_format.tab_stops.add_tab_stop(width, WD_TAB_ALIGNMENT.RIGHT)
        header.add_run(running).font.color.rgb = RGBColor.from_string(MUTED_HEX)
        if self.drafts:
            marker = header.add_run("\tDRAFT")
            marker.bold, marker.font.size, marker.font.color.rgb = True, Pt(14), DRAFT_RED
        footer = section.footer.paragraphs[0]._p
        instruction = '<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
        number = f"{_field('begin')}{instruction}{_field('separate')}<w:r><w:t>1</w:t></w:r>"
        page = f'<w:r><w:t xml:space="preserve">Page </w:t></w:r>{number}{_field("end")}'
        for run in parse_xml(f"<w:p {nsdecls('w')}>{page}</w:p>"):
            footer.append(run)
