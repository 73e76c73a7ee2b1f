"""What the benchmarks build: the app on a database of their own, and bulk-inserted data.

The services write one row at a time with audit events (about 15 s for 600 standards), so the
benchmarks insert what they would have written in bulk: a standards tree, its versions and
endorsements, a program's courses and the alignments. What differs between the benchmarks
(titles, which versions are revised, which standards a course covers) stays in each script.
"""

from __future__ import annotations

import logging
import os
import uuid
from collections import defaultdict
from contextlib import contextmanager
from datetime import datetime

import sqlalchemy as sa

CONFIG = {
    "TESTING": True,
    "SECRET_KEY": "bench",
    "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
}


# --- The database and the app ------------------------------------------------------------------


def postgres_url() -> str | None:
    """The PostgreSQL database to use: BENCH_DATABASE_URL, else `bench` beside TEST_DATABASE_URL.

    The test database itself is never used; `bench` is created when missing.
    """
    if os.environ.get("BENCH_DATABASE_URL"):
        return os.environ["BENCH_DATABASE_URL"]
    test_url = os.environ.get("TEST_DATABASE_URL", "")
    if not test_url.startswith("postgresql"):
        return None
    url = sa.make_url(test_url).set(database="bench")
    admin = sa.create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        if not conn.scalar(sa.text("SELECT 1 FROM pg_database WHERE datname = 'bench'")):
            conn.execute(sa.text("CREATE DATABASE bench"))
    admin.dispose()
    return url.render_as_string(hide_password=False)


@contextmanager
def own_schema(url: str):
    """A fresh PostgreSQL schema for this run (dropped afterwards); yields engine options."""
    schema = f"bench_{uuid.uuid4().hex[:8]}"
    engine = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield {"connect_args": {"options": f"-csearch_path={schema}"}}
    finally:
        with engine.connect() as conn:
            conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        engine.dispose()


def make_app(url: str, config: dict | None = None, engine_options: dict | None = None):
    """The app on `url` with the benchmarks' config (plus `config`, and engine options)."""
    from curriculum import create_app

    settings = {**CONFIG, **(config or {}), "SQLALCHEMY_DATABASE_URI": url}
    if engine_options:
        settings["SQLALCHEMY_ENGINE_OPTIONS"] = {"pool_pre_ping": True, **engine_options}
    return create_app(settings)


def migrate() -> None:
    """Run the migrations (in an app context), without Alembic's progress lines."""
    from flask_migrate import upgrade

    logging.disable(logging.INFO)
    try:
        upgrade()
    finally:
        logging.disable(logging.NOTSET)


def partnership_and_framework(*organizations):
    """The "Bench Partnership" (quorum 3) with `organizations` in it, and its framework."""
    from curriculum.partnerships.services import add_organization, create_partnership
    from curriculum.standards import tree

    partnership = create_partnership(
        {"name": "Bench Partnership", "region": "Bench", "endorsement_quorum": 3}
    )
    for org in organizations:
        add_organization(partnership, org)
    framework = tree.create_framework(partnership, {"title": "Production Technician"})
    return partnership, framework


# --- Bulk inserts ------------------------------------------------------------------------------


def standards_tree(framework_id: int, shape: tuple[int, int, int]) -> list:
    """Critical work functions, key activities per function, indicators per activity.

    Coded as the services code them (`tree.default_code`); returns the standards level by
    level (all functions, then all activities, then all indicators).
    """
    from curriculum.extensions import db
    from curriculum.standards import tree
    from curriculum.standards.models import Standard, StandardKind

    kinds = (
        StandardKind.CRITICAL_WORK_FUNCTION,
        StandardKind.KEY_ACTIVITY,
        StandardKind.PERFORMANCE_INDICATOR,
    )
    parents: list = [None]
    standards: list[Standard] = []
    for kind, per_parent in zip(kinds, shape, strict=True):
        level = [
            Standard(
                framework_id=framework_id,
                parent_id=parent.id if parent else None,
                kind=kind,
                code=tree.default_code(parent.code if parent else None, kind, i),
                position=i,
            )
            for parent in parents
            for i in range(per_parent)
        ]
        db.session.add_all(level)
        db.session.flush()
        standards += level
        parents = level
    return standards


def add_versions(rows: list[dict]) -> dict[int, dict[int, int]]:
    """Insert version rows (dicts of StandardVersion columns), then point each standard at its
    highest version (current) and its highest published one, as the services leave them.

    Returns the version ids by standard id and number.
    """
    from curriculum.extensions import db
    from curriculum.standards.models import Standard, StandardVersion, VersionStatus

    db.session.execute(sa.insert(StandardVersion), rows)
    standard_ids = {r["standard_id"] for r in rows}
    ids: dict[int, dict[int, int]] = defaultdict(dict)
    published: dict[int, int] = {}
    found = db.session.execute(
        sa.select(
            StandardVersion.standard_id,
            StandardVersion.number,
            StandardVersion.id,
            StandardVersion.status,
        )
        .where(StandardVersion.standard_id.in_(standard_ids))
        .order_by(StandardVersion.number)
    )
    for standard_id, number, version_id, status in found:
        ids[standard_id][number] = version_id
        if status == VersionStatus.PUBLISHED:
            published[standard_id] = version_id
    db.session.execute(
        sa.update(Standard),
        [
            {
                "id": sid,
                "current_version_id": by_number[max(by_number)],
                "published_version_id": published.get(sid),
            }
            for sid, by_number in ids.items()
        ],
    )
    return ids


def endorse(version_ids, organizations, created_at: datetime | None = None) -> None:
    """Each organization endorses each version (at `created_at`, else now)."""
    from curriculum.extensions import db
    from curriculum.standards.models import Endorsement

    when = {} if created_at is None else {"created_at": created_at}
    db.session.execute(
        sa.insert(Endorsement),
        [
            {"version_id": vid, "organization_id": org.id, **when}
            for vid in version_ids
            for org in organizations
        ],
    )


def round_robin(n_courses: int) -> list[tuple[int, int, bool]]:
    """(term, position, required) of each course: dealt over 4 terms, every fifth elective."""
    return [(1 + c % 4, c // 4, c % 5 != 4) for c in range(n_courses)]


def add_program(program, framework_id: int, courses: list, places: list) -> None:
    """Insert a program on one framework, its courses, and their (term, position, required)."""
    from curriculum.courses.models import ProgramCourse, ProgramFramework
    from curriculum.extensions import db

    db.session.add(program)
    db.session.add_all(courses)
    db.session.flush()
    db.session.execute(
        sa.insert(ProgramFramework), [{"program_id": program.id, "framework_id": framework_id}]
    )
    db.session.execute(
        sa.insert(ProgramCourse),
        [
            {
                "program_id": program.id,
                "course_id": course.id,
                "term": term,
                "position": position,
                "required": required,
            }
            for course, (term, position, required) in zip(courses, places, strict=True)
        ],
    )


def align(rows: list[dict], opened_at: datetime | None = None, changed_by_id=None) -> int:
    """Insert alignment rows; with `opened_at`, also the open revision the services keep for
    each (read only by exports "as of" a date). Returns how many alignments."""
    from curriculum.alignment.models import Alignment, AlignmentRevision
    from curriculum.extensions import db

    db.session.execute(sa.insert(Alignment), rows)
    if opened_at is not None:
        keep = ("course_id", "standard_id", "version_id", "level", "note")
        db.session.execute(
            sa.insert(AlignmentRevision),
            [
                {
                    **{k: r[k] for k in keep if k in r},
                    "valid_from": opened_at,
                    "changed_by_id": changed_by_id,
                }
                for r in rows
            ],
        )
    return len(rows)
