"""Where a page's time goes (issue 18): cProfile of pages at 1,600 standards (test client).

Builds the data of `bench_pages.py` (the demo and a 1,600-standard framework with a 20-course
program) on a temporary SQLite database, or in a schema of its own on BENCH_DATABASE_URL's
PostgreSQL database, signs in as the demo's convener and, for each page asked (default: the
framework page and the coverage matrix of the large framework), after warm-up requests:

- the CPU time of a request, the time Python's garbage collector took in it (gc.callbacks)
  and how many collections of each generation ran;
- the functions that took the most time themselves (tottime) and a few chosen ones with what
  they called (cumtime): Jinja's rendering, url_for, the CSRF token, loading the tree, SQL.

    python benchmarks/profile_pages.py [--pages framework coverage tree api-coverage] [--top 25]
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import gc
import io
import os
import pstats
import sys
import tempfile
import time
from pathlib import Path

from bench_pages import build
from databases import make_app, own_schema

PAGES = {
    "about": 0,
    "framework": 1,
    "coverage": 2,
    "csv": 3,
    "tree": 4,
    "api-coverage": 6,
    "standard": 7,
}
WATCH = [  # (label, the end of the function's file name, its name)
    ("Jinja rendering", "templating.py", "render_template"),
    ("url_for", "helpers.py", "url_for"),
    ("CSRF tokens", "csrf.py", "generate_csrf"),
    ("load_tree", "outline.py", "load_tree"),
    ("coverage model", "alignment/coverage.py", "coverage"),
    ("alignments_as_of", "history.py", "alignments_as_of"),
    ("SQL (cursor.execute)", "", "execute"),
    ("ORM rows to objects", "loading.py", "instances"),
    ("AlignmentLevel.label", "alignment/models.py", "label"),
    ("JSON (pydantic)", "", "model_dump_json"),
    ("API objects (from_object)", "schemas/base.py", "from_object"),
]


class GcTimer:
    """Time spent in the collector, and collections per generation, via gc.callbacks."""

    def __init__(self) -> None:
        self.seconds, self.runs, self._start = 0.0, [0, 0, 0], 0.0

    def __call__(self, phase: str, info: dict) -> None:
        if phase == "start":
            self._start = time.process_time()
        else:
            self.seconds += time.process_time() - self._start
            self.runs[info["generation"]] += 1


def profile(client, url: str, runs: int, top: int) -> None:
    for _ in range(3):
        assert client.get(url).status_code == 200, url
    timer = GcTimer()
    gc.callbacks.append(timer)
    started = time.process_time()
    for _ in range(runs):
        client.get(url)
    cpu = (time.process_time() - started) / runs
    gc.callbacks.remove(timer)
    print(
        f"\n== {url}: {cpu * 1000:.0f} ms CPU a request (mean of {runs}); garbage collector "
        f"{timer.seconds / runs * 1000:.0f} ms of it ({timer.seconds / runs / cpu:.0%}), "
        f"collections per request by generation {[round(n / runs, 1) for n in timer.runs]}"
    )
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(runs):
        client.get(url)
    profiler.disable()
    stats = pstats.Stats(profiler)
    total = stats.total_tt / runs
    print(f"profiled: {total * 1000:.0f} ms a request (with cProfile's overhead)")
    print(f"  {'chosen functions (cumulative)':<40}{'ms':>8}{'share':>8}{'calls':>8}")
    for label, file, name in WATCH:
        found = [(k, v) for k, v in stats.stats.items() if k[2] == name and k[0].endswith(file)]
        if not found:
            continue
        cum = max(v[3] for _k, v in found) / runs
        calls = sum(v[1] for _k, v in found) / runs
        print(f"  {label:<40}{cum * 1000:>8.1f}{cum / total:>8.0%}{calls:>8.0f}")
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(top)
    lines = [line for line in out.getvalue().splitlines() if line.strip()]
    start = next(i for i, line in enumerate(lines) if "ncalls" in line)
    print("  own time (tottime, all requests):")
    for line in lines[start : start + top + 1]:
        print("   ", line.replace(str(Path.cwd().parent), ""))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", nargs="+", default=["framework", "coverage"], choices=PAGES)
    parser.add_argument("--runs", type=int, default=5, help="requests profiled per page")
    parser.add_argument("--top", type=int, default=25, help="functions listed per page")
    parser.add_argument("--demo", action="store_true", help="the demo framework instead")
    args = parser.parse_args(argv)

    from curriculum.demo import PASSWORD

    url = os.environ.get("BENCH_DATABASE_URL")
    with contextlib.ExitStack() as stack:
        if url:
            app = make_app(url, engine_options=stack.enter_context(own_schema(url)))
        else:
            tmp = stack.enter_context(tempfile.TemporaryDirectory(prefix="profile-"))
            app = make_app(f"sqlite:///{Path(tmp) / 'profile.db'}")
        with app.app_context():
            from curriculum.extensions import db

            sizes = build()
            db.engine.dispose()
        urls = sizes["small" if args.demo else "large"]["urls"]
        client = app.test_client()
        app.config["WTF_CSRF_ENABLED"] = False  # sign in without the form's token
        signed = client.post("/login", data={"email": "convener@example.com", "password": PASSWORD})
        assert signed.status_code == 302, signed.status_code
        app.config["WTF_CSRF_ENABLED"] = True  # the pages make their tokens as served
        for page in args.pages:
            profile(client, urls[PAGES[page]], args.runs, args.top)
        with app.app_context():
            db.engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
