"""Conditional GETs for the API's large answers: an ETag computed from the rows an answer is
made of, without making the answer, a Last-Modified from the stamps of what it is made of, and
304 Not Modified when the client already has it.

The tag is a hash of every column of every row the answer reads (the framework and its
standards with the status of the versions they point at, a program with its college,
partnership, frameworks, courses and elective groups, the alignments of its courses): any
change to them (a new version, a move, a publication, a retirement, an alignment added,
changed or removed, a renamed course) gives a new tag. Version content never changes in
place (a version is immutable apart from its status and dates, which are read), so the
version ids stand for their content. The tag also holds what else shapes the answer: whether
the reader sees drafts, the query string, and the app's version (a new release may answer
differently). PostgreSQL hashes the rows itself (md5 of the rows as text) and sends one row;
elsewhere they are read as plain tuples. Either way it costs a small part of building the
answer (`make bench`: benchmarks/bench_pages.py, "API tree, 304"). The stamps themselves are
left out of the tag: it changes with the content only.

Last-Modified comes from `changed_at`, which curriculum.api.stamps sets on a framework and a
program whenever a row their answers read changes (moves, reorders and alignment changes
included): a framework's tree answers with its framework's stamp, a program and its coverage
with the latest of the program's and its frameworks'. HTTP dates hold whole seconds, and a
change can come in the same second as the answer a client holds, so the rule is stricter than
truncating the stamp:

- the answer's modification time is the first whole second after its stamp (`Changed.modified`);
  If-Modified-Since gets 304 when that is not after the date sent (the content has not changed
  since that instant, not merely since that second began);
- the Last-Modified stated is that time, but never later than the whole second `MARGIN` before
  the request (`now` is read before the stamps). A change the answer does not hold commits
  after its rows were read, and its stamp is written just before its commit (less than
  `MARGIN` before; stamps and requests read one clock, the app's), so its stamp is later than
  the Last-Modified the client got: an If-Modified-Since with it gets 200 and the new content.
  Right after a change the date stated is earlier than the change (a cache then asks in vain
  until its next copy); never a 304 for content the client does not have.

If-None-Match wins when both are sent (RFC 9110 13.2.2): the ETag decides. An
If-Modified-Since that is not an HTTP date, or is later than now, is ignored (200).

Answers say `Cache-Control: private, no-cache`: a cache keeps them for this reader only and asks
again (with If-None-Match or If-Modified-Since) before each use.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from importlib import metadata

import sqlalchemy as sa
from flask import Response, request
from sqlalchemy.dialects.postgresql import aggregate_order_by
from sqlalchemy.orm import aliased

from curriculum.alignment.models import Alignment
from curriculum.api import stamps  # noqa: F401  (registers the rule that stamps changed_at)
from curriculum.courses.models import (
    Course,
    CourseOutcome,
    ElectiveGroup,
    Program,
    ProgramCourse,
    ProgramFramework,
)
from curriculum.db import utcnow
from curriculum.extensions import db
from curriculum.organizations.models import Organization
from curriculum.partnerships.models import Partnership
from curriculum.standards.models import Framework, Standard, StandardVersion

CACHE_CONTROL = "private, no-cache"
SECOND = timedelta(seconds=1)
# Longer than any stamp takes from being written to its commit (stamps._stamp writes it in
# the commit's last steps); Last-Modified is never later than this before the request.
MARGIN = timedelta(seconds=2)


@cache
def _app_version() -> str:
    try:
        return metadata.version("curriculum")
    except metadata.PackageNotFoundError:
        return "unknown"


def _rows(statement: sa.Select) -> list[tuple] | str:
    """The rows, or on PostgreSQL their digest made by the server (the md5 of every row as
    text, in the order of that text): the same change detection, without sending the rows."""
    if db.session.get_bind().dialect.name != "postgresql":
        return [tuple(row) for row in db.session.execute(statement)]
    rows = statement.order_by(None).subquery("t")
    text: sa.ColumnClause[str] = sa.literal_column("t::text", sa.Text())
    joined = sa.func.string_agg(text, aggregate_order_by(sa.literal_column("'|'"), text))
    found = db.session.execute(sa.select(sa.func.count(), sa.func.md5(joined)).select_from(rows))
    return repr(tuple(found.one()))


def _table(model, *where) -> list[tuple] | str:
    """Every column of the model's rows that match (but the stamps), in id order."""
    table = model.__table__
    order = [c for c in table.primary_key.columns]
    columns = [c for c in table.columns if c.name not in ("changed_at", "change_token")]
    return _rows(sa.select(*columns).where(*where).order_by(*order))


def framework_rows(framework_id: int) -> list:
    """What a framework's tree is made of: the framework row, each standard's row and the
    status and dates of its current and published versions."""
    current, published = aliased(StandardVersion), aliased(StandardVersion)
    moving = (
        current.status,
        current.reviewed_at,
        current.published_at,
        current.retired_at,
        current.release_id,
    )
    standards = (
        sa.select(
            Standard.__table__,
            *moving,
            published.status,
            published.published_at,
            published.retired_at,
            published.release_id,
        )
        .outerjoin(current, current.id == Standard.current_version_id)
        .outerjoin(published, published.id == Standard.published_version_id)
        .where(Standard.framework_id == framework_id)
        .order_by(Standard.id)
    )
    return [_table(Framework, Framework.id == framework_id), _rows(standards)]


def program_rows(program_id: int) -> list:
    """What a program's answer is made of: its row, college, partnership, frameworks, courses
    (with their outcomes) and elective groups."""
    course_ids = sa.select(ProgramCourse.course_id).where(ProgramCourse.program_id == program_id)
    framework_ids = sa.select(ProgramFramework.framework_id).where(
        ProgramFramework.program_id == program_id
    )
    program = _table(Program, Program.id == program_id)
    return [
        program,
        _table(
            Organization,
            Organization.id.in_(sa.select(Program.organization_id).where(Program.id == program_id)),
        ),
        _table(
            Partnership,
            Partnership.id.in_(sa.select(Program.partnership_id).where(Program.id == program_id)),
        ),
        _table(ProgramFramework, ProgramFramework.program_id == program_id),
        _table(Framework, Framework.id.in_(framework_ids)),
        _table(ProgramCourse, ProgramCourse.program_id == program_id),
        _table(Course, Course.id.in_(course_ids)),
        _table(CourseOutcome, CourseOutcome.course_id.in_(course_ids)),
        _table(ElectiveGroup, ElectiveGroup.program_id == program_id),
    ]


def coverage_rows(program_id: int, framework_id: int) -> list:
    """A program's coverage against a framework: the program, the framework's tree, and the
    alignments of the program's courses to the framework's standards."""
    course_ids = sa.select(ProgramCourse.course_id).where(ProgramCourse.program_id == program_id)
    standard_ids = sa.select(Standard.id).where(Standard.framework_id == framework_id)
    alignments = _table(
        Alignment, Alignment.course_id.in_(course_ids), Alignment.standard_id.in_(standard_ids)
    )
    return [program_rows(program_id), framework_rows(framework_id), alignments]


def etag(kind: str, parts: Iterable, *, drafts: bool) -> str:
    """The tag of an answer of `kind` made of `parts` (rows), for this reader and query."""
    digest = hashlib.blake2b(digest_size=16)
    query = request.query_string.decode("latin-1")
    digest.update(repr((kind, _app_version(), drafts, query)).encode())
    for part in parts:
        digest.update(repr(part).encode())
    return digest.hexdigest()


def _second(moment: datetime) -> datetime:
    return moment.replace(microsecond=0)


@dataclass(frozen=True)
class Changed:
    """When an answer's content last changed (`at`, its stamp), read at `now` (taken before
    the stamps were read)."""

    at: datetime
    now: datetime

    @property
    def modified(self) -> datetime:
        """The answer's modification time in whole seconds: the first one after the stamp."""
        return _second(self.at) + SECOND

    @property
    def last_modified(self) -> datetime:
        """The Last-Modified to state: `modified`, but never later than `MARGIN` before now."""
        return min(self.modified, _second(self.now - MARGIN))


def _changed(*queries: sa.Select) -> Changed:
    now = utcnow()
    found = [db.session.scalar(query) for query in queries]
    return Changed(max(f for f in found if f is not None), now)


def framework_changed(framework_id: int) -> Changed:
    """A framework's tree: its framework's stamp."""
    return _changed(sa.select(Framework.changed_at).where(Framework.id == framework_id))


def program_changed(program_id: int, framework_id: int | None = None) -> Changed:
    """A program's answer (and its coverage against `framework_id`): the latest of the
    program's stamp and those of its frameworks (and of that one)."""
    theirs = Framework.id.in_(
        sa.select(ProgramFramework.framework_id).where(ProgramFramework.program_id == program_id)
    )
    which = theirs if framework_id is None else theirs | (Framework.id == framework_id)
    return _changed(
        sa.select(Program.changed_at).where(Program.id == program_id),
        sa.select(sa.func.max(Framework.changed_at)).where(which),
    )


def _unchanged_since(changed: Changed) -> bool:
    """If-Modified-Since (when no If-None-Match is sent) with a date the answer has not changed
    after; a date that is no HTTP date, or later than now, is ignored. A date does not say which
    reader's answer the client holds (with drafts or without): the answers vary on the
    credentials (`tagged`), so a cache asks with the date of its own copy."""
    if "If-None-Match" in request.headers:
        return False
    since = request.if_modified_since
    if since is None or since > changed.now:
        return False
    return changed.modified <= since


def not_modified(tag: str, changed: Changed) -> Response | None:
    """304 with no body when the client's If-None-Match holds the tag, or (none sent) its
    If-Modified-Since is not before the answer's modification time; else None."""
    if not (request.if_none_match.contains_weak(tag) or _unchanged_since(changed)):
        return None
    # Werkzeug leaves Last-Modified out of a 304 (RFC 9110 15.4.5: the ETag is there).
    return tagged(Response(status=304), tag, changed)


def tagged(response: Response, tag: str, changed: Changed) -> Response:
    """The answer with its (weak) ETag, its Last-Modified and the cache rule."""
    response.set_etag(tag, weak=True)
    response.last_modified = changed.last_modified
    response.headers["Cache-Control"] = CACHE_CONTROL
    # The answer depends on who asks (drafts): a cache keeps one per credentials.
    response.vary.update(("Authorization", "Cookie"))
    return response
