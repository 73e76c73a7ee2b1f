"""Word tables written as WordprocessingML in one go (python-docx's cell by cell API takes
seconds for a coverage matrix): a title row spanning every column and a header row, both
repeated at the top of each page the table runs onto, body rows, an optional footer row,
column widths, cell shading and indents."""

from __future__ import annotations

from collections.abc import Sequence
from xml.sax.saxutils import escape

from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from curriculum.exports.word.runs import MUTED_HEX, Run, Text, runs

HEADER_FILL = "E8ECF1"
TWIPS_PER_CM = 567


def _run(run: Run) -> str:
    props = "".join(
        tag
        for on, tag in (
            (run.bold, "<w:b/>"),
            (run.italic, "<w:i/>"),
            (run.muted, f'<w:color w:val="{MUTED_HEX}"/>'),
        )
        if on
    )
    parts = []
    for n, line in enumerate(run.text.split("\n")):
        if n:
            parts.append("<w:br/>")
        for m, piece in enumerate(line.split("\t")):
            if m:
                parts.append("<w:tab/>")
            if piece:
                parts.append(f'<w:t xml:space="preserve">{escape(piece)}</w:t>')
    return f"<w:r>{f'<w:rPr>{props}</w:rPr>' if props else ''}{''.join(parts)}</w:r>"


def _cell(
    text: Text, width: float | None, *, span: int = 1, fill: str | None = None, indent: float = 0
) -> str:
    props = f'<w:tcW w:w="{round(width * TWIPS_PER_CM)}" w:type="dxa"/>' if width else ""
    props += f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""
    props += f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>' if fill else ""
    ind = f'<w:ind w:left="{round(indent * TWIPS_PER_CM)}"/>' if indent else ""
    paragraph = f'<w:p><w:pPr><w:spacing w:after="0"/>{ind}</w:pPr>'
    paragraph += "".join(_run(r) for r in runs(text)) + "</w:p>"
    return f"<w:tc><w:tcPr>{props}</w:tcPr>{paragraph}</w:tc>"


def _row(cells: str, *, header: bool = False) -> str:
    props = '<w:trPr><w:cantSplit/><w:tblHeader w:val="true"/></w:trPr>' if header else ""
    return f"<w:tr>{props}{cells}</w:tr>"


def table_element(
    header: Sequence[str],
    rows: Sequence[Sequence[Text]],
    *,
    widths: Sequence[float] | None = None,
    title: str | None = None,
    footer: Sequence[Text] | None = None,
    shading: dict[tuple[int, int], str] | None = None,
    indents: Sequence[float] | None = None,
):
    """The w:tbl element (see Book.table)."""
    columns = len(header)
    sizes: Sequence[float | None] = widths or [None] * columns
    shading = shading or {}
    out = [
        f'<w:tbl {nsdecls("w")}><w:tblPr><w:tblStyle w:val="TableGrid"/>',
        '<w:tblW w:w="0" w:type="auto"/>',
        '<w:tblLayout w:type="fixed"/>' if widths else "",
        '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" '
        'w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>',
        *(f'<w:gridCol w:w="{round(w * TWIPS_PER_CM)}"/>' if w else "<w:gridCol/>" for w in sizes),
        "</w:tblGrid>",
    ]
    if title:
        span = sum(widths) if widths else None
        bold = Run(title, bold=True)
        out.append(_row(_cell(bold, span, span=columns, fill=HEADER_FILL), header=True))
    heads = "".join(
        _cell(Run(name, bold=True), w, fill=HEADER_FILL)
        for name, w in zip(header, sizes, strict=True)
    )
    out.append(_row(heads, header=True))
    for r, texts in enumerate([*rows, *([footer] if footer else [])]):
        indent = indents[r] if indents and r < len(indents) else 0
        out.append(
            _row(
                "".join(
                    _cell(text, w, fill=shading.get((r, c)), indent=indent if c == 1 else 0)
                    for c, (text, w) in enumerate(zip(texts, sizes, strict=True))
                )
            )
        )
    out.append("</w:tbl>")
    return parse_xml("".join(out))
