"""The import pages: a convener uploads a CASE package, reads the dry run's summary, imports
it for real and finds the framework; who may import; bad files refused with nothing written."""

from __future__ import annotations

import io
import re

import sqlalchemy as sa

from curriculum.audit.models import AuditEvent
from curriculum.interop.models import ImportJob
from curriculum.jobs import JobState
from curriculum.standards.models import Framework, Standard
from tests.interop import tiny


def _upload(client, partnership, data: bytes, *, dry_run=True, name="tiny.case.json", **fields):
    form = {"file": (io.BytesIO(data), name), "format": "case", "mode": "reference", **fields}
    if dry_run:
        form["dry_run"] = "y"
    return client.post(f"/partnerships/{partnership.id}/imports/new", data=form)


def _count(db, model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def _job_id(response) -> str:
    found = re.fullmatch(r"/imports/([0-9a-f]{32})", response.headers["Location"])
    assert found, response.headers.get("Location")
    return found.group(1)


def test_a_convener_dry_runs_a_package_then_imports_it_for_real(client, login_as, partnership, db):
    login_as("convener")
    form = client.get(f"/partnerships/{partnership.id}/imports/new")
    assert form.status_code == 200
    assert (
        "CASE 1.0/1.1 package (JSON)" in form.text and 'enctype="multipart/form-data"' in form.text
    )
    assert '<input checked id="dry_run" name="dry_run"' in form.text  # dry run by default

    dry = _upload(client, partnership, tiny.data())
    assert dry.status_code == 302
    job = db.session.get(ImportJob, _job_id(dry))
    assert job.state == JobState.DONE and job.dry_run
    assert job.summary["created"] == 3 and job.message.startswith("Dry run: 3 would be created")
    assert _count(db, Framework) == 0 and _count(db, Standard) == 0  # nothing written
    page = client.get(f"/imports/{job.id}")
    assert page.status_code == 200
    assert "What the import would do" in page.text and "Import these changes" in page.text
    assert "<code>W.1</code>" in page.text  # the codes that would be created
    status = client.get(f"/imports/{job.id}/status.json").json
    assert status["state"] == "done" and status["finished"] is True

    real = client.post(f"/imports/{job.id}/run")
    assert real.status_code == 302
    done = db.session.get(ImportJob, _job_id(real))
    assert done.id != job.id and not done.dry_run and done.state == JobState.DONE, done.message
    assert done.message.startswith("3 standards imported: 3 created")
    framework = db.session.scalar(sa.select(Framework))
    assert framework.title == "Tiny Welding Standards" and framework.is_reference
    assert done.framework_id == framework.id
    assert _count(db, Standard) == 3
    assert _count(db, AuditEvent) >= 1
    page = client.get(f"/imports/{done.id}")
    assert "What the import did" in page.text and "Import these changes" not in page.text
    assert f'href="/frameworks/{framework.id}"' in page.text

    listing = client.get(f"/partnerships/{partnership.id}/frameworks")
    assert "Import a framework" in listing.text and "Recent imports" in listing.text
    assert listing.text.count("tiny.case.json") == 2
    shown = client.get(f"/frameworks/{framework.id}")
    assert (
        f'/partnerships/{partnership.id}/imports/new?framework={framework.id}">Re-import<'
        in shown.text
    )


def test_a_re_import_updates_the_changed_item_and_says_which(client, login_as, partnership, db):
    login_as("convener")
    _upload(client, partnership, tiny.data(), dry_run=False)
    framework = db.session.scalar(sa.select(Framework))
    form = client.get(f"/partnerships/{partnership.id}/imports/new?framework={framework.id}")
    assert f'<option selected value="{framework.id}">' in form.text
    again = _upload(
        client,
        partnership,
        tiny.data(second="Weld a fillet joint in all positions"),
        framework=str(framework.id),
    )
    job = db.session.get(ImportJob, _job_id(again))
    assert job.state == JobState.DONE, job.message
    assert (job.summary["created"], job.summary["updated"], job.summary["unchanged"]) == (0, 1, 2)
    page = client.get(f"/imports/{job.id}")
    assert "1 would be updated" in page.text and "<code>W.2</code>" in page.text


def test_a_file_that_is_not_a_package_fails_the_job_with_the_reason(
    client, login_as, partnership, db
):
    login_as("convener")
    response = _upload(client, partnership, b"this is not JSON", dry_run=False)
    job = db.session.get(ImportJob, _job_id(response))
    assert job.state == JobState.FAILED
    assert "nothing was written" in job.message
    assert job.summary["errors"] and all(
        set(e) == {"where", "message"} for e in job.summary["errors"]
    )
    assert _count(db, Framework) == 0
    page = client.get(f"/imports/{job.id}")
    assert "Problems" in page.text and job.summary["errors"][0]["message"][:20] in page.text
    assert "Try again" in page.text


def test_a_package_item_without_identifier_is_named_and_nothing_is_written(
    client, login_as, partnership, db
):
    login_as("convener")
    broken = tiny.package()
    del broken["CFItems"][1]["identifier"]
    import json

    response = _upload(client, partnership, json.dumps(broken).encode(), dry_run=False)
    job = db.session.get(ImportJob, _job_id(response))
    assert job.state == JobState.FAILED
    assert any("CFItems[1]" in e["where"] for e in job.summary["errors"]), job.summary
    assert _count(db, Framework) == 0 and _count(db, Standard) == 0


def test_bad_requests_come_back_on_the_form_with_nothing_written(client, login_as, partnership, db):
    login_as("convener")
    empty = _upload(client, partnership, b"")
    assert empty.status_code == 200 and "The file is empty" in empty.text
    assert "choose the file again" in empty.text
    bad = _upload(client, partnership, tiny.data(), format="pdf")
    assert bad.status_code == 200 and "Format: " in bad.text
    other = _upload(client, partnership, tiny.data(), framework="999999")
    assert other.status_code == 200 and "Into: " in other.text
    assert 'value="reference" checked' in other.text or "checked" in other.text
    assert _count(db, ImportJob) == 0


def test_a_file_over_the_upload_limit_is_refused(make_app, factory, db):
    from tests.conftest import login

    app = make_app(MAX_CONTENT_LENGTH=2000)
    client = app.test_client()
    partnership = factory.partnership(name="Limited Partnership")
    convener = factory.member(partnership, "convener")
    login(client, convener.email)
    response = _upload(client, partnership, b"{" + b" " * 5000 + b"}")
    assert response.status_code == 413
    assert _count(db, ImportJob) == 0


def test_who_may_import(client, login_as, partnership, factory, db):
    url = f"/partnerships/{partnership.id}/imports/new"
    assert client.get(url).status_code == 302  # visitors: to sign in
    login_as("viewer")
    assert client.get(url).status_code == 403
    assert _upload(client, partnership, tiny.data()).status_code == 403
    client.post("/logout")
    login_as("outsider")
    assert client.get(url).status_code == 404
    assert _upload(client, partnership, tiny.data()).status_code == 404
    client.post("/logout")
    login_as("admin")
    assert _upload(client, partnership, tiny.data()).status_code == 302
    assert _count(db, ImportJob) == 1


def test_only_the_asker_and_conveners_follow_an_import(client, login_as, partnership, factory, db):
    convener = login_as("convener")
    job_id = _job_id(_upload(client, partnership, tiny.data()))
    client.post("/logout")
    login_as("panelist")
    assert client.get(f"/imports/{job_id}").status_code == 403
    assert client.get(f"/imports/{job_id}/status.json").status_code == 403
    assert client.post(f"/imports/{job_id}/run").status_code == 403
    client.post("/logout")
    login_as("outsider")
    assert client.get(f"/imports/{job_id}").status_code == 404
    client.post("/logout")
    assert client.get(f"/imports/{job_id}").status_code == 302
    assert client.get(f"/imports/{'0' * 32}").status_code == 302
    assert convener is not None
    assert _count(db, ImportJob) == 1


def test_a_text_field_sent_for_the_file_is_an_empty_file(client, login_as, partnership, db):
    login_as("convener")
    response = client.post(
        f"/partnerships/{partnership.id}/imports/new",
        data={"file": "not a file", "format": "case", "mode": "reference"},
    )
    assert response.status_code == 200 and "The file is empty" in response.text
    assert _count(db, ImportJob) == 0
