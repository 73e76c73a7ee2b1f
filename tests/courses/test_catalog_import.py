"""Importing a college's catalog from CSV or XLSX: upload, map the columns, preview, apply (all
or nothing), and the refusals."""

from __future__ import annotations

import io
import re

import pytest
from openpyxl import Workbook

from curriculum.audit.models import AuditEvent
from curriculum.courses.models import Course, CourseOutcome, ElectiveGroup, Program
from curriculum.extensions import db as _db
from tests.conftest import login

HEADER = (
    "Course code,Title,Credits,Contact hours,Description,"
    "Program,Catalog year,Term,Required,Elective group"
)
GOOD = f"""{HEADER}
MFG 110,Shop safety,3,45,Safe work.,,,,,
weld 101,Welding basics,4,60,Arc and MIG.,,,,,
ROB 220,Robotics,3,,,,,,,
MFG 110,,,,,Welding Technician,2027-2028,1,yes,
WELD 101,,,,,Welding Technician,2027-2028,2,,
ROB 220,,,,,Welding Technician,2027-2028,2,no,Automation
MFG 120,,,,,Welding Technician,2027-2028,2,,Automation
"""


@pytest.fixture(autouse=True)
def uploads(app, tmp_path):
    app.config["CATALOG_IMPORT_DIR"] = str(tmp_path)
    return tmp_path


@pytest.fixture
def faculty(client, world):
    user = world.factory.member(world.partnership, "faculty", organization=world.college)
    assert login(client, user.email).status_code == 302
    return user


def _upload(client, world, data: bytes, name="catalog.csv", partnership=True):
    form = {
        "organization_id": str(world.college.id),
        "partnership_id": str(world.partnership.id) if partnership else "",
        "file": (io.BytesIO(data), name),
    }
    return client.post("/courses/import", data=form, content_type="multipart/form-data")


def _mapping_url(response) -> str:
    assert response.status_code == 302, response.text[:500]
    return response.headers["Location"]


def _guessed(page: str) -> dict[str, str]:
    """The mapping the page's selects show (the guessed defaults)."""
    found = {}
    for name, body in re.findall(r'<select[^>]*name="(\w+)"[^>]*>(.*?)</select>', page, re.S):
        chosen = re.search(
            r'<option selected value="([^"]*)"|<option value="([^"]*)" selected', body
        )
        found[name] = next((g for g in chosen.groups() if g is not None), "") if chosen else ""
    return found


def _snapshot():
    courses = [
        (c.code, c.title, str(c.credits), c.contact_hours, c.description)
        for c in _db.session.scalars(_db.select(Course).order_by(Course.code))
    ]
    programs = [
        (p.name, p.catalog_year, [(pc.course_id, pc.term, pc.required) for pc in p.courses])
        for p in _db.session.scalars(_db.select(Program).order_by(Program.id))
    ]
    return courses, programs, _db.session.scalar(_db.select(_db.func.count(ElectiveGroup.id)))


def test_the_courses_list_links_the_import_for_those_who_keep_courses(client, faculty):
    page = client.get("/courses/")
    assert "Import a catalog" in page.text
    upload = client.get("/courses/import")
    assert upload.status_code == 200
    assert "Import a catalog" in upload.text and "Valley College" in upload.text
    assert "Download a template CSV" in upload.text


def test_others_cannot_import(client, world, login_as):
    login_as("viewer")
    assert "Import a catalog" not in client.get("/courses/").text
    assert client.get("/courses/import").status_code == 403


def test_csv_upload_map_preview_apply(client, world, faculty, db):
    outcome = CourseOutcome(position=1, text="Wear protection.")
    world.course.outcomes.append(outcome)
    db.session.commit()
    url = _mapping_url(_upload(client, world, GOOD.encode()))
    page = client.get(url)
    assert page.status_code == 200 and "Map the columns" in page.text
    mapping = _guessed(page.text)
    assert mapping["code"] == "Course code" and mapping["group"] == "Elective group"
    assert mapping["contact_hours"] == "Contact hours"
    preview = client.post(url, data={**mapping, "action": "preview"})
    text = preview.text
    assert "2 courses to create, 1 to update, 0 unchanged" in text
    assert "Updated: title Safety → Shop safety; credits 3.00 → 3.00" not in text
    assert "title Safety → Shop safety" in text
    assert "Welding Technician (2027-2028)" in text and "Automation: choose 1" in text
    assert _db.session.scalar(_db.select(Course).where(Course.code == "WELD 101")) is None
    applied = client.post(url, data={**mapping, "action": "apply"})
    assert applied.status_code == 302
    weld = _db.session.scalar(_db.select(Course).where(Course.code == "WELD 101"))
    assert weld.title == "Welding basics" and weld.contact_hours == 60
    mfg = _db.session.get(Course, world.course.id)
    assert mfg.title == "Shop safety" and [o.text for o in mfg.outcomes] == ["Wear protection."]
    program = _db.session.scalar(_db.select(Program).where(Program.name == "Welding Technician"))
    assert program.partnership_id == world.partnership.id
    assert [(pc.course.code, pc.term, pc.required) for pc in program.courses] == [
        ("MFG 110", 1, True),
        ("WELD 101", 2, True),
        ("ROB 220", 2, False),
        ("MFG 120", 2, False),
    ]
    assert program.elective_groups[0].label == "Choose 1 of ROB 220, MFG 120"
    actions = _db.session.scalars(_db.select(AuditEvent.action)).all()
    assert "course.catalog_imported" in actions and "program.courses_set" in actions
    # The upload is gone once applied.
    assert client.get(url).status_code == 404


def test_xlsx_with_other_headers_and_a_chosen_mapping(client, world, faculty):
    book = Workbook()
    sheet = book.active
    sheet.append(["Course Number", "Course Name", "Credit Hours", "Notes"])
    sheet.append(["HVAC 101", "Refrigeration", 3, "Cooling cycles"])
    sheet.append(["MFG 120", "Machining I", 4.5, None])
    data = io.BytesIO()
    book.save(data)
    url = _mapping_url(_upload(client, world, data.getvalue(), "catalog.xlsx", partnership=False))
    mapping = _guessed(client.get(url).text)
    assert mapping["code"] == "Course Number" and mapping["title"] == "Course Name"
    assert mapping["credits"] == "Credit Hours" and mapping["description"] == ""
    mapping["description"] = "Notes"  # the person maps a column the guess did not know
    applied = client.post(url, data={**mapping, "action": "apply"})
    assert applied.status_code == 302, applied.text[:2000]
    hvac = _db.session.scalar(_db.select(Course).where(Course.code == "HVAC 101"))
    assert hvac.description == "Cooling cycles"
    assert str(_db.session.get(Course, world.course2.id).credits) == "4.50"


def test_failing_rows_are_listed_and_nothing_changes(client, world, faculty):
    before = _snapshot()
    bad = f"""{HEADER}
NEW 100,New course,3,,,,,,,
MFG 110,Safety,two,,,,,,,
MFG 120,,,,,Production Technician,2026-2027,13,,
XYZ 999,,,,,Production Technician,2026-2027,1,,
NEW 100,Other title,3,,,,,,,
"""
    url = _mapping_url(_upload(client, world, bad.encode()))
    mapping = _guessed(client.get(url).text)
    page = client.post(url, data={**mapping, "action": "apply"})
    assert page.status_code == 200
    text = page.text
    assert "Nothing was imported" in text
    assert "row 3, column Credits" in text and "Credits are a number" in text
    assert "row 4, column Term" in text
    assert "row 5, column Course code" in text and "no course XYZ 999" in text
    assert "row 6, column Course code" in text and "described on row 2 too" in text
    assert _snapshot() == before


def test_a_service_refusal_in_a_program_list_changes_nothing(client, world, faculty):
    """A course in a group marked required is refused by set_program_courses' own check."""
    before = _snapshot()
    rows = f"""{HEADER}
NEW 200,Hydraulics,3,,,,,,,
NEW 200,,,,,Production Technician,2026-2027,1,no,Fluid
MFG 110,,,,,Production Technician,2026-2027,1,yes,Fluid
"""
    url = _mapping_url(_upload(client, world, rows.encode()))
    mapping = _guessed(client.get(url).text)
    page = client.post(url, data={**mapping, "action": "apply"})
    assert "row 4, column Required" in page.text
    assert _snapshot() == before


def test_a_new_program_needs_the_partnership(client, world, faculty):
    url = _mapping_url(_upload(client, world, GOOD.encode(), partnership=False))
    page = client.post(url, data={**_guessed(client.get(url).text), "action": "apply"})
    assert "is a new program: choose the partnership" in page.text
    assert _db.session.scalar(_db.select(Course).where(Course.code == "WELD 101")) is None


def test_a_mapping_without_the_code_is_refused(client, world, faculty):
    url = _mapping_url(_upload(client, world, GOOD.encode()))
    mapping = {**_guessed(client.get(url).text), "code": ""}
    page = client.post(url, data={**mapping, "action": "apply"})
    assert page.status_code == 200 and "Choose the column that holds each course" in page.text


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"", "catalog.csv", "The file is empty"),
        (b"\xd0\xcf\x11\xe0 old excel", "catalog.xls", "Save the sheet as an Excel workbook"),
    ],
)
def test_bad_files_are_refused_on_the_form(client, world, faculty, data, name, message):
    response = _upload(client, world, data, name)
    assert response.status_code == 400 and message in response.text


def test_unreadable_files_say_so(client, world, faculty):
    url = _mapping_url(_upload(client, world, b"PK\x03\x04 not really a workbook", "c.xlsx"))
    page = client.get(url)
    assert page.status_code == 200 and "not an Excel workbook" in page.text
    binary = _mapping_url(_upload(client, world, b"code\x00title", "c.csv"))
    assert "binary data" in client.get(binary).text


def test_a_file_too_large_is_413(app, client, world, faculty):
    app.config["CATALOG_IMPORT_LIMIT"] = 1000
    response = _upload(client, world, (HEADER + "\n" + "A,B,3,,,,,,,\n" * 100).encode())
    assert response.status_code == 413 and "a catalog import takes files up to" in response.text


def test_uploads_are_their_uploaders(client, world, faculty, factory):
    url = _mapping_url(_upload(client, world, GOOD.encode()))
    other = factory.member(world.partnership, "faculty", organization=world.college)
    client.post("/logout")
    login(client, other.email)
    assert client.get(url).status_code == 404
    assert client.get("/courses/import/../../etc").status_code == 404
    assert client.get("/courses/import/" + "0" * 32).status_code == 404


def test_the_template_csv_previews_without_problems(client, world, faculty):
    template = client.get("/courses/import/template.csv")
    assert template.status_code == 200 and template.mimetype == "text/csv"
    url = _mapping_url(_upload(client, world, template.data))
    page = client.post(url, data={**_guessed(client.get(url).text), "action": "preview"})
    assert "0 problems" in page.text and "Production Technician (2026-2027)" in page.text
