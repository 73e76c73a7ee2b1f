"""Export pages: the form, the job page, the download, the print view, the lists."""

from __future__ import annotations

import sqlalchemy as sa

from curriculum.exports.models import ExportJob, JobState
from tests.conftest import login


def _published(world, db):
    for s in (world.cwf, world.ka, world.pi):
        world.factory.publish(s)


def test_a_convener_exports_a_program_and_downloads_the_pdf(client, world, login_as, db):
    _published(world, db)
    login_as("convener")
    page = client.get(f"/programs/{world.program.id}")
    assert f'href="/programs/{world.program.id}/exports/new"' in page.text
    form = client.get(f"/programs/{world.program.id}/exports/new")
    assert form.status_code == 200
    assert "Production Technician" in form.text and 'value="drafts"' in form.text
    answer = client.post(
        f"/programs/{world.program.id}/exports/new",
        data={"frameworks": [world.framework.id], "content": "published", "as_of": ""},
    )
    assert answer.status_code == 302
    job = db.session.scalar(sa.select(ExportJob))
    assert answer.headers["Location"] == f"/exports/{job.id}"
    shown = client.get(answer.headers["Location"])
    assert "Done" in shown.text and f"/exports/{job.id}/file" in shown.text
    status = client.get(f"/exports/{job.id}/status.json").json
    assert status["state"] == "done" and status["progress"] == 100
    assert status["file_url"] == f"/exports/{job.id}/file"
    pdf = client.get(f"/exports/{job.id}/file")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    assert pdf.data.startswith(b"%PDF-")
    assert pdf.headers["Content-Disposition"] == (
        'attachment; filename="production-technician-certificate-2026-2027-curriculum.pdf"'
    )
    # Listed on the program page with who asked.
    listed = client.get(f"/programs/{world.program.id}")
    assert "production-technician-certificate-2026-2027-curriculum.pdf" in listed.text


def test_the_form_keeps_what_was_typed_when_the_date_is_wrong(client, world, login_as, db):
    login_as("convener")
    answer = client.post(
        f"/programs/{world.program.id}/exports/new",
        data={"frameworks": [world.framework.id], "content": "drafts", "as_of": "2999-01-01"},
    )
    assert answer.status_code == 200
    assert "cannot be in the future" in answer.text
    assert 'value="2999-01-01"' in answer.text
    assert 'value="drafts" checked' in answer.text or "checked" in answer.text
    assert db.session.scalar(sa.select(sa.func.count(ExportJob.id))) == 0


def test_a_viewer_is_offered_published_content_only(client, world, login_as, db):
    _published(world, db)
    login_as("viewer")
    form = client.get(f"/frameworks/{world.framework.id}/exports/new")
    assert form.status_code == 200 and 'value="drafts"' not in form.text
    forced = client.post(
        f"/frameworks/{world.framework.id}/exports/new", data={"content": "drafts"}
    )
    assert forced.status_code == 200  # "drafts" is not among the choices: a form error
    assert db.session.scalar(sa.select(sa.func.count(ExportJob.id))) == 0
    ok = client.post(f"/frameworks/{world.framework.id}/exports/new", data={"content": "published"})
    assert ok.status_code == 302
    job = db.session.scalar(sa.select(ExportJob))
    assert job.state == JobState.DONE and not job.drafts


def test_draft_exports_are_hidden_from_those_who_may_not_see_drafts(
    client, world, login_as, factory, db
):
    login_as("convener")
    client.post(f"/frameworks/{world.framework.id}/exports/new", data={"content": "drafts"})
    job = db.session.scalar(sa.select(ExportJob))
    assert job.drafts
    client.post("/logout")
    viewer = factory.member(world.partnership, "viewer")
    login(client, viewer.email)
    assert client.get(f"/exports/{job.id}").status_code == 403
    assert client.get(f"/exports/{job.id}/file").status_code == 403
    assert job.filename not in client.get(f"/frameworks/{world.framework.id}").text


def test_visitors_are_sent_to_sign_in(client, world):
    answer = client.get(f"/programs/{world.program.id}/exports/new")
    assert answer.status_code == 302 and "/login" in answer.headers["Location"]
    assert "exports/new" not in client.get(f"/programs/{world.program.id}").text


def test_unknown_jobs_are_404(client, login_as):
    login_as("convener")
    assert client.get("/exports/" + "0" * 32).status_code == 404
    assert client.get("/exports/not-a-job").status_code == 404


def test_the_print_view_is_the_document_as_a_web_page(client, world, login_as, db):
    _published(world, db)
    login_as("convener")
    page = client.get(f"/programs/{world.program.id}/print?content=drafts")
    assert page.status_code == 200
    assert "Aligned curriculum" in page.text and 'class="watermark"' in page.text
    assert "/static/css/print.css" in page.text
    standards = client.get(f"/frameworks/{world.framework.id}/print")
    assert "Guards checked" in standards.text and "watermark" not in standards.text
    bad = client.get(f"/programs/{world.program.id}/print?as_of=yesterday")
    assert bad.status_code == 400


def test_the_form_offers_pdf_and_word_and_the_lists_show_the_format(client, world, login_as, db):
    _published(world, db)
    login_as("convener")
    url = f"/programs/{world.program.id}/exports/new"
    form = client.get(url)
    assert '<input checked id="format-0" name="format" type="radio" value="pdf">' in form.text
    assert 'name="format" type="radio" value="docx"' in form.text
    assert "Word (.docx)" in form.text and "PDF (.pdf)" in form.text
    framework_form = client.get(f"/frameworks/{world.framework.id}/exports/new")
    assert 'value="docx"' in framework_form.text
    answer = client.post(
        url,
        data={"format": "docx", "frameworks": [world.framework.id], "content": "published"},
    )
    assert answer.status_code == 302
    job = db.session.scalar(sa.select(ExportJob))
    assert job.format == "docx" and job.filename.endswith("-curriculum.docx")
    shown = client.get(answer.headers["Location"])
    assert "Word: published versions only" in shown.text
    assert "Download Word document" in shown.text and " pages" not in shown.text
    word = client.get(f"/exports/{job.id}/file")
    assert word.mimetype.endswith("wordprocessingml.document")
    listed = client.get(url)
    assert '<td data-label="Format">Word</td>' in listed.text
    wrong = client.post(url, data={"format": "rtf", "frameworks": [world.framework.id]})
    assert wrong.status_code == 200 and "choose one of the options listed" in wrong.text
    assert db.session.scalar(sa.select(sa.func.count(ExportJob.id))) == 1
