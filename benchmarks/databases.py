"""Where the benchmarks run: the app on a database of their own (SQLite, or a PostgreSQL
schema of their own), migrated.

What they put in it comes from the world builder (`curriculum.testing.world` through the
services, `curriculum.testing.bulk` for thousands of rows); the shape the page and load
benchmarks give a large framework's versions and alignments is here, once.
"""

from __future__ import annotations

import logging
import os
import sys
import uuid
from collections.abc import Callable
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa

# This checkout's app, whichever checkout the virtualenv's editable install points at (several
# worktrees may share one virtualenv): a script in benchmarks/ has only benchmarks/ on its path.
ROOT = str(Path(__file__).resolve().parent.parent)
if ROOT not in sys.path:
    sys.path.insert(1, ROOT)

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


# --- The shape of a large framework's versions and alignments ----------------------------------


def versions_of(
    standards: list, title: Callable[[int, Any], str], statement: Callable[[str], str], **extra
) -> tuple[list[dict], dict[int, int]]:
    """Version rows for `standards` (for `bulk.add_versions`): v1 published; every 5th standard
    revised (v1 superseded, v2 published, so that alignments to v1 are stale); every 15th also
    with a v3 draft. `title(n, standard)` and `statement(title)` word v1; a revision's title
    ends in "(revised)" and its statement in `revised` (an `extra` key, default ""); the other
    `extra` keys go into every row. Returns the rows and {standard id: published number}."""
    from curriculum.standards.models import VersionStatus

    revised = extra.pop("revised", "")
    now = datetime.now(UTC)
    versions, published = [], {}
    for n, s in enumerate(standards):
        first = title(n, s)
        count = 3 if n % 15 == 0 else 2 if n % 5 == 0 else 1
        for number in range(1, count + 1):
            status = VersionStatus.PUBLISHED
            if number < min(count, 2):
                status = VersionStatus.SUPERSEDED
            if number == 3:
                status = VersionStatus.DRAFT
            if status == VersionStatus.PUBLISHED:
                published[s.id] = number
            versions.append(
                {
                    "standard_id": s.id,
                    "number": number,
                    "title": first if number == 1 else f"{first} (revised)",
                    "statement": statement(first) + (revised if number > 1 else ""),
                    **extra,
                    "status": status,
                    "change_note": "" if number == 1 else f"Revision {number}",
                    "published_at": None if status == VersionStatus.DRAFT else now,
                }
            )
    return versions, published


def quarter_alignments(courses: list, standards: list, ids: dict[int, dict[int, int]]) -> list:
    """Alignment rows (for `bulk.align`): each course aligned to a quarter of `standards`,
    pinned to their v1 (`ids` from `bulk.add_versions`), the levels in turn."""
    from curriculum.alignment.models import AlignmentLevel

    levels = list(AlignmentLevel)
    return [
        {
            "course_id": course.id,
            "standard_id": s.id,
            "version_id": ids[s.id][1],
            "level": levels[(i // 4 + k) % 3],
        }
        for k, course in enumerate(courses)
        for i, s in enumerate(standards)
        if (i + k) % 4 == 0
    ]
