"""Text with its look, and the WordprocessingML of runs and paragraphs: the writers build a
document's body as markup and parse it in one go (python-docx's element by element API takes
a tenth of a second per paragraph and a quadratic time in a long document)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

MUTED_HEX = "555F6B"  # the grey of meta lines and notes
TWIPS_PER_CM = 567


@dataclass
class Run:
    """Part of a paragraph or cell with its own look."""

    text: str
    bold: bool = False
    italic: bool = False
    muted: bool = False


Text = str | Run | Sequence[str | Run]  # a paragraph's or a cell's content


def runs(text: Text) -> list[Run]:
    parts = [text] if isinstance(text, str | Run) else text
    return [Run(p) if isinstance(p, str) else p for p in parts if p]


def twips(cm: float) -> int:
    return round(cm * TWIPS_PER_CM)


def run_xml(run: Run) -> str:
    """A w:r: bold, italic, grey; newlines as line breaks, tabs as tabs."""
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


def paragraph_xml(
    text: Text,
    style_id: str | None = None,
    *,
    indent: float = 0.0,
    hanging: float = 0.0,
    space_after: int | None = None,
) -> str:
    """A w:p (indent and hanging in cm, space_after in points)."""
    props = f'<w:pStyle w:val="{style_id}"/>' if style_id else ""
    if space_after is not None:
        props += f'<w:spacing w:after="{space_after * 20}"/>'
    if indent or hanging:
        props += f'<w:ind w:left="{twips(indent)}"'
        props += f' w:hanging="{twips(hanging)}"/>' if hanging else "/>"
    body = "".join(run_xml(r) for r in runs(text))
    return f"<w:p>{f'<w:pPr>{props}</w:pPr>' if props else ''}{body}</w:p>"
