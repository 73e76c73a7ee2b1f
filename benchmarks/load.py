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
4. Prints requests per second, median and 95th percentile latency (overall and per kind), the
   errors (anything but 2xx, and 409 on a save), the accepted saves and the conflicts.
5. Checks the database: every accepted save is the version the client was told, no refused
   save was stored, version numbers are dense and unique, each standard's current version is
   its highest.

Exits 1 on any error or failed check. Stops gunicorn at the end, on errors and on Ctrl-C.

    LOAD_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/load \\
        python benchmarks/load.py [--users 30] [--duration 60] [--workers 4]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import os
import secrets
import signal
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa
from serving import free_port, gunicorn, stop

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/curriculum_load"
ACCOUNTS = [  # demo accounts signed in for page views (the password is the demo's)
    "panelist@example.com",
    "faculty@example.com",
    "viewer@example.com",
    "convener@example.com",
]
EDITORS = [  # demo accounts that save through the API, one token each
    "panelist@example.com",
    "panelist2@example.com",
    "panelist3@example.com",
    "convener@example.com",
]
FRAMEWORKS = [
    "Maintenance Technician",
    "CNC Machinist",
    "Robotics Technician",
    "Quality Technician",
    "Plastics Process Technician",
    "Welding Technician",
    "Industrial Electrician",
    "Tool and Die Maker",
]
TASKS = [
    "Set up and verify the equipment",
    "Read the drawing and the work instruction",
    "Inspect parts against the control plan",
    "Record process data and deviations",
    "Perform preventive maintenance",
    "Troubleshoot a stopped line",
    "Hand over the shift",
]
SUBJECTS = ["MNT", "CNC", "ROB", "QLT", "PLS", "WLD", "ELC", "TDM"]
AWARDS = ["Certificate", "AAS", "Apprenticeship"]
SHAPE = (6, 5, 7)  # functions, activities per function, indicators per activity: 246 standards
COURSES_PER_PROGRAM = 20


# --- The database ------------------------------------------------------------------------------


def database_url() -> sa.URL:
    """LOAD_DATABASE_URL (or the default), refused when it is not PostgreSQL or is `test`."""
    url = sa.make_url(os.environ.get("LOAD_DATABASE_URL", DEFAULT_URL))
    if not url.drivername.startswith("postgresql"):
        sys.exit("LOAD_DATABASE_URL must be a PostgreSQL database (postgresql+psycopg://...).")
    if url.database in (None, "", "test", "postgres"):
        sys.exit(f"Refusing to empty the database {url.database!r}: name a database of its own.")
    return url


def reset(url: sa.URL) -> None:
    """Create the database when missing, then empty its public schema."""
    server = sa.create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with server.connect() as conn:
        exists = conn.scalar(
            sa.text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": url.database}
        )
        if not exists:
            conn.execute(sa.text(f'CREATE DATABASE "{url.database}"'))
    server.dispose()
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.execute(sa.text("DROP SCHEMA public CASCADE"))
        conn.execute(sa.text("CREATE SCHEMA public"))
    engine.dispose()


def flask(env: dict, *args: str) -> None:
    """Run a `flask --app wsgi` command against the load database."""
    cmd = [sys.executable, "-m", "flask", "--app", "wsgi", *args]
    done = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"`flask {' '.join(args)}` failed:\n{done.stdout}{done.stderr}")


def scale(n_frameworks: int, n_courses: int) -> dict:
    """Bulk-insert frameworks, versions, endorsements, courses, programs and alignments."""
    from curriculum.alignment.models import AlignmentLevel
    from curriculum.courses.models import Course, Program
    from curriculum.extensions import db
    from curriculum.organizations.models import Organization, OrganizationKind
    from curriculum.partnerships.models import Partnership
    from curriculum.standards.models import Framework, VersionStatus
    from curriculum.testing.bulk import (
        add_program,
        add_versions,
        align,
        endorse,
        round_robin,
        standards_tree,
    )

    partnership = db.session.scalar(db.select(Partnership).order_by(Partnership.id))
    orgs = {o.name: o for o in db.session.scalars(db.select(Organization))}
    colleges = [o for o in orgs.values() if o.kind == OrganizationKind.COLLEGE]
    endorsers = [o for o in orgs.values() if o.kind == OrganizationKind.EMPLOYER][:3]
    frameworks = [
        Framework(partnership_id=partnership.id, title=title, coding_prefix=SUBJECTS[i])
        for i, title in enumerate((FRAMEWORKS * 4)[:n_frameworks])
    ]
    db.session.add_all(frameworks)
    db.session.flush()
    by_framework = {fw.id: standards_tree(fw.id, SHAPE) for fw in frameworks}
    standards = [s for level in by_framework.values() for s in level]

    # v1 published; every 5th revised (v1 superseded, v2 published), every 15th with a v3 draft.
    # (A period prime to the alignments' 4 spreads the stale alignments over every course.)
    now = datetime.now(UTC)
    versions, published = [], {}
    for n, s in enumerate(standards):
        title = f"{TASKS[n % len(TASKS)]} ({s.code})"
        statement = f"{title} to the plant's written procedure, safely and on time."
        count = 3 if n % 15 == 0 else 2 if n % 5 == 0 else 1
        for number in range(1, count + 1):
            status = VersionStatus.PUBLISHED
            if number < min(count, 2):
                status = VersionStatus.SUPERSEDED
            if number == 3:
                status = VersionStatus.DRAFT
            if status == VersionStatus.PUBLISHED:
                published[s.id] = number
            versions.append(
                {
                    "standard_id": s.id,
                    "number": number,
                    "title": title if number == 1 else f"{title} (revised)",
                    "statement": statement + (" Records the result." if number > 1 else ""),
                    "status": status,
                    "change_note": "" if number == 1 else f"Revision {number}",
                    "published_at": None if status == VersionStatus.DRAFT else now,
                }
            )
    ids = add_versions(versions)
    endorse([ids[sid][number] for sid, number in published.items()], endorsers)

    levels = list(AlignmentLevel)
    alignments = []
    for p in range(max(1, n_courses // COURSES_PER_PROGRAM)):
        fw = frameworks[p % len(frameworks)]
        subject = SUBJECTS[p % len(SUBJECTS)]
        award = AWARDS[(p // len(frameworks)) % len(AWARDS)]
        year = 2025 + p // (len(frameworks) * len(AWARDS))
        program = Program(
            organization_id=colleges[p % len(colleges)].id,
            partnership_id=partnership.id,
            name=f"{fw.title} {award}",
            award_type=award,
            catalog_year=f"{year}-{year + 1}",
        )
        courses = [
            Course(
                organization_id=program.organization_id,
                code=f"{subject} {100 + p // len(SUBJECTS) * COURSES_PER_PROGRAM + k}",
                title=f"{fw.title} {k + 1}",
            )
            for k in range(COURSES_PER_PROGRAM)
        ]
        add_program(program, fw.id, courses, round_robin(COURSES_PER_PROGRAM))
        alignments += [
            {
                "course_id": course.id,
                "standard_id": s.id,
                "version_id": ids[s.id][1],
                "level": levels[(i // 4 + k) % 3],
            }
            for k, course in enumerate(courses)
            for i, s in enumerate(by_framework[fw.id])
            if (i + k) % 4 == 0  # a quarter of the framework per course, pinned to v1
        ]
    n_alignments = align(alignments)
    db.session.commit()
    return {"alignments": n_alignments}


def plan(run: str, results: Path, base_url: str, n_hot: int) -> dict:
    """What the locust process needs: tokens, accounts and the ids it visits and edits."""
    from curriculum import demo
    from curriculum.auth.models import find_by_email
    from curriculum.auth.services import create_token
    from curriculum.courses.models import Course, Program, ProgramFramework
    from curriculum.extensions import db
    from curriculum.standards.models import Framework, Standard, StandardKind

    tokens = [create_token(find_by_email(e), f"Load test {run}")[1] for e in EDITORS]
    db.session.commit()
    public = db.select(Standard.id).where(Standard.published_version_id.is_not(None))
    indicators = db.session.scalars(
        public.where(Standard.kind == StandardKind.PERFORMANCE_INDICATOR).order_by(Standard.id)
    ).all()
    step = max(1, len(indicators) // n_hot)
    return {
        "run": run,
        "host": base_url,
        "results": str(results),
        "password": demo.PASSWORD,
        "accounts": ACCOUNTS,
        "tokens": tokens,
        "frameworks": db.session.scalars(db.select(Framework.id)).all(),
        "standards": db.session.scalars(public).all(),
        "programs": db.session.scalars(
            db.select(Program.id).where(Program.id.in_(db.select(ProgramFramework.program_id)))
        ).all(),
        "hot": indicators[::step][:n_hot],
        "counts": {
            "standards": db.session.scalar(db.select(sa.func.count(Standard.id))),
            "frameworks": db.session.scalar(db.select(sa.func.count(Framework.id))),
            "courses": db.session.scalar(db.select(sa.func.count(Course.id))),
            "programs": db.session.scalar(db.select(sa.func.count(Program.id))),
        },
    }


def prepare(url: sa.URL, env: dict, args, run: str, results: Path, base_url: str) -> dict:
    """Migrate, load the demo, scale it up and make the plan; returns the plan."""
    from curriculum import create_app
    from curriculum.extensions import db

    started = time.perf_counter()
    reset(url)
    flask(env, "db", "upgrade")
    flask(env, "demo", "load")
    migrated = time.perf_counter()
    app = create_app({"SQLALCHEMY_DATABASE_URI": env["DATABASE_URL"]})
    with app.app_context():
        extra = scale(args.frameworks, args.courses)
        the_plan = plan(run, results, base_url, args.hot)
        db.engine.dispose()
    done = time.perf_counter()
    the_plan["counts"].update(extra, seconds=done - started, scaling=done - migrated)
    return the_plan


# --- The server and the load -------------------------------------------------------------------


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process and its children (gunicorn's master and workers)."""
    import psutil  # a dependency of locust

    total = 0.0
    master = psutil.Process(pid)
    for proc in [master, *master.children(recursive=True)]:
        with contextlib.suppress(psutil.Error):
            times = proc.cpu_times()
            total += times.user + times.system
    return total


def drive(env: dict, plan_file: Path, args, log: Path) -> None:
    """Run locust headless in its own process; it stops by itself after --duration seconds."""
    cmd = [sys.executable, "-m", "locust", "-f", str(Path(__file__).with_name("locustfile.py"))]
    cmd += ["--headless", "--only-summary", f"--users={args.users}", f"--run-time={args.duration}s"]
    cmd += [f"--spawn-rate={args.spawn_rate}", "--stop-timeout=15", "--exit-code-on-error=0"]
    with open(log, "w") as out:
        proc = subprocess.Popen(
            cmd,
            cwd=ROOT,
            env={**env, "LOAD_PLAN": str(plan_file)},
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            proc.wait(args.duration + 120)
        except subprocess.TimeoutExpired:
            print("locust overran its time; stopping it.")
        finally:
            stop(proc)
    if proc.returncode != 0:
        sys.exit(f"locust exited with {proc.returncode}:\n{log.read_text()[-3000:]}")


# --- Figures -----------------------------------------------------------------------------------


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile of sorted `values`."""
    if not values:
        return float("nan")
    return values[max(0, math.ceil(p / 100 * len(values)) - 1)]


def is_error(r: dict) -> bool:
    """Anything but a 2xx is an error, except 409 on a save (the conflict the test provokes)."""
    if r["name"] == "api: save" and r["status"] == 409:
        return False
    return r["failed"] or not 200 <= r["status"] < 300


def report(results: dict) -> int:
    """Print the figures; returns the number of errors."""
    requests = results["requests"]
    if not requests:
        sys.exit("locust made no requests.")
    wall = max(r["end"] for r in requests) - min(r["start"] for r in requests)
    kinds: dict[str, list] = defaultdict(list)
    for r in requests:
        kinds[r["name"] + (f" ({r['status']})" if r["name"] == "api: save" else "")].append(r)
    mixed = [r for r in requests if r["name"] != "sign in"]
    # Steady state: once every user has signed in (scrypt makes sign-in CPU-heavy by design).
    first = min(r["start"] for r in requests)
    ramped = max((r["end"] for r in kinds.get("sign in", [])), default=first)
    rows = sorted(kinds.items()) + [
        ("pages (all three)", [r for r in mixed if r["name"].startswith("page:")]),
        ("API (reads and saves)", [r for r in mixed if r["name"].startswith("api:")]),
        ("mixed load (no sign in)", mixed),
        ("  after the ramp-up", [r for r in mixed if r["start"] >= ramped]),
        ("all requests", requests),
    ]
    print(f"\n{'kind':<26}{'requests':>9}{'rps':>8}{'median':>10}{'p95':>10}{'errors':>8}")
    for kind, group in rows:
        if not group:
            continue
        times = sorted(r["ms"] for r in group)
        span = wall if kind != "  after the ramp-up" else max(r["end"] for r in group) - ramped
        span = max(span, 1e-3)
        print(
            f"{kind:<26}{len(group):>9}{len(group) / span:>8.1f}"
            f"{percentile(times, 50):>7.0f} ms{percentile(times, 95):>7.0f} ms"
            f"{sum(is_error(r) for r in group):>8}"
        )
    exceptions = results.get("exceptions", [])
    errors = sum(is_error(r) for r in requests) + len(exceptions)
    share = {
        k: sum(r["name"].startswith(k) for r in mixed) / max(1, len(mixed)) for k in ("page", "api")
    }
    print(
        f"\nover {wall:.1f} s; requests of the mixed load: pages {share['page']:.0%}, "
        f"API {share['api']:.0%} (tasks are 80% page views, 20% saves; a save reads first "
        "when the editor has no version in hand, and re-reads and retries after a 409)"
    )
    accepted, conflicts = len(results["accepted"]), len(results["conflicts"])
    refused_again = sum(c["retry"] for c in results["conflicts"])
    print(
        f"saves accepted (201): {accepted}; conflicts (409): {conflicts}, of which "
        f"{refused_again} on the retry (given up); in doubt: {len(results['doubtful'])}; "
        f"errors: {errors}"
    )
    for r in [r for r in requests if is_error(r)][:10]:
        print(f"  error: {r['name']} {r['status']} {r.get('error', '')}")
    for text in exceptions[:10]:
        print(f"  exception in a locust task: {text}")
    return errors


# --- The database afterwards -------------------------------------------------------------------


def check(url: sa.URL, run: str, results: dict, hot_before: dict[str, int]) -> list[str]:
    """Every accepted save is its version, no refused save is stored, numbers are dense."""
    problems = []
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        rows = list(
            conn.execute(
                sa.text(
                    "SELECT standard_id, number, change_note, statement FROM standard_versions "
                    "WHERE change_note LIKE :run"
                ),
                {"run": f"load {run} %"},
            )
        )
        stored = {row.change_note: (row.standard_id, row.number) for row in rows}
        problems += [
            f"version {row.standard_id} v{row.number}: statement of another save"
            for row in rows
            if f"({row.change_note})" not in row.statement
        ]
        for save in results["accepted"]:
            got = stored.get(save["marker"])
            if got != (save["standard"], save["number"]):
                problems.append(f"accepted save {save} is stored as {got}")
        for save in results["conflicts"]:
            if save["marker"] in stored:
                problems.append(f"a save refused with 409 was stored: {save}")
        told = {s["marker"] for s in results["accepted"]}
        doubtful = {s["marker"] for s in results["doubtful"]}
        for marker in stored.keys() - told - doubtful:
            problems.append(f"version {stored[marker]} ({marker}) was saved but never reported")
        gaps = conn.execute(
            sa.text(
                "SELECT standard_id, count(*) AS n, count(DISTINCT number) AS d, min(number) AS lo,"
                " max(number) AS hi FROM standard_versions GROUP BY standard_id"
                " HAVING min(number) <> 1 OR max(number) <> count(*)"
                " OR count(DISTINCT number) <> count(*)"
            )
        ).all()
        problems += [f"standard {g.standard_id}: numbers not dense 1..N: {g}" for g in gaps]
        not_newest = conn.execute(
            sa.text(
                "SELECT s.id FROM standards s LEFT JOIN standard_versions v"
                " ON v.id = s.current_version_id AND v.standard_id = s.id"
                " WHERE v.number IS DISTINCT FROM"
                " (SELECT max(number) FROM standard_versions w WHERE w.standard_id = s.id)"
            )
        ).scalars()
        problems += [f"standard {sid}: current version is not its highest" for sid in not_newest]
        hot_after = dict(
            conn.execute(
                sa.text(
                    "SELECT standard_id, max(number) FROM standard_versions"
                    " WHERE standard_id = ANY(:ids) GROUP BY standard_id"
                ),
                {"ids": [int(k) for k in hot_before]},
            ).all()
        )
        per_standard = defaultdict(int)
        for sid, _number in stored.values():
            per_standard[sid] += 1
        for sid, before in hot_before.items():
            added = hot_after[int(sid)] - before
            if added != per_standard[int(sid)]:
                problems.append(
                    f"standard {sid}: {added} versions added, {per_standard[int(sid)]} by the run"
                )
        audited = conn.scalar(
            sa.text(
                "SELECT count(*) FROM audit_events WHERE action = 'standard.version_saved'"
                " AND summary LIKE :run"
            ),
            {"run": f"%(load {run} %"},
        )
        if audited != len(stored):
            problems.append(f"{len(stored)} versions saved but {audited} audit events")
        versions = conn.scalar(sa.text("SELECT count(*) FROM standard_versions"))
    engine.dispose()
    print(
        f"\ndatabase: {len(stored)} versions saved by the run, {len(results['accepted'])} "
        f"acknowledged; {versions:,} versions in all, numbers dense and unique per standard, "
        f"current = highest: {'OK' if not problems else 'FAILED'}"
    )
    for p in problems[:20]:
        print(f"  {p}")
    return problems


def snapshot(url: sa.URL, ids: list[int]) -> dict[str, int]:
    """The highest version number of each hot standard before the run."""
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        rows = conn.execute(
            sa.text(
                "SELECT standard_id, max(number) FROM standard_versions"
                " WHERE standard_id = ANY(:ids) GROUP BY standard_id"
            ),
            {"ids": ids},
        ).all()
    engine.dispose()
    return {str(sid): n for sid, n in rows}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=30, help="simulated users")
    parser.add_argument("--spawn-rate", type=float, default=5, help="users started per second")
    parser.add_argument("--duration", type=int, default=60, help="seconds of load")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    parser.add_argument("--hot", type=int, default=12, help="standards the editors share")
    parser.add_argument("--frameworks", type=int, default=6, help="frameworks added to the demo")
    parser.add_argument("--courses", type=int, default=300, help="courses added to the demo")
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
    print(f"Load run {run}: database {url.database}, {args.users} users for {args.duration} s")
    with tempfile.TemporaryDirectory(prefix="load-") as tmp:
        tmp = Path(tmp)
        plan_data = prepare(url, env, args, run, tmp / "results.json", f"http://127.0.0.1:{port}")
        c = plan_data["counts"]
        print(
            f"prepared in {c['seconds']:.1f} s (scaling {c['scaling']:.1f} s): "
            f"{c['standards']:,} standards in "
            f"{c['frameworks']} frameworks, {c['courses']} courses, {c['programs']} programs, "
            f"{c['alignments']:,} alignments added"
        )
        (tmp / "plan.json").write_text(json.dumps(plan_data))
        hot_before = snapshot(url, plan_data["hot"])
        with gunicorn(
            env, port, tmp / "gunicorn.log", [f"--workers={args.workers}", "--graceful-timeout=10"]
        ) as server:
            print(
                f"gunicorn: {args.workers} gthread workers (gunicorn.conf.py) on "
                f"127.0.0.1:{port}; locust running…"
            )
            cpu = cpu_seconds(server.pid)
            drive(env, tmp / "plan.json", args, tmp / "locust.log")
            cpu = cpu_seconds(server.pid) - cpu
        results = json.loads((tmp / "results.json").read_text())
        errors = report(results)
        load, cores = os.getloadavg()[0], os.cpu_count() or 1
        print(
            f"gunicorn used {cpu:.1f} CPU seconds, "
            f"{cpu / max(1, len(results['requests'])) * 1000:.0f} ms a request; load average "
            f"{load:.1f} on {cores} cores at the end"
            + (" (processes waited for a core: latency grew)" if load > cores else "")
        )
        problems = check(url, run, results, hot_before)
        gunicorn_log = (tmp / "gunicorn.log").read_text()
        if "Traceback" in gunicorn_log or "WORKER TIMEOUT" in gunicorn_log:
            print(f"\ngunicorn logged errors:\n{gunicorn_log[-3000:]}")
            errors += 1
    if errors or problems:
        print(f"\nFAILED: {errors} errors, {len(problems)} database problems.")
        return 1
    print("\nOK: no errors; every accepted save is stored, nothing lost.")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        print("Interrupted; gunicorn and locust were stopped.", file=sys.stderr)
        sys.exit(130)
