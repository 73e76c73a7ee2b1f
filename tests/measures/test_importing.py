"""Importing cohorts from a spreadsheet: the template, upload, mapping guessed, preview (counts
under 5 suppressed, errors per row, nothing written), apply all at once; files of individual
records refused with the reason."""

from __future__ import annotations

import io
import re

import pytest

from curriculum.extensions import db
from curriculum.interop.package import ImportRejected
from curriculum.measures import importing
from curriculum.measures.models import COUNT_FIELDS, Cohort, Season
from tests.measures.conftest import signed_in
from tests.measures.test_views import text_of

GOOD = (
    "Year of entry,Season,Enrolled,Completed,In jobs with health insurance,Source\n"
    "2020,Fall,22,18,3,Wage records\n"
    "2021,spring,17,,12,Wage records\n"
)


def _upload(client, world, text: str, name: str = "cohorts.csv"):
    response = client.post(
        f"/programs/{world.program.id}/measures/import",
        data={"file": (io.BytesIO(text.encode()), name)},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302, response.text
    return response.headers["Location"]


MAPPING = {
    "entry_year": "Year of entry",
    "entry_season": "Season",
    "enrolled": "Enrolled",
    "completed": "Completed",
    "with_health_insurance": "In jobs with health insurance",
    "source": "Source",
}


def _cohorts() -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(Cohort))


def test_the_template_names_every_field(client):
    response = client.get("/measures/import/template.csv")
    assert response.status_code == 200
    header = response.text.splitlines()[0]
    assert header.startswith("Year of entry,Season,Enrolled,Completed")
    assert "Median quarterly earnings after" in header


def test_a_file_is_mapped_previewed_and_applied(client, world):
    signed_in(client, world, "faculty")
    url = _upload(client, world, GOOD)
    mapping = client.get(url)
    assert '<option selected value="Enrolled">' in mapping.text  # guessed from the header
    preview = client.post(url, data={**MAPPING, "action": "preview"})
    assert preview.status_code == 200
    text = text_of(preview.text)
    assert "2 cohorts to record, 0 to update; 0 problems" in text
    labels = "|".join(re.escape(label) for label in COUNT_FIELDS.values())
    cells = re.findall(rf'data-label="(?:{labels})">([^<]*)<', preview.text)
    assert cells[:6] == ["22", "18", "—", "—", "&lt;5", "—"]
    assert "3" not in cells and "16.7%" not in text
    assert _cohorts() == 1  # the preview wrote nothing (the world's own cohort)
    applied = client.post(url, data={**MAPPING, "action": "apply"})
    assert applied.status_code == 302
    found = db.session.scalar(db.select(Cohort).where(Cohort.entry_year == 2020))
    assert (found.enrolled, found.completed, found.with_health_insurance) == (22, 18, 3)
    assert found.source == "Wage records"
    # The same file again updates (matched by term) instead of failing.
    url = _upload(client, world, GOOD.replace("22,18", "23,19"))
    assert client.post(url, data={**MAPPING, "action": "apply"}).status_code == 302
    db.session.expire_all()
    assert db.session.get(Cohort, found.id).enrolled == 23


def test_a_failing_row_is_listed_and_nothing_is_applied(client, world):
    signed_in(client, world, "convener")
    url = _upload(client, world, GOOD + "2022,Fall,10,12,,x\n2023,Autumn,5,,,\n")
    response = client.post(url, data={**MAPPING, "action": "apply"})
    assert response.status_code == 200
    text = text_of(response.text)
    assert "row 4, column Completed Completed: 12 is more than were enrolled (10)." in text
    assert "row 5, column Season" in text
    assert "Nothing was imported" in text
    assert _cohorts() == 1


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("Student ID,Year of entry,Season,Enrolled\n1001,2020,Fall,1\n", "Student ID"),
        ("Name,Year,Season,Completed\nAna,2020,Fall,1\n", "“Name” holds individual records"),
        ("SSN,Year,Season\n123-45-6789,2020,Fall\n", "SSN"),
        ("Date of birth,Year,Season\n2001-01-01,2020,Fall\n", "Date of birth"),
    ],
)
def test_a_file_of_individual_records_is_refused_with_the_reason(client, world, text, reason):
    signed_in(client, world, "faculty")
    response = client.get(_upload(client, world, text))
    assert reason in response.text
    assert "Only counts per cohort are imported" in response.text
    assert "123-45-6789" not in response.text and "Ana" not in response.text


def test_several_rows_for_one_term_are_refused(client, world):
    signed_in(client, world, "faculty")
    url = _upload(client, world, "Year,Season,Enrolled\n2020,Fall,1\n2020,Fall,1\n2020,Fall,1\n")
    mapping = {"entry_year": "Year", "entry_season": "Season", "enrolled": "Enrolled"}
    response = client.post(url, data={**mapping, "action": "apply"})
    assert "Rows 2 and 3 are both Fall 2020" in text_of(response.text)
    assert _cohorts() == 1


def test_rows_of_one_person_each_are_refused():
    data = b"Year,Season,Enrolled\n2020,Fall,1\n2020,Spring,1\n2021,Fall,1\n"
    with pytest.raises(ImportRejected, match="individual records"):
        mapping = {"entry_year": "Year", "entry_season": "Season", "enrolled": "Enrolled"}
        importing.parse(data, "csv", mapping)


def test_a_suppressed_mark_in_a_count_is_a_row_problem():
    data = b"Year,Season,Enrolled\n2020,Fall,<5\n"
    read = importing.parse(
        data, "csv", {"entry_year": "Year", "entry_season": "Season", "enrolled": "Enrolled"}
    )
    assert [p.where for p in read.problems] == ["row 2, column Enrolled"]
    assert read.rows[0].season is Season.FALL


def test_someone_who_may_not_record_cannot_import(client, world):
    signed_in(client, world, "panelist")
    assert client.get(f"/programs/{world.program.id}/measures/import").status_code == 403


def test_an_excel_workbook_is_read_like_a_csv_file():
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Year of entry", "Season", "Enrolled", "Median quarterly earnings after"])
    sheet.append([2024, "Summer", 15, 9800.5])
    out = io.BytesIO()
    book.save(out)
    mapping = {
        "entry_year": "Year of entry",
        "entry_season": "Season",
        "enrolled": "Enrolled",
        "median_earnings_after": "Median quarterly earnings after",
    }
    read = importing.parse(out.getvalue(), "xlsx", mapping)
    assert not read.problems
    row = read.rows[0]
    assert (row.term, row.values["enrolled"], row.values["median_earnings_after"]) == (
        "Summer 2024",
        15,
        "9800.5",
    )
