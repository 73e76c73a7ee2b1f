"""Slow clients: does /healthz still answer while clients trickle their requests in?

Serves the app with gunicorn on a free port of 127.0.0.1 and a temporary SQLite database, opens
--slow connections that send a request's headers one line at a time (a line every second, the
"slowloris" pattern), and meanwhile asks /healthz --probes times, each with a --deadline. It does
this twice: with the deployment's settings (gunicorn.conf.py: gthread workers) and, for
comparison, with the same number of sync workers (what the README used to deploy). Prints, for
each, how many health checks answered in time and their median and worst latency.

Exits 1 when a health check of the deployment's settings misses its deadline.

    .venv/bin/python benchmarks/slow_clients.py [--slow 12] [--probes 8] [--deadline 2]
    make slowclients
"""

from __future__ import annotations

import argparse
import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

from serving import ROOT, free_port, gunicorn


def migrate(env: dict) -> None:
    cmd = [sys.executable, "-m", "flask", "--app", "wsgi", "db", "upgrade"]
    done = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"`flask db upgrade` failed:\n{done.stdout}{done.stderr}")


class Slowloris:
    """`count` connections that each send a request line, then one header line a second."""

    def __init__(self, port: int, count: int):
        self.port, self.count = port, count
        self.sockets: list[socket.socket] = []
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._trickle, daemon=True)

    def __enter__(self):
        for _ in range(self.count):
            s = socket.create_connection(("127.0.0.1", self.port), timeout=5)
            s.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            self.sockets.append(s)
        self.thread.start()
        return self

    def _trickle(self) -> None:
        n = 0
        while not self.stop.wait(1.0):
            n += 1
            for s in self.sockets:
                with contextlib.suppress(OSError):
                    s.sendall(f"X-Slow-{n}: {n}\r\n".encode())

    def __exit__(self, *exc):
        self.stop.set()
        self.thread.join()
        for s in self.sockets:
            s.close()


def probe(port: int, deadline: float) -> float | None:
    """Seconds /healthz took to answer 200, or None when it missed the deadline."""
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=deadline) as r:
            ok = r.status == 200
    except OSError:
        return None
    took = time.perf_counter() - started
    return took if ok and took <= deadline else None


def health_under_slow_clients(port: int, slow: int, probes: int, deadline: float) -> list:
    """Latencies (None: missed) of `probes` health checks, half a second apart, while `slow`
    slow clients are connected."""
    results = []
    with Slowloris(port, slow):
        time.sleep(0.5)  # the slow connections are accepted and being read
        for _ in range(probes):
            results.append(probe(port, deadline))
            time.sleep(0.5)
    return results


def summary(name: str, results: list) -> str:
    answered = sorted(r for r in results if r is not None)
    median = f"{answered[len(answered) // 2] * 1000:.0f} ms" if answered else "—"
    worst = f"{answered[-1] * 1000:.0f} ms" if answered else "—"
    return f"{name:<34}{len(answered):>3} of {len(results):<4}{median:>10}{worst:>10}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--slow", type=int, default=12, help="slow connections")
    parser.add_argument("--probes", type=int, default=8, help="health checks")
    parser.add_argument("--deadline", type=float, default=2.0, help="seconds a check may take")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="slow-clients-") as tmp:
        tmp = Path(tmp)
        env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{tmp / 'app.db'}",
            "SECRET_KEY": "slow-clients-benchmark",
            "WEB_CONCURRENCY": str(args.workers),
            "FLASK_DEBUG": "0",
        }
        env.pop("REDIS_URL", None)
        migrate(env)
        print(
            f"{args.slow} slow clients (a header line a second each), {args.probes} health "
            f"checks half a second apart, {args.deadline:g} s each, {args.workers} workers\n"
        )
        print(f"{'server':<34}{'in time':<10}{'median':>10}{'worst':>10}")
        rows = [
            ("gunicorn.conf.py (gthread)", []),
            ("sync workers (for comparison)", ["--worker-class=sync", "--threads=1"]),
        ]
        missed = 0
        for name, extra in rows:
            port = free_port()
            with gunicorn(env, port, tmp / "gunicorn.log", extra):
                results = health_under_slow_clients(port, args.slow, args.probes, args.deadline)
            print(summary(name, results))
            if not extra:
                missed = results.count(None)
    if missed:
        print(f"\nFAILED: {missed} health checks missed the deadline with the deployment settings.")
        return 1
    print("\nOK: the deployment's settings answered every health check in time.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
