"""Benchmark (issue 18): CPU per request of the main pages against `/about`, at two data sizes.

Builds, in one database (BENCH_DATABASE_URL's PostgreSQL database, or `bench` beside
TEST_DATABASE_URL, in a schema of its own dropped at the end; a temporary SQLite file when
neither is given):

- the demo (`demo.load()`: a framework of 136 standards, its programs and alignments);
- a framework of 1,600 standards in the demo partnership (40 critical work functions × 3 key
  activities × 12 indicators; every version published, every 5th standard revised so that
  alignments to its v1 are stale, every 15th with a newer draft; three employer endorsements
  on each published version) and a program of 20 courses, each aligned to a quarter of it
  (8,000 alignments).

Then serves the app with gunicorn as deployed (gunicorn.conf.py, --workers 4) and, signed in
as the demo's convener, sends each page `--requests` times from `--clients` threads (new
connection each, as gunicorn.conf.py has no keep-alive). For each batch it reads the CPU time
(user + system) of gunicorn's master and workers before and after (psutil): CPU ms per request.
Pages are interleaved over `--rounds` rounds; a page's figure is its median over the rounds,
divided by `/about`'s (the layout only) in the same run. That ratio varies far less than
requests per second on a shared machine.

Prints a table (ms and × /about at both sizes, the answer's size, the large/small ratio),
the memory of each worker, and last `Budget: ok` or `Budget: FAIL <which>` (exit status 1)
against issue 18's budgets at 1,600 standards.

    BENCH_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/bench \\
        python benchmarks/bench_pages.py [--requests 40] [--rounds 3] [--clients 16]
    python benchmarks/bench_pages.py --gc-default     # gunicorn without the GC tuning
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import logging
import os
import secrets
import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa
from databases import make_app, migrate, own_schema, postgres_url, quarter_alignments, versions_of
from serving import cpu_seconds, free_port, gunicorn, sign_in, worker_memory

SHAPE = (40, 3, 12)  # 40 + 120 + 1,440 = 1,600 standards
COURSES = 20
# (page, budget × /about at 1,600 standards or None); the standard's page also ≤ 1.2× its demo.
PAGES = [
    ("/about (layout only)", None),
    ("framework page", 4.0),
    ("coverage matrix", 6.0),
    ("coverage CSV", None),
    ("API framework tree", 5.0),
    ("API tree, 304", None),
    ("API coverage", None),
    ("a standard's page", 3.0),
    ("its history", 2.0),
]
SAME_AS_DEMO = 1.2


# --- Data ---------------------------------------------------------------------------------------


def build() -> dict:
    """Load the demo, add the large framework and its program; the URLs of both sizes."""
    from curriculum import demo
    from curriculum.alignment.models import Alignment
    from curriculum.courses.models import Course, Program, ProgramFramework
    from curriculum.extensions import db
    from curriculum.organizations.models import Organization, OrganizationKind
    from curriculum.standards.models import Framework, Level, StandardKind
    from curriculum.testing.bulk import (
        add_program,
        add_versions,
        align,
        endorse,
        round_robin,
        standards_tree,
    )
    from curriculum.testing.world import Builder

    migrate()
    logging.disable(logging.CRITICAL)  # the demo's mail goes to the log
    try:
        partnership = demo.load()
        db.session.commit()
    finally:
        logging.disable(logging.NOTSET)
    small = db.session.scalar(
        sa.select(Framework.id).where(Framework.partnership_id == partnership.id).limit(1)
    )
    small_program = db.session.scalar(
        sa.select(ProgramFramework.program_id)
        .where(ProgramFramework.framework_id == small)
        .order_by(ProgramFramework.program_id)
        .limit(1)
    )
    # The demo's most aligned indicator with a published version: its page and history.
    small_standard = db.session.scalar(
        sa.text(
            "SELECT s.id FROM standards s JOIN alignments a ON a.standard_id = s.id"
            " WHERE s.framework_id = :f AND s.published_version_id IS NOT NULL"
            " GROUP BY s.id ORDER BY count(*) DESC, s.id LIMIT 1"
        ),
        {"f": small},
    )
    orgs = list(db.session.scalars(sa.select(Organization).order_by(Organization.id)))
    employers = [o for o in orgs if o.kind == OrganizationKind.EMPLOYER][:3]
    college = next(o for o in orgs if o.kind == OrganizationKind.COLLEGE)

    framework = Builder(commit=False).framework(partnership, "Bench: Production (1,600 standards)")
    standards = standards_tree(framework.id, SHAPE)
    versions, published = versions_of(
        standards,
        lambda _n, s: f"Operate and monitor production equipment, step {s.code}",
        lambda _title: "Checks the equipment against the *work order* before each run. " * 2,
        level=Level.INTERMEDIATE,
    )
    ids = add_versions(versions)
    endorse([ids[sid][number] for sid, number in published.items()], employers)
    program = Program(
        organization_id=college.id,
        partnership_id=partnership.id,
        name="Bench Production Technician",
        award_type="AAS",
        catalog_year="2026-2027",
    )
    courses = [
        Course(organization_id=college.id, code=f"BEN {100 + c}", title=f"Production {c + 1}")
        for c in range(COURSES)
    ]
    add_program(program, framework.id, courses, round_robin(COURSES))
    align(quarter_alignments(courses, standards, ids), opened_at=datetime.now(UTC))
    db.session.commit()
    indicators = [
        s for s in standards if s.kind == StandardKind.PERFORMANCE_INDICATOR and s.id in published
    ]
    large_standard = indicators[len(indicators) // 2].id
    counts = {
        fid: db.session.scalar(
            sa.text("SELECT count(*) FROM standards WHERE framework_id = :f"), {"f": fid}
        )
        for fid in (small, framework.id)
    }
    aligned = {
        sid: db.session.scalar(sa.select(sa.func.count()).where(Alignment.standard_id == sid))
        for sid in (small_standard, large_standard)
    }
    large_ids = (framework.id, program.id, large_standard)
    db.session.remove()
    sizes = {}
    for key, (fid, pid, sid) in (
        ("small", (small, small_program, small_standard)),
        ("large", large_ids),
    ):
        sizes[key] = {
            "standards": counts[fid],
            "aligned": aligned[sid],
            "urls": [
                "/about",
                f"/frameworks/{fid}",
                f"/programs/{pid}/coverage",
                f"/programs/{pid}/coverage.csv",
                f"/api/v1/frameworks/{fid}",
                f"/api/v1/frameworks/{fid}",  # sent again with the ETag it got: 304
                f"/api/v1/programs/{pid}/coverage",
                f"/standards/{sid}",
                f"/standards/{sid}/history",
            ],
        }
    return sizes


# --- The client --------------------------------------------------------------------------------


def fetch(port: int, url: str, headers: dict) -> tuple[int, int, dict]:
    """One GET on a new connection: status, body bytes, headers."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        conn.request("GET", url, headers=headers)
        response = conn.getresponse()
        body = response.read()
        return response.status, len(body), dict(response.getheaders())
    finally:
        conn.close()


def batch(pid: int, port: int, url: str, headers: dict, n: int, clients: int, expect: int):
    """CPU ms per request of `n` GETs from `clients` threads; the answers' size."""
    before = cpu_seconds(pid)
    with ThreadPoolExecutor(clients) as pool:
        answers = list(pool.map(lambda _: fetch(port, url, headers), range(n)))
    used = cpu_seconds(pid) - before
    wrong = [status for status, _size, _h in answers if status != expect]
    if wrong:
        raise SystemExit(f"{url} answered {wrong[0]} (expected {expect})")
    return used / n * 1000, answers[-1][1]


# --- The run -----------------------------------------------------------------------------------


def measure(env: dict, sizes: dict, args) -> tuple[dict, list]:
    """Serve the app, sign in, time every page of both sizes; ms per request by (page, size)."""
    from curriculum.demo import PASSWORD

    port = free_port()
    with tempfile.TemporaryDirectory(prefix="bench-pages-") as tmp:
        log = Path(tmp) / "gunicorn.log"
        with gunicorn(env, port, log, [f"--workers={args.workers}"]) as server:
            cookie = sign_in(port, "convener@example.com", PASSWORD)
            jobs = []
            for key in ("small", "large"):
                for i, url in enumerate(sizes[key]["urls"]):
                    headers, expect = {"Cookie": cookie}, 200
                    if i == 5:  # the API tree again, with its ETag
                        _s, _n, got = fetch(port, url, headers)
                        etag = got.get("ETag")
                        if not etag:
                            continue
                        headers, expect = {**headers, "If-None-Match": etag}, 304
                    jobs.append((PAGES[i][0], key, url, headers, expect))
            for _page, _key, url, headers, expect in jobs:  # warm every worker up
                batch(server.pid, port, url, headers, args.workers * 2, args.clients, expect)
            figures: dict[tuple[str, str], list[float]] = {}
            sizes_of: dict[tuple[str, str], int] = {}
            for _round in range(args.rounds):
                for page, key, url, headers, expect in jobs:
                    ms, size = batch(
                        server.pid, port, url, headers, args.requests, args.clients, expect
                    )
                    figures.setdefault((page, key), []).append(ms)
                    sizes_of[(page, key)] = size
            memory = worker_memory(server.pid)
        if "Traceback" in log.read_text():
            raise SystemExit(f"gunicorn logged an error:\n{log.read_text()[-3000:]}")
    medians = {k: (statistics.median(v), sizes_of[k]) for k, v in figures.items()}
    return medians, memory


def report(sizes: dict, medians: dict, memory: list, args) -> list[str]:
    """Print the table; the budgets missed."""
    small, large = sizes["small"]["standards"], sizes["large"]["standards"]
    about = {key: medians[(PAGES[0][0], key)][0] for key in ("small", "large")}
    print(
        f"\nCPU ms per request (gunicorn ×{args.workers}, {args.clients} clients, median of "
        f"{args.rounds} rounds of {args.requests}), signed in as the convener"
    )
    print(
        f"{'page':<22}{f'{small} standards':>22}{f'{large:,} standards':>24}"
        f"{'size':>10}{'large/small':>13}{'budget':>9}"
    )
    failures = []
    for page, budget in PAGES:
        if (page, "large") not in medians:
            print(f"{page:<22}{'(no ETag: not measured)':>46}")
            continue
        (ms_s, _), (ms_l, size) = medians[(page, "small")], medians[(page, "large")]
        r_s, r_l = ms_s / about["small"], ms_l / about["large"]
        flat = ms_l / ms_s
        print(
            f"{page:<22}{ms_s:>9.1f} ms{r_s:>9.1f}×{ms_l:>11.1f} ms{r_l:>9.1f}×"
            f"{size / 1024:>7.0f} kB{flat:>12.2f}×{f'≤ {budget:g}×' if budget else '':>9}"
        )
        if budget is not None and r_l > budget:
            failures.append(f"{page} {r_l:.1f}× /about (budget {budget:g}×)")
        if page == "a standard's page" and flat > SAME_AS_DEMO:
            failures.append(f"{page} {flat:.2f}× the demo's (budget {SAME_AS_DEMO}×)")
    print(
        f"standard's page: {sizes['small']['aligned']} aligned courses (demo), "
        f"{sizes['large']['aligned']} (large)"
    )
    rss = [m[0] for m in memory]
    uss = [m[1] for m in memory]
    if memory:
        print(
            f"memory per worker at the end: RSS {min(rss):.0f}–{max(rss):.0f} MB, "
            f"USS (its own pages) {min(uss):.0f}–{max(uss):.0f} MB"
        )
    return failures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=40, help="requests per page and round")
    parser.add_argument("--rounds", type=int, default=3, help="rounds over every page")
    parser.add_argument("--clients", type=int, default=16, help="concurrent connections")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    parser.add_argument(
        "--gc-default", action="store_true", help="serve without gunicorn.conf.py's GC tuning"
    )
    args = parser.parse_args(argv)

    url = postgres_url()
    env = {**os.environ, "SECRET_KEY": secrets.token_hex(32), "FLASK_DEBUG": "0"}
    env["GUNICORN_GC_TUNING"] = "0" if args.gc_default else "1"
    with contextlib.ExitStack() as stack:
        if url:
            options = stack.enter_context(own_schema(url))
            schema = options["connect_args"]["options"]
            db_url = sa.make_url(url).update_query_dict({"options": schema})
            app_url = db_url.render_as_string(hide_password=False)
            app = make_app(url, engine_options=options)
            where = f"PostgreSQL ({sa.make_url(url).database}, {schema.split('=')[1]})"
        else:
            tmp = stack.enter_context(tempfile.TemporaryDirectory(prefix="bench-pages-"))
            app_url = f"sqlite:///{Path(tmp) / 'bench.db'}"
            app = make_app(app_url)
            where = "SQLite"
        started = time.perf_counter()
        with app.app_context():
            from curriculum.extensions import db

            sizes = build()
            db.engine.dispose()
        print(f"Pages on {where}: built in {time.perf_counter() - started:.1f} s")
        medians, memory = measure({**env, "DATABASE_URL": app_url}, sizes, args)
    failures = report(sizes, medians, memory, args)
    print("GC tuning:", "off (--gc-default)" if args.gc_default else "on (gunicorn.conf.py)")
    print("Budget: ok" if not failures else "Budget: FAIL " + "; ".join(failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
