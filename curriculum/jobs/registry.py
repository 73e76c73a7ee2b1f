"""The background tasks, by name: `@task("export")` over a function of one job id."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Task:
    name: str
    run: Callable[[str], None]  # runs the job with this id, inside an app context
    timeout: Callable[[Mapping], float] | None = None  # seconds an RQ worker allows, from config


TASKS: dict[str, Task] = {}


def task(
    name: str, *, timeout: Callable[[Mapping], float] | None = None
) -> Callable[[Callable[[str], None]], Callable[[str], None]]:
    """Register the decorated function as the background task `name`."""

    def register(run: Callable[[str], None]) -> Callable[[str], None]:
        known = TASKS.get(name)
        if known is not None and _where(known.run) != _where(run):
            raise ValueError(f"Two background tasks are named {name!r}.")
        TASKS[name] = Task(name, run, timeout)
        return run

    return register


def get(name: str) -> Task:
    try:
        return TASKS[name]
    except KeyError:
        raise LookupError(f"No background task is registered as {name!r}.") from None


def _where(function: Callable[..., object]) -> str:
    return f"{function.__module__}.{function.__qualname__}"
