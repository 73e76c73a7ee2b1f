"""Markdown (descriptions, statements) as Word paragraphs: the same sanitised HTML the PDF
prints (curriculum.markdown.render), read block by block: paragraphs, list items (bulleted or
numbered), headings as bold lines, quotes and code as plain paragraphs; bold and italic kept."""

from __future__ import annotations

from html.parser import HTMLParser

from curriculum.exports.word.book import Book
from curriculum.exports.word.markup import Run
from curriculum.markdown import render

BLOCKS = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "blockquote", "dt", "dd", "tr"}
BOLD, ITALIC = {"strong", "b", "th"}, {"em", "i"}


class _Blocks(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[str, list[Run]]] = []  # (kind: p, bullet, number, head)
        self.runs: list[Run] = []
        self.kind = "p"
        self.lists: list[str] = []
        self.bold = self.italic = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("ul", "ol"):
            self.flush()
            self.lists.append("number" if tag == "ol" else "bullet")
        elif tag in BLOCKS:
            self.flush()
            self.kind = self.lists[-1] if tag == "li" and self.lists else "p"
            self.kind = "head" if tag[0] == "h" and tag[1:].isdigit() else self.kind
        elif tag == "br":
            self.runs.append(Run("\n"))
        elif tag in ("td", "th") and self.runs:
            self.runs.append(Run("\t"))
        self.bold += tag in BOLD
        self.italic += tag in ITALIC

    def handle_endtag(self, tag):
        if tag in ("ul", "ol"):
            self.flush()
            if self.lists:
                self.lists.pop()
        elif tag in BLOCKS:
            self.flush()
        self.bold -= tag in BOLD and self.bold > 0
        self.italic -= tag in ITALIC and self.italic > 0

    def handle_data(self, data):
        text = data if self.kind == "pre" else " ".join(data.split(None)) or ""
        if data[:1].isspace() and text and self.runs:
            text = " " + text
        if data[-1:].isspace() and text and not text.endswith(" "):
            text += " "
        if text:
            self.runs.append(
                Run(text, bold=self.bold > 0 or self.kind == "head", italic=self.italic > 0)
            )

    def flush(self) -> None:
        if any(r.text.strip() for r in self.runs):
            self.runs[0].text = self.runs[0].text.lstrip()
            self.runs[-1].text = self.runs[-1].text.rstrip()
            self.blocks.append((self.kind, self.runs))
        self.runs = []
        self.kind = "p"


def _parse(markdown_text: str) -> list[tuple[str, list[Run]]]:
    parser = _Blocks()
    parser.feed(str(render(markdown_text)))
    parser.close()
    parser.flush()
    return parser.blocks


def cell(markdown_text: str | None) -> list[Run]:
    """The text inside a table cell: its paragraphs and list items on lines of their own
    (items marked with a bullet), bold and italic kept."""
    found: list[Run] = []
    for kind, runs in _parse(markdown_text) if markdown_text else []:
        found.append(Run("\n"))
        if kind in ("bullet", "number"):
            found.append(Run("• "))
        found.extend(runs)
    return found


def write(book: Book, markdown_text: str | None) -> None:
    """The text's paragraphs and lists, in the body's style."""
    if not markdown_text:
        return
    blocks = _parse(markdown_text)
    numbered: list[list[Run]] = []
    bullets: list[list[Run]] = []

    def lists() -> None:
        if numbered:
            book.items(numbered.copy(), numbered=True)
        if bullets:
            book.items(bullets.copy())
        numbered.clear()
        bullets.clear()

    for kind, runs in blocks:
        if kind == "number":
            numbered.append(runs)
        elif kind == "bullet":
            bullets.append(runs)
        else:
            lists()
            book.para(list(runs))
    lists()
