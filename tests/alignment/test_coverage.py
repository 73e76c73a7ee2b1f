"""One coverage model: the page, CSV, Excel, API and printed curriculum give the same rows,
figures and gaps, name their files alike and pick the framework alike."""

from __future__ import annotations

import csv
import io
import re

from openpyxl import load_workbook

from curriculum.alignment import coverage
from curriculum.alignment import services as alignment
from curriculum.courses import services as courses
from curriculum.exports import services as exports
from curriculum.exports.models import ExportKind
from curriculum.standards import tree
from tests.exports.conftest import pages_text


def _pdf_words(world, user, **options) -> str:
    job = exports.request_export(ExportKind.CURRICULUM, world.program, user, options)
    assert job.state == "done", job.message
    return re.sub(r"\s+", " ", " ".join(pages_text(job.file.data)))


def _codes(rows) -> list[str]:
    return [r["code"] for r in rows]


def test_every_output_gives_the_same_gaps_by_the_stated_rule(world, db, client):
    w = world
    second = tree.add_standard(w.framework, w.ka, "performance_indicator", "Lockout verified")
    for s in (w.cwf, w.ka, w.pi, second):
        w.factory.publish(s)
    convener = w.factory.member(w.partnership, "convener")
    alignment.align(w.course, w.pi, "introduced", "", convener)  # A.1.1 only, at Introduced
    alignment.align(w.course, w.ka, "mastered", "", convener)  # a work function: not counted
    db.session.commit()
    base = f"/programs/{w.program.id}/coverage"
    rule = "Counting 2 assessed leaves: performance indicators; work functions roll up"

    page = client.get(base).text
    assert coverage.RULE in page and rule in page
    assert "Coverage from required courses only" in page
    assert page.count("Partly covered") >= 2  # A and A.1: one of their two leaves covered
    csv_rows = {
        gaps: [
            r[0] for r in csv.reader(io.StringIO(client.get(f"{base}.csv?gaps={gaps}").text)) if r
        ]
        for gaps in coverage.GAP_KINDS
    }
    assert csv_rows["uncovered"][1:-1] == ["A.1.2"]
    assert csv_rows["unmastered"][1:-1] == ["A.1.1", "A.1.2"]
    assert csv_rows["uncovered"][-1].startswith(f"Coverage from required courses only. {rule}")
    book = load_workbook(io.BytesIO(client.get(f"{base}.xlsx").data))
    assert [r[0].value for r in book["Gaps"].iter_rows(min_row=2)] == ["A.1.1", "A.1.2"]
    api = client.get(f"/api/v1/programs/{w.program.id}/coverage").json
    summary = api["summary"]
    assert (summary["total"], summary["covered"], summary["mastered"]) == (2, 1, 0)
    assert api["counting"]["rule"].startswith(rule)
    assert [r["rollup"] for r in api["rows"]] == ["partly", "partly", None, None]

    text = _pdf_words(w, convener)
    assert coverage.RULE in text and rule in text
    assert "Coverage from required courses only." in text
    assert "1 of 2 standards (50%) are covered" in text
    uncovered = text.split("Not covered by any course (1)")[1].split("Not brought to mastered")[0]
    assert "A.1.2 Lockout verified" in uncovered and "A.1.1" not in uncovered
    unmastered = text.split("Not brought to mastered by any course (2)")[1]
    for line in ("A.1.1 Guards checked (best: introduced)", "A.1.2 Lockout verified"):
        assert line in unmastered


def test_published_standards_under_an_unpublished_parent_are_shown_and_printed(world, db, app):
    w = world
    w.factory.publish(w.pi)  # A and A.1 stay drafts
    convener = w.factory.member(w.partnership, "convener")
    alignment.align(w.course2, w.pi, "mastered", "Capstone check", convener)
    db.session.commit()
    visitor = app.test_client()

    page = visitor.get(f"/programs/{w.program.id}/coverage").text
    assert "Guards checked" in page and "Inspect guarding" not in page
    assert page.count(coverage.NOT_PUBLISHED) >= 2  # A and A.1, by their codes only
    assert "100%</strong> covered at any level" in page  # placeholders count in no figure
    api = visitor.get(f"/api/v1/programs/{w.program.id}/coverage").json
    assert [(r["code"], r["title"], r["published"]) for r in api["rows"]] == [
        ("A", "", False),
        ("A.1", "", False),
        ("A.1.1", "Guards checked", True),
    ]
    assert api["summary"]["total"] == 1
    listed = visitor.get(f"/programs/{w.program.id}/coverage.csv").text
    assert "Guards checked" in listed and "Inspect guarding" not in listed

    text = _pdf_words(w, convener)
    assert "A.1.1 Guards checked" in text
    assert "Capstone check" in text  # the course prints its alignment to it
    assert "Inspect guarding" not in text
    # A and A.1 in the matrix, A in the figures per function, and the rule (printed twice).
    assert text.count(coverage.NOT_PUBLISHED) == 5
    assert "1 of 1 standards (100%) are covered" in text

    framework_job = exports.request_export(ExportKind.STANDARDS, w.framework, convener, {})
    standards_text = " ".join(pages_text(framework_job.file.data))
    assert "Guards checked" in standards_text and "Inspect guarding" not in standards_text


def test_every_download_is_named_by_one_rule(world, db, client):
    w = world
    courses.update_program(
        w.program,
        {
            "name": "Técnico en Mecatrónica",
            "award_type": "Associate of Applied Science",
            "catalog_year": "2026-2027",
            "partnership_id": w.partnership.id,
            "framework_ids": [w.framework.id],
        },
    )
    db.session.commit()
    convener = w.factory.member(w.partnership, "convener")
    stem = "tecnico-en-mecatronica-aas-2026-2027"
    for suffix in ("csv", "xlsx"):
        response = client.get(f"/programs/{w.program.id}/coverage.{suffix}")
        assert f'filename="{stem}-coverage.{suffix}"' in response.headers["Content-Disposition"]
    job = exports.request_export(ExportKind.CURRICULUM, w.program, convener, {})
    assert job.filename == f"{stem}-curriculum.pdf"


def test_the_page_and_the_api_pick_the_framework_alike(world, db, client):
    w = world
    other = tree.create_framework(w.partnership, {"title": "Welding Technician"})
    db.session.commit()
    for asked in (other.id, 999999):
        page = client.get(f"/programs/{w.program.id}/coverage?framework={asked}")
        api = client.get(f"/api/v1/programs/{w.program.id}/coverage?framework={asked}")
        assert page.status_code == api.status_code == 400
        message = api.json["fields"]["framework"]
        assert "Its coverage can be shown against “Production Technician”" in message
        assert message.replace("“", "&#34;") in page.text or message in page.text
