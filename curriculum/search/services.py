"""Searching the index: one interface, the database's own full-text search behind it (SQLite
FTS5 ranked by bm25, PostgreSQL's tsvector ranked by ts_rank), filters, what the reader may see,
and highlighted matches.

What is searched for is read from the query here, never handed to the database's query syntax:
words (letters and digits) and "quoted phrases", each quoted for FTS5 or passed to to_tsquery /
phraseto_tsquery as plain words, so quotes, NEAR, AND, *, ^ and the like are only text. Every
search runs three queries (the page, the total, the counts by kind), whatever it finds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from flask import url_for
from markupsafe import Markup, escape
from werkzeug.routing import BuildError

from curriculum import access
from curriculum.alignment.suggest import STOP_WORDS
from curriculum.courses.models import Program, ProgramCourse, ProgramFramework
from curriculum.errors import DomainError
from curriculum.extensions import db
from curriculum.ladders.models import LadderStatus
from curriculum.partnerships.models import PartnershipOrganization
from curriculum.search.models import Audience, SearchEntry, SearchKind
from curriculum.standards.models import VersionStatus

PER_PAGE = 20
MAX_TERMS = 12
SNIPPET = 220
STATUSES = tuple(
    dict.fromkeys([*(s.value for s in VersionStatus), *(s.value for s in LadderStatus)])
)
_TOKEN = re.compile(r'"([^"]*)"?|([^\W_]+)')
_WORD = re.compile(r"[^\W_]+")


class SearchError(DomainError):
    """A filter that is not one the search knows (400)."""


@dataclass(frozen=True)
class Query:
    """What to look for: words and phrases (lower case, letters and digits only)."""

    text: str
    words: tuple[str, ...]
    phrases: tuple[tuple[str, ...], ...]

    @property
    def empty(self) -> bool:
        return not self.words and not self.phrases

    @property
    def terms(self) -> list[str]:
        """Every word to highlight."""
        found = list(self.words)
        for phrase in self.phrases:
            found += [w for w in phrase if w not in STOP_WORDS]
        return list(dict.fromkeys(found))


def parse(text: str) -> Query:
    words: list[str] = []
    phrases: list[tuple[str, ...]] = []
    for phrase, word in _TOKEN.findall(text.lower()):
        if word:
            if word not in STOP_WORDS:
                words.append(word)
            continue
        inside = tuple(_WORD.findall(phrase))
        if len(inside) == 1 and inside[0] not in STOP_WORDS:
            words.append(inside[0])
        elif len([w for w in inside if w not in STOP_WORDS]) > 0:
            phrases.append(inside[:MAX_TERMS])
    words = list(dict.fromkeys(words))[:MAX_TERMS]
    return Query(text, tuple(words), tuple(dict.fromkeys(phrases))[: MAX_TERMS - len(words)])


@dataclass(frozen=True)
class Filters:
    kind: str | None = None
    partnership: int | None = None
    framework: int | None = None
    status: str | None = None

    def check(self) -> None:
        if self.kind and self.kind not in {k.value for k in SearchKind}:
            raise SearchError(f"kind must be one of {', '.join(k.value for k in SearchKind)}.")
        if self.status and self.status not in STATUSES:
            raise SearchError(f"status must be one of {', '.join(STATUSES)}.")


@dataclass
class Hit:
    kind: str
    object_id: int
    code: str
    title: str
    status: str
    partnership_id: int | None
    framework_id: int | None
    url: str
    title_html: Markup
    snippet_html: Markup
    score: float

    @property
    def kind_label(self) -> str:
        return SearchKind(self.kind).label


@dataclass
class Results:
    query: Query
    filters: Filters
    hits: list[Hit] = field(default_factory=list)
    total: int = 0
    page: int = 1
    per_page: int = PER_PAGE
    by_kind: dict[str, int] = field(default_factory=dict)

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    # What the templates' pager asks of a page.
    @property
    def items(self) -> list[Hit]:
        return self.hits

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def prev_num(self) -> int:
        return self.page - 1

    @property
    def next_num(self) -> int:
        return self.page + 1

    def grouped(self) -> list[tuple[SearchKind, list[Hit]]]:
        """The page's hits by kind, kinds in the order of their best hit."""
        groups: dict[str, list[Hit]] = {}
        for hit in self.hits:
            groups.setdefault(hit.kind, []).append(hit)
        return [(SearchKind(kind), hits) for kind, hits in groups.items()]


# --- Who sees what -----------------------------------------------------------------------------


def visible(user: access.Reader) -> sa.ColumnElement[bool]:
    """The entries the reader may find: those for everyone; a standard's current version and a
    draft ladder's steps in the partnerships whose drafts the reader sees (access.sees_drafts),
    the published versions elsewhere."""
    e = SearchEntry
    if access.is_admin(user):
        return e.audience.in_([Audience.ALL, Audience.DRAFTS])
    seen = sorted(pid for pid in access.roles_of(user) if access.sees_drafts(user, pid))
    return sa.or_(
        e.audience == Audience.ALL,
        sa.and_(e.audience == Audience.PUBLIC, e.partnership_id.not_in(seen)),
        sa.and_(e.audience == Audience.DRAFTS, e.partnership_id.in_(seen)),
    )


def _filtered(filters: Filters) -> list[sa.ColumnElement[bool]]:
    e = SearchEntry
    found: list[sa.ColumnElement[bool]] = []
    if filters.kind:
        found.append(e.kind == filters.kind)
    if filters.status:
        found.append(e.status == filters.status)
    if filters.partnership:
        pid = filters.partnership
        held = (
            sa.select(ProgramCourse.course_id)
            .join(Program, Program.id == ProgramCourse.program_id)
            .where(Program.partnership_id == pid)
        )
        members = sa.select(PartnershipOrganization.organization_id).where(
            PartnershipOrganization.partnership_id == pid
        )
        found.append(
            sa.or_(
                e.partnership_id == pid,
                sa.and_(e.kind == SearchKind.COURSE, e.object_id.in_(held)),
                sa.and_(e.kind == SearchKind.OUTCOME, e.parent_id.in_(held)),
                sa.and_(e.kind == SearchKind.ORGANIZATION, e.object_id.in_(members)),
            )
        )
    if filters.framework:
        programs = sa.select(ProgramFramework.program_id).where(
            ProgramFramework.framework_id == filters.framework
        )
        found.append(
            sa.or_(
                e.framework_id == filters.framework,
                sa.and_(e.kind == SearchKind.PROGRAM, e.object_id.in_(programs)),
            )
        )
    return found


# --- The two databases ---------------------------------------------------------------------------


def _fts5_match(query: Query) -> str:
    parts = [f'"{w}"' for w in query.words]
    parts += ['"' + " ".join(phrase) + '"' for phrase in query.phrases]
    return " AND ".join(parts)


def _matching(query: Query, postgres: bool) -> tuple[Any, sa.ColumnElement[bool], Any]:
    """(what to join, the match condition, the rank: lower is better)."""
    if postgres:
        english: Any = sa.literal_column("'english'::regconfig")
        vector: Any = sa.literal_column("search_entries.search_vector")
        parts: list[Any] = []
        if query.words:
            parts.append(sa.func.to_tsquery(english, " & ".join(query.words)))
        for phrase in query.phrases:
            parts.append(sa.func.phraseto_tsquery(english, " ".join(phrase)))
        tsquery: Any = parts[0]
        for part in parts[1:]:
            tsquery = tsquery.op("&&")(part)
        return None, vector.op("@@")(tsquery), -sa.func.ts_rank(vector, tsquery)
    fts = sa.table("search_fts", sa.column("rowid"))
    match = sa.literal_column("search_fts").op("MATCH")(sa.bindparam("m", _fts5_match(query)))
    # bm25: lower is better; code and title count ten times the body.
    return fts, match, sa.literal_column("bm25(search_fts, 10.0, 10.0, 1.0)")


def search(
    user: access.Reader, text: str, filters: Filters | None = None, page: int = 1
) -> Results:
    """The page of entries matching `text` that `user` may see, best first."""
    filters = filters or Filters()
    filters.check()
    query = parse(text)
    results = Results(query, filters, page=page)
    if query.empty:
        return results
    postgres = db.session.get_bind().dialect.name == "postgresql"
    joined, match, rank = _matching(query, postgres)
    conditions = [match, visible(user), *_filtered(filters)]

    def base(*columns: Any) -> sa.Select:
        stmt = sa.select(*columns).select_from(SearchEntry)
        if joined is not None:
            stmt = stmt.join(joined, joined.c.rowid == SearchEntry.id)
        return stmt.where(*conditions)

    counts = db.session.execute(base(SearchEntry.kind, sa.func.count()).group_by(SearchEntry.kind))
    results.by_kind = {kind: n for kind, n in counts}
    results.total = sum(results.by_kind.values())
    if not results.total:
        return results
    e = SearchEntry
    columns = (e.kind, e.object_id, e.parent_id, e.partnership_id, e.framework_id, e.status)
    rows = db.session.execute(
        base(*columns, e.code, e.title, e.body, rank.label("rank"))
        .order_by(sa.text("rank"), SearchEntry.id)
        .limit(PER_PAGE)
        .offset((page - 1) * PER_PAGE)
    ).all()
    results.hits = [_hit(row, query) for row in rows]
    return results


# --- Showing a hit -----------------------------------------------------------------------------


def _url(kind: str, object_id: int, parent_id: int | None) -> str:
    try:
        if kind == SearchKind.STANDARD:
            return url_for("standards.standard", standard_id=object_id)
        if kind == SearchKind.FRAMEWORK:
            return url_for("standards.framework", framework_id=object_id)
        if kind == SearchKind.COURSE:
            return url_for("courses.course", course_id=object_id)
        if kind == SearchKind.OUTCOME:
            return url_for("courses.course", course_id=parent_id, _anchor=f"outcome-{object_id}")
        if kind == SearchKind.PROGRAM:
            return url_for("courses.program", program_id=object_id)
        if kind == SearchKind.ORGANIZATION:
            return url_for("organizations.show", org_id=object_id)
        return url_for("ladders.step", step_id=object_id)
    except BuildError:
        # The career ladder pages arrive with their own blueprint (/steps/<id>).
        return f"/steps/{object_id}"


def _stem(word: str) -> str:
    """A word's stem, roughly (for highlighting: the database stems properly when matching)."""
    for suffix in ("ations", "ation", "ings", "ing", "ies", "ied", "es", "ed", "ly", "s", "e"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def _pattern(terms: list[str]) -> re.Pattern[str] | None:
    if not terms:
        return None
    stems = sorted({_stem(t) for t in terms}, key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(s) for s in stems) + r")\w*", re.IGNORECASE)


def highlight(text: str, terms: list[str], limit: int | None = None) -> Markup:
    """`text` escaped, its words matching `terms` marked; with `limit`, a window of about that
    many characters around the first match (or the start)."""
    pattern = _pattern(terms)
    matches = list(pattern.finditer(text)) if pattern else []
    prefix = suffix = ""
    if limit is not None and len(text) > limit:
        first = matches[0].start() if matches else 0
        start = max(0, min(first - limit // 3, len(text) - limit))
        end = start + limit
        prefix = "… " if start else ""
        suffix = " …" if end < len(text) else ""
        matches = [m for m in matches if m.start() >= start and m.end() <= end]
        text, offset = text[start:end], start
        matches_at = [(m.start() - offset, m.end() - offset) for m in matches]
    else:
        matches_at = [(m.start(), m.end()) for m in matches]
    out = [str(escape(prefix))]
    at = 0
    for start, end in matches_at:
        out.append(str(escape(text[at:start])))
        out.append(f"<mark>{escape(text[start:end])}</mark>")
        at = end
    out.append(str(escape(text[at:])))
    out.append(str(escape(suffix)))
    return Markup("".join(out))


def _hit(entry: Any, query: Query) -> Hit:
    terms = query.terms
    return Hit(
        kind=entry.kind,
        object_id=entry.object_id,
        code=entry.code,
        title=entry.title,
        status=entry.status,
        partnership_id=entry.partnership_id,
        framework_id=entry.framework_id,
        url=_url(entry.kind, entry.object_id, entry.parent_id),
        title_html=highlight(entry.title, terms),
        snippet_html=highlight(entry.body, terms, SNIPPET),
        score=-float(entry.rank or 0),
    )
