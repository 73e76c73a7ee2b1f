"""Export jobs: states, the content-hash cache, the static-only fetcher, the time limit, and
the thread and RQ runners."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
import sqlalchemy as sa

from curriculum import access
from curriculum.db import utcnow
from curriculum.exports import kinds, render, services, typesetting
from curriculum.exports.models import ExportFile, ExportJob, ExportKind, JobState
from curriculum.extensions import db as _db
from curriculum.jobs import lifecycle
from tests.conftest import login
from tests.exports.conftest import pages_text


@pytest.fixture
def convener(world):
    return world.factory.member(world.partnership, "convener")


def test_a_job_goes_from_queued_to_done_and_keeps_its_file(world, convener, export):
    job = export(world.program, convener)
    assert job.state == JobState.DONE and job.progress == 100
    assert job.started_at <= job.finished_at
    assert job.file.pages == len(pages_text(job.file.data)) and job.file.size > 1000
    assert job.file.data.startswith(b"%PDF-")
    assert job.message == f"{job.file.pages} pages, ready to download"


def test_the_same_content_is_not_rendered_twice(world, convener, export, monkeypatch, db):
    renders = []
    real = render.render_pdf

    def counting(*args, **kwargs):
        renders.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(typesetting, "render_pdf", counting)
    first = export(world.program, convener)
    second = export(world.program, convener)
    assert len(renders) == 1
    assert second.cached and not first.cached
    assert second.file_id == first.file_id and second.content_hash == first.content_hash
    assert "the content is unchanged since it was typeset on" in second.message
    # A change to what is printed makes a new file.
    world.course.description = "Now with a lockout lab."
    db.session.commit()
    third = export(world.program, convener)
    assert len(renders) == 2 and not third.cached and third.file_id != first.file_id
    assert db.session.scalar(sa.select(sa.func.count(ExportFile.id))) == 2


def test_the_fetcher_serves_only_the_apps_static_files(app, tmp_path):
    from pathlib import Path

    static = Path(app.static_folder)
    refused: list[str] = []
    fetch = render.static_fetcher(static, refused)
    css = fetch(f"{render.STATIC_ORIGIN}/static/css/print.css")
    assert b"@page" in css.read()
    for url in (
        "http://127.0.0.1:9/tracker.png",
        "https://example.org/font.woff",
        "file:///etc/passwd",
        f"{render.STATIC_ORIGIN}/static/../setup.cfg",
        f"{render.STATIC_ORIGIN}/static/%2e%2e/setup.cfg",
        f"{render.STATIC_ORIGIN}/login",
        "data:text/css,body{}",
    ):
        with pytest.raises(ValueError):
            fetch(url)
    assert len(refused) == 7


def test_a_document_naming_outside_urls_renders_without_fetching_them(app):
    from pathlib import Path

    html = (
        '<html><head><link rel="stylesheet" href="https://example.org/evil.css">'
        '<link rel="stylesheet" href="/static/css/print.css"></head>'
        '<body><h1>Hello</h1><img src="http://127.0.0.1:9/pixel.png">'
        '<img src="file:///etc/hostname"></body></html>'
    )
    rendered = render.render_pdf(html, Path(app.static_folder), timeout=60)
    assert rendered.pdf.startswith(b"%PDF-") and rendered.pages == 1
    assert set(rendered.refused) == {
        "https://example.org/evil.css",
        "http://127.0.0.1:9/pixel.png",
        "file:///etc/hostname",
    }


def test_images_in_markdown_never_reach_the_document(world, convener, export, db):
    world.course.description = "See ![tracker](http://127.0.0.1:9/pixel.png) for details."
    db.session.commit()
    job = export(world.program, convener)
    assert job.state == JobState.DONE
    with services.current_app.test_request_context("/"):
        assert "127.0.0.1:9" not in kinds.get(job.kind).html(job.subject, job.options, "today")


def test_a_render_that_runs_too_long_is_stopped_with_a_clear_error(make_app, world, convener):
    slow = make_app(EXPORT_TIMEOUT=0.01)
    with slow.app_context():
        job = services.request_export(
            ExportKind.CURRICULUM, _db.session.merge(world.program), _db.session.merge(convener), {}
        )
        _db.session.refresh(job)
        assert job.state == JobState.FAILED
        assert "took longer than 0.01 seconds" in job.message and job.file_id is None


def test_a_job_abandoned_by_a_restart_is_shown_failed_and_reading_it_writes_nothing(
    world, convener, db, client
):
    job = ExportJob(
        kind=ExportKind.CURRICULUM,
        program_id=world.program.id,
        partnership_id=world.partnership.id,
        options={"drafts": False, "as_of": None, "frameworks": []},
        state=JobState.RENDERING,
        requested_by_id=convener.id,
        updated_at=utcnow() - timedelta(hours=2),
    )
    db.session.add(job)
    db.session.commit()
    login(client, convener.email)
    status = client.get(f"/exports/{job.id}/status.json").json
    assert status["state"] == "failed" and "interrupted" in status["message"]
    assert status["finished"] is True
    found = services.get_job(job.id)
    assert found.state == JobState.FAILED and "interrupted" in found.message
    db.session.rollback()  # whatever the reads left in the session: the database is unchanged
    stored = db.session.execute(sa.select(ExportJob.state, ExportJob.message)).one()
    assert stored.state == JobState.RENDERING and "interrupted" not in stored.message
    # The asker's next export writes anyway: it fails the lost job for good.
    services.request_export(ExportKind.CURRICULUM, world.program, convener, {})
    db.session.expire_all()
    assert db.session.get(ExportJob, job.id).state == JobState.FAILED


def test_the_thread_runner_renders_in_the_background(make_app, world, convener):
    threaded = make_app(EXPORT_RUNNER="thread")
    with threaded.app_context():
        program = _db.session.merge(world.program)
        job = services.request_export(
            ExportKind.CURRICULUM, program, _db.session.merge(convener), {}
        )
        job_id = job.id
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            _db.session.expire_all()
            job = _db.session.get(ExportJob, job_id)
            if job.state.finished:
                break
            time.sleep(0.2)
        assert job.state == JobState.DONE, job.message
        assert job.file.data.startswith(b"%PDF-")


def _redis_url() -> str:
    import redis

    url = "redis://127.0.0.1:6379/15"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=0.5).ping()
    except redis.exceptions.RedisError:
        pytest.skip("no Redis server on 127.0.0.1:6379")
    return url


def test_with_redis_jobs_queue_for_rq_workers(make_app, world, convener):
    from rq import SimpleWorker

    from curriculum.jobs import runner

    url = _redis_url()
    queued = make_app(EXPORT_RUNNER="rq", REDIS_URL=url)
    with queued.app_context():
        queue = runner.queue()
        queue.empty()
        job = services.request_export(
            ExportKind.CURRICULUM, _db.session.merge(world.program), _db.session.merge(convener), {}
        )
        assert job.state == JobState.QUEUED and queue.count == 1
        runner._app = queued  # what `flask worker` sets: jobs run in this app
        try:
            SimpleWorker([queue], connection=queue.connection).work(burst=True)
        finally:
            runner._app = None
        _db.session.expire_all()
        done = _db.session.get(ExportJob, job.id)
        assert done.state == JobState.DONE, done.message
        assert queue.count == 0


def test_progress_is_reported_page_by_page_while_typesetting(world, convener, export, monkeypatch):
    seen: list[tuple[int, str]] = []
    real = lifecycle.progress

    def recording(job, percent, message):
        seen.append((percent, message))
        real(job, percent, message)

    monkeypatch.setattr(lifecycle, "progress", recording)
    monkeypatch.setattr(typesetting, "PROGRESS_EVERY", 0)
    export(world.program, convener)
    messages = [m for _, m in seen]
    assert messages[0] == "Gathering the standards and alignments"
    assert any(m.startswith("Laying out page 1") for m in messages)
    assert "Writing the PDF" in messages
    percents = [p for p, _ in seen]
    assert percents == sorted(percents) and percents[-1] == 90
    # The second export of the subject knows how many pages to expect.
    world.course.description = "Changed, so it is typeset again."
    services.db.session.commit()
    seen.clear()
    job = export(world.program, convener)
    assert any(m.endswith(f"of about {job.file.pages}") for _, m in seen if "page" in m)


def test_a_person_may_have_only_a_few_exports_waiting(make_app, world, convener, db):
    from curriculum.errors import DomainError

    slow = make_app(
        EXPORT_RUNNER="rq", REDIS_URL="redis://127.0.0.1:1/0", EXPORT_PENDING_PER_USER=2
    )
    with slow.app_context():
        for _ in range(2):
            _db.session.add(
                ExportJob(
                    kind=ExportKind.CURRICULUM,
                    program_id=world.program.id,
                    partnership_id=world.partnership.id,
                    options={"drafts": False, "as_of": None, "frameworks": []},
                    requested_by_id=convener.id,
                )
            )
        _db.session.commit()
        with pytest.raises(DomainError) as refused:
            services.request_export(
                ExportKind.CURRICULUM,
                _db.session.merge(world.program),
                _db.session.merge(convener),
                {},
            )
        assert refused.value.status == 429
        assert _db.session.scalar(sa.select(sa.func.count(ExportJob.id))) == 2


def test_an_unreachable_queue_fails_the_job_with_a_503(make_app, world, convener):
    from curriculum.errors import DomainError

    broken = make_app(EXPORT_RUNNER="rq", REDIS_URL="redis://127.0.0.1:1/0")
    with broken.app_context():
        with pytest.raises(DomainError) as refused:
            services.request_export(
                ExportKind.CURRICULUM,
                _db.session.merge(world.program),
                _db.session.merge(convener),
                {},
            )
        assert refused.value.status == 503
        job = _db.session.scalar(sa.select(ExportJob))
        assert job.state == JobState.FAILED and "queue is unavailable" in job.message


def test_a_queued_job_is_not_failed_while_others_are_being_typeset(world, convener, db):
    def job(state, minutes_ago):
        row = ExportJob(
            kind=ExportKind.CURRICULUM,
            program_id=world.program.id,
            partnership_id=world.partnership.id,
            options={"drafts": False, "as_of": None, "frameworks": []},
            state=state,
            requested_by_id=convener.id,
            updated_at=utcnow() - timedelta(minutes=minutes_ago),
        )
        db.session.add(row)
        db.session.commit()
        return row

    waiting = job(JobState.QUEUED, 30)
    busy = job(JobState.RENDERING, 0)
    assert services.get_job(waiting.id).state == JobState.QUEUED
    busy.updated_at = utcnow() - timedelta(minutes=30)
    db.session.commit()
    assert services.get_job(busy.id).state == JobState.FAILED
    lost = services.get_job(waiting.id)
    assert lost.state == JobState.FAILED and "No typesetter picked this export up" in lost.message


def test_old_files_are_removed_and_their_jobs_say_so(make_app, world, convener):
    keep_two = make_app(EXPORT_KEEP_FILES=2)
    with keep_two.app_context():
        program, user = _db.session.merge(world.program), _db.session.merge(convener)
        jobs = []
        for i in range(3):
            program.description = f"Edition {i}"  # new content: a new file each time
            _db.session.commit()
            jobs.append(services.request_export(ExportKind.CURRICULUM, program, user, {}).id)
        _db.session.expire_all()
        first, second, third = (_db.session.get(ExportJob, j) for j in jobs)
        assert first.file_id is None and second.file_id and third.file_id
        assert _db.session.scalar(sa.select(sa.func.count(ExportFile.id))) == 2
        with pytest.raises(services.Conflict, match="removed to save space"):
            services.file_of(first)


def test_someone_who_lost_the_right_to_see_drafts_loses_their_draft_files(world, export, db):
    from curriculum.partnerships.models import Membership, Role

    panelist = world.factory.member(world.partnership, "panelist")
    job = export(world.program, panelist, drafts=True)
    assert access.can(panelist, "view", job)
    membership = db.session.scalar(sa.select(Membership).filter_by(user_id=panelist.id))
    membership.role = Role.VIEWER
    db.session.commit()
    assert not access.can(panelist, "view", job)


def test_flask_worker_needs_redis_and_drains_the_queue(make_app, world, convener):
    from curriculum.jobs import runner

    plain = make_app(REDIS_URL="")
    with plain.app_context():
        refused = plain.test_cli_runner().invoke(args=["worker", "--burst"])
    assert refused.exit_code != 0 and "Set REDIS_URL" in refused.output

    url = _redis_url()
    queued = make_app(EXPORT_RUNNER="rq", REDIS_URL=url)
    with queued.app_context():
        runner.queue().empty()
        job = services.request_export(
            ExportKind.CURRICULUM, _db.session.merge(world.program), _db.session.merge(convener), {}
        )
        job_id = job.id
    try:
        with queued.app_context():  # the command runs in the current app (the test has one)
            result = queued.test_cli_runner().invoke(args=["worker", "--burst"])
    finally:
        runner._app = None
    assert result.exit_code == 0, result.output
    assert "Running jobs (" in result.output and "from the 'jobs' queue" in result.output
    with queued.app_context():
        done = _db.session.get(ExportJob, job_id)
        assert done.state == JobState.DONE, done.message
