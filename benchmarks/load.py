"""Load test: the app under gunicorn (gunicorn.conf.py, 4 workers) on PostgreSQL, driven by locust.

1. Prepares the database named by LOAD_DATABASE_URL (created when missing, its public schema
   emptied): `flask db upgrade`, `flask demo load`, then the demo scaled up with bulk inserts
   (six more frameworks: about 1,600 standards with published versions, drafts and
   endorsements; 300 courses in 15 programs with about 18,000 alignments) and API tokens for the
   demo's editors.
2. Starts gunicorn with the deployment's settings (gunicorn.conf.py: gthread workers, threads
   per worker) and --workers workers on a free port of 127.0.0.1.
3. Runs `benchmarks/locustfile.py` headless for --duration seconds: 80% page views (framework,
   standard history, coverage matrix; signed in and anonymous), 20% saves through the JSON API
   on a small set of hot standards, so that editors collide and get 409 (they re-read and retry
   once).
   Then, against the same server and data, the same users for as long asking `/about` only
   (the layout, no data): the yardstick.
4. Prints requests per second, median and 95th percentile latency (overall and per kind), the
   errors (anything but 2xx, and 409 on a save), the accepted saves and the conflicts; then the
   mixed load's steady figures (after the ramp-up) next to the `/about`-only run's, with their
   ratios, and the CPU gunicorn used per request in each.
5. Checks the database: every accepted save is the version the client was told, no refused
   save was stored, version numbers are dense and unique, each standard's current version is
   its highest.

The last line is `Load: ok`, or `Load: FAIL <why>` (exit status 1) on any error in either run,
a traceback in gunicorn's log, or a failed check. Stops gunicorn and locust at the end, on
errors and on Ctrl-C. `load_memory.py` drives the same load for minutes to watch the workers'
memory.

    LOAD_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/load \\
        python benchmarks/load.py [--users 30] [--duration 60] [--workers 4]
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from load_check import check
from load_data import ROOT, add_load_arguments, database_url, prepare, snapshot
from load_figures import compare, report, steady
from serving import Sampler, cpu_seconds, free_port, gunicorn, stop

LOCUSTFILE = Path(__file__).with_name("locustfile.py")


# --- The load ----------------------------------------------------------------------------------


def start_locust(env: dict, plan_file: Path, user_class: str, args, seconds: int, log: Path):
    """locust headless in its own process, `args.users` users of `user_class` (locustfile.py);
    it stops by itself after `seconds`. Returns the process (its output goes to `log`)."""
    cmd = [sys.executable, "-m", "locust", "-f", str(LOCUSTFILE), "--headless", "--only-summary"]
    cmd += [f"--users={args.users}", f"--spawn-rate={args.spawn_rate}", f"--run-time={seconds}s"]
    cmd += ["--stop-timeout=15", "--exit-code-on-error=0", user_class]
    with open(log, "w") as out:
        return subprocess.Popen(
            cmd,
            cwd=ROOT,
            env={**env, "LOAD_PLAN": str(plan_file)},
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def finish_locust(proc: subprocess.Popen, seconds: int, log: Path) -> None:
    """Wait for locust to stop by itself (it is stopped when it overruns)."""
    try:
        proc.wait(seconds + 120)
    except subprocess.TimeoutExpired:
        print("locust overran its time; stopping it.")
    finally:
        stop(proc)
    if proc.returncode != 0:
        sys.exit(f"locust exited with {proc.returncode}:\n{log.read_text()[-3000:]}")


def drive(env: dict, plan: dict, user_class: str, args, tmp: Path, server_pid: int) -> dict:
    """One locust run of `args.duration` seconds; its results, with `cpu_ms`: the CPU time
    gunicorn used per request after the ramp-up (sampled every second)."""
    name = user_class.lower()
    results_file = tmp / f"{name}-results.json"
    (tmp / f"{name}-plan.json").write_text(json.dumps({**plan, "results": str(results_file)}))
    with Sampler(lambda: cpu_seconds(server_pid), 1.0) as cpu:
        proc = start_locust(
            env,
            tmp / f"{name}-plan.json",
            user_class,
            args,
            args.duration,
            tmp / f"{name}-locust.log",
        )
        finish_locust(proc, args.duration, tmp / f"{name}-locust.log")
    results = json.loads(results_file.read_text())
    figures = steady(results)
    used = cpu.at(figures["end"]) - cpu.at(figures["start"])
    results["steady"] = {**figures, "cpu_ms": used / figures["requests"] * 1000}
    return results


def verdict(errors: int, problems: list[str], logged: bool) -> str:
    """The last line: `Load: ok`, or `Load: FAIL` and why."""
    why = []
    if errors:
        why.append(f"{errors} errors")
    if logged:
        why.append("gunicorn logged a traceback or a worker timeout")
    if problems:
        why.append(f"database check failed ({len(problems)} problems)")
    return "Load: ok" if not why else "Load: FAIL " + "; ".join(why)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_load_arguments(parser)
    parser.add_argument("--duration", type=int, default=60, help="seconds of each load")
    args = parser.parse_args(argv)

    # SIGTERM unwinds like Ctrl-C, so gunicorn and locust are stopped either way.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    url = database_url()
    run = secrets.token_hex(4)
    # A key of the run's own, here too, so that create_app() writes no key file into instance/.
    os.environ["SECRET_KEY"] = secrets.token_hex(32)
    env = {**os.environ, "DATABASE_URL": url.render_as_string(hide_password=False)}
    env["FLASK_DEBUG"] = "0"
    port = free_port()
    print(
        f"Load run {run}: database {url.database}, {args.users} users, {args.duration} s of the "
        f"mixed load, then {args.duration} s of /about only"
    )
    with tempfile.TemporaryDirectory(prefix="load-") as tmp:
        tmp = Path(tmp)
        plan = prepare(url, env, args, run, tmp / "results.json", f"http://127.0.0.1:{port}")
        c = plan["counts"]
        print(
            f"prepared in {c['seconds']:.1f} s (scaling {c['scaling']:.1f} s): "
            f"{c['standards']:,} standards in "
            f"{c['frameworks']} frameworks, {c['courses']} courses, {c['programs']} programs, "
            f"{c['alignments']:,} alignments added"
        )
        hot_before = snapshot(url, plan["hot"])
        with gunicorn(
            env, port, tmp / "gunicorn.log", [f"--workers={args.workers}", "--graceful-timeout=10"]
        ) as server:
            print(
                f"gunicorn: {args.workers} gthread workers (gunicorn.conf.py) on "
                f"127.0.0.1:{port}; locust running the mixed load…"
            )
            mixed = drive(env, plan, "Visitor", args, tmp, server.pid)
            print("locust running /about only…")
            about = drive(env, plan, "AboutVisitor", args, tmp, server.pid)
        print("\nThe mixed load")
        errors = report(mixed)
        print("\n/about only, the same users")
        about_errors = report(about)
        load, cores = os.getloadavg()[0], os.cpu_count() or 1
        print(
            f"load average {load:.1f} on {cores} cores at the end"
            + (" (processes waited for a core: latency grew)" if load > cores else "")
        )
        problems = check(url, run, mixed, hot_before)
        gunicorn_log = (tmp / "gunicorn.log").read_text()
        logged = "Traceback" in gunicorn_log or "WORKER TIMEOUT" in gunicorn_log
        if logged:
            print(f"\ngunicorn logged errors:\n{gunicorn_log[-3000:]}")
    compare(mixed["steady"], about["steady"])
    print(f"errors: {errors + about_errors} (mixed load {errors}, /about {about_errors})")
    print(f"database check: {'OK' if not problems else f'FAILED ({len(problems)} problems)'}")
    line = verdict(errors + about_errors, problems, logged)
    print(line)
    return 0 if line == "Load: ok" else 1


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        print("Interrupted; gunicorn and locust were stopped.", file=sys.stderr)
        sys.exit(130)
