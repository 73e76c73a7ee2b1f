"""When the API's cached answers last changed: `changed_at` on frameworks and programs.

One rule (`_collect`, before each flush): every new, changed or deleted row that the cached
answers read (curriculum.api.caching: a framework's tree; a program; its coverage) names the
frameworks and programs whose answers it is part of:

- a framework, a standard, a standard version: the framework (a framework deleted: also the
  programs that used it, which lose it);
- a program, its courses, frameworks and elective groups: the program;
- a course, its outcomes, an alignment of it: every program the course is in (an alignment
  is part of those programs' coverage; the framework's tree does not show alignments);
- an organization or a partnership: their programs (a program's answer shows both).

A program's answers also read its frameworks' rows, so caching takes the latest of the
program's stamp and its frameworks' rather than stamping programs for every standard edit.

A deleted row's owners are found before the flush, while the rows a deletion takes with it
(by the database's cascades) are still there to ask; new and changed rows are resolved at
the commit, after the flush's writes (see `_collect`). They are stamped just before the transaction
commits (`_stamp`, after the search index is rebuilt, and on PostgreSQL after their rows are
locked): the stamp must be no earlier than a moment before the change can be seen, which
caching's Last-Modified relies on. Work done with bulk statements the session does not see
(the framework importer, the benchmarks' world builder) calls `touch()`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import ObjectDeletedError

import curriculum.search.indexing  # noqa: F401  (its before_commit goes first: see _stamp)
from curriculum.alignment.models import Alignment
from curriculum.courses.models import (
    Course,
    CourseOutcome,
    ElectiveGroup,
    Program,
    ProgramCourse,
    ProgramFramework,
)
from curriculum.db import new_change_token, utcnow
from curriculum.extensions import db
from curriculum.organizations.models import Organization
from curriculum.partnerships.models import Partnership
from curriculum.standards.models import Framework, Standard, StandardVersion

BATCH = 500
_PENDING = "stamps_pending"
_NOTED = "stamps_noted"  # keys of new and changed rows, resolved at the commit
_WROTE = "stamps_wrote"  # a bulk statement wrote rows of these tables (before its touch())

# What a changed row names: (key, foreign key column, the relationship that sets it on a row
# not yet flushed). The keys are resolved to frameworks and programs by `touch`.
_OWNERS: dict[type, tuple[str, str, str | None]] = {
    Framework: ("framework", "id", None),
    Standard: ("framework", "framework_id", "framework"),
    StandardVersion: ("standard", "standard_id", "standard"),
    Program: ("program", "id", None),
    ProgramCourse: ("program", "program_id", "program"),
    ProgramFramework: ("program", "program_id", None),
    ElectiveGroup: ("program", "program_id", "program"),
    Course: ("course", "id", None),
    CourseOutcome: ("course", "course_id", "course"),
    Alignment: ("course", "course_id", "course"),
    Organization: ("organization", "id", None),
    Partnership: ("partnership", "id", None),
}


_TABLES = frozenset(model.__table__ for model in _OWNERS)  # type: ignore[attr-defined]


def _pending(session: Session) -> dict[type, set[int]]:
    return session.info.setdefault(_PENDING, {Framework: set(), Program: set()})


def _batches(ids: Iterable[int]) -> Iterator[list[int]]:
    ordered = sorted(set(ids))
    for start in range(0, len(ordered), BATCH):
        yield ordered[start : start + BATCH]


def _ids(session: Session, column, where_column, ids: Iterable[int]) -> set[int]:
    found: set[int] = set()
    for batch in _batches(i for i in ids if i is not None):
        found.update(session.scalars(sa.select(column).where(where_column.in_(batch))))
    return found


def touch(session: Session | None = None, **keys: Iterable[int]) -> None:
    """Stamp, when the transaction commits, what the rows named by `keys` belong to:
    framework=, standard=, program=, course=, organization=, partnership= (ids, as in
    `_OWNERS`) and framework_gone= (frameworks deleted: the programs that used them).
    Bulk statements the session does not see call it with what they wrote."""
    session = session or db.session()
    unknown = set(keys) - {key for key, _c, _r in _OWNERS.values()} - {"framework_gone"}
    if unknown:
        raise TypeError(f"touch() got unknown keys {sorted(unknown)}")
    pending = _pending(session)
    pending[Framework].update(i for i in keys.get("framework", ()) if i is not None)
    pending[Framework] |= _ids(
        session, Standard.framework_id, Standard.id, keys.get("standard", ())
    )
    pending[Program].update(i for i in keys.get("program", ()) if i is not None)
    _wait_for_joins(session, keys.get("course", ()))
    for column, where, key in (
        (ProgramCourse.program_id, ProgramCourse.course_id, "course"),
        (ProgramFramework.program_id, ProgramFramework.framework_id, "framework_gone"),
        (Program.id, Program.organization_id, "organization"),
        (Program.id, Program.partnership_id, "partnership"),
    ):
        pending[Program] |= _ids(session, column, where, keys.get(key, ()))


def _wait_for_joins(session: Session, course_ids: Iterable[int]) -> None:
    """On PostgreSQL, lock the courses' rows before asking which programs they are in: a
    transaction adding one to a program holds a share lock on its row (the foreign key's check)
    until it commits, so the question waits and then sees the program. Without it (READ
    COMMITTED) an alignment committed while its course joins a program could stamp nothing,
    and the program's kept answers (curriculum.stamped) would miss it. SQLite has one writer."""
    if session.get_bind().dialect.name == "sqlite":
        return
    for batch in _batches(i for i in course_ids if i is not None):
        session.execute(
            sa.select(Course.id).where(Course.id.in_(batch)).order_by(Course.id).with_for_update()
        )


def _values(obj: Any, column: str, relation: str | None) -> Iterator[int]:
    """The ids `obj` refers to by `column`: its value now, the one it had before this change,
    or, on a row not yet flushed, the id of the object set on `relation`."""
    current = getattr(obj, column)
    if current is not None:
        yield current
    elif relation is not None:
        related = getattr(obj, relation)
        identity = sa.inspect(related).identity if related is not None else None
        if identity is not None:
            yield identity[0]
    yield from (v for v in sa.inspect(obj).attrs[column].history.deleted if v is not None)


def _keys(objects: Iterable[Any]) -> dict[str, set[int]]:
    """The `touch` keys the rows name (their own columns: no query)."""
    keys: dict[str, set[int]] = defaultdict(set)
    for obj in objects:
        owner = _OWNERS.get(type(obj))
        if owner is None:
            continue
        key, column, relation = owner
        try:
            keys[key].update(_values(obj, column, relation))
        except ObjectDeletedError:  # gone already (with its parent): nothing to read
            continue
    return keys


@event.listens_for(Session, "before_flush")
def _collect(session: Session, _context, _instances) -> None:
    """Deleted rows are resolved to their owners now, while what a deletion takes with it is
    still there; new and changed rows only note their keys, resolved at the commit. On SQLite
    a query here, before the flush's first write, would open a read transaction that a
    concurrent commit makes stale: its write would then fail at once ("database is locked")
    instead of waiting its turn."""
    deleted = list(session.deleted)
    changed = [o for o in session.dirty if type(o) in _OWNERS and session.is_modified(o)]
    noted = session.info.setdefault(_NOTED, defaultdict(set))
    for key, ids in _keys((*session.new, *changed)).items():
        noted[key] |= ids
    if deleted:
        keys = _keys(deleted)
        keys["framework_gone"] = {o.id for o in deleted if isinstance(o, Framework)}
        if any(keys.values()):
            touch(session, **keys)


@event.listens_for(Session, "before_commit")
def _stamp(session: Session) -> None:
    # A savepoint's release waits for the outermost commit, the moment the change is seen.
    if session.in_nested_transaction():
        return
    if session.new or session.dirty or session.deleted:
        session.flush()
    noted = session.info.pop(_NOTED, None)
    if noted and any(noted.values()):
        touch(session, **noted)  # after the flush's writes: this transaction holds the lock
    pending = session.info.pop(_PENDING, None)
    if not pending or not any(pending.values()):
        return
    tables = [(model.__table__, list(_batches(ids))) for model, ids in pending.items()]
    if session.get_bind().dialect.name != "sqlite":
        # The rows are locked first (in id order), and the time read after: however long
        # another transaction holds them, the stamp stays moments before this commit.
        for table, batches in tables:
            for batch in batches:
                session.execute(
                    sa.select(table.c.id)
                    .where(table.c.id.in_(batch))
                    .order_by(table.c.id)
                    .with_for_update(key_share=True)
                )
    now, token = utcnow(), new_change_token()
    for table, batches in tables:
        # Columns with an onupdate (updated_at) keep their value: this is no edit of the row.
        same = {c.name: c for c in table.columns if c.onupdate is not None}
        for batch in batches:
            session.execute(
                sa.update(table)
                .where(table.c.id.in_(batch))
                .values(changed_at=now, change_token=token, **same)
            )
    # The objects in the session read the new stamp after the commit, which expires them.


@event.listens_for(Session, "after_soft_rollback")
def _forget(session: Session, previous_transaction) -> None:
    # Only the outermost rollback drops the notes (stamping what did not change is harmless).
    if previous_transaction.parent is None:
        for name in (_PENDING, _NOTED, _WROTE):
            session.info.pop(name, None)


@event.listens_for(Session, "after_commit")
def _settled(session: Session) -> None:
    session.info.pop(_WROTE, None)


@event.listens_for(Session, "do_orm_execute")
def _bulk(state) -> None:
    """A bulk INSERT, UPDATE or DELETE of rows the stamps follow (its `touch()` may come later)."""
    if not (state.is_insert or state.is_update or state.is_delete):
        return
    table = getattr(state.statement, "table", None)
    if table in _TABLES or any(mapper.class_ in _OWNERS for mapper in state.all_mappers):
        state.session.info[_WROTE] = True


def unsettled(session: Session) -> bool:
    """Whether this session holds changes to rows the stamps follow that are not committed
    (new, changed or deleted objects, flushed or not, bulk writes): answers kept under the
    committed stamps (curriculum.stamped) are then neither served nor kept."""
    info = session.info
    if info.get(_WROTE) or any(info.get(_PENDING, {}).values()):
        return True
    if any(info.get(_NOTED, {}).values()):
        return True
    return any(type(obj) in _OWNERS for obj in (*session.new, *session.deleted, *session.dirty))
