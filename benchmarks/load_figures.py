"""The load test's figures: per kind of request and overall, the count, requests per second,
median and 95th percentile latency and errors; the mixed load against the same users asking
`/about` only."""

from __future__ import annotations

import math
import sys
from collections import defaultdict


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


def ramped_at(requests: list[dict]) -> float:
    """When the steady state began: once every user had signed in (scrypt makes sign-in
    CPU-heavy by design)."""
    first = min(r["start"] for r in requests)
    return max((r["end"] for r in requests if r["name"] == "sign in"), default=first)


def steady(results: dict) -> dict:
    """The requests after the ramp-up (no sign-in): count, span, rps, median, p95, errors."""
    requests = results["requests"]
    if not requests:
        sys.exit("locust made no requests.")
    start = ramped_at(requests)
    group = [r for r in requests if r["name"] != "sign in" and r["start"] >= start]
    if not group:
        sys.exit("no request started after the ramp-up: run longer (--duration).")
    end = max(r["end"] for r in group)
    times = sorted(r["ms"] for r in group)
    return {
        "requests": len(group),
        "start": start,
        "end": end,
        "rps": len(group) / max(end - start, 1e-3),
        "median": percentile(times, 50),
        "p95": percentile(times, 95),
        "errors": sum(is_error(r) for r in group),
    }


def compare(mixed: dict, about: dict) -> None:
    """The mixed load's steady figures next to the `/about`-only run's, and their ratios."""
    rows = [("requests per second", "rps", "{:.1f}"), ("median, ms", "median", "{:.0f}")]
    rows += [("p95, ms", "p95", "{:.0f}"), ("gunicorn CPU ms a request", "cpu_ms", "{:.1f}")]
    print(
        f"\nafter the ramp-up (same users, same server and data){'mixed':>11}{'/about':>10}"
        f"{'mixed / about':>16}"
    )
    for label, key, form in rows:
        ratio = mixed[key] / about[key] if about[key] else float("nan")
        print(
            f"  {label:<51}{form.format(mixed[key]):>11}{form.format(about[key]):>10}"
            f"{ratio:>15.2f}×"
        )


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
    ramped = ramped_at(requests)
    rows = sorted(kinds.items()) + [
        ("pages (all)", [r for r in mixed if r["name"].startswith("page:")]),
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
    if not share["api"]:  # the /about-only run
        print(f"\nover {wall:.1f} s; errors: {errors}")
    else:
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
