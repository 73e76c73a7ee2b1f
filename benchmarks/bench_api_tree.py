"""Benchmark: GET /api/v1/frameworks/<id> (a framework with its whole tree) of 1,640 standards.

Builds the app on a temporary SQLite database, migrates it, bulk-inserts a framework of
40 critical work functions × 5 key activities × 7 indicators (1,640 standards, each with a
published version, a tenth with a newer draft), then times the endpoint for a visitor
(published content) and for a convener (drafts), and building the response alone (the
response models and their JSON, no queries), and prints the mean CPU times.

    python benchmarks/bench_api_tree.py [--runs 15] [--functions 40]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from databases import make_app, migrate

WARMUP = 3
ACTIVITIES, INDICATORS = 5, 7  # per function and per activity: 40 functions → 1,640 standards


def build(functions: int) -> tuple[int, int]:
    """Migrate, then bulk-insert the framework; returns its id and a convener's id."""
    from curriculum.auth.models import User
    from curriculum.extensions import db
    from curriculum.partnerships.models import Membership, Role
    from curriculum.standards.models import Level, VersionStatus
    from curriculum.testing.bulk import add_versions, standards_tree
    from curriculum.testing.world import Builder

    migrate()
    world = Builder(commit=False)
    partnership = world.partnership("Bench Partnership", region="Bench")
    framework = world.framework(partnership)
    convener = User(email="convener@example.com", display_name="Convener", password_hash="-")
    db.session.add(convener)
    db.session.flush()
    db.session.add(
        Membership(user_id=convener.id, partnership_id=partnership.id, role=Role.CONVENER)
    )
    standards = standards_tree(framework.id, (functions, ACTIVITIES, INDICATORS))
    versions = []
    for n, s in enumerate(standards):
        title = f"Operate and monitor production equipment, step {s.code}"
        statement = "Checks the equipment against the *work order* before each run. " * 3
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
    return framework.id, convener.id


def mean_ms(action, runs: int) -> float:
    times = []
    for i in range(WARMUP + runs):
        start = time.process_time()
        action()
        if i >= WARMUP:
            times.append(time.process_time() - start)
    # CPU time (the machine may be busy with others), the mean: a full garbage collection
    # (about 100 ms here) falls in about every other request, which makes a median jump.
    return statistics.mean(times) * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--functions", type=int, default=40)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        app = make_app(f"sqlite:///{Path(tmp) / 'bench.db'}")
        with app.app_context():
            framework_id, convener_id = build(args.functions)
        from curriculum.auth.services import create_token
        from curriculum.extensions import db

        with app.app_context():
            from curriculum.auth.models import User

            token = create_token(db.session.get(User, convener_id), "bench")[1]
            db.session.commit()
        client = app.test_client()
        url = f"/api/v1/frameworks/{framework_id}"
        visitor = client.get(url)
        assert visitor.status_code == 200, visitor.data[:200]
        count = len(visitor.json["standards"])
        headers = {"Authorization": f"Bearer {token}"}
        assert client.get(url, headers=headers).status_code == 200
        timed = {
            "visitor": mean_ms(lambda: client.get(url), args.runs),
            "convener": mean_ms(lambda: client.get(url, headers=headers), args.runs),
        }
        with app.test_request_context():
            from curriculum.api.schemas.standards import FrameworkTree
            from curriculum.standards import tree

            framework = tree.get_framework(framework_id)
            nodes = tree.load_tree(framework, drafts=True)
            timed["JSON body"] = mean_ms(
                lambda: FrameworkTree.of_tree(framework, nodes, True).send(), args.runs
            )
    print(f"GET {url}: {count} standards, mean CPU time of {args.runs} runs")
    for name, ms in timed.items():
        print(f"  {name:10} {ms:8.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
