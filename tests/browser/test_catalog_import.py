"""The catalog import as faculty use it: upload a CSV, see the guessed mapping and the preview,
apply it, and find the new course in the list."""

import re

import pytest
from playwright.sync_api import expect

from curriculum.courses.models import Course
from curriculum.extensions import db
from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser

CSV = (
    "Course code,Title,Credits,Contact hours,Description\n"
    "HYD 150,Hydraulic systems,3,60,Pumps and valves.\n"
    "HYD 160,Pneumatics,2,,\n"
)


@pytest.fixture
def server_config(tmp_path) -> dict:
    return {"CATALOG_IMPORT_DIR": str(tmp_path)}


def test_faculty_import_courses_from_a_csv(demo, page, shot, tmp_path):
    sign_in(page, "faculty@example.com")
    page.goto("/courses/")
    page.get_by_role("link", name="Import a catalog").click()
    expect(page.get_by_role("heading", name="Import a catalog")).to_be_visible()
    file = tmp_path / "catalog.csv"
    file.write_text(CSV)
    page.get_by_label("File").set_input_files(str(file))
    page.get_by_role("button", name="Upload and map the columns").click()
    expect(page.get_by_role("heading", name="Map the columns")).to_be_visible()
    expect(page.get_by_label("Course code")).to_have_value("Course code")
    page.get_by_role("button", name="Preview").click()
    expect(page.get_by_text("2 courses to create")).to_be_visible()
    shot(page, "preview")
    page.set_viewport_size({"width": 390, "height": 800})
    shot(page, "preview-phone")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_role("button", name="Apply").click()
    page.wait_for_url(re.compile(r"/courses/"))
    expect(page.get_by_text("Catalog imported: 2 courses created")).to_be_visible()
    assert db.session.scalar(db.select(Course).where(Course.code == "HYD 150")) is not None
