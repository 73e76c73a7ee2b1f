"""Which of a course's learning outcomes best match a standard: a full-text ranking of the
outcomes' text against the standard's title and statement, by the database's own full-text
search (SQLite FTS5's bm25, PostgreSQL's ts_rank), no outside service.

The standard's words are OR-ed (an outcome matching any of them is a candidate; the more and
the rarer the words it shares, the better), stemmed the English way on both databases.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import ColumnElement, func, literal_column, text

from curriculum.courses.models import Course, CourseOutcome
from curriculum.extensions import db
from curriculum.standards.rows import AnyVersion

# At most this many distinct words of the standard are searched for (a long statement adds
# little past them, and FTS5 and to_tsquery both slow down with hundreds of OR-ed terms).
MAX_WORDS = 60
_WORD = re.compile(r"[^\W_]+")
# Words too common to say anything (PostgreSQL's english configuration drops these too; FTS5
# has no stop list, so they are dropped here for both).
_STOP_TEXT = """a about above after again all also an and any are as at be because been before being
    below between both but by can could did do does doing down during each few for from further
    had has have having he her here hers him his how i if in into is it its itself just me more
    most my no nor not now of off on once only or other our ours out over own same she should so
    some such than that the their theirs them then there these they this those through to too
    under until up very was we were what when where which while who whom why will with would
    you your yours"""
STOP_WORDS = frozenset(_STOP_TEXT.split())


@dataclass(frozen=True)
class Suggestion:
    """One outcome of the course, with how well its text matches (0: not at all)."""

    outcome: CourseOutcome
    score: float

    @property
    def suggested(self) -> bool:
        return self.score > 0


def query_words(value: str) -> list[str]:
    """The distinct words of `value` worth searching for, in order, lower case."""
    seen: dict[str, None] = {}
    for word in _WORD.findall(value.lower()):
        if word not in STOP_WORDS and len(word) > 1:
            seen.setdefault(word, None)
    return list(seen)[:MAX_WORDS]


def scores(course: Course, value: str) -> dict[int, float]:
    """{outcome id: score > 0} for the course's outcomes whose text shares words with `value`."""
    words = query_words(value)
    if not words:
        return {}
    if db.session.get_bind().dialect.name == "postgresql":
        return _postgresql(course.id, words)
    return _sqlite(course.id, words)


def _postgresql(course_id: int, words: list[str]) -> dict[int, float]:
    english: ColumnElement[str] = literal_column("'english'::regconfig")
    vector = func.to_tsvector(english, CourseOutcome.text)
    # Words are letters and digits only, so joining them with | is a well-formed tsquery.
    query = func.to_tsquery(english, " | ".join(words))
    rows = db.session.execute(
        db.select(CourseOutcome.id, func.ts_rank(vector, query)).where(
            CourseOutcome.course_id == course_id, vector.op("@@")(query)
        )
    )
    return {oid: float(score) for oid, score in rows if score and score > 0}


def _sqlite(course_id: int, words: list[str]) -> dict[int, float]:
    # FTS5 ranks only rows of an fts5 table: the course's outcomes are copied into a temporary
    # one (this connection's only, never written to the database file) and emptied after.
    connection = db.session.connection()
    connection.exec_driver_sql(
        "CREATE VIRTUAL TABLE IF NOT EXISTS temp.outcome_match "
        "USING fts5(body, tokenize = 'porter unicode61')"
    )
    connection.exec_driver_sql("DELETE FROM temp.outcome_match")
    try:
        connection.execute(
            text(
                "INSERT INTO temp.outcome_match (rowid, body) "
                "SELECT id, text FROM course_outcomes WHERE course_id = :course_id"
            ),
            {"course_id": course_id},
        )
        # Each word quoted: FTS5 reads it as a plain term (stemmed), never as its syntax.
        match = " OR ".join(f'"{w}"' for w in words)
        rows = connection.execute(
            text(
                "SELECT rowid, bm25(outcome_match) FROM temp.outcome_match "
                "WHERE outcome_match MATCH :match"
            ),
            {"match": match},
        )
        # bm25 is lower for better matches (negative): turn it into a score above 0.
        return {oid: max(-float(rank), 1e-9) for oid, rank in rows}
    finally:
        connection.exec_driver_sql("DELETE FROM temp.outcome_match")


def for_text(course: Course, value: str) -> list[Suggestion]:
    """Every outcome of the course, best match for `value` first; those that share no word
    with it last, in their order."""
    found = scores(course, value)
    ranked = [Suggestion(o, found.get(o.id, 0.0)) for o in course.outcomes]
    return sorted(ranked, key=lambda s: (-s.score, s.outcome.position, s.outcome.id))


def for_standard(course: Course, version: AnyVersion) -> list[Suggestion]:
    """The course's outcomes ranked against a standard's version (its title and statement)."""
    return for_text(course, f"{version.title}\n{version.statement}")
