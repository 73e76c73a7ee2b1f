"""Names and titles as people see them: whitespace and invisible characters around them do not
count, and a name of nothing but those is no name."""

from __future__ import annotations

import unicodedata

from curriculum.extensions import db


def _invisible(character: str) -> bool:
    # Cf: zero width space (U+200B), joiners (U+200C, U+200D), word joiner (U+2060), byte order
    # mark (U+FEFF), bidirectional marks and the rest of Unicode's format characters.
    return character.isspace() or unicodedata.category(character) == "Cf"


def clean_name(value) -> str:
    """`value` without the whitespace and invisible format characters at its ends: "" when
    nothing visible is left (so the caller's "enter a name" check refuses it). Inside a name
    they stay: some scripts and emoji need joiners."""
    text = value if isinstance(value, str) else ""
    start, end = 0, len(text)
    while start < end and _invisible(text[start]):
        start += 1
    while end > start and _invisible(text[end - 1]):
        end -= 1
    return text[start:end]


def name_taken(column, name: str, *, exclude_id: int | None = None, within=()) -> bool:
    """Is `name` already used in `column` (of rows matching `within`, other than `exclude_id`),
    ignoring case? Compared in Python: SQLite's lower() folds only ASCII, so a name equal but
    for "É" would slip past the database and then fail its unique constraint."""
    model = column.class_
    query = db.select(model.id, column).where(db.func.length(column) == len(name), *within)
    if exclude_id is not None:
        query = query.where(model.id != exclude_id)
    folded = name.casefold()
    return any(value.casefold() == folded for _id, value in db.session.execute(query))
