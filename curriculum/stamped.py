"""Answers kept in memory while what they read is unchanged.

A framework's standards as plain rows (`standards.rows.load`) and a program's alignments to a
framework (the coverage model) are read by every view of the framework page, the API tree, the
align page and the coverage page, and cost tens of milliseconds at 1,600 standards (issue 18).
They are kept here, in each process, under the `change_token` of every framework and program
they read: `curriculum.api.stamps` gives a framework or a program a new token in the same
transaction as any change to what it names, so an answer kept under the tokens read now is the
answer now.

What keeps it right:
- The tokens are read (one query) before the answer is computed. Under READ COMMITTED a change
  committed between the two makes the kept answer newer than its tokens, never older; the next
  reader sees the new tokens and computes again.
- Nothing is kept or served while the session holds changes of its own to these rows that are
  not committed (`stamps.unsettled`): they may be rolled back, and other sessions cannot see them.
- What is kept is shared by every request of the process: callers must not change it (the rows
  are frozen dataclasses, the states named tuples; lists are copied on the way out).

Each app has its own memory (`app.extensions`), of at most `STAMPED_ENTRIES` answers (config,
default 16; 0 turns it off), the least recently used dropped first. A 1,600-standard
framework's rows and a 20-course program's alignments to it hold about 3.8 MB together.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable
from typing import Any, TypeVar

import sqlalchemy as sa
from flask import current_app, has_app_context

from curriculum.api import stamps
from curriculum.courses.models import Program
from curriculum.extensions import db
from curriculum.standards.models import Framework

T = TypeVar("T")
_MISSING = object()


class Memory:
    """The answers one app keeps: a least-recently-used map of at most `size` entries."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.hits = 0
        self.misses = 0
        self._kept: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> Any:
        with self._lock:
            value = self._kept.get(key, _MISSING)
            if value is _MISSING:
                self.misses += 1
            else:
                self.hits += 1
                self._kept.move_to_end(key)
            return value

    def put(self, key: Hashable, value: Any) -> None:
        with self._lock:
            self._kept[key] = value
            self._kept.move_to_end(key)
            while len(self._kept) > self.size:
                self._kept.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._kept.clear()

    def __len__(self) -> int:
        return len(self._kept)


def memory() -> Memory | None:
    """This app's memory, or None when it keeps nothing (no app, or STAMPED_ENTRIES 0)."""
    if not has_app_context():
        return None
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    found = app.extensions.get("stamped")
    if found is None:
        found = app.extensions["stamped"] = Memory(app.config["STAMPED_ENTRIES"])
    return found if found.size > 0 else None


def tokens(frameworks: Iterable[int] = (), programs: Iterable[int] = ()) -> tuple:
    """((kind, id, change token), ...) of these frameworks and programs, in one query; rows
    that do not exist are left out."""
    parts = []
    for kind, model, ids in (("f", Framework, frameworks), ("p", Program, programs)):
        wanted = sorted(set(ids))
        if wanted:
            parts.append(
                sa.select(sa.literal(kind), model.id, model.change_token).where(
                    model.id.in_(wanted)
                )
            )
    if not parts:
        return ()
    query = parts[0] if len(parts) == 1 else sa.union_all(*parts)
    return tuple(sorted(tuple(row) for row in db.session.execute(query)))


def remember(
    name: str,
    key: Hashable,
    compute: Callable[[], T],
    *,
    frameworks: Iterable[int] = (),
    programs: Iterable[int] = (),
    read: tuple | None = None,
) -> T:
    """`compute()`, or what it gave before while the change tokens of `frameworks` and
    `programs` (everything the answer reads) are the same. `name` and `key` say which answer.
    `read`: what `tokens()` gave for them (and maybe more) just before, in this request."""
    kept = memory()
    wanted = {("f", i) for i in frameworks} | {("p", i) for i in programs}
    if kept is None or not wanted or stamps.unsettled(db.session()):
        return compute()
    if read is None:
        found = tokens([i for k, i in wanted if k == "f"], [i for k, i in wanted if k == "p"])
    else:
        found = tuple(t for t in read if (t[0], t[1]) in wanted)
    if len(found) != len(wanted):
        return compute()  # one is gone (or not yet there): nothing to key it by
    full_key = (name, key, found)
    value = kept.get(full_key)
    if value is _MISSING:
        value = compute()
        kept.put(full_key, value)
    return value
