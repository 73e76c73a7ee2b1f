"""Benchmark: the real CASE package (../shared/data/case/, 585 items, 3,367 associations)
imported into a fresh database, then imported again unchanged, on SQLite and on PostgreSQL.

For each database: migrate, make a partnership and a convener, then time

  a. the import as a reference framework: read the file (`read("case", …)`), `engine.apply`,
     commit; and print what was kept (standards, versions, item fields, associations,
     definitions);
  b. the re-import of the same file (nothing changes: no version is written).

PostgreSQL runs with BENCH_DATABASE_URL (or `bench` beside TEST_DATABASE_URL), in a schema of
its own. Each measurement is a function of its own, so more (an export) can join them.

    python benchmarks/bench_case.py [--runs 1]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import sqlalchemy as sa
from databases import make_app, migrate, own_schema, postgres_url

PACKAGE = (
    Path(__file__).resolve().parents[1]
    / ".."
    / "shared"
    / "data"
    / "case"
    / "smarterbalanced-math-content-spec.case.json"
)


def setup() -> dict:
    """Migrate; a partnership and its convener. Returns their ids."""
    from curriculum.extensions import db
    from curriculum.testing.world import Builder

    migrate()
    world = Builder(password="bench-password", commit=False)
    partnership = world.partnership("Bench Partnership", region="Bench")
    user = world.member(partnership, "convener", "convener@example.com")
    db.session.commit()
    return {"partnership_id": partnership.id, "user_id": user.id}


def time_import(data: bytes, ids: dict, filename: str = PACKAGE.name) -> tuple[float, dict]:
    """Read and import the package (mode reference), commit. Returns (seconds, summary)."""
    from curriculum.auth.models import User
    from curriculum.extensions import db
    from curriculum.interop import engine
    from curriculum.interop.package import read
    from curriculum.partnerships.models import Partnership

    db.session.remove()
    partnership = db.session.get(Partnership, ids["partnership_id"])
    user = db.session.get(User, ids["user_id"])
    start = time.perf_counter()
    summary = engine.apply(
        read("case", data),
        partnership,
        mode="reference",
        dry_run=False,
        user=user,
        filename=filename,
    )
    db.session.commit()
    return time.perf_counter() - start, summary


def kept(framework_id: int) -> dict:
    """What the database holds of the imported framework."""
    from curriculum.extensions import db
    from curriculum.interop.models import Association, Definition
    from curriculum.standards.models import Standard, StandardVersion

    standards = db.select(Standard.id).where(Standard.framework_id == framework_id)
    fields = sum(
        len(f or {}) + 2  # + identifier and fullStatement, kept as columns
        for f in db.session.scalars(
            sa.select(StandardVersion.source_fields)
            .join(Standard, Standard.current_version_id == StandardVersion.id)
            .where(Standard.framework_id == framework_id)
        )
    )

    def count(query) -> int:
        return db.session.scalar(sa.select(sa.func.count()).select_from(query.subquery())) or 0

    return {
        "standards": count(standards),
        "versions": count(
            sa.select(StandardVersion.id).where(StandardVersion.standard_id.in_(standards))
        ),
        "item fields": fields,
        "associations": count(
            sa.select(Association.id).where(Association.framework_id == framework_id)
        ),
        "definitions": count(
            sa.select(Definition.id).where(Definition.framework_id == framework_id)
        ),
    }


def run(name: str, url: str, data: bytes, engine_options: dict | None = None) -> dict:
    app = make_app(url, engine_options=engine_options)
    with app.app_context():
        ids = setup()
        first, summary = time_import(data, ids)
        held = kept(summary["framework_id"])
        again, second = time_import(data, ids)
        held_again = kept(summary["framework_id"])
        from curriculum.extensions import db

        db.session.remove()
        db.engine.dispose()
    return {
        "database": name,
        "import": first,
        "reimport": again,
        "summary": summary,
        "second": second,
        "kept": held,
        "versions_after": held_again["versions"],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.parse_args(argv)
    if not PACKAGE.exists():
        print(f"The real CASE package is absent ({PACKAGE.name} beside the repository): skipped")
        return 0
    data = PACKAGE.read_bytes()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        rows.append(run("SQLite", f"sqlite:///{Path(tmp) / 'bench.db'}", data))
    pg_url = postgres_url()
    if pg_url:
        with own_schema(pg_url) as options:
            rows.append(run("PostgreSQL", pg_url, data, options))
    print(f"CASE import of {PACKAGE.name} ({len(data) / 1e6:.1f} MB), mode reference")
    print(f"{'database':<12}{'import':>10}{'re-import':>12}  kept")
    for row in rows:
        held = ", ".join(f"{v:,} {k}" for k, v in row["kept"].items())
        print(f"{row['database']:<12}{row['import']:>8.2f} s{row['reimport']:>10.2f} s  {held}")
        second = row["second"]
        print(
            f"{'':<12}re-import: {second['unchanged']} unchanged, {second['updated']} updated, "
            f"{second['created']} created, {second['retired']} retired; versions "
            f"{row['kept']['versions']:,} -> {row['versions_after']:,}"
        )
    if not pg_url:
        print("PostgreSQL: skipped (set BENCH_DATABASE_URL or TEST_DATABASE_URL)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
