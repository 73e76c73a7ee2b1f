"""Long-run memory check of gunicorn.conf.py's collector tuning (issue 18): do tuned workers grow?

For each setting (the tuning on, then off with GUNICORN_GC_TUNING=0) it prepares the load
database afresh as `load.py` does (LOAD_DATABASE_URL, emptied), serves the app with gunicorn as
deployed (--workers 4), drives `load.py`'s mixed load (locustfile.py's Visitor: pages and saves)
for --minutes, and samples every worker's resident memory (VmRSS of /proc/<pid>/status; the
workers are the master's children) every --interval seconds. It prints, per worker and setting,
the RSS when idle (before the load), after the first minute, at the end and its highest, and
how fast it grew: MB per minute from the first minute to the end, and over the last half of
the run alone (close to 0 when the worker has settled). Then the errors and the database check
of each run, as `load.py` does, and `Memory: ok` or `Memory: FAIL <why>` (errors, a failed
check, or tuned workers growing over the last half faster than untuned ones, by more than
--limit MB a minute on average; the database grows with the saves, so both settings grow a
little).

    LOAD_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/load \\
        python benchmarks/load_memory.py [--minutes 10] [--users 30] [--interval 15]
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import signal
import statistics
import sys
import tempfile
import time
from pathlib import Path

from load import finish_locust, start_locust
from load_check import check
from load_data import add_load_arguments, database_url, prepare, snapshot
from load_figures import is_error
from serving import Sampler, cpu_seconds, free_port, gunicorn, rss_mb, worker_pids

SETTINGS = {"on": "1", "off": "0"}  # GUNICORN_GC_TUNING


def slope(points: list[tuple[float, float]]) -> float:
    """Least-squares growth of (minutes, MB) points, in MB a minute (0 with fewer than 2)."""
    if len(points) < 2 or len({t for t, _ in points}) < 2:
        return 0.0
    return statistics.linear_regression([t for t, _ in points], [m for _, m in points]).slope


def per_worker(samples: list[tuple[float, dict[int, float | None]]]) -> dict[int, dict]:
    """From the samples ({pid: RSS MB} at each time), each worker's idle, 1-minute, end and
    highest RSS and its growth in MB a minute (after the first minute; over the last half)."""
    start = samples[0][0]
    series: dict[int, list[tuple[float, float]]] = {}
    for when, rss in samples:
        for pid, mb in rss.items():
            if mb is not None:
                series.setdefault(pid, []).append(((when - start) / 60, mb))
    figures = {}
    for pid, points in sorted(series.items()):
        end = points[-1][0]
        after = [p for p in points if p[0] >= 1.0] or points
        last_half = [p for p in points if p[0] >= end / 2]
        figures[pid] = {
            "idle": points[0][1],
            "minute": after[0][1],
            "end": points[-1][1],
            "max": max(m for _, m in points),
            "growth": slope(after),
            "late": slope(last_half),
            "span": (points[0][0], end),
        }
    return figures


def errors_of(results: dict) -> int:
    """Errors of a run, as load.py counts them: requests and exceptions in locust's tasks."""
    return sum(is_error(r) for r in results["requests"]) + len(results.get("exceptions", []))


def one_setting(url, env: dict, args, setting: str, tmp: Path) -> dict:
    """Fresh data, gunicorn with the tuning on or off, the mixed load for --minutes while the
    workers' RSS is sampled; the figures, errors and database problems of the run."""
    run = secrets.token_hex(4)
    port = free_port()
    env = {**env, "GUNICORN_GC_TUNING": SETTINGS[setting]}
    plan = prepare(url, env, args, run, tmp / f"{setting}-results.json", f"http://127.0.0.1:{port}")
    (tmp / f"{setting}-plan.json").write_text(json.dumps(plan))
    hot_before = snapshot(url, plan["hot"])
    seconds = round(args.minutes * 60)
    log = tmp / f"{setting}-gunicorn.log"
    with gunicorn(env, port, log, [f"--workers={args.workers}", "--graceful-timeout=10"]) as server:
        began = time.monotonic()

        def sample() -> dict[int, float | None]:
            rss = {pid: rss_mb(pid) for pid in worker_pids(server.pid)}
            known = [mb for mb in rss.values() if mb is not None]
            print(
                f"  {(time.monotonic() - began) / 60:5.1f} min: workers' RSS "
                + " ".join(f"{mb:.0f}" for mb in known)
                + " MB",
                flush=True,
            )
            return rss

        print(f"GC tuning {setting}: gunicorn ×{args.workers} on 127.0.0.1:{port}, {seconds} s")
        cpu = cpu_seconds(server.pid)
        with Sampler(sample, args.interval) as memory:
            proc = start_locust(
                env, tmp / f"{setting}-plan.json", "Visitor", args, seconds, tmp / "locust.log"
            )
            finish_locust(proc, seconds, tmp / "locust.log")
        cpu = cpu_seconds(server.pid) - cpu
    results = json.loads((tmp / f"{setting}-results.json").read_text())
    problems = check(url, run, results, hot_before)
    text = log.read_text()
    return {
        "workers": per_worker(memory.samples),
        "requests": len(results["requests"]),
        "cpu_ms": cpu / max(1, len(results["requests"])) * 1000,
        "errors": errors_of(results),
        "problems": problems,
        "logged": "Traceback" in text or "WORKER TIMEOUT" in text,
    }


def table(setting: str, run: dict) -> None:
    """Each worker's figures for one setting, and their mean."""
    print(
        f"\nGC tuning {setting}: {run['requests']:,} requests, {run['cpu_ms']:.0f} CPU ms each; "
        "RSS in MB, growth in MB a minute"
    )
    print(f"{'worker':>8}{'idle':>8}{'1 min':>8}{'end':>8}{'max':>8}{'growth':>9}{'last half':>11}")
    rows = list(run["workers"].items())
    for pid, w in rows:
        print(
            f"{pid:>8}{w['idle']:>8.0f}{w['minute']:>8.0f}{w['end']:>8.0f}{w['max']:>8.0f}"
            f"{w['growth']:>+9.2f}{w['late']:>+11.2f}"
        )
    if rows:
        mean = {k: statistics.mean(w[k] for _, w in rows) for k in ("idle", "minute", "end")}
        mean |= {k: statistics.mean(w[k] for _, w in rows) for k in ("max", "growth", "late")}
        print(
            f"{'mean':>8}{mean['idle']:>8.0f}{mean['minute']:>8.0f}{mean['end']:>8.0f}"
            f"{mean['max']:>8.0f}{mean['growth']:>+9.2f}{mean['late']:>+11.2f}"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=10, help="minutes of load per setting")
    parser.add_argument("--interval", type=float, default=15, help="seconds between samples")
    add_load_arguments(parser)
    parser.add_argument(
        "--limit",
        type=float,
        default=1.0,
        help="MB a minute tuned workers may grow faster than untuned ones over the last half",
    )
    parser.add_argument("--settings", default="on,off", help="GC tuning settings, in order")
    args = parser.parse_args(argv)
    settings = [s.strip() for s in args.settings.split(",") if s.strip()]
    if not settings or any(s not in SETTINGS for s in settings):
        parser.error("--settings takes on, off or both (on,off)")

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    url = database_url()
    os.environ["SECRET_KEY"] = secrets.token_hex(32)
    env = {**os.environ, "DATABASE_URL": url.render_as_string(hide_password=False)}
    env["FLASK_DEBUG"] = "0"
    print(
        f"Memory run: database {url.database}, {args.users} users, {args.minutes:g} minutes per "
        f"setting ({', '.join(settings)}), RSS every {args.interval:g} s"
    )
    runs = {}
    with tempfile.TemporaryDirectory(prefix="load-memory-") as tmp:
        for setting in settings:
            runs[setting] = one_setting(url, env, args, setting, Path(tmp))
    why = []
    late = {s: statistics.mean(w["late"] for w in r["workers"].values()) for s, r in runs.items()}
    for setting, run in runs.items():
        table(setting, run)
        if setting == "on" and late["on"] > late.get("off", 0.0) + args.limit:
            why.append(
                f"tuned workers still grow {late['on']:.1f} MB a minute over the last half"
                + (f" (untuned: {late['off']:.1f})" if "off" in late else "")
            )
        if run["errors"]:
            why.append(f"{run['errors']} errors (tuning {setting})")
        if run["logged"]:
            why.append(f"gunicorn logged a traceback or a worker timeout (tuning {setting})")
        if run["problems"]:
            why.append(f"database check failed (tuning {setting})")
    errors = {s: r["errors"] for s, r in runs.items()}
    checked = all(not r["problems"] for r in runs.values())
    print(f"\nerrors: {errors}; database check: {'OK' if checked else 'FAILED'}")
    print("Memory: ok" if not why else "Memory: FAIL " + "; ".join(why))
    return 1 if why else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        print("Interrupted; gunicorn and locust were stopped.", file=sys.stderr)
        sys.exit(130)
