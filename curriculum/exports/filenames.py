"""Download file names: one rule for every file the app offers (CSV, Excel, PDF)."""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from curriculum.courses.models import Program

LONGEST = 150  # characters before the extension


def slug(text: str) -> str:
    """Lower-case ASCII words joined by hyphens, accents folded: 'Técnico en Mecatrónica' →
    'tecnico-en-mecatronica'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def award(award_type: str) -> str:
    """'Associate of Applied Science (AAS)' or 'Associate of Applied Science' → 'AAS';
    'Certificate' stays."""
    found = re.search(r"\(([^)]+)\)", award_type)
    if found:
        return found.group(1)
    words = award_type.split()
    if len(words) > 2:
        return "".join(w[0] for w in words if w[0].isupper())
    return award_type


def program_words(program: Program) -> list[str]:
    """How a file names a program: its name, its award (unless the name says it already) and
    its catalog year."""
    words = [program.name]
    short = award(program.award_type or "")
    name = program.name.lower()
    if short and not any(name.endswith(a.lower()) for a in (short, program.award_type) if a):
        words.append(short)
    words.append(program.catalog_year)
    return words


def download_name(words: list[str], extension: str) -> str:
    """The file name of a download: the words as one slug, at most LONGEST characters."""
    name = slug(" ".join(w for w in words if w))[:LONGEST].strip("-")
    return f"{name or 'download'}.{extension}"
