"""Benchmark: the cost of saving a version must not grow with a standard's history.

Builds the app on a temporary SQLite database (and on PostgreSQL when BENCH_DATABASE_URL or
TEST_DATABASE_URL is set), migrates it, makes one standard with 1 prior version and one with
1,000, then times saving new versions on each, as a request does: load the user and the
standard, save, commit. Prints the median per save, the queries per save and their ratio.
Exits with status 1 when the ratio is over the budget.

    python benchmarks/bench_versions.py [--saves 50] [--history 1000] [--budget 1.5]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import sqlalchemy as sa
from databases import make_app, migrate, own_schema, postgres_url

WARMUP = 5
STATEMENT = (
    "Measure part features with hand-held precision instruments (micrometers, calipers, height "
    "gauges, dial indicators) in U.S. customary and metric units, and record the readings in "
    "the units and decimal places the drawing specifies."
)


def build(history: int):
    """Migrate, then make a partnership, an author and two standards: 1 and `history` versions."""
    from curriculum.extensions import db
    from curriculum.standards.models import VersionStatus
    from curriculum.testing.bulk import add_versions
    from curriculum.testing.world import Builder

    migrate()
    world = Builder(password="bench-password", commit=False)
    org = world.organization("Kestrel Precision Machining", "employer")
    partnership = world.partnership("Bench Partnership", region="Bench")
    author = world.member(
        partnership, "panelist", "panelist@example.com", organization=org, name="Marcus Reyes"
    )
    framework = world.framework(partnership)
    cwf = world.standard(framework, None, "critical_work_function", "Ensure quality")
    short = world.standard(framework, cwf, "key_activity", "Short history", STATEMENT)
    long = world.standard(framework, cwf, "key_activity", "Long history", STATEMENT)
    rows = [
        {
            "standard_id": long.id,
            "number": n,
            "title": "Long history",
            "statement": f"{STATEMENT} Revision {n}.",
            "change_note": f"Revision {n}",
            "status": VersionStatus.SUPERSEDED if n % 10 == 0 else VersionStatus.DRAFT,
            "author_id": author.id,
        }
        for n in range(2, history + 1)
    ]
    if rows:
        add_versions(rows)  # the long one's current version becomes the last
    db.session.commit()
    ids = author.id, short.id, long.id
    db.session.remove()
    return ids


def save_once(author_id: int, standard_id: int, i: int, counter: list) -> tuple[float, int]:
    """One save as a request makes it; returns its seconds and number of queries."""
    from curriculum.auth.models import User
    from curriculum.extensions import db
    from curriculum.standards import services

    before = counter[0]
    start = time.perf_counter()
    author = db.session.get(User, author_id)
    standard = services.get_standard(standard_id)
    current = standard.current_version
    services.save_version(
        standard, current.number, current.title, f"{STATEMENT} Edit {i}.", None, f"edit {i}", author
    )
    db.session.commit()
    elapsed = time.perf_counter() - start
    db.session.remove()
    return elapsed, counter[0] - before


def versions(standard_id: int) -> int:
    from curriculum.extensions import db
    from curriculum.standards.models import StandardVersion

    return db.session.scalar(
        sa.select(sa.func.count(StandardVersion.id)).where(
            StandardVersion.standard_id == standard_id
        )
    )


def run(name: str, url: str, saves: int, history: int, engine_options: dict | None = None):
    """Time `saves` saves on each standard (interleaved); returns the row to print."""
    from curriculum.extensions import db

    app = make_app(url, engine_options=engine_options)
    with app.app_context():
        author_id, short_id, long_id = build(history)
        before = versions(short_id), versions(long_id)
        db.session.remove()
        counter = [0]

        def count(*_args):
            counter[0] += 1

        sa.event.listen(db.engine, "before_cursor_execute", count)
        times = {short_id: [], long_id: []}
        queries = {short_id: [], long_id: []}
        for i in range(WARMUP + saves):
            # Alternate which goes first, so neither always runs on a warmer cache.
            order = (short_id, long_id) if i % 2 == 0 else (long_id, short_id)
            for standard_id in order:
                elapsed, n = save_once(author_id, standard_id, i, counter)
                if i >= WARMUP:
                    times[standard_id].append(elapsed)
                    queries[standard_id].append(n)
        sa.event.remove(db.engine, "before_cursor_execute", count)
        after = versions(short_id), versions(long_id)
        db.session.remove()
        db.engine.dispose()
    short_ms = statistics.median(times[short_id]) * 1000
    long_ms = statistics.median(times[long_id]) * 1000
    return {
        "database": name,
        "short": short_ms,
        "long": long_ms,
        "ratio": long_ms / short_ms,
        "queries": (statistics.median(queries[short_id]), statistics.median(queries[long_id])),
        "versions": (before, after),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--saves", type=int, default=50, help="timed saves per standard")
    parser.add_argument("--history", type=int, default=1000, help="prior versions of the long one")
    parser.add_argument("--budget", type=float, default=1.5, help="largest acceptable ratio")
    args = parser.parse_args(argv)

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        sqlite_url = f"sqlite:///{Path(tmp) / 'bench.db'}"
        rows.append(run("SQLite", sqlite_url, args.saves, args.history))
    pg_url = postgres_url()
    if pg_url:
        with own_schema(pg_url) as options:
            rows.append(run("PostgreSQL", pg_url, args.saves, args.history, options))

    print(
        f"Saving a version: median of {args.saves} saves per standard "
        f"(load user and standard, save, commit)"
    )
    print(f"{'database':<12}{'1 prior':>10}{f'{args.history:,} prior':>14}{'ratio':>8}  queries")
    over = False
    for row in rows:
        over |= row["ratio"] > args.budget
        print(
            f"{row['database']:<12}{row['short']:>7.2f} ms{row['long']:>11.2f} ms"
            f"{row['ratio']:>8.2f}  {row['queries'][0]:.0f} / {row['queries'][1]:.0f}"
        )
    (s0, l0), (s1, l1) = rows[0]["versions"]
    print(f"(versions during the run: {s0} -> {s1} and {l0:,} -> {l1:,})")
    if not pg_url:
        print("PostgreSQL: skipped (set BENCH_DATABASE_URL or TEST_DATABASE_URL)")
    print(f"Budget: ratio <= {args.budget}: {'OVER BUDGET' if over else 'ok'}")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
