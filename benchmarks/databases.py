"""Where the benchmarks run: the app on a database of their own (SQLite, or a PostgreSQL
schema of their own), migrated.

What they put in it comes from the world builder (`curriculum.testing.world` through the
services, `curriculum.testing.bulk` for thousands of rows).
"""

from __future__ import annotations

import logging
import os
import sys
import uuid
from contextlib import contextmanager
from pathlib import Path

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
