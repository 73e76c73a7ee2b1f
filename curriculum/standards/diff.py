"""Word-level differences between two texts, for the compare, conflict and stale pages."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

# Words, runs of whitespace, and each punctuation mark on its own, so "recorded," still
# matches "recorded".
_TOKEN = re.compile(r"\w+|\s+|[^\w\s]")


@dataclass(frozen=True)
class Segment:
    """A run of text that is kept ("equal"), removed ("delete") or added ("insert")."""

    op: str
    text: str


def word_diff(old: str | None, new: str | None) -> list[Segment]:
    """Segments turning `old` into `new`, compared word by word.

    Changes separated only by whitespace are shown as one removal and one addition, so a
    rewritten phrase reads as a phrase rather than alternating single words.
    """
    a, b = _TOKEN.findall(old or ""), _TOKEN.findall(new or "")
    opcodes = difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes()
    segments: list[Segment] = []
    removed: list[str] = []
    added: list[str] = []

    def flush() -> None:
        if removed:
            segments.append(Segment("delete", "".join(removed)))
        if added:
            segments.append(Segment("insert", "".join(added)))
        removed.clear()
        added.clear()

    for index, (op, i1, i2, j1, j2) in enumerate(opcodes):
        if op == "equal":
            text = "".join(a[i1:i2])
            inside = (removed or added) and index < len(opcodes) - 1
            if inside and text.isspace():
                removed.append(text)
                added.append(text)
                continue
            flush()
            segments.append(Segment("equal", text))
        else:
            removed.extend(a[i1:i2])
            added.extend(b[j1:j2])
    flush()
    return segments


def has_changes(segments: list[Segment]) -> bool:
    return any(s.op != "equal" for s in segments)


def _words(segments: list[Segment], op: str) -> int:
    return sum(len(re.findall(r"\w+", s.text)) for s in segments if s.op == op)


def _count(n: int, sign: str) -> str:
    return f"{sign}{n} word{'s' if n != 1 else ''}"


def change_summary(old: dict | None, new: dict) -> str:
    """One line saying what a version changed from the one before it (content() dicts):
    "Statement (+12 words, −3 words) and level (Baseline → Mastery) changed"."""
    if old is None:
        return "First version"
    parts: list[str] = []
    if (old["title"] or "") != (new["title"] or ""):
        parts.append("title")
    statement = word_diff(old["statement"], new["statement"])
    if has_changes(statement):
        added, removed = _words(statement, "insert"), _words(statement, "delete")
        counts = [_count(added, "+")] if added else []
        counts += [_count(removed, "−")] if removed else []
        parts.append(f"statement ({', '.join(counts)})" if counts else "statement (spacing)")
    if old["level"] != new["level"]:
        before = old["level"].label if old["level"] else "no level"
        after = new["level"].label if new["level"] else "no level"
        parts.append(f"level ({before} → {after})")
    if not parts:
        return "Same content as the version before"
    listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    return f"{listed[0].upper()}{listed[1:]} changed"
