"""Background jobs: tasks registered by name, and one runner for all of them.

A feature registers a task with `@task("name")` over a function of a job id, and starts it
with `enqueue("name", job_id)`; runner.py decides where it runs (a thread pool, RQ workers on
Redis with `flask worker`, or inline in tests). Each feature keeps its jobs' rows in its own
table built on `JobMixin` (models.py); lifecycle.py starts, advances, finishes and fails them.
"""

from curriculum.jobs.models import JobMixin, JobState
from curriculum.jobs.registry import TASKS, Task, task
from curriculum.jobs.runner import QueueUnavailable, enqueue

__all__ = ["TASKS", "JobMixin", "JobState", "QueueUnavailable", "Task", "enqueue", "task"]
