"""Where background jobs run: a thread pool of the app (default), RQ workers, or inline (tests).

EXPORT_RUNNER is "thread", "rq" (the default when REDIS_URL is set; start workers with
`flask worker`, on as many machines as you like) or "sync" (the request runs the job). Every
registered task runs the same way: the queue carries the task's name and the job's id.
"""

from __future__ import annotations

import os
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from flask import Flask, current_app

from curriculum.db import utcnow
from curriculum.extensions import db
from curriculum.jobs import registry

if TYPE_CHECKING:
    from rq import Queue

QUEUE = "jobs"


class QueueUnavailable(Exception):
    """Redis did not take the job."""


_pool: ThreadPoolExecutor | None = None
_app: Flask | None = None  # the app RQ jobs run in (set by `flask worker`, else built lazily)
_pid = 0  # the process _app's database pool belongs to


def enqueue(name: str, job_id: str) -> None:
    """Run task `name` on job `job_id` where the configuration says; QueueUnavailable when
    Redis does not take it."""
    task = registry.get(name)
    mode = current_app.config["EXPORT_RUNNER"]
    if mode == "sync":
        task.run(job_id)
    elif mode == "rq":
        from redis.exceptions import RedisError

        timeout = task.timeout(current_app.config) if task.timeout else 3600
        try:
            queue().enqueue(
                "curriculum.jobs.runner.run_rq_job",
                name,
                job_id,
                job_timeout=timeout,
                result_ttl=3600,
            )
        except RedisError as exc:
            raise QueueUnavailable(str(exc)) from exc
    else:
        _thread_pool().submit(_run_in_app, _the_app(), name, job_id)


def enqueue_at(name: str, job_id: str, when: datetime) -> bool:
    """Run task `name` on job `job_id` once `when` has come: a timer of this process (thread
    mode) or RQ's scheduler (`flask worker` runs one). False when nothing was scheduled (inline
    mode, or Redis refused): the task's own sweep must pick the job up then."""
    mode = current_app.config["EXPORT_RUNNER"]
    delay = max((when - utcnow()).total_seconds(), 0.0) + 1  # a second late, never early
    if mode == "rq":
        from redis.exceptions import RedisError

        task = registry.get(name)
        timeout = task.timeout(current_app.config) if task.timeout else 3600
        try:
            queue().enqueue_in(
                timedelta(seconds=delay),
                "curriculum.jobs.runner.run_rq_job",
                name,
                job_id,
                job_timeout=timeout,
                result_ttl=3600,
            )
        except RedisError as exc:
            current_app.logger.warning("job %s (%s) not scheduled: %s", job_id, name, exc)
            return False
        return True
    if mode == "thread":
        registry.get(name)
        timer = threading.Timer(delay, _enqueue_in_app, (_the_app(), name, job_id))
        timer.daemon = True  # a pending retry does not keep the process alive; the sweep has it
        timer.start()
        return True
    return False


def _enqueue_in_app(app: Flask, name: str, job_id: str) -> None:
    with app.app_context():
        enqueue(name, job_id)


def _thread_pool() -> ThreadPoolExecutor:
    global _pool
    if _pool is None:
        size = current_app.config["EXPORT_THREADS"]
        _pool = ThreadPoolExecutor(max_workers=size, thread_name_prefix="job")
    return _pool


def _run_in_app(app: Flask, name: str, job_id: str) -> None:
    with app.app_context():
        try:
            registry.get(name).run(job_id)
        except Exception:  # tasks record failures on their job; this is what they could not
            app.logger.exception("job %s (%s): the runner failed", job_id, name)
            raise
        finally:
            db.session.remove()


def queue() -> Queue:
    from redis import Redis
    from rq import Queue

    connection = Redis.from_url(current_app.config["REDIS_URL"], socket_connect_timeout=3)
    return Queue(QUEUE, connection=connection)


def run_rq_job(name: str, job_id: str) -> None:
    """What an RQ worker runs: the task, inside the app (the worker's, or one built here).

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
    _run_in_app(_app, name, job_id)


def _the_app() -> Flask:
    """The app behind current_app, to hand to another thread or keep in a worker."""
    return current_app._get_current_object()  # type: ignore[attr-defined]


def work(burst: bool = False) -> None:
    """Run an RQ worker on the jobs queue in this process (`flask worker`)."""
    global _app, _pid
    from rq import Worker

    _app, _pid = _the_app(), os.getpid()
    q = queue()
    # with_scheduler: the worker also runs jobs enqueued for later (enqueue_at: mail retries)
    Worker([q], connection=q.connection).work(burst=burst, with_scheduler=True)
