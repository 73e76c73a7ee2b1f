"""A job's life, the same for every task: started, advanced, finished or failed, or lost.

Works on any row built on JobMixin. Reading a job never writes: a job whose runner was lost is
shown as failed (`show_lost`), and written as failed by the next request that writes anyway
(`fail_lost`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import timedelta
from typing import Any, TypeVar

from flask import current_app
from sqlalchemy import update
from sqlalchemy.orm.attributes import set_committed_value

from curriculum.db import utcnow
from curriculum.extensions import db
from curriculum.jobs.models import JobMixin, JobState

J = TypeVar("J", bound=JobMixin)  # a feature's job table


# What happens when a job of a table finishes or fails (exports and imports tell whoever asked):
# one hook per job table, registered by the task's module with `on_finish(Model)`.
_ON_FINISH: dict[type, Callable[[Any], None]] = {}


def on_finish(model: type[J]) -> Callable[[Callable[[J], None]], Callable[[J], None]]:
    """Register the decorated function to run (in the job's transaction) whenever finish()
    marks a job of `model` done or failed."""

    def register(hook: Callable[[J], None]) -> Callable[[J], None]:
        _ON_FINISH[model] = hook
        return hook

    return register


class Failed(Exception):
    """A task's failure whose message the person who asked should read as it is."""


def run(model: type[J], job_id: str, work: Callable[[J], None], *, what: str = "job") -> None:
    """Run a queued job: mark it running, call work(job), and fail it with the reason if work
    raises. work finishes the job itself (finish() and a commit)."""
    job = db.session.get(model, job_id)
    if job is None or job.state != JobState.QUEUED:
        return
    job.state, job.started_at = JobState.RUNNING, utcnow()
    job.message, job.updated_at = "Starting", job.started_at
    db.session.commit()
    try:
        work(job)
    except Failed as exc:
        db.session.rollback()
        current_app.logger.warning("%s %s failed: %s", what, job_id, exc)
        finish(job, JobState.FAILED, str(exc))
        db.session.commit()
    except Exception as exc:  # the job fails with the reason instead of staying "running"
        db.session.rollback()
        current_app.logger.exception("%s %s failed", what, job_id)
        finish(job, JobState.FAILED, f"The {what} failed: {type(exc).__name__}. Try again.")
        db.session.commit()


def progress(job: JobMixin, percent: int, message: str) -> None:
    """Write the job's progress in its own short transaction, for the page that polls it."""
    model = type(job)
    db.session.execute(
        update(model)
        .where(model.id == job.id)
        .values(progress=percent, message=message[:500], updated_at=utcnow())
    )
    db.session.commit()


def finish(job: JobMixin, state: JobState, message: str) -> None:
    """Mark the job done or failed, and run its table's on_finish hook (the caller commits)."""
    job.state, job.message, job.finished_at = state, message[:500], utcnow()
    job.updated_at = job.finished_at
    if state == JobState.DONE:
        job.progress = 100
    hook = _ON_FINISH.get(type(job))
    if hook is not None:
        hook(job)


def lost(job: JobMixin, silence: timedelta, *, waiting: str, interrupted: str) -> str | None:
    """Why the job was lost (its runner stopped, or none runs), or None while it may go on.

    A running job writes its progress at least every so often: one silent for longer than
    `silence` has lost its runner. A queued job may wait behind others, so it is lost only
    when it has waited that long and no job of its table is running.
    """
    if job.state.finished:
        return None
    cutoff = utcnow() - silence
    if job.updated_at >= cutoff:
        return None
    if job.state == JobState.QUEUED:
        model = type(job)
        busy = db.session.scalar(
            db.select(model.id)
            .where(model.state == JobState.RUNNING, model.updated_at >= cutoff)
            .limit(1)
        )
        return None if busy is not None else waiting
    return interrupted


def show_lost(job: JobMixin, reason: str | None) -> None:
    """Show a lost job as failed in this request without writing it (a read never commits)."""
    if reason is None:
        return
    now = utcnow()
    for name, value in (("state", JobState.FAILED), ("message", reason[:500])):
        set_committed_value(job, name, value)
    set_committed_value(job, "finished_at", now)


def fail_lost(jobs: Iterable[J], reason: Callable[[J], str | None]) -> None:
    """Mark lost jobs failed, in the caller's transaction (for requests that write anyway)."""
    for job in jobs:
        why = reason(job)
        if why is not None:
            finish(job, JobState.FAILED, why)
