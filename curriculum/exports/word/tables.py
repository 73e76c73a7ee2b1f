"""Word tables as WordprocessingML (python-docx's cell by cell API takes seconds for a
coverage matrix): a title row spanning every column and a header row, both
repeated at the top of each page the table runs onto, body rows, an optional footer row,
column widths, cell shading and indents."""

from __future__ import annotations

from collections.abc import Sequence

from curriculum.exports.word.markup import Run, Text, paragraph_xml, twips

HEADER_FILL = "E8ECF1"


def _cell(
    text: Text, width: float | None, *, span: int = 1, fill: str | None = None, indent: float = 0
) -> str:
    props = f'<w:tcW w:w="{twips(width)}" w:type="dxa"/>' if width else ""
    props += f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""
    props += f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>' if fill else ""
    paragraph = paragraph_xml(text, indent=indent, space_after=0)
    return f"<w:tc><w:tcPr>{props}</w:tcPr>{paragraph}</w:tc>"


def _row(cells: str, *, header: bool = False) -> str:
    props = '<w:trPr><w:cantSplit/><w:tblHeader w:val="true"/></w:trPr>' if header else ""
    return f"<w:tr>{props}{cells}</w:tr>"


def table_xml(
    header: Sequence[str],
    rows: Sequence[Sequence[Text]],
    *,
    widths: Sequence[float] | None = None,
    title: str | None = None,
    footer: Sequence[Text] | None = None,
    shading: dict[tuple[int, int], str] | None = None,
    indents: Sequence[float] | None = None,
) -> str:
    """The w:tbl (see Book.table)."""
    columns = len(header)
    sizes: Sequence[float | None] = widths or [None] * columns
    shading = shading or {}
    out = [
        '<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/>',
        '<w:tblW w:w="0" w:type="auto"/>',
        '<w:tblLayout w:type="fixed"/>' if widths else "",
        '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" '
        'w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>',
        *(f'<w:gridCol w:w="{twips(w)}"/>' if w else "<w:gridCol/>" for w in sizes),
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
    return "".join(out)
