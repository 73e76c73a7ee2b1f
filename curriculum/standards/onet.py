"""The O*NET-SOC occupation list (O*NET 29.2, CC BY 4.0) that frameworks pick from."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

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
    """Occupations whose code or title contains every word of `q`."""
    words = q.lower().split()
    if not words:
        return []
    found = [
        o for o in occupations().values() if all(w in f"{o.code} {o.title}".lower() for w in words)
    ]
    return found[:limit]
