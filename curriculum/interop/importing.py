"""Running an import job (the "import" background task): read the file, apply the package
(or only say what it would do, on a dry run), and record what happened, all in one commit.

A file the reader or the engine refuses (`ImportRejected`) fails the job with every problem
listed in `summary["errors"]` (where: the item and field; message); any other error fails it
with its reason. Either way nothing of the import is written.
"""

from __future__ import annotations

from typing import Any

from curriculum.extensions import db
from curriculum.interop import package, services
from curriculum.interop.models import ImportJob
from curriculum.jobs import JobState, lifecycle, task
from curriculum.notifications import events
from curriculum.notifications.services import path_for


@task("import", timeout=lambda config: services.IMPORT_TIMEOUT + 60)
def run_import(job_id: str) -> None:
    """Run one import job (in a worker thread, an RQ worker, or the request in tests)."""
    lifecycle.run(ImportJob, job_id, _import, what="import")


def _import(job: ImportJob) -> None:
    from curriculum.interop import engine  # the engine imports the standards services

    lifecycle.progress(job, 10, f"Reading {job.filename}")
    try:
        read = package.read(job.format, job.data, job.options)
        lifecycle.progress(job, 40, _reading_done(read, job.dry_run))
        summary = engine.apply(
            read,
            job.partnership,
            mode=job.mode,
            dry_run=job.dry_run,
            user=job.requested_by,
            filename=job.filename,
            framework=job.framework,
        )
    except package.ImportRejected as exc:
        db.session.rollback()
        _fail(job, exc)
        return
    summary = _plain(summary)
    if job.dry_run:
        db.session.rollback()  # whatever the engine flushed to find its answer
    job.summary = summary
    framework_id = summary.get("framework_id")
    if isinstance(framework_id, int) and not job.dry_run:
        job.framework_id = framework_id
    elif isinstance(framework_id, int) and job.framework_id is None:
        job.framework_id = framework_id  # a re-import found by its identifier
    lifecycle.finish(job, JobState.DONE, services.outcome_message(summary, dry_run=job.dry_run))
    db.session.commit()


@lifecycle.on_finish(ImportJob)
def _tell(job: ImportJob) -> None:
    """Whoever asked for the import (or its dry run) hears that it finished or failed."""
    what = f"Your {'dry run' if job.dry_run else 'import'} of {job.filename}"
    events.job_finished(job, what, path_for("interop.job", job_id=job.id), job.requested_by)


def _reading_done(read: package.Package, dry_run: bool) -> str:
    items = len(read.items)
    doing = "Comparing" if dry_run else "Importing"
    return f"{doing} {items} item{'s' if items != 1 else ''} of {read.title or 'the framework'}"


def _fail(job: ImportJob, exc: package.ImportRejected) -> None:
    problems = [{"where": p.where, "message": p.message} for p in exc.problems]
    job.summary = {"errors": problems}
    count = len(problems)
    lifecycle.finish(
        job,
        JobState.FAILED,
        f"The file was not imported ({count} problem{'s' if count != 1 else ''}; nothing was "
        f"written): {exc.message}",
    )
    db.session.commit()


def _plain(value: Any) -> Any:
    """The engine's summary as JSON can hold it (fixes as dataclasses become dicts)."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [_plain(v) for v in value]
    if isinstance(value, package.Fix | package.Problem):
        return {"where": value.where, "message": value.message}
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)
