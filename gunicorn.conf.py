"""gunicorn settings for Curriculum: the one source for the README's deployment and `make load`.

gunicorn reads this file by itself when started from the checkout (`gunicorn wsgi:app`); any
setting given on the command line wins over it. Environment variables tune it:

    GUNICORN_BIND        address to listen on (default 0.0.0.0:8000)
    WEB_CONCURRENCY      worker processes (default 4)
    GUNICORN_THREADS     threads per worker (default 8)
    GUNICORN_GC_TUNING   0 turns off the garbage collector's tuning below (default 1)
    GUNICORN_GC_GEN0     the collector's generation-0 threshold in workers (default 50000)

Workers are `gthread`: each serves requests from a pool of threads, so a client that connects
and then sends slowly holds one thread, not the whole worker (with four sync workers, four such
clients stalled the site). A worker takes no more connections than it has threads, so one whose
threads are all held by slow clients leaves new connections to the other workers instead of
queueing them behind the slow ones: the site answers while fewer than workers x threads (32)
slow clients are connected. `make slowclients` (benchmarks/slow_clients.py) measures it and
tests/site/test_deployment.py checks it. For a site on the Internet, also put a buffering
reverse proxy (nginx) in front: it reads whole requests before handing them to gunicorn,
however many slow clients there are.
"""

import gc
import os

from curriculum.config import ratelimit_storage_uri

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", 4))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", 8))
# One connection per thread: a worker whose threads are busy stops accepting, so the others
# take the next connections. Hence no keep-alive either (an idle kept-alive connection would
# hold a place); a proxy in front keeps its own connections to the browsers alive.
worker_connections = threads
keepalive = 0
# A worker whose main loop is stuck this long is restarted (a request may take longer).
timeout = 60
graceful_timeout = 20
# Request line and headers: gunicorn's limits, stated so that they are seen.
limit_request_line = 8190
limit_request_fields = 100


def rate_limit_warning(worker_count: int, storage_uri: str) -> str | None:
    """The warning due when several workers count sign-in failures in their own memory."""
    if worker_count > 1 and storage_uri.startswith("memory://"):
        return (
            f"{worker_count} workers count failed sign-ins in memory://, each on its own: the "
            f"limit is {worker_count} times higher than set. Set RATELIMIT_STORAGE_URI (or "
            "REDIS_URL) to a Redis server shared by every worker."
        )
    return None


def when_ready(server) -> None:
    """Once the master is up: warn when the sign-in limit would not hold across workers."""
    message = rate_limit_warning(server.cfg.workers, ratelimit_storage_uri(os.environ))
    if message:
        server.log.warning(message)


def gc_tuning(environ) -> tuple[int, int, int] | None:
    """The collector's thresholds for a worker, or None to leave Python's (700, 10, 10)."""
    if environ.get("GUNICORN_GC_TUNING", "1").strip().lower() in {"0", "false", "no", "off"}:
        return None
    _gen0, gen1, gen2 = gc.get_threshold()
    return int(environ.get("GUNICORN_GC_GEN0", 50_000)), gen1, gen2


def post_worker_init(worker) -> None:
    """Once a worker has loaded the app: move everything loaded so far (modules, the app, its
    templates) out of the collector's reach with gc.freeze(), and collect generation 0 less
    often. A page of a large framework makes hundreds of thousands of short-lived objects;
    with Python's default (a collection every 700 allocations, a full one every 100 of those,
    each walking every object of the worker), the collector took a large share of its CPU
    (issue 18; `make bench`: benchmarks/bench_pages.py, and --gc-default to compare)."""
    thresholds = gc_tuning(os.environ)
    if thresholds is None:
        return
    gc.collect()
    gc.freeze()
    gc.set_threshold(*thresholds)
