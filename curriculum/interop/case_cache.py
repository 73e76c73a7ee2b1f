"""The CASE REST API's built packages, kept in the process: building the visitor's CFPackage
of a large framework takes about a second, and every single-object route is cut from it.

An entry is kept per (framework, CASE version, site root) with the framework's *change stamp*,
read in the same query that picks the served frameworks (`stamp_columns`, correlated scalar
subqueries, no extra round trip). The stamp covers everything that changes what a visitor sees:

- the framework row (`updated_at` moves on every change of its columns; `imported_at` on
  every (re-)import) and its partnership's name (creator / publisher);
- its standards: how many, their places (parent and position), codes (by length; a change of
  code here is also an audit event), which version is published and when, retirements;
- the associations touching it (its package's and those with an end here): how many, the
  newest, their ends, and the newest change of the frameworks that carried them (a re-import
  changes rows in place and moves its framework's `updated_at`);
- the standards of other frameworks at their ends (published, retired, code);
- its definitions (how many, the newest);
- the newest audit event of its partnership (every edit, move, renumbering, publication made
  through the app writes one), catching what the counts above could miss.

The stamp is read before the package is built, so a change made meanwhile can only make the
kept package newer than its stamp (rebuilt at the next request), never older.
"""

from __future__ import annotations

import functools
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import aliased

from curriculum.audit.models import AuditEvent
from curriculum.extensions import db
from curriculum.interop.models import Association, Definition
from curriculum.partnerships.models import Partnership
from curriculum.standards.models import Framework, Standard, StandardVersion

DEFAULT_SIZE = 8  # packages kept (a few frameworks, each in both CASE versions)


@functools.cache
def stamp_columns() -> tuple:
    """Scalar subqueries correlated to `Framework`: together, its change stamp (built once:
    making the expression costs more than running it)."""
    fw = Framework.id
    s = aliased(Standard)
    standards = db.select().select_from(s).where(s.framework_id == fw).correlate(Framework)

    def over_standards(column) -> Any:
        return standards.add_columns(column).scalar_subquery()

    links = _links_stamp(fw)
    shown = aliased(StandardVersion)
    definitions = (
        db.select().select_from(Definition).where(Definition.framework_id == fw)
    ).correlate(Framework)
    return (
        Framework.updated_at,
        Framework.imported_at,
        db.select(Partnership.name)
        .where(Partnership.id == Framework.partnership_id)
        .correlate(Framework)
        .scalar_subquery(),
        db.select(sa.func.max(AuditEvent.id))
        .where(AuditEvent.partnership_id == Framework.partnership_id)
        .correlate(Framework)
        .scalar_subquery(),
        over_standards(sa.func.count(s.id)),
        over_standards(sa.func.sum(s.id * s.position)),
        over_standards(sa.func.sum(s.id * sa.func.coalesce(s.parent_id, 0))),
        over_standards(sa.func.sum(s.id * sa.func.length(s.code))),
        over_standards(sa.func.sum(sa.func.coalesce(s.published_version_id, 0))),
        over_standards(sa.func.count(s.published_version_id)),
        over_standards(sa.func.sum(sa.case((s.retired_at.is_(None), 0), else_=s.id))),
        over_standards(sa.func.max(s.retired_at)),
        db.select(sa.func.max(sa.func.coalesce(shown.published_at, shown.created_at)))
        .select_from(s)
        .join(shown, shown.id == s.published_version_id)
        .where(s.framework_id == fw)
        .correlate(Framework)
        .scalar_subquery(),
        links,
        definitions.add_columns(sa.func.count(Definition.id)).scalar_subquery(),
        definitions.add_columns(sa.func.max(Definition.id)).scalar_subquery(),
    )


def _links_stamp(fw) -> Any:
    """One scalar subquery over the associations touching the framework (its package's, and
    those with an end among its standards; found through the indexes, not a scan), giving
    "count:newest:ends:carriers' newest change:foreign ends" as text."""
    a, o, d = aliased(Association), aliased(Standard), aliased(Standard)
    touching = sa.union(
        db.select(a.id).where(a.framework_id == fw).correlate(Framework),
        db.select(a.id)
        .join(o, o.id == a.origin_id)
        .where(o.framework_id == fw)
        .correlate(Framework),
        db.select(a.id)
        .join(d, d.id == a.destination_id)
        .where(d.framework_id == fw)
        .correlate(Framework),
    )
    origin, destination, carrier = aliased(Standard), aliased(Standard), aliased(Framework)

    def foreign(end) -> Any:
        """What a visitor sees of a standard of another framework at an end: published,
        retired, code."""
        return sa.case(
            (
                end.framework_id != fw,
                3 * sa.func.coalesce(end.published_version_id, 0)
                + sa.case((end.retired_at.is_(None), 0), else_=7 * end.id)
                + end.id * sa.func.length(end.code),
            ),
            else_=0,
        )

    parts = [
        sa.func.count(Association.id),
        sa.func.max(Association.id),
        sa.func.sum(
            sa.func.coalesce(Association.origin_id, 0)
            + 2 * sa.func.coalesce(Association.destination_id, 0)
        ),
        sa.func.max(carrier.updated_at),
        sa.func.sum(foreign(origin) + foreign(destination)),
    ]
    text: Any = None
    for part in parts:
        piece = sa.func.coalesce(sa.cast(part, sa.String), "")
        text = piece if text is None else text + sa.literal(":") + piece
    ids = touching.subquery()
    return (
        db.select(text)
        .select_from(ids)
        .join(Association, Association.id == ids.c.id)
        .join(carrier, carrier.id == Association.framework_id)
        .outerjoin(origin, origin.id == Association.origin_id)
        .outerjoin(destination, destination.id == Association.destination_id)
        .correlate(Framework)
        .scalar_subquery()
    )


@dataclass(frozen=True)
class Built:
    """A visitor's CFPackage of one framework as a dict (never changed once kept) and when
    what it shows last changed (the Last-Modified of every answer cut from it)."""

    stamp: tuple
    package: dict
    modified: datetime


class PackageCache:
    """A small LRU of built packages by (framework id, CASE version, site root)."""

    def __init__(self, size: int = DEFAULT_SIZE):
        self.size = size
        self._entries: OrderedDict[tuple, Built] = OrderedDict()
        self._lock = threading.Lock()
        self.builds = 0  # how many packages were built (for tests and benchmarks)

    def get(self, key: tuple, stamp: tuple, build: Callable[[], tuple[dict, datetime]]) -> Built:
        """The package kept under `key` while its stamp is `stamp`, else `build()` it."""
        with self._lock:
            found = self._entries.get(key)
            if found is not None and found.stamp == stamp:
                self._entries.move_to_end(key)
                return found
        package, modified = build()
        built = Built(stamp, package, modified)
        with self._lock:
            self.builds += 1
            self._entries[key] = built
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)
        return built

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


def packages() -> PackageCache:
    """This application's cache (size: config CASE_PACKAGE_CACHE_SIZE, default 8)."""
    cache = current_app.extensions.get("case_packages")
    if cache is None:
        size = int(current_app.config.get("CASE_PACKAGE_CACHE_SIZE", DEFAULT_SIZE))
        cache = current_app.extensions.setdefault("case_packages", PackageCache(size))
    return cache
