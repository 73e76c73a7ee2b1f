"""Journey 3: a convener exports a program's curriculum, watches the job finish on its page,
downloads the PDF and it opens (pypdf) with the program's title."""

import io
import re

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from curriculum.courses.models import Program
from curriculum.extensions import db
from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def server_config():
    """Jobs run in the app's thread pool, as in production without Redis: the page must poll."""
    return {"EXPORT_RUNNER": "thread"}


def test_convener_exports_the_program_curriculum(demo, page, shot):
    # The demo program with the fewest courses that answers to a framework: a short render.
    program = min(
        db.session.scalars(db.select(Program).where(Program.frameworks.any())),
        key=lambda p: len(p.courses),
    )
    program_id, name, program_year = program.id, program.name, program.catalog_year
    db.session.rollback()

    sign_in(page, "convener@example.com")
    page.goto(f"/programs/{program_id}")
    page.get_by_role("link", name="Export PDF or Word").click()
    expect(page).to_have_url(re.compile(rf"/programs/{program_id}/exports/new$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Export the aligned curriculum")
    expect(page.get_by_role("radio", name="PDF (.pdf)")).to_be_checked()
    shot(page, "export-form")
    polled = []
    page.on(
        "response",
        lambda r: polled.append(r.json()["state"]) if r.url.endswith("/status.json") else None,
    )
    page.get_by_role("button", name="Export").click()

    # The job page follows the job (status.json) until it is done, then offers the file.
    expect(page).to_have_url(re.compile(r"/exports/[^/]+$"))
    expect(page.locator(".export-state-name")).to_have_text(re.compile("Queued|Rendering|Done"))
    shot(page, "job-page")
    download_link = page.get_by_role("link", name="Download PDF")
    expect(download_link).to_be_visible(timeout=90_000)
    expect(page.locator(".export-state-name")).to_have_text("Done")
    # The page polled while the job ran (the response saying "done" makes it reload at once).
    assert polled and set(polled) <= {"queued", "rendering", "done"}, polled
    shot(page, "job-done")

    with page.expect_download() as download:
        download_link.click()
    assert download.value.suggested_filename.endswith(".pdf")
    pdf = PdfReader(io.BytesIO(download.value.path().read_bytes()))
    assert len(pdf.pages) > 3
    assert name in (pdf.metadata.title or "")
    cover = " ".join(pdf.pages[0].extract_text().split())
    assert name in cover and program_year in cover
