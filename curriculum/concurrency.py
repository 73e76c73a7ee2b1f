"""Row locks and unique-constraint clashes: the two tools services use against races.

`lock(obj)` holds the write lock on an object's row until the transaction ends and reloads it,
so what a service checks next cannot change before it commits. On PostgreSQL that is
`SELECT ... FOR NO KEY UPDATE`; SQLite has no row locks, but it serialises writers: a no-op UPDATE
of the row takes the database's write lock (the transaction's first write, so its reads that
follow see every commit before it).

`unique_or_conflict()` runs a flush in a savepoint and turns a unique (or foreign key)
violation into `Conflict`, the same 409 a form check gives, so a request that lost a race
against an identical one gets a message instead of a 500. `conflict_message()` names the
clash, and `contention_message()` what a request stopped by a deadlock or a lock wait is told
(nothing saved), for the app-wide handler in `curriculum.errors` (`race_message()`: a 409).
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import cast

import sqlalchemy as sa
from sqlalchemy.engine import CursorResult
from sqlalchemy.exc import IntegrityError, OperationalError

from curriculum.errors import Conflict
from curriculum.extensions import db

GENERIC = "This clashes with a change saved at the same moment. Reload the page and try again."

# Table of the violated unique constraint -> what a person is told.
UNIQUE_MESSAGES = {
    "alignments": "This course is already aligned to that standard.",
    "courses": "This college already has a course with that code.",
    "endorsements": "Your organization has already endorsed this version.",
    "frameworks": "This partnership already has a framework with that title.",
    "memberships": "That person is already a member of the partnership.",
    "organizations": "An organization with this name already exists.",
    "partnerships": "A partnership with this name already exists.",
    "partnership_organizations": "That organization already takes part in the partnership.",
    "program_courses": "That course is already in the program.",
    "programs": "This college already has a program with that name and catalog year.",
    "standard_versions": "Someone saved a new version at the same moment. Reload and try again.",
    "standards": "That code or place is already taken in this framework. Reload and try again.",
    "users": "An account with that email address already exists.",
}


def changed(statement) -> int:
    """Run an UPDATE or DELETE in the session and say how many rows it changed (a guarded UPDATE
    that lost its race changes none)."""
    return cast(CursorResult, db.session.execute(statement)).rowcount


def lock(obj) -> None:
    """Take the write lock on `obj`'s row for the rest of the transaction, then reload it."""
    obj = getattr(obj, "_get_current_object", lambda: obj)()  # current_user is a proxy
    state = sa.inspect(obj)
    mapper = state.mapper
    (pk_column,) = mapper.primary_key
    (ident,) = state.identity
    if db.session.get_bind().dialect.name == "sqlite":
        table = mapper.local_table
        first = next(c for c in table.columns if not c.primary_key)
        # Every column with an onupdate default is set to itself too, so none of them moves.
        same = {c.name: c for c in table.columns if c is first or c.onupdate is not None}
        db.session.execute(
            sa.update(table)
            .where(pk_column == ident)
            .values(same)
            .execution_options(synchronize_session=False)
        )
    else:
        # FOR NO KEY UPDATE: excludes other lockers and updates of the row, but not inserts
        # of rows that merely refer to it (their foreign key check takes a KEY SHARE lock).
        db.session.execute(
            sa.select(pk_column).where(pk_column == ident).with_for_update(key_share=True)
        )
    db.session.expire(obj)


def _violation(exc: IntegrityError) -> tuple[str, str | None] | None:
    """('unique' | 'foreign_key', table or None) for the clashes a race causes, else None."""
    orig = exc.orig
    code = getattr(orig, "sqlstate", None)
    if code is not None:  # psycopg
        diag = getattr(orig, "diag", None)
        table = getattr(diag, "table_name", None)
        if code == "23505":
            return "unique", table
        if code == "23503":
            return "foreign_key", table
        return None
    text = str(orig)
    if text.startswith("UNIQUE constraint failed: "):
        return "unique", text.removeprefix("UNIQUE constraint failed: ").split(".", 1)[0]
    if text.startswith("FOREIGN KEY constraint failed"):
        return "foreign_key", None
    return None


def conflict_message(exc: IntegrityError) -> str | None:
    """What to tell a person whose request lost a race to a constraint; None: not a race."""
    found = _violation(exc)
    if found is None:
        return None
    kind, table = found
    if kind == "unique":
        return UNIQUE_MESSAGES.get(table or "", GENERIC)
    return GENERIC


# What the database says when a transaction lost to another running at the same moment:
# PostgreSQL's deadlock, serialization failure and lock not available (SQLSTATE); SQLite's
# write lock still held by another when busy_timeout ran out.
CONTENTION_STATES = frozenset({"40P01", "40001", "55P03"})
BUSY = (
    "Another change was being saved at the same moment, so nothing was saved. "
    "Reload the page and try again."
)


def contention_message(exc: OperationalError) -> str | None:
    """What to tell a person whose request the database stopped because another held what it
    needed (a deadlock, a lock wait that ran out); None: another kind of failure."""
    orig = exc.orig
    if getattr(orig, "sqlstate", None) in CONTENTION_STATES:
        return BUSY
    if "database is locked" in str(orig) or "database table is locked" in str(orig):
        return BUSY
    return None


def race_message(exc: IntegrityError | OperationalError) -> str | None:
    """What to tell a person whose request lost a race (the app's error handler asks)."""
    if isinstance(exc, IntegrityError):
        return conflict_message(exc)
    return contention_message(exc)


def _begin_on_sqlite() -> None:
    """Open the transaction before a savepoint on SQLite.

    pysqlite begins a transaction only at the first INSERT, UPDATE or DELETE; a SAVEPOINT before
    that is the outermost one, and releasing it commits, so a later rollback would not undo
    it. BEGIN IMMEDIATE also takes the write lock the block is about to need.
    """
    connection = db.session.connection()
    if connection.dialect.name == "sqlite" and not getattr(
        connection.connection.dbapi_connection, "in_transaction", False
    ):
        connection.exec_driver_sql("BEGIN IMMEDIATE")


@contextmanager
def unique_or_conflict(message: str | None = None, field: str | None = None):
    """Run the block in a savepoint; a unique or foreign key clash becomes Conflict (409).

    The savepoint keeps the rest of the transaction usable after the clash.
    """
    _begin_on_sqlite()
    try:
        with db.session.begin_nested():
            yield
            db.session.flush()
    except IntegrityError as exc:
        text = conflict_message(exc)
        if text is None:
            raise
        raise Conflict(message or text, field=field) from None
