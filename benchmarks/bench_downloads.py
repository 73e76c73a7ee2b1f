"""Benchmark (issue 18): the coverage CSV and XLSX downloads of a large program, streamed.

Builds the program of bench_coverage.py (default 64 critical work functions: 1,600 standards,
× 20 courses) on a temporary SQLite database, then for each download measures with the test
client, unbuffered (as a server reads it): the time to the first piece of the body, the time
to the last, the pieces and the bytes; then, in separate runs under tracemalloc, the peak of
Python memory allocated during the whole request (the coverage model included).

    python benchmarks/bench_downloads.py [--runs 5] [--functions 64] [--courses 20]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from bench_coverage import build
from databases import make_app

WARMUP = 2


def sent(client, url: str) -> tuple[float, float, int, int]:
    """Seconds to the first piece and to the last, the number of pieces and the bytes."""
    start = time.perf_counter()
    response = client.get(url, buffered=False)
    assert response.status_code == 200, (url, response.status_code)
    first, pieces, size = None, 0, 0
    for piece in response.response:
        if first is None:
            first = time.perf_counter() - start
        pieces += 1
        size += len(piece)
    response.close()
    return first or 0.0, time.perf_counter() - start, pieces, size


def peak(client, url: str) -> int:
    """The peak of Python memory (bytes) allocated above the start of one request."""
    tracemalloc.start()
    tracemalloc.reset_peak()
    base = tracemalloc.get_traced_memory()[0]
    response = client.get(url, buffered=False)
    for _piece in response.response:
        pass
    response.close()
    top = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return top - base


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="timed requests per download")
    parser.add_argument("--functions", type=int, default=64, help="critical work functions")
    parser.add_argument("--courses", type=int, default=20, help="courses in the program")
    args = parser.parse_args(argv)

    from curriculum.extensions import db

    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        app = make_app(f"sqlite:///{Path(tmp) / 'b.db'}")
        with app.app_context():
            program_id, n_standards, n_alignments = build(args.functions, args.courses)
        client = app.test_client()
        for kind in ("csv", "xlsx"):
            url = f"/programs/{program_id}/coverage.{kind}?scope=all"
            for _ in range(WARMUP):
                sent(client, url)
            runs = [sent(client, url) for _ in range(args.runs)]
            memory = statistics.median(peak(client, url) for _ in range(3))
            results[kind] = (
                statistics.median(r[0] for r in runs),
                statistics.median(r[1] for r in runs),
                runs[-1][2],
                runs[-1][3],
                memory,
            )
        with app.app_context():
            db.engine.dispose()

    print(
        f"Coverage downloads: {n_standards} standards × {args.courses} courses, "
        f"{n_alignments:,} alignments; median of {args.runs} GETs (peak: median of 3)"
    )
    print(f"{'file':<6}{'first byte':>12}{'last byte':>12}{'pieces':>8}{'size':>10}{'peak':>10}")
    for kind, (first, last, pieces, size, memory) in results.items():
        print(
            f"{kind:<6}{first * 1000:>9.0f} ms{last * 1000:>9.0f} ms{pieces:>8}"
            f"{size / 1024:>7.0f} kB{memory / 2**20:>7.1f} MB"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
