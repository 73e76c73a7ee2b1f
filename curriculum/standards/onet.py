"""The O*NET-SOC occupation list (O*NET 29.2, CC BY 4.0) that frameworks pick from."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

_WORD = re.compile(r"[^a-z0-9]+")
DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "onet" / "occupation-data.tsv"


@dataclass(frozen=True)
class Occupation:
    code: str
    title: str
    description: str


@cache
def occupations() -> dict[str, Occupation]:
    """Every occupation by O*NET-SOC code, read from the bundled file on first use."""
    with DATA_FILE.open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(handle, delimiter="\t")
        return {
            row["O*NET-SOC Code"]: Occupation(
                row["O*NET-SOC Code"], row["Title"], row["Description"]
            )
            for row in rows
        }


def search(q: str, limit: int = 20) -> list[Occupation]:
    """Occupations whose code or title contains every word of `q`, best matches first.

    Ranked by: exact title (or code), title (or code) starting with the query, every query word
    starting a word of the title, then plain substring matches; ties by title.
    """
    query = " ".join(q.lower().split())
    words = query.split()
    if not words:
        return []
    ranked = []
    for o in occupations().values():
        title = o.title.lower()
        if not all(w in f"{o.code} {title}" for w in words):
            continue
        title_words = [o.code, *_WORD.split(title)]
        if title == query or o.code == query:
            rank = 0
        elif title.startswith(query) or o.code.startswith(query):
            rank = 1
        elif all(any(t.startswith(w) for t in title_words) for w in words):
            rank = 2
        else:
            rank = 3
        ranked.append((rank, title, o.code, o))
    ranked.sort(key=lambda r: r[:3])
    return [r[3] for r in ranked[:limit]]
