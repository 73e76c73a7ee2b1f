"""Conditional GETs for the API's large answers: an ETag computed from the rows an answer is
made of, without making the answer, and 304 Not Modified when the client already has it.

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
answer (`make bench`: benchmarks/bench_pages.py, "API tree, 304").

No Last-Modified: moves, reorders and alignment changes leave no timestamp to take the
latest of, so a date could claim "not modified" after a change. Answers say
`Cache-Control: private, no-cache`: a cache keeps them for this reader only and asks again
(with If-None-Match) before each use.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from functools import cache
from importlib import metadata

import sqlalchemy as sa
from flask import Response, request
from sqlalchemy.dialects.postgresql import aggregate_order_by
from sqlalchemy.orm import aliased

from curriculum.alignment.models import Alignment
from curriculum.courses.models import (
    Course,
    CourseOutcome,
    ElectiveGroup,
    Program,
    ProgramCourse,
    ProgramFramework,
)
from curriculum.extensions import db
from curriculum.organizations.models import Organization
from curriculum.partnerships.models import Partnership
from curriculum.standards.models import Framework, Standard, StandardVersion

CACHE_CONTROL = "private, no-cache"


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
    """Every column of the model's rows that match, in id order."""
    table = model.__table__
    order = [c for c in table.primary_key.columns]
    return _rows(sa.select(table).where(*where).order_by(*order))


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


def not_modified(tag: str) -> Response | None:
    """304 with no body when the client's If-None-Match holds the tag, else None."""
    if not request.if_none_match.contains_weak(tag):
        return None
    response = Response(status=304)
    return tagged(response, tag)


def tagged(response: Response, tag: str) -> Response:
    """The answer with its (weak) ETag and the cache rule."""
    response.set_etag(tag, weak=True)
    response.headers["Cache-Control"] = CACHE_CONTROL
    return response
