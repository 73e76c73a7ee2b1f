"""Benchmark: the real CASE package (../shared/data/case/, 585 items, 3,367 associations)
imported into a fresh database, then imported again unchanged, on SQLite and on PostgreSQL.

For each database: migrate, make a partnership and a convener, then time

  a. the import as a reference framework: read the file (`read("case", …)`), `engine.apply`,
     commit; and print what was kept (standards, versions, item fields, associations,
     definitions);
  b. the re-import of the same file (nothing changes: no version is written);
  c. the export as CASE 1.1 and 1.0 packages;
  d. 50 CASE REST API requests CFItems/{id} (test client): cold (the kept packages dropped
     before each request, so each builds the package, as every request did before the cache)
     and warm (the package kept: one lookup and one change-stamp query).

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


def time_export(framework_id: int) -> dict:
    """Write the imported framework as a CASE 1.1 and a 1.0 package (what a visitor sees).
    Returns the seconds of each and what the 1.0 package holds."""
    import json

    from flask import current_app

    from curriculum.extensions import db
    from curriculum.interop import writers
    from curriculum.standards.models import Framework

    db.session.remove()
    framework = db.session.get(Framework, framework_id)
    times, held = {}, {}
    with current_app.test_request_context("/"):
        for name in ("case", "case-1.0"):
            start = time.perf_counter()
            data = writers.write(framework, name, drafts=False)
            times[name] = time.perf_counter() - start
    package = json.loads(data)
    held["items"] = len(package["CFItems"])
    held["item fields"] = sum(len(item) for item in package["CFItems"])
    held["associations"] = len(package["CFAssociations"])
    held["definitions"] = sum(len(v) for v in package["CFDefinitions"].values())
    return {"seconds": times, "kept": held}


def time_case_api(framework_id: int, requests: int = 50) -> dict:
    """Seconds per CFItems/{id} request on the test client, cold and warm."""
    from flask import current_app

    from curriculum.extensions import db
    from curriculum.interop import case_cache
    from curriculum.standards.models import Standard

    db.session.remove()
    identifiers = list(
        db.session.scalars(
            sa.select(Standard.source_identifier)
            .where(Standard.framework_id == framework_id)
            .order_by(Standard.id)
            .limit(requests)
        )
    )
    client = current_app.test_client()
    cache = case_cache.packages()
    cache.clear()

    def timed(cold: bool) -> float:
        start = time.perf_counter()
        for identifier in identifiers:
            if cold:
                cache.clear()
            response = client.get(f"/ims/case/v1p1/CFItems/{identifier}")
            assert response.status_code == 200, response.status_code
        return (time.perf_counter() - start) / len(identifiers)

    cold = timed(cold=True)
    client.get(f"/ims/case/v1p1/CFItems/{identifiers[0]}")  # keep the package
    builds = cache.builds
    warm = timed(cold=False)
    assert cache.builds == builds, "a warm request built the package again"
    return {"requests": len(identifiers), "cold": cold, "warm": warm}


def run(name: str, url: str, data: bytes, engine_options: dict | None = None) -> dict:
    app = make_app(url, engine_options=engine_options)
    with app.app_context():
        ids = setup()
        first, summary = time_import(data, ids)
        held = kept(summary["framework_id"])
        again, second = time_import(data, ids)
        held_again = kept(summary["framework_id"])
        exported = time_export(summary["framework_id"])
        api = time_case_api(summary["framework_id"])
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
        "export": exported,
        "api": api,
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
    for row in rows:
        seconds, held = row["export"]["seconds"], row["export"]["kept"]
        print(
            f"{row['database']:<12}export: CASE 1.1 {seconds['case']:.2f} s, "
            f"CASE 1.0 {seconds['case-1.0']:.2f} s; 1.0 package: "
            + ", ".join(f"{v:,} {k}" for k, v in held.items())
        )
    for row in rows:
        api = row["api"]
        print(
            f"{row['database']:<12}CASE API: {api['requests']} x CFItems/{{id}}: cold "
            f"{api['cold'] * 1000:.0f} ms/request, warm {api['warm'] * 1000:.1f} ms/request "
            f"({api['cold'] / api['warm']:.0f}x)"
        )
    if not pg_url:
        print("PostgreSQL: skipped (set BENCH_DATABASE_URL or TEST_DATABASE_URL)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
