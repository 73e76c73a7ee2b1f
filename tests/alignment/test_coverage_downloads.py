"""The coverage downloads are streamed (issue 18): the CSV row by row, the workbook from a
temporary file; the coverage is computed, and a bad request refused, before the first byte."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from curriculum.alignment import coverage, spreadsheets
from curriculum.downloads import BOM, chunks, csv_bytes
from tests.alignment.test_coverage_views import build_matrix


@pytest.fixture
def large(world, db):
    """600 standards (a tenth stale) × 40 courses, everything published: ~100 kB of CSV."""
    program, rows, _ = build_matrix(world, db, 24, 4, 5, 40)
    assert rows == 600
    return program


def _sent(app, url: str, count_queries) -> tuple:
    """The view's own response to an anonymous GET (before any WSGI server reads it), and its
    body read piece by piece, with the SQL run while it was read."""
    with app.test_request_context(url):
        response = app.full_dispatch_request()
        with count_queries() as queries:
            pieces = list(response.response)
        response.close()
    return response, pieces, queries


def _model(program) -> coverage.Coverage:
    """The coverage the downloads below ask for: every course, counting the leaves."""
    return coverage.coverage(program, program.frameworks[0], drafts=False, scope="all")


def test_the_csv_is_streamed_row_by_row_from_the_computed_coverage(app, large, count_queries):
    response, pieces, queries = _sent(
        app, f"/programs/{large.id}/coverage.csv?scope=all", count_queries
    )
    assert response.status_code == 200 and response.is_streamed
    assert "Content-Length" not in response.headers  # sent as it is written
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="{spreadsheets.filename(_model(large), "csv")}"'
    )
    assert len(pieces) > 1  # in several pieces, not one block
    assert queries == []  # the coverage was computed before the first byte
    body = b"".join(pieces)
    assert body.startswith(BOM.encode("utf-8"))

    cov = _model(large)
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline="")))
    assert rows[0][3 : 3 + len(cov.courses)] == [
        spreadsheets.course_heading(pc) for pc in cov.courses
    ]
    assert len(cov.courses) == 40 and len(rows) == 1 + len(cov.rows) + 2
    for line, row in zip(rows[1:], cov.rows, strict=False):
        assert line[0] == row.standard.code and line[1] == row.title
        assert line[3 : 3 + len(cov.courses)] == [
            spreadsheets.cell_text(row, pc.course_id) for pc in cov.courses
        ]
        assert line[3 + len(cov.courses)] == (row.best.letter if row.best else "")
    assert sum("(stale)" in cell for line in rows for cell in line) > 500
    assert rows[-2:] == [[], [spreadsheets.statement(cov)]]


def test_the_workbook_is_sent_from_a_temporary_file(app, large, count_queries):
    response, pieces, queries = _sent(
        app, f"/programs/{large.id}/coverage.xlsx?scope=all&gaps=unmastered", count_queries
    )
    assert response.status_code == 200 and response.direct_passthrough
    assert response.response.file.closed  # the file is gone once the answer is closed
    body = b"".join(pieces)
    assert response.content_length == len(body)  # known: the whole file is written first
    assert queries == []
    assert response.headers["Content-Type"] == spreadsheets.XLSX_TYPE
    assert "coverage-all-courses-unmastered.xlsx" in response.headers["Content-Disposition"]

    cov = _model(large)
    gaps = cov.rows_for("unmastered")
    book = load_workbook(io.BytesIO(body))
    assert book.sheetnames == ["Coverage", "Summary", "Gaps"]
    sheet = book["Coverage"]
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert len(values) == 1 + len(gaps) and 0 < len(gaps) < len(cov.rows)
    for line, row in zip(values[1:], gaps, strict=True):
        assert line[:2] == [row.standard.code, row.title]
        assert line[2 : 2 + len(cov.courses)] == [
            spreadsheets.cell_text(row, pc.course_id) or None for pc in cov.courses
        ]
    # Code, title, the 40 courses, best level, rollup, note: A to AS.
    assert sheet.freeze_panes == "C2" and sheet.auto_filter.ref == f"A1:AS{len(gaps) + 1}"
    stale = [c for row in sheet.iter_rows() for c in row if c.comment is not None]
    assert stale and all(c.value.endswith("(stale)") for c in stale)
    assert book["Gaps"].auto_filter.ref == f"A1:G{len(cov.gaps('unmastered')) + 1}"


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
@pytest.mark.parametrize(
    ("query", "words"),
    [
        ("gaps=nonsense", "Gaps are"),
        ("scope=nobody", "scope"),
        ("count=some", "count"),
        ("framework={other}", "framework"),
    ],
)
def test_a_bad_request_is_refused_before_any_byte_of_the_file(
    client, world, factory, suffix, query, words
):
    other = factory.framework(world.partnership, title="Welding Technician")
    url = f"/programs/{world.program.id}/coverage{suffix}?{query.format(other=other.id)}"
    response = client.get(url)
    assert response.status_code == 400
    assert "Content-Disposition" not in response.headers
    assert response.mimetype not in ("text/csv", spreadsheets.XLSX_TYPE)
    assert words in response.text
    assert not response.data.startswith((BOM.encode("utf-8"), b"PK"))


def test_csv_lines_come_in_pieces_of_about_the_size_asked():
    lines = ["ab", "cd", "é", "fgh"]
    assert list(chunks(lines, size=3)) == [b"abcd", "éfgh".encode()]
    assert b"".join(chunks(lines, size=1)) == "abcdéfgh".encode()
    assert list(chunks([], size=3)) == []
    assert csv_bytes([["a", "b,c"], [], ["=1"]]) == '\ufeffa,"b,c"\r\n\r\n=1\r\n'.encode()
