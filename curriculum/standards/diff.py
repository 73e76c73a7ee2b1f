"""Word-level differences between two texts, for the compare and conflict pages."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

_TOKEN = re.compile(r"\s+|[^\s]+")


@dataclass(frozen=True)
class Segment:
    """A run of text that is kept ("equal"), removed ("delete") or added ("insert")."""

    op: str
    text: str


def word_diff(old: str | None, new: str | None) -> list[Segment]:
    """Segments turning `old` into `new`, compared word by word (whitespace kept)."""
    a, b = _TOKEN.findall(old or ""), _TOKEN.findall(new or "")
    segments: list[Segment] = []
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            segments.append(Segment("equal", "".join(a[i1:i2])))
            continue
        if op in ("delete", "replace"):
            segments.append(Segment("delete", "".join(a[i1:i2])))
        if op in ("insert", "replace"):
            segments.append(Segment("insert", "".join(b[j1:j2])))
    return segments


def has_changes(segments: list[Segment]) -> bool:
    return any(s.op != "equal" for s in segments)
