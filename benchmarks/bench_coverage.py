"""Benchmark: the coverage matrix page of a program with 600 standards × 40 courses.

Builds the app on a temporary SQLite database, migrates it, bulk-inserts a framework of 600
standards (a tenth with a newer published version), a program of 40 courses and about 8,000
alignments (a third of the cells, all three levels, some stale), then times in the same run
GET /programs/<id>/coverage and GET /about (a page that only renders the layout) with the test
client, and prints the medians, their ratio and the queries per page.

    python benchmarks/bench_coverage.py [--runs 15] [--functions 24] [--courses 40]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import sqlalchemy as sa
from databases import make_app, migrate

WARMUP = 3
ACTIVITIES, INDICATORS = 4, 5  # per function and per activity: 24 functions → 600 standards


def build(functions: int, n_courses: int) -> tuple[int, int, int]:
    """Migrate, then bulk-insert the framework, the program, its courses and the alignments."""
    from curriculum.alignment.models import AlignmentLevel
    from curriculum.courses.models import Course, Program
    from curriculum.extensions import db
    from curriculum.standards.models import VersionStatus
    from curriculum.testing.bulk import (
        add_program,
        add_versions,
        align,
        round_robin,
        standards_tree,
    )
    from curriculum.testing.world import Builder

    migrate()
    world = Builder(commit=False)
    college = world.organization("Sinclair Valley College", "college")
    partnership = world.partnership("Bench Partnership", organizations=[college], region="Bench")
    framework = world.framework(partnership)
    standards = standards_tree(framework.id, (functions, ACTIVITIES, INDICATORS))
    standards.sort(key=lambda s: s.code)  # any order will do for the versions
    versions = []
    for n, s in enumerate(standards):
        revised = n % 10 == 0  # v1 superseded by a published v2: alignments to v1 are stale
        title = f"Operate and monitor production equipment, step {s.code}"
        versions.append(
            {
                "standard_id": s.id,
                "number": 1,
                "title": title,
                "status": VersionStatus.SUPERSEDED if revised else VersionStatus.PUBLISHED,
            }
        )
        if revised:
            versions.append(
                {
                    "standard_id": s.id,
                    "number": 2,
                    "title": f"{title} (revised)",
                    "status": VersionStatus.PUBLISHED,
                }
            )
    version_ids = add_versions(versions)
    program = Program(
        organization_id=college.id,
        partnership_id=partnership.id,
        name="Production Technician",
        award_type="Certificate",
        catalog_year="2026-2027",
    )
    courses = [
        Course(organization_id=college.id, code=f"MFG {100 + 5 * c}", title=f"Course {c}")
        for c in range(n_courses)
    ]
    add_program(program, framework.id, courses, round_robin(n_courses))
    levels = list(AlignmentLevel)
    n_alignments = align(
        [
            {
                "course_id": course.id,
                "standard_id": s.id,
                "version_id": version_ids[s.id][1],
                "level": levels[(i // 3 + c) % 3],
            }
            for c, course in enumerate(courses)
            for i, s in enumerate(standards)
            if (i + c) % 3 == 0
        ]
    )
    db.session.commit()
    ids = program.id, len(standards), n_alignments
    db.session.remove()
    return ids


def timed(client, url: str, runs: int, counter: list) -> tuple[float, int, int]:
    """Median seconds of `runs` GETs after a warm-up; queries per GET; bytes of the page."""
    for _ in range(WARMUP):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
    times, queries = [], []
    for _ in range(runs):
        before = counter[0]
        start = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - start)
        queries.append(counter[0] - before)
    assert len(set(queries)) == 1, queries
    return statistics.median(times), queries[0], len(response.data)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="timed requests per page")
    parser.add_argument("--functions", type=int, default=24, help="critical work functions")
    parser.add_argument("--courses", type=int, default=40, help="courses in the program")
    args = parser.parse_args(argv)

    from curriculum.extensions import db

    with tempfile.TemporaryDirectory() as tmp:
        app = make_app(f"sqlite:///{Path(tmp) / 'b.db'}")
        with app.app_context():
            started = time.perf_counter()
            program_id, n_standards, n_alignments = build(args.functions, args.courses)
            built = time.perf_counter() - started
            counter = [0]

            def count(*_args):
                counter[0] += 1

            sa.event.listen(db.engine, "before_cursor_execute", count)
        client = app.test_client()
        page = timed(client, f"/programs/{program_id}/coverage", args.runs, counter)
        csv = timed(client, f"/programs/{program_id}/coverage.csv", args.runs, counter)
        layout = timed(client, "/about", args.runs, counter)
        with app.app_context():
            db.engine.dispose()

    print(
        f"Coverage matrix: {n_standards} standards × {args.courses} courses, "
        f"{n_alignments:,} alignments (built in {built:.1f} s); median of {args.runs} GETs"
    )
    print(f"{'page':<32}{'median':>10}{'queries':>9}{'size':>10}{'× /about':>10}")
    for name, (seconds, queries, size) in (
        ("/about (layout only)", layout),
        ("coverage matrix (HTML)", page),
        ("coverage matrix (CSV)", csv),
    ):
        print(
            f"{name:<32}{seconds * 1000:>7.1f} ms{queries:>9}{size / 1024:>7.0f} kB"
            f"{seconds / layout[0]:>10.1f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
