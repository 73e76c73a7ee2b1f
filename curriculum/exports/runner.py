"""Where export jobs run: a thread pool of the app (default), RQ workers, or inline (tests).

EXPORT_RUNNER is "thread", "rq" (the default when REDIS_URL is set; start workers with
`flask worker`, on as many machines as you like) or "sync" (the request renders it).
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor

from flask import Flask, current_app

from curriculum.extensions import db

QUEUE = "exports"


class QueueUnavailable(Exception):
    """Redis did not take the job."""


_pool: ThreadPoolExecutor | None = None
_app: Flask | None = None  # the app RQ jobs run in (set by `flask worker`, else built lazily)
_pid = 0  # the process _app's database pool belongs to


def start(job_id: str) -> None:
    mode = current_app.config["EXPORT_RUNNER"]
    if mode == "sync":
        from curriculum.exports.services import run_job

        run_job(job_id)
    elif mode == "rq":
        from redis.exceptions import RedisError

        try:
            queue().enqueue(
                "curriculum.exports.runner.run_rq_job",
                job_id,
                job_timeout=current_app.config["EXPORT_TIMEOUT"] + 60,
                result_ttl=3600,
            )
        except RedisError as exc:
            raise QueueUnavailable(str(exc)) from exc
    else:
        _thread_pool().submit(_run_in_app, current_app._get_current_object(), job_id)


def _thread_pool() -> ThreadPoolExecutor:
    global _pool
    if _pool is None:
        size = current_app.config["EXPORT_THREADS"]
        _pool = ThreadPoolExecutor(max_workers=size, thread_name_prefix="export")
    return _pool


def _run_in_app(app: Flask, job_id: str) -> None:
    from curriculum.exports.services import run_job

    with app.app_context():
        try:
            run_job(job_id)
        except Exception:  # run_job records failures on the job; this is what it could not
            app.logger.exception("export %s: the runner failed", job_id)
            raise
        finally:
            db.session.remove()


def queue():
    from redis import Redis
    from rq import Queue

    connection = Redis.from_url(current_app.config["REDIS_URL"], socket_connect_timeout=3)
    return Queue(QUEUE, connection=connection)


def run_rq_job(job_id: str) -> None:
    """What an RQ worker runs: the job, inside the app (the worker's, or one built here).

    RQ's worker forks a child per job: the child must not use the parent's pooled database
    connections, so it drops them (without closing the parent's) and opens its own.
    """
    global _app, _pid
    if _app is None:
        from curriculum import create_app

        _app, _pid = create_app(), os.getpid()
    if _pid != os.getpid():
        with _app.app_context():
            db.engine.dispose(close=False)
        _pid = os.getpid()
    _run_in_app(_app, job_id)


def work(burst: bool = False) -> None:
    """Run an RQ worker on the exports queue in this process (`flask worker`)."""
    global _app
    from rq import Worker

    global _pid
    _app, _pid = current_app._get_current_object(), os.getpid()
    q = queue()
    Worker([q], connection=q.connection).work(burst=burst)
