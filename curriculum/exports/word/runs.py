"""Text with its look, as the Word writers hand it to paragraphs and table cells."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

MUTED_HEX = "555F6B"  # the grey of meta lines and notes


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
