"""Benchmark: the framework page at 1,600 standards against the 136-standard demo framework.

Builds the app on a temporary SQLite database, migrates it, loads the demo (its framework has
136 standards) and bulk-inserts a framework of 1,600 standards into the demo partnership
(40 critical work functions × 3 key activities × 12 indicators, each published with a
statement, a tenth with a newer draft). Then, for both frameworks, in the same run:

- the server time of GET /frameworks/<id> with the test client (median), for a visitor and
  for the demo's convener, with the queries per page and the size of the HTML;
- the first paint in headless Chromium (Playwright driving Debian's chromium, the app served
  from a thread on a free local port): `first-contentful-paint` of a fresh page (median of
  fresh browser contexts, the two frameworks interleaved so that a busy machine slows both).

The budget (issue 15): the first paint at 1,600 standards at most 3× the demo framework's, and
the page's HTML at most 300 KB before any branch is expanded. Prints `Budget: ok`, or
`Budget: FAIL …` and exits 1.

    python benchmarks/bench_framework_page.py [--runs 9] [--functions 40]
"""

from __future__ import annotations

import argparse
import logging
import multiprocessing
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import sqlalchemy as sa
from databases import make_app, migrate

WARMUP = 3
ACTIVITIES, INDICATORS = 3, 12  # per function and per activity: 40 functions → 1,600 standards
MAX_RATIO = 3.0
MAX_HTML = 300 * 1024
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run"]
FCP = """() => new Promise((resolve) => {
  const found = () => performance.getEntriesByName('first-contentful-paint');
  if (found().length) return resolve(found()[0].startTime);
  new PerformanceObserver(() => { if (found().length) resolve(found()[0].startTime); })
    .observe({type: 'paint', buffered: true});
})"""


def build(functions: int) -> tuple[int, int, int, int]:
    """Migrate, load the demo, bulk-insert the large framework into the demo partnership.

    Returns the demo framework's id and size, the large framework's id and size."""
    from curriculum import demo
    from curriculum.extensions import db
    from curriculum.standards.models import Framework, Level, Standard, VersionStatus
    from curriculum.testing.bulk import add_versions, standards_tree
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
    world = Builder(commit=False)
    framework = world.framework(partnership, "Bench: Production Technician (1,600 standards)")
    standards = standards_tree(framework.id, (functions, ACTIVITIES, INDICATORS))
    statement = "Checks the equipment against the *work order* before each run. " * 2
    versions = []
    for n, s in enumerate(standards):
        title = f"Operate and monitor production equipment, step {s.code}"
        versions.append(
            {
                "standard_id": s.id,
                "number": 1,
                "title": title,
                "statement": statement,
                "level": Level.INTERMEDIATE,
                "status": VersionStatus.PUBLISHED,
            }
        )
        if n % 10 == 0:
            versions.append(
                {
                    "standard_id": s.id,
                    "number": 2,
                    "title": f"{title} (draft)",
                    "statement": statement,
                    "status": VersionStatus.DRAFT,
                }
            )
    add_versions(versions)
    db.session.commit()

    def size(framework_id: int) -> int:
        return db.session.scalar(
            sa.select(sa.func.count(Standard.id)).where(Standard.framework_id == framework_id)
        )

    ids = small, size(small), framework.id, size(framework.id)
    db.session.remove()
    return ids


def server_times(client, url: str, runs: int, counter: list) -> tuple[float, int, int]:
    """Median seconds of `runs` GETs after a warm-up; queries per GET; bytes of the HTML."""
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
    return statistics.median(times), max(queries), len(response.data)


def serve(app, ready) -> None:
    """Serve `app` on a free 127.0.0.1 port (sending the port through `ready`), for good."""
    from werkzeug.serving import WSGIRequestHandler, make_server

    class Quiet(WSGIRequestHandler):
        def log_request(self, *_args, **_kwargs) -> None:
            pass

    httpd = make_server("127.0.0.1", 0, app, threaded=True, request_handler=Quiet)
    ready.put(httpd.server_port)
    httpd.serve_forever()


def first_paints(base: str, urls: list[str], runs: int) -> list[float]:
    """Median first-contentful-paint (ms) of each URL, each run a fresh browser context."""
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium")
    if not chromium:
        raise SystemExit("Debian's chromium is not on the PATH (apt-get install chromium)")
    paints: list[list[float]] = [[] for _ in urls]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium, headless=True, args=CHROMIUM_ARGS
        )
        for run in range(WARMUP + runs):
            for i, url in enumerate(urls):
                context = browser.new_context(viewport={"width": 1280, "height": 900})
                page = context.new_page()
                page.goto(base + url, wait_until="load")
                paint = page.evaluate(FCP)
                context.close()
                if run >= WARMUP:
                    paints[i].append(paint)
        browser.close()
    return [statistics.median(p) for p in paints]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9, help="timed loads per page")
    parser.add_argument("--functions", type=int, default=40, help="critical work functions")
    args = parser.parse_args(argv)

    from curriculum.demo import PASSWORD
    from curriculum.extensions import db

    with tempfile.TemporaryDirectory() as tmp:
        app = make_app(
            f"sqlite:///{Path(tmp) / 'b.db'}",
            {"WTF_CSRF_ENABLED": False, "EXPORT_RUNNER": "inline"},
        )
        with app.app_context():
            started = time.perf_counter()
            small_id, small_n, large_id, large_n = build(args.functions)
            built = time.perf_counter() - started
            counter = [0]

            def count(*_args):
                counter[0] += 1

            sa.event.listen(db.engine, "before_cursor_execute", count)
        small_url, large_url = f"/frameworks/{small_id}", f"/frameworks/{large_id}"
        visitor = app.test_client()
        convener = app.test_client()
        signed_in = convener.post(
            "/login", data={"email": "convener@example.com", "password": PASSWORD}
        )
        assert signed_in.status_code == 302, signed_in.status_code
        served = {
            ("visitor", small_n): server_times(visitor, small_url, args.runs, counter),
            ("visitor", large_n): server_times(visitor, large_url, args.runs, counter),
            ("convener", small_n): server_times(convener, small_url, args.runs, counter),
            ("convener", large_n): server_times(convener, large_url, args.runs, counter),
        }
        with app.app_context():
            db.engine.dispose()  # the server process opens its own connections
        # The app answers from a process of its own, as in production: in this one, the
        # browser driver's thread would hold the interpreter's lock while the page is built.
        ready: multiprocessing.Queue = multiprocessing.get_context("fork").Queue()
        server = multiprocessing.get_context("fork").Process(
            target=serve, args=(app, ready), daemon=True
        )
        server.start()
        try:
            base = f"http://127.0.0.1:{ready.get(timeout=60)}"
            small_paint, large_paint = first_paints(base, [small_url, large_url], args.runs)
        finally:
            server.terminate()
            server.join(timeout=10)

    print(
        f"Framework page: the demo framework ({small_n} standards) and one of {large_n:,} "
        f"(built in {built:.1f} s); medians of {args.runs} loads"
    )
    print(f"{'server time (test client)':<34}{'median':>10}{'queries':>9}{'HTML':>10}")
    for (who, n), (seconds, queries, size) in served.items():
        print(
            f"  {who + ', ' + format(n, ',') + ' standards':<32}"
            f"{seconds * 1000:>7.1f} ms{queries:>9}{size / 1024:>7.0f} kB"
        )
    ratio = large_paint / small_paint
    print("first contentful paint (Chromium, visitor)")
    print(f"  {small_n:,} standards{small_paint:>17.0f} ms")
    print(f"  {large_n:,} standards{large_paint:>17.0f} ms")
    print(f"  ratio {ratio:.2f} (budget ≤ {MAX_RATIO:.0f}×)")
    html = max(size for (_who, n), (_s, _q, size) in served.items() if n == large_n)
    print(f"HTML at {large_n:,} standards before expansion: {html / 1024:.0f} kB (budget ≤ 300 kB)")
    failures = []
    if ratio > MAX_RATIO:
        failures.append(f"first paint {ratio:.2f}× the demo framework's (more than {MAX_RATIO}×)")
    if html > MAX_HTML:
        failures.append(f"HTML {html / 1024:.0f} kB (more than {MAX_HTML // 1024} kB)")
    print("Budget: ok" if not failures else "Budget: FAIL " + "; ".join(failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
