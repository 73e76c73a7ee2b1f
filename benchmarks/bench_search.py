"""Benchmark: searching 10,000 standards against searching 136 (issue 17).

For each size, a fresh SQLite database (or a PostgreSQL schema of its own with
TEST_DATABASE_URL / BENCH_DATABASE_URL), migrated, with one framework of that many published
standards inserted in bulk and indexed by `flask search reindex`'s function. Titles and
statements are drawn from a vocabulary that grows with the framework (as a real one's does), so
a word matches about as many standards at both sizes. Then the median server time of
`search.services.search` for a visitor and for a panelist (the page of 20 best hits, the total
and the counts by kind) over several queries, and the ratio of the two sizes. A query for a
word in every tenth standard is timed too (its matches grow with the size; the ranking of
them all is what costs).

    python benchmarks/bench_search.py [--runs 15]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from contextlib import nullcontext
from datetime import UTC, datetime
from pathlib import Path

from databases import make_app, migrate, own_schema, postgres_url

SIZES = {136: (8, 2, 7), 10_000: (16, 24, 25)}  # functions, activities, indicators
# Single words; then two words of one standard's title (both, and together) are added.
QUERIES = ("word0007", "word0100")


def word(i: int) -> str:
    return f"word{i:04d}"


def build(size: int) -> list[str]:
    from curriculum.extensions import db
    from curriculum.search import indexing
    from curriculum.standards.models import VersionStatus
    from curriculum.testing import bulk
    from curriculum.testing.world import Builder

    world = Builder()
    partnership = world.partnership(name="Benchmark Partnership")
    framework = world.framework(partnership, title="Benchmark framework")
    world.member(partnership, "panelist", email="panelist@bench.example")
    standards = bulk.standards_tree(framework.id, SIZES[size])
    rng = random.Random(17)
    vocabulary = max(200, size // 4)
    now = datetime.now(UTC)
    rows = []
    for n, standard in enumerate(standards):
        picks = [word(rng.randrange(vocabulary)) for _ in range(12)]
        if n % 10 == 0:
            picks.append("everywhere")
        rows.append(
            {
                "standard_id": standard.id,
                "number": 1,
                "title": " ".join(picks[:4]),
                "statement": " ".join(picks[4:]),
                "status": VersionStatus.PUBLISHED,
                "published_at": now,
                "change_note": "",
            }
        )
    bulk.add_versions(rows)
    db.session.commit()
    with db.engine.begin() as connection:
        indexing.reindex_all(connection)
    first, second = rows[len(rows) // 2]["title"].split()[:2]
    return [f"{first} {second}", f'"{first} {second}"']


def timed(size: int, runs: int, url: str | None) -> dict[str, float]:
    from flask import current_app

    from curriculum.auth.models import find_by_email
    from curriculum.extensions import db
    from curriculum.search.services import search

    with tempfile.TemporaryDirectory() as folder:
        database = url or f"sqlite:///{Path(folder) / 'search.db'}"
        schema = own_schema(url) if url else nullcontext({})
        with schema as options:
            app = make_app(database, engine_options=options or None)
            with app.app_context():
                migrate()
                queries = (*QUERIES, *build(size), "everywhere")
                panelist = find_by_email("panelist@bench.example")
                found: dict[str, float] = {}
                for label, user in (("visitor", None), ("panelist", panelist)):
                    for q in queries:
                        times = []
                        with current_app.test_request_context():
                            search(user, q)  # warm: the first query after building
                        for _ in range(runs):
                            with current_app.test_request_context():
                                start = time.perf_counter()
                                results = search(user, q)
                                times.append(time.perf_counter() - start)
                        kind = (
                            q
                            if q in (*QUERIES, "everywhere")
                            else ("phrase" if q.startswith('"') else "two words")
                        )
                        found[f"{label:8} {kind:12} ({results.total:>4} hits)"] = (
                            statistics.median(times) * 1000
                        )
                db.session.remove()
                db.engine.dispose()
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    url = postgres_url()
    small, large = (timed(size, args.runs, url) for size in SIZES)
    print(f"Search: median ms per search ({'PostgreSQL' if url else 'SQLite'}), {args.runs} runs")
    print(f"{'reader, query (hits at 136)':36} {'136':>8} {'10,000':>8} {'ratio':>6}")
    ratios = []
    for (key, a), b in zip(small.items(), large.values(), strict=True):
        ratio = b / a if a else float("inf")
        if "everywhere" not in key:
            ratios.append(ratio)
        print(f"{key[:36]:36} {a:8.2f} {b:8.2f} {ratio:6.1f}")
    print(f"Median ratio (selective queries): {statistics.median(ratios):.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
