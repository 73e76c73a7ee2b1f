"""The load test's data (`load.py`, `load_memory.py`): the database named by LOAD_DATABASE_URL
emptied, migrated and loaded with the demo, the demo scaled up with bulk inserts (six more
frameworks: about 1,600 standards with published versions, drafts and endorsements; 300 courses
in 15 programs with about 18,000 alignments), API tokens for the demo's editors, and the plan
the locust process reads (tokens, accounts, the ids it visits and edits)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import sqlalchemy as sa
from databases import quarter_alignments, versions_of

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
    from curriculum.courses.models import Course, Program
    from curriculum.extensions import db
    from curriculum.organizations.models import Organization, OrganizationKind
    from curriculum.partnerships.models import Partnership
    from curriculum.standards.models import Framework
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

    # Every 5th standard revised: a period prime to the alignments' 4 spreads the stale
    # alignments over every course.
    versions, published = versions_of(
        standards,
        lambda n, s: f"{TASKS[n % len(TASKS)]} ({s.code})",
        lambda title: f"{title} to the plant's written procedure, safely and on time.",
        revised=" Records the result.",
    )
    ids = add_versions(versions)
    endorse([ids[sid][number] for sid, number in published.items()], endorsers)

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
        alignments += quarter_alignments(courses, by_framework[fw.id], ids)
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


def add_load_arguments(parser) -> None:
    """The options `load.py` and `load_memory.py` share: the users, the server, the data."""
    parser.add_argument("--users", type=int, default=30, help="simulated users")
    parser.add_argument("--spawn-rate", type=float, default=5, help="users started per second")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    parser.add_argument("--hot", type=int, default=12, help="standards the editors share")
    parser.add_argument("--frameworks", type=int, default=6, help="frameworks added to the demo")
    parser.add_argument("--courses", type=int, default=300, help="courses added to the demo")
