"""What a spreadsheet import would do, before it does it: the tree it would create, the rows that
fail with their reasons, and near-duplicates (a row's statement close to one already in the
target framework, or to another row's).

Near-duplicates: texts are compared as their normalised words (lower case, letters and digits)
joined by spaces, with difflib's ratio; 0.85 and over is close. The ratio works on characters,
so a plural, a typo or a changed word still counts, where a word-set measure would not.
Comparing every row with every standard (300 × 1,600) that way would take seconds, so pairs are
first filtered by shared rare words (prefix filtering). A ratio of 0.85 leaves at most about a
seventh of the characters different, so in practice two such texts share at least half of their
distinct content-word stems (a stem: the word without a final "s", cut to 6 letters, so plurals
and -ed/-ing forms meet); and any two stem sets sharing half of each have a stem in common among
the first |x| - ⌈|x| / 2⌉ + 1 of each, when every set lists its stems rarest first. Only pairs
passing that, then difflib's cheap upper bounds, get the ratio.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from math import ceil

from curriculum.extensions import db
from curriculum.interop.package import Fix, Item, Problem
from curriculum.interop.spreadsheet_read import Row, parse
from curriculum.standards.models import Framework, Standard

THRESHOLD = 0.85
SHARED = 0.5  # the share of content words two close texts have in common, at the least
QUOTE = 80  # characters of a text quoted in a near-duplicate's message

STOPWORDS = frozenset(
    ("a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "in", "into", "is", "it")
    + ("its", "of", "on", "or", "that", "the", "their", "this", "to", "with", "when", "where")
    + ("which", "who", "will")
)


@dataclass
class PreviewNode:
    """One standard of the tree to be created, with its row and whether that row fails."""

    row: int
    item: Item
    failing: bool
    children: list[PreviewNode] = field(default_factory=list)


@dataclass
class NearDuplicate:
    row: int
    text: str
    other: str  # "B.1.3" (a standard of the framework) or "row 5"
    other_text: str
    ratio: float

    @property
    def message(self) -> str:
        return (
            f"row {self.row} “{quote(self.text)}” is close to {self.other} "
            f"“{quote(self.other_text)}” ({round(self.ratio * 100)}%)"
        )


@dataclass
class Preview:
    columns: list[str]
    tree: list[PreviewNode]
    count: int  # rows read
    failing: list[Row]  # the rows that fail, each with its problems
    problems: list[Problem]
    fixes: list[Fix]
    near_duplicates: list[NearDuplicate]

    @property
    def importable(self) -> bool:
        return not self.problems and self.count > 0


def quote(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= QUOTE else text[: QUOTE - 1].rsplit(" ", 1)[0] + "…"


def preview(
    data: bytes, format: str, mapping: Mapping, framework: Framework | None = None
) -> Preview:
    """Read the file through `mapping` and say what importing it into `framework` (None: a new
    framework) would give. Raises ImportRejected when the file or the mapping cannot be read."""
    parsed = parse(data, format, mapping)
    by_number = {row.number: row for row in parsed.rows}
    row_of = {id(row.item): row for row in parsed.rows}
    nodes: dict[str, PreviewNode] = {}
    tree: list[PreviewNode] = []
    for item in parsed.items:
        row = row_of[id(item)]
        node = PreviewNode(row.number, item, bool(row.problems))
        nodes[item.identifier] = node
        (nodes[item.parent].children if item.parent else tree).append(node)
    texts = [
        (row.number, row.item.statement or row.item.title, row.item.identifier, row.code)
        for row in parsed.rows
        if row.code and not _duplicate_row(row)
    ]
    return Preview(
        columns=parsed.columns,
        tree=tree,
        count=len(by_number),
        failing=parsed.failing,
        problems=parsed.problems,
        fixes=parsed.fixes,
        near_duplicates=near_duplicates(texts, _existing(framework)),
    )


def _duplicate_row(row: Row) -> bool:
    return any("is already used on row" in p.message for p in row.problems)


def _existing(framework: Framework | None) -> list[tuple[str, str, str]]:
    """(code, text, identifier) of the framework's active standards, current versions."""
    if framework is None or framework.id is None:
        return []
    found = db.session.execute(
        db.select(Standard)
        .where(Standard.framework_id == framework.id, Standard.retired_at.is_(None))
        .order_by(Standard.id)
    ).scalars()
    out = []
    for s in found:
        version = s.current_version
        if version is not None:
            out.append((s.code, version.statement or version.title, s.identifier))
    return out


def words(text: str) -> list[str]:
    return re.findall(r"[0-9a-z]+", text.lower())


def stem(word: str) -> str:
    return word.removesuffix("s")[:6]


def near_duplicates(
    rows: list[tuple[int, str, str, str]], existing: list[tuple[str, str, str]]
) -> list[NearDuplicate]:
    """Rows (number, text, identifier, code) close to a standard (code, text, identifier) or to
    an earlier row. A row is not compared with the standard it would update (same identifier or
    code), so re-importing a framework's own export flags nothing."""
    # Entries: the existing standards, then the rows; each with its normalised text.
    entries: list[tuple[str, str, str, str, str]] = [  # label, text, normal, identifier, code
        (code, text, " ".join(words(text)), ident, code) for code, text, ident in existing
    ]
    first_row = len(entries)
    entries += [
        (f"row {number}", text, " ".join(words(text)), ident, code)
        for number, text, ident, code in rows
    ]
    content = [{stem(w) for w in e[2].split() if w not in STOPWORDS} for e in entries]
    frequency = Counter(w for ws in content for w in ws)
    prefixes = [
        sorted(ws, key=lambda w: (frequency[w], w))[: len(ws) - ceil(SHARED * len(ws)) + 1]
        for ws in content
    ]
    index: dict[str, list[int]] = defaultdict(list)
    found: list[NearDuplicate] = []
    matcher = SequenceMatcher(None, autojunk=False)
    for i, entry in enumerate(entries):
        if i >= first_row and entry[2]:
            matcher.set_seq2(entry[2])  # analysed once, compared with every candidate
            candidates = {j for w in prefixes[i] for j in index[w]}
            best: tuple[float, int] | None = None
            for j in sorted(candidates):
                other = entries[j]
                if other[3] == entry[3] or other[4] == entry[4]:
                    continue
                need = ceil(SHARED * max(len(content[i]), len(content[j])))
                if len(content[i] & content[j]) < need:
                    continue
                ratio = _ratio(matcher, other[2], len(entry[2]))
                if ratio >= THRESHOLD and (best is None or ratio > best[0]):
                    best = (ratio, j)
            if best is not None:
                other = entries[best[1]]
                found.append(
                    NearDuplicate(int(entry[0][4:]), entry[1], other[0], other[1], best[0])
                )
        for w in prefixes[i]:
            index[w].append(i)
    return found


def _ratio(matcher: SequenceMatcher, text: str, length: int) -> float:
    """difflib's ratio of `text` and the matcher's second sequence (of `length` characters),
    0 as soon as a cheap upper bound says it stays under THRESHOLD."""
    if 2 * min(len(text), length) < THRESHOLD * (len(text) + length):
        return 0.0
    matcher.set_seq1(text)
    if matcher.quick_ratio() < THRESHOLD:
        return 0.0
    return matcher.ratio()
