"""A background task registered by this test alone runs through enqueue() on every back-end
(inline, the thread pool, RQ with `flask worker`), with its progress and outcome on its job."""

from __future__ import annotations

import threading
import time

import pytest
import sqlalchemy as sa

from curriculum.exports.models import ExportJob, JobState
from curriculum.extensions import db as _db
from curriculum.jobs import TASKS, enqueue, lifecycle, registry, runner, task

SEEN: list[tuple[str, str]] = []  # (job id, thread name) of every run


@pytest.fixture
def noted():
    """The task "test.note": halfway, then done; "test.broken" and "test.refused" fail."""

    def work(job):
        SEEN.append((job.id, threading.current_thread().name))
        lifecycle.progress(job, 50, "Halfway")
        lifecycle.finish(job, JobState.DONE, "Noted")
        _db.session.commit()

    @task("test.note")
    def note(job_id):
        lifecycle.run(ExportJob, job_id, work, what="note")

    @task("test.broken")
    def broken(job_id):
        lifecycle.run(ExportJob, job_id, lambda job: 1 / 0, what="note")

    @task("test.refused")
    def refused(job_id):
        def work(job):
            raise lifecycle.Failed("The file is not a CASE package.")

        lifecycle.run(ExportJob, job_id, work, what="import")

    SEEN.clear()
    yield
    for name in ("test.note", "test.broken", "test.refused"):
        TASKS.pop(name, None)


def _job(partnership, framework_id=None) -> str:
    """A job row to run the task on (any JobMixin table will do; exports' is the one today)."""
    row = ExportJob(kind="standards", framework_id=framework_id, partnership_id=partnership.id)
    _db.session.add(row)
    _db.session.commit()
    return row.id


def _state(job_id):
    _db.session.expire_all()
    return _db.session.get(ExportJob, job_id)


def test_a_registered_task_runs_inline_with_progress_and_outcome(noted, partnership, monkeypatch):
    steps = []
    real = lifecycle.progress
    monkeypatch.setattr(lifecycle, "progress", lambda job, p, m: (steps.append(p), real(job, p, m)))
    job_id = _job(partnership)
    enqueue("test.note", job_id)
    done = _state(job_id)
    assert done.state == JobState.DONE and done.message == "Noted" and done.progress == 100
    assert done.started_at <= done.finished_at and steps == [50]
    assert [j for j, _ in SEEN] == [job_id]
    enqueue("test.note", job_id)  # a job runs once: a finished one is left alone
    assert len(SEEN) == 1


def test_a_failing_task_fails_its_job_with_the_reason(noted, partnership):
    crashed, refused = _job(partnership), _job(partnership)
    enqueue("test.broken", crashed)
    enqueue("test.refused", refused)
    assert _state(crashed).state == JobState.FAILED
    assert _state(crashed).message == "The note failed: ZeroDivisionError. Try again."
    assert _state(refused).message == "The file is not a CASE package."


def test_the_thread_pool_runs_any_task(noted, make_app, partnership):
    threaded = make_app(EXPORT_RUNNER="thread")
    with threaded.app_context():
        job_id = _job(_db.session.merge(partnership))
        enqueue("test.note", job_id)
        deadline = time.monotonic() + 30
        while _state(job_id).state != JobState.DONE and time.monotonic() < deadline:
            time.sleep(0.05)
        assert _state(job_id).state == JobState.DONE
    assert SEEN[0][0] == job_id and SEEN[0][1].startswith("job")


def test_unknown_and_twice_registered_tasks_are_refused(noted):
    with pytest.raises(LookupError, match="test.missing"):
        enqueue("test.missing", "0" * 32)

    with pytest.raises(ValueError, match="test.note"):

        @task("test.note")
        def another(job_id):
            pass

    assert TASKS["test.note"] is registry.get("test.note")


def _redis_url() -> str:
    import redis

    url = "redis://127.0.0.1:6379/15"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=0.5).ping()
    except redis.exceptions.RedisError:
        pytest.skip("no Redis server on 127.0.0.1:6379")
    return url


def test_flask_worker_runs_any_task_from_redis(noted, make_app, partnership):
    queued = make_app(EXPORT_RUNNER="rq", REDIS_URL=_redis_url())
    with queued.app_context():
        runner.queue().empty()
        job_id = _job(_db.session.merge(partnership))
        enqueue("test.note", job_id)
        assert _state(job_id).state == JobState.QUEUED and runner.queue().count == 1
        try:
            result = queued.test_cli_runner().invoke(args=["worker", "--burst"])
        finally:
            runner._app = None
        assert result.exit_code == 0, result.output
        assert "test.note" in result.output and "export" in result.output
        assert _state(job_id).state == JobState.DONE
        assert _db.session.scalar(sa.select(sa.func.count(ExportJob.id))) == 1


def test_a_new_app_knows_every_task_its_features_register():
    """In a fresh process (nothing imported by other tests), creating the app registers the
    export task, so a real export request finds it (it once did not: only tests imported it)."""
    import subprocess
    import sys
    from pathlib import Path

    code = (
        "from curriculum import create_app\n"
        "create_app({'SQLALCHEMY_DATABASE_URI': 'sqlite://', 'SECRET_KEY': 'x'})\n"
        "from curriculum.jobs import TASKS\n"
        "print(sorted(TASKS))\n"
    )
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=root, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert "'export'" in done.stdout
