"""Keeping the search index up to date: every change, whoever makes it.

After each flush the session's new, changed and deleted objects of the indexed kinds are noted
(`after_flush`); just before the transaction commits their entries are rebuilt from what the
database then holds (`before_commit`), so the index commits with the change or not at all.
Rebuilding reads the truth rather than the objects: an object gone (deleted, or rolled back)
just loses its entries. Work done with bulk statements the session does not see (the framework
importer) calls `touch()` with what it touched; `reindex_all()` (`flask search reindex`)
rebuilds the whole index.

Each kind's rows are built with a few set-based queries per batch of ids, not per object.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Session, aliased

from curriculum.courses.models import Course, CourseOutcome, Program
from curriculum.extensions import db
from curriculum.ladders.models import Ladder, LadderStatus, LadderStep
from curriculum.organizations.models import Organization
from curriculum.search.models import Audience, SearchEntry, SearchKind
from curriculum.standards.models import Framework, Standard, StandardVersion

BATCH = 500
_PENDING = "search_pending"
K = SearchKind

# Which entries a changed object asks to rebuild: (kind, id) from the object.
_KEYS: dict[type, Any] = {
    Standard: lambda o: (K.STANDARD, o.id),
    StandardVersion: lambda o: (K.STANDARD, o.standard_id),
    Framework: lambda o: (K.FRAMEWORK, o.id),
    Course: lambda o: (K.COURSE, o.id),
    CourseOutcome: lambda o: (K.OUTCOME, o.id),
    Program: lambda o: (K.PROGRAM, o.id),
    Ladder: lambda o: ("ladder", o.id),
    LadderStep: lambda o: (K.LADDER_STEP, o.id),
    Organization: lambda o: (K.ORGANIZATION, o.id),
}


def _pending(session: Session) -> dict[str, set[int]]:
    return session.info.setdefault(_PENDING, defaultdict(set))


def touch(kind: str, ids: Iterable[int], session: Session | None = None) -> None:
    """Rebuild these objects' entries when the transaction commits (`kind`: a SearchKind, or
    "ladder" for every step of the ladders, "framework_standards" for every standard of the
    frameworks)."""
    _pending(session or db.session())[str(kind)].update(i for i in ids if i is not None)


@event.listens_for(Session, "after_flush")
def _collect(session: Session, _context) -> None:
    for obj in (*session.new, *session.dirty, *session.deleted):
        key = _KEYS.get(type(obj))
        if key is None:
            continue
        kind, object_id = key(obj)
        if object_id is not None:
            _pending(session)[str(kind)].add(object_id)


@event.listens_for(Session, "before_commit")
def _apply(session: Session) -> None:
    # The commit flushes after this event: flush first, so this commit's changes are noted.
    if session.new or session.dirty or session.deleted:
        session.flush()
    pending = session.info.pop(_PENDING, None)
    if pending:
        refresh(session.connection(), pending)


@event.listens_for(Session, "after_soft_rollback")
def _forget(session: Session, previous_transaction) -> None:
    # A savepoint rolled back leaves the outer transaction's notes (rebuilding what did not
    # change is harmless); the outermost one's rollback drops them.
    if previous_transaction.parent is None:
        session.info.pop(_PENDING, None)


# --- Rebuilding --------------------------------------------------------------------------------


def _batches(ids: Iterable[int]) -> Iterator[list[int]]:
    ordered = sorted(set(ids))
    for start in range(0, len(ordered), BATCH):
        yield ordered[start : start + BATCH]


def refresh(connection: sa.Connection, pending: dict[str, set[int]]) -> None:
    """Rebuild the entries of the noted objects, reading what the database holds now."""
    pending = {kind: set(ids) for kind, ids in pending.items() if ids}
    for fid_batch in _batches(pending.pop("framework_standards", ())):
        found = connection.scalars(
            sa.select(Standard.id).where(Standard.framework_id.in_(fid_batch))
        )
        pending.setdefault(K.STANDARD, set()).update(found)
    ladders = pending.pop("ladder", set())
    for batch in _batches(ladders):
        steps = connection.scalars(sa.select(LadderStep.id).where(LadderStep.ladder_id.in_(batch)))
        pending.setdefault(K.LADDER_STEP, set()).update(steps)
        # Steps of a ladder deleted with it (by the database) leave with it.
        connection.execute(
            sa.delete(SearchEntry).where(
                SearchEntry.kind == K.LADDER_STEP,
                SearchEntry.parent_id.in_(batch),
                SearchEntry.parent_id.not_in(sa.select(Ladder.id).where(Ladder.id.in_(batch))),
            )
        )
    courses = pending.get(K.COURSE, set())
    for batch in _batches(courses):
        # An outcome's entry carries its course's code: a changed course rebuilds them.
        outcomes = connection.scalars(
            sa.select(CourseOutcome.id).where(CourseOutcome.course_id.in_(batch))
        )
        pending.setdefault(K.OUTCOME, set()).update(outcomes)
        connection.execute(
            sa.delete(SearchEntry).where(
                SearchEntry.kind == K.OUTCOME,
                SearchEntry.parent_id.in_(batch),
                SearchEntry.parent_id.not_in(sa.select(Course.id).where(Course.id.in_(batch))),
            )
        )
    for kind, ids in pending.items():
        build = BUILDERS[SearchKind(kind)]
        for batch in _batches(ids):
            connection.execute(
                sa.delete(SearchEntry).where(
                    SearchEntry.kind == kind, SearchEntry.object_id.in_(batch)
                )
            )
            rows = list(build(connection, batch))
            if rows:
                connection.execute(sa.insert(SearchEntry), rows)


def reindex_all(connection: sa.Connection) -> int:
    """Rebuild the whole index; returns how many entries it holds."""
    connection.execute(sa.delete(SearchEntry))
    pending: dict[str, set[int]] = {}
    for kind, model in _ROOTS.items():
        pending[kind] = set(connection.scalars(sa.select(model.id)))
    refresh(connection, pending)
    return connection.scalar(sa.select(sa.func.count()).select_from(SearchEntry)) or 0


def _entry(kind: SearchKind, object_id: int, **values: Any) -> dict[str, Any]:
    values.setdefault("audience", Audience.ALL)
    values.setdefault("status", "")
    values.setdefault("code", "")
    values.setdefault("body", "")
    for name in ("partnership_id", "framework_id", "parent_id"):
        values.setdefault(name, None)
    values["title"] = (values.get("title") or "")[:300]
    values["code"] = (values["code"] or "")[:64]
    values["status"] = str(values["status"] or "")
    return {"kind": str(kind), "object_id": object_id, **values}


def _text(*parts: str | None) -> str:
    return "\n".join(p for p in parts if p)


def _standards(connection: sa.Connection, ids: list[int]) -> Iterator[dict]:
    """Two entries per standard: its current version for those who see the partnership's
    drafts, and the version `access.shown_version` gives everyone else (the published one,
    else the newest once-published one), when there is one."""
    current = aliased(StandardVersion)
    rows = connection.execute(
        sa.select(
            Standard.id,
            Standard.code,
            Standard.framework_id,
            Standard.published_version_id,
            Framework.partnership_id,
            current.title,
            current.statement,
            current.status,
        )
        .join(Framework, Framework.id == Standard.framework_id)
        .join(current, current.id == Standard.current_version_id)
        .where(Standard.id.in_(ids))
    ).all()
    published = {r.published_version_id for r in rows if r.published_version_id is not None}
    shown: dict[int, Any] = {}
    if published:
        for v in connection.execute(
            sa.select(
                StandardVersion.standard_id,
                StandardVersion.title,
                StandardVersion.statement,
                StandardVersion.status,
            ).where(StandardVersion.id.in_(published))
        ):
            shown[v.standard_id] = v
    others = [r.id for r in rows if r.published_version_id is None]
    if others:
        newest = (
            sa.select(
                StandardVersion.standard_id, sa.func.max(StandardVersion.number).label("number")
            )
            .where(
                StandardVersion.standard_id.in_(others),
                StandardVersion.published_at.is_not(None),
            )
            .group_by(StandardVersion.standard_id)
            .subquery()
        )
        for v in connection.execute(
            sa.select(
                StandardVersion.standard_id,
                StandardVersion.title,
                StandardVersion.statement,
                StandardVersion.status,
            ).join(
                newest,
                sa.and_(
                    newest.c.standard_id == StandardVersion.standard_id,
                    newest.c.number == StandardVersion.number,
                ),
            )
        ):
            shown[v.standard_id] = v
    for r in rows:
        common = {
            "partnership_id": r.partnership_id,
            "framework_id": r.framework_id,
            "parent_id": r.framework_id,
            "code": r.code,
        }
        yield _entry(
            K.STANDARD,
            r.id,
            audience=Audience.DRAFTS,
            status=r.status,
            title=r.title,
            body=r.statement,
            **common,
        )
        version = shown.get(r.id)
        if version is not None:
            yield _entry(
                K.STANDARD,
                r.id,
                audience=Audience.PUBLIC,
                status=version.status,
                title=version.title,
                body=version.statement,
                **common,
            )


def _frameworks(connection: sa.Connection, ids: list[int]) -> Iterator[dict]:
    for f in connection.execute(
        sa.select(Framework.__table__).where(Framework.__table__.c.id.in_(ids))
    ).mappings():
        yield _entry(
            K.FRAMEWORK,
            f["id"],
            partnership_id=f["partnership_id"],
            framework_id=f["id"],
            code=f["coding_prefix"],
            title=f["title"],
            body=_text(f["description"], " ".join(f["occupation_codes"] or [])),
        )


def _courses(connection: sa.Connection, ids: list[int]) -> Iterator[dict]:
    for c in connection.execute(
        sa.select(Course.__table__).where(Course.__table__.c.id.in_(ids))
    ).mappings():
        yield _entry(
            K.COURSE,
            c["id"],
            parent_id=c["organization_id"],
            code=c["code"],
            title=c["title"],
            body=c["description"],
        )


def _outcomes(connection: sa.Connection, ids: list[int]) -> Iterator[dict]:
    rows = connection.execute(
        sa.select(
            CourseOutcome.id,
            CourseOutcome.course_id,
            CourseOutcome.text,
            CourseOutcome.assessment,
            Course.code,
            Course.title,
        )
        .join(Course, Course.id == CourseOutcome.course_id)
        .where(CourseOutcome.id.in_(ids))
    )
    for o in rows:
        yield _entry(
            K.OUTCOME,
            o.id,
            parent_id=o.course_id,
            code=o.code,
            title=o.text.splitlines()[0] if o.text else "",
            body=_text(o.text, o.assessment, o.title),
        )


def _programs(connection: sa.Connection, ids: list[int]) -> Iterator[dict]:
    for p in connection.execute(
        sa.select(Program.__table__).where(Program.__table__.c.id.in_(ids))
    ).mappings():
        yield _entry(
            K.PROGRAM,
            p["id"],
            partnership_id=p["partnership_id"],
            parent_id=p["organization_id"],
            code=p["catalog_year"],
            title=p["name"],
            body=_text(p["award_type"], p["description"]),
        )


def _steps(connection: sa.Connection, ids: list[int]) -> Iterator[dict]:
    """A published ladder's steps are everyone's; a draft ladder's, those who see drafts'."""
    rows = connection.execute(
        sa.select(
            LadderStep.id,
            LadderStep.ladder_id,
            LadderStep.title,
            LadderStep.onet_code,
            LadderStep.description,
            LadderStep.schedule,
            LadderStep.conditions,
            Ladder.partnership_id,
            Ladder.status,
            Ladder.title.label("ladder_title"),
        )
        .join(Ladder, Ladder.id == LadderStep.ladder_id)
        .where(LadderStep.id.in_(ids))
    )
    for s in rows:
        published = s.status == LadderStatus.PUBLISHED
        yield _entry(
            K.LADDER_STEP,
            s.id,
            audience=Audience.ALL if published else Audience.DRAFTS,
            partnership_id=s.partnership_id,
            parent_id=s.ladder_id,
            status=s.status,
            code=s.onet_code,
            title=s.title,
            body=_text(s.description, s.schedule, s.conditions, s.ladder_title),
        )


def _organizations(connection: sa.Connection, ids: list[int]) -> Iterator[dict]:
    for o in connection.execute(
        sa.select(Organization.__table__).where(Organization.__table__.c.id.in_(ids))
    ).mappings():
        yield _entry(
            K.ORGANIZATION,
            o["id"],
            title=o["name"],
            body=_text(o["description"], o["city"], str(getattr(o["kind"], "label", o["kind"]))),
        )


BUILDERS = {
    K.STANDARD: _standards,
    K.FRAMEWORK: _frameworks,
    K.COURSE: _courses,
    K.OUTCOME: _outcomes,
    K.PROGRAM: _programs,
    K.LADDER_STEP: _steps,
    K.ORGANIZATION: _organizations,
}
_ROOTS: dict[str, Any] = {
    K.STANDARD: Standard,
    K.FRAMEWORK: Framework,
    K.COURSE: Course,
    K.OUTCOME: CourseOutcome,
    K.PROGRAM: Program,
    K.LADDER_STEP: LadderStep,
    K.ORGANIZATION: Organization,
}
