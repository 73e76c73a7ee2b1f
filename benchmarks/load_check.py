"""The load test's database check: every accepted save is the version the client was told,
no save refused with 409 is stored, no stored save went unreported, version numbers are dense
and unique, each standard's current version is its highest, each hot standard grew by exactly
the run's saves, and each save has its audit event."""

from __future__ import annotations

from collections import defaultdict

import sqlalchemy as sa


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
