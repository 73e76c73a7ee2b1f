"""The coverage matrix page, its gap filters, the CSV and Excel downloads, and its query count."""

import csv
import io
import time
from html.parser import HTMLParser

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

from curriculum.alignment import services
from curriculum.alignment.models import Alignment, AlignmentLevel
from curriculum.courses import services as courses
from curriculum.standards import services as standards
from curriculum.standards import tree
from curriculum.standards.models import Standard, StandardKind, StandardVersion, VersionStatus
from tests.conftest import login

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class MatrixParser(HTMLParser):
    """The texts of the coverage matrix's cells, row by row; the title attributes of its cells."""

    def __init__(self):
        super().__init__()
        self.rows: list[list[str]] = []
        self.titles: list[list[str | None]] = []
        self.classes: list[list[str]] = []
        self._in_table = self._cell = False
        self._skip = 0  # inside a rollup badge, a note or a link beside the title

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table" and "coverage-matrix" in (attrs.get("class") or ""):
            self._in_table = True
        elif self._in_table and tag == "tr":
            self.rows.append([])
            self.titles.append([])
            self.classes.append([])
        elif self._cell and tag in ("span", "a") and self._skip:
            self._skip += 1
        elif (
            self._cell
            and tag in ("span", "a")
            and ({"rollup", "depends", "gap-link"} & set((attrs.get("class") or "").split()))
        ):
            self._skip = 1
        elif self._in_table and tag in ("th", "td"):
            self._cell = True
            self.rows[-1].append("")
            self.titles[-1].append(attrs.get("title"))
            self.classes[-1].append(attrs.get("class") or "")

    def handle_endtag(self, tag):
        if self._skip and tag in ("span", "a"):
            self._skip -= 1
        elif tag == "table":
            self._in_table = False
        elif tag in ("th", "td"):
            self._cell = False

    def handle_data(self, data):
        if self._in_table and self._cell and not self._skip:
            self.rows[-1][-1] += data

    def cells(self):
        return [[" ".join(text.split()) for text in row] for row in self.rows]


def matrix_of(html: str) -> MatrixParser:
    parser = MatrixParser()
    parser.feed(html)
    return parser


@pytest.fixture(autouse=True)
def _member(client, world):
    """Pages are read by a member who may see drafts (visitors see published standards only)."""
    login(client, world.factory.member(world.partnership, "panelist").email)


def test_visitors_see_only_published_standards(app, world, db):
    _hand_checked(world, db)
    world.factory.publish(world.cwf)
    world.factory.publish(world.ka)
    visitor = app.test_client()
    page = visitor.get(_url(world)).text
    rows = [row[0] for row in matrix_of(page).cells()[1:]]
    assert rows == ["A Safety", "A.1 Inspect guarding"]  # A.1.1 was never published
    assert "50%</strong> covered at any level" in page
    csv_text = visitor.get(_url(world, ".csv")).text
    assert "Guards checked" not in csv_text and "Inspect guarding" in csv_text


def _hand_checked(w, db):
    """3 standards (A, A.1, A.1.1). MFG 110: A.1 introduced; MFG 120: A.1 mastered, A.1.1 R."""
    user = w.factory.member(w.partnership, "faculty", organization=w.college)
    services.align(w.course, w.ka, "introduced", "", user)
    services.align(w.course2, w.ka, "mastered", "", user)
    services.align(w.course2, w.pi, "reinforced", "", user)
    db.session.commit()
    return user


def _url(w, suffix="", **args):
    """The coverage page (or a download) counting every standard alike, as these tests were
    written for (the default counts the assessed leaves: tests/alignment/test_counting.py)."""
    args = {"framework": w.framework.id, "count": "all", **args}
    query = "&".join(f"{k}={v}" for k, v in args.items())
    return f"/programs/{w.program.id}/coverage{suffix}?{query}"


def test_page_shows_the_hand_checked_figures_to_anyone(client, world, db):
    _hand_checked(world, db)
    # The first framework by default; every standard counted alike.
    response = client.get(f"/programs/{world.program.id}/coverage?count=all")
    assert response.status_code == 200
    page = response.text
    assert "Production Technician" in page and "catalog year 2026-2027" in page
    assert "67%</strong> covered at any level" in page and "2 of 3 standards" in page
    assert "33%</strong> brought to mastered" in page and "1 of 3 standards" in page
    assert "1 not covered" in page and "2 not mastered" in page
    # Per critical work function: A has 3 standards, 2 covered (67%), 1 mastered (33%).
    functions = page.split('class="coverage-functions"')[1].split("</table>")[0]
    assert "Safety" in functions and ">3</td>" in functions
    assert '2 <span class="muted nowrap">(67%)' in functions
    assert '1 <span class="muted nowrap">(33%)' in functions
    cells = matrix_of(page).cells()
    assert cells == [
        ["Standard", "Best", "MFG 110 Term 1 covers 1", "MFG 120 Term 2 covers 2"],
        ["A Safety", "–", "", ""],
        ["A.1 Inspect guarding", "M", "I", "M"],
        ["A.1.1 Guards checked", "R", "", "R"],
    ]
    # Indented by depth, the heat-map class beside each letter.
    assert '<tr class="d0">' in page and '<tr class="d2">' in page
    assert matrix_of(page).classes[2][1:] == [
        "best lv lv-mastered",
        "lv lv-introduced",
        "lv lv-mastered",
    ]
    assert matrix_of(page).titles[2][1] == "Best: Mastered"


def test_elective_marker_and_term_order(client, world, db):
    entry = next(pc for pc in world.program.courses if pc.course_id == world.course.id)
    courses.update_entry(world.program, entry, 3, False)  # MFG 110 moves after MFG 120
    db.session.commit()
    header = matrix_of(client.get(_url(world, scope="all")).text).cells()[0]
    assert header == [
        "Standard",
        "Best",
        "MFG 120 Term 2 covers 0",
        "MFG 110 Term 3 elective covers 0",
    ]


def test_gap_filters(client, world, db):
    _hand_checked(world, db)
    uncovered = client.get(_url(world, gaps="uncovered")).text
    assert "Standards no course covers" in uncovered
    assert [row[0] for row in matrix_of(uncovered).cells()[1:]] == ["A Safety"]
    unmastered = client.get(_url(world, gaps="unmastered")).text
    assert "Standards no course brings to mastered" in unmastered
    rows = matrix_of(unmastered).cells()[1:]
    assert [row[0] for row in rows] == ["A Safety", "A.1.1 Guards checked"]
    # The summary keeps the whole framework's figures.
    assert "67%</strong> covered at any level" in unmastered
    assert client.get(_url(world, gaps="everything")).status_code == 400


def test_no_gaps_says_so(client, world, db):
    user = _hand_checked(world, db)
    services.align(world.course, world.cwf, "mastered", "", user)
    services.align(world.course, world.pi, "mastered", "", user)
    db.session.commit()
    page = client.get(_url(world, gaps="unmastered")).text
    assert "Every standard is brought to mastered by at least one course." in page
    assert "100%</strong> brought to mastered" in page


def test_a_framework_the_program_does_not_use_is_a_bad_request(client, world, db, factory):
    other = tree.create_framework(world.partnership, {"title": "Welding Technician"})
    elsewhere = tree.create_framework(factory.partnership(name="Elsewhere"), {"title": "Nursing"})
    db.session.commit()
    response = client.get(_url(world, framework=other.id))
    assert response.status_code == 400
    assert "does not use the framework “Welding Technician”" in response.text
    assert "“Production Technician”" in response.text  # the one it does use
    assert client.get(_url(world, framework=elsewhere.id)).status_code == 400
    assert client.get(_url(world, framework=999999)).status_code == 400
    assert client.get(_url(world, framework="abc")).status_code == 400
    assert client.get(_url(world, ".csv", framework=other.id)).status_code == 400
    assert client.get(_url(world, ".xlsx", framework=other.id)).status_code == 400
    assert client.get("/programs/999999/coverage").status_code == 404


def test_a_second_framework_is_chosen_by_its_id(client, world, db):
    welding = tree.create_framework(world.partnership, {"title": "Welding Technician"})
    tree.add_standard(welding, None, "critical_work_function", "Weld plate")
    courses.update_program(
        world.program,
        {
            "name": world.program.name,
            "award_type": world.program.award_type,
            "catalog_year": world.program.catalog_year,
            "partnership_id": world.partnership.id,
            "framework_ids": [world.framework.id, welding.id],
        },
    )
    db.session.commit()
    response = client.get(_url(world, framework=welding.id))
    assert [r[0] for r in matrix_of(response.text).cells()[1:]] == ["A Weld plate"]
    assert '<select id="framework" name="framework">' in response.text
    download = client.get(_url(world, ".csv", framework=welding.id))
    assert (
        "production-technician-certificate-2026-2027-welding-technician-coverage.csv"
        in (download.headers["Content-Disposition"])
    )


def test_a_program_without_frameworks_says_so(client, world, db):
    program = courses.create_program(
        world.college,
        {
            "name": "Welding",
            "award_type": "Certificate",
            "catalog_year": "2026-2027",
            "partnership_id": world.partnership.id,
            "framework_ids": [],
        },
    )
    db.session.commit()
    response = client.get(f"/programs/{program.id}/coverage")
    assert response.status_code == 200
    assert "answers to no framework yet" in response.text
    assert "coverage-matrix" not in response.text
    assert client.get(f"/programs/{program.id}/coverage.csv").status_code == 400


def test_stale_cells_are_marked(client, world, db):
    user = world.factory.member(world.partnership, "faculty", organization=world.college)
    world.factory.publish(world.pi)
    services.align(world.course2, world.pi, "mastered", "", user)
    services.align(world.course, world.pi, "introduced", "", user)
    db.session.commit()
    standards.save_version(world.pi, 1, "Guards checked every shift", "", None, "", user)
    db.session.commit()
    world.factory.publish(world.pi, number=2)
    course = db.session.get(type(world.course), world.course.id)
    services.confirm(
        db.session.scalar(db.select(Alignment).where(Alignment.course_id == course.id)), user
    )
    db.session.commit()
    page = client.get(_url(world)).text
    parsed = matrix_of(page)
    assert parsed.cells()[3] == ["A.1.1 Guards checked every shift", "M", "I", "M*"]
    assert parsed.classes[3][1:] == [
        "best lv lv-mastered",
        "lv lv-introduced",
        "lv lv-mastered stale",
    ]
    assert parsed.titles[3][3] == "Mastered, stale: pinned v1, v2 published"
    assert '<abbr class="stale-mark" title="pinned v1, v2 published">*</abbr>' in page
    assert "1</strong> stale alignment" in page
    rows = list(csv.reader(io.StringIO(client.get(_url(world, ".csv")).text.lstrip("\ufeff"))))
    assert rows[3][3:] == ["I", "M (stale)", "M", "yes", "", ""]


def test_csv_download(client, world, db):
    _hand_checked(world, db)
    response = client.get(_url(world, ".csv"))
    assert response.status_code == 200
    assert response.mimetype == "text/csv" and response.mimetype_params["charset"] == "utf-8"
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="production-technician-certificate-2026-2027-coverage.csv"'
    )
    assert response.data.startswith(b"\xef\xbb\xbf")  # so Excel reads it as UTF-8
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"), newline="")))
    assert rows == [
        [
            "Code",
            "Title",
            "Kind",
            "MFG 110 (term 1)",
            "MFG 120 (term 2)",
            "Best level",
            "Counted",
            "Rollup",
            "Note",
        ],
        ["A", "Safety", "Critical work function", "", "", "", "yes", "Covered", ""],
        ["A.1", "Inspect guarding", "Key activity", "I", "M", "M", "yes", "Covered", ""],
        ["A.1.1", "Guards checked", "Performance indicator", "", "R", "R", "yes", "", ""],
        [],
        [
            "Coverage from required courses only. Counting all 3 standards alike: each "
            "critical work function, key activity and leaf counts as one."
        ],
    ]
    gaps = client.get(_url(world, ".csv", gaps="unmastered"))
    assert (
        'filename="production-technician-certificate-2026-2027-coverage-unmastered.csv"'
        in (gaps.headers["Content-Disposition"])
    )
    rows = list(csv.reader(io.StringIO(gaps.data.decode("utf-8-sig"), newline="")))
    assert [r[0] for r in rows if r][:-1] == ["Code", "A", "A.1.1"]
    uncovered = client.get(_url(world, ".csv", gaps="uncovered")).data.decode("utf-8-sig")
    assert [r[0] for r in csv.reader(io.StringIO(uncovered)) if r][:-1] == ["Code", "A"]


def test_xlsx_download(client, world, db):
    _hand_checked(world, db)
    response = client.get(_url(world, ".xlsx"))
    assert response.status_code == 200 and response.mimetype == XLSX
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="production-technician-certificate-2026-2027-coverage.xlsx"'
    )
    book = load_workbook(io.BytesIO(response.data))
    assert book.sheetnames == ["Coverage", "Summary", "Gaps"]

    sheet = book["Coverage"]
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values == [
        ["Code", "Title", "MFG 110\nterm 1", "MFG 120\nterm 2", "Best level", "Rollup", "Note"],
        ["A", "Safety", None, None, None, "Covered", None],
        ["A.1", "Inspect guarding", "I", "M", "M", "Covered", None],
        ["A.1.1", "Guards checked", None, "R", "R", None, None],
    ]
    assert sheet.freeze_panes == "C2"
    assert sheet["B4"].alignment.indent == 2 and sheet["A2"].font.bold
    assert sheet["D3"].fill.fgColor.rgb.endswith("1F4E8C")  # mastered: the darkest
    assert sheet["C3"].fill.fgColor.rgb.endswith("E8F0FB")  # introduced: the lightest
    assert sheet.column_dimensions["B"].width >= 20 and sheet.column_dimensions["C"].width >= 9

    summary = book["Summary"]
    facts = {r[0].value: r[1].value for r in summary.iter_rows(max_row=10)}
    assert facts["Scope"] == "Coverage from required courses only"
    assert facts["Counting"].startswith("Counting all 3 standards alike")
    assert facts["Program"] == "Production Technician (Certificate)"
    assert facts["College"] == "Valley College" and facts["Framework"] == "Production Technician"
    assert facts["Catalog year"] == "2026-2027" and facts["Courses"] == 2
    figures = [[c.value for c in row] for row in summary.iter_rows(min_row=12)]
    assert figures[0] == [
        "Framework / critical work function",
        "Counted",
        "Covered",
        "% covered",
        "Mastered",
        "% mastered",
    ]
    assert figures[1][:3] == ["All counted", 3, 2] and figures[1][4] == 1
    # The percentages are the coverage model's, as the page shows them (67%, 33%).
    assert figures[1][3] == pytest.approx(0.67) and figures[1][5] == pytest.approx(0.33)
    assert summary.cell(13, 4).number_format == "0%"
    assert figures[2][:3] == ["A Safety", 3, 2] and figures[2][4] == 1
    assert summary.freeze_panes == "A13"

    gaps = book["Gaps"]
    assert [[c.value for c in row] for row in gaps.iter_rows()] == [
        ["Code", "Title", "Kind", "Gap", "Best level", "Covered by", "Note"],
        ["A", "Safety", "Critical work function", "Not covered", None, None, None],
        [
            "A.1.1",
            "Guards checked",
            "Performance indicator",
            "Not mastered",
            "R",
            "MFG 120 (R)",
            None,
        ],
    ]
    assert gaps.freeze_panes == "A2"


def test_csv_content_type_names_its_charset_once(client, world, db):
    _hand_checked(world, db)
    response = client.get(_url(world, ".csv"))
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert client.get(_url(world, ".xlsx")).headers["Content-Type"] == XLSX


def test_both_downloads_keep_the_gap_filter(client, world, db):
    _hand_checked(world, db)
    page = client.get(_url(world, gaps="unmastered")).text
    fid, pid = world.framework.id, world.program.id
    kept = "gaps=unmastered&amp;scope=required&amp;count=all"
    assert f'href="/programs/{pid}/coverage.csv?framework={fid}&amp;{kept}"' in page
    assert f'href="/programs/{pid}/coverage.xlsx?framework={fid}&amp;{kept}"' in page
    unfiltered = client.get(_url(world)).text
    assert (
        f'href="/programs/{pid}/coverage.xlsx?framework={fid}&amp;scope=required&amp;count=all"'
        in unfiltered
    )

    response = client.get(_url(world, ".xlsx", gaps="unmastered"))
    assert response.status_code == 200
    assert (
        'filename="production-technician-certificate-2026-2027-coverage-unmastered.xlsx"'
        in response.headers["Content-Disposition"]
    )
    book = load_workbook(io.BytesIO(response.data))
    assert book.sheetnames == ["Coverage", "Summary", "Gaps"]
    assert [row[0].value for row in book["Coverage"].iter_rows()] == ["Code", "A", "A.1.1"]
    facts = {r[0].value: r[1].value for r in book["Summary"].iter_rows(max_row=11)}
    assert facts["Coverage sheet"] == "only the standards no course brings to mastered"
    uncovered = load_workbook(io.BytesIO(client.get(_url(world, ".xlsx", gaps="uncovered")).data))
    assert [row[0].value for row in uncovered["Coverage"].iter_rows()] == ["Code", "A"]
    assert client.get(_url(world, ".xlsx", gaps="nonsense")).status_code == 400


def test_downloads_never_turn_titles_into_formulas(client, world, db):
    tree.add_standard(world.framework, world.ka, "performance_indicator", "=HYPERLINK(1)")
    db.session.commit()
    rows = list(csv.reader(io.StringIO(client.get(_url(world, ".csv")).data.decode("utf-8-sig"))))
    assert rows[-3][1] == "'=HYPERLINK(1)"  # the last standard, before the statement
    sheet = load_workbook(io.BytesIO(client.get(_url(world, ".xlsx")).data))["Coverage"]
    assert sheet["B5"].value == "=HYPERLINK(1)" and sheet["B5"].data_type == "s"


# --- The query count does not grow with the matrix ---------------------------------------------


def build_matrix(w, db, functions: int, activities: int, indicators: int, n_courses: int):
    """A framework of functions × (1 + activities × (1 + indicators)) standards and a program
    of n_courses courses aligned to about a third of them at all three levels, a tenth of the
    standards with a newer published version (so some cells are stale).

    Standards, versions and alignments are bulk-inserted (the services take ~15 s for 600)."""
    framework = tree.create_framework(
        w.partnership, {"title": f"Framework {functions}x{activities}x{indicators}"}
    )
    shape = [(StandardKind.CRITICAL_WORK_FUNCTION, functions)]
    shape += [
        (StandardKind.KEY_ACTIVITY, activities),
        (StandardKind.PERFORMANCE_INDICATOR, indicators),
    ]
    standards_by_depth: list[list[Standard]] = [[None]]
    for kind, per_parent in shape:
        level = [
            Standard(
                framework_id=framework.id,
                parent_id=parent.id if parent else None,
                kind=kind,
                code=tree.default_code(parent.code if parent else None, kind, i),
                position=i,
            )
            for parent in standards_by_depth[-1]
            for i in range(per_parent)
        ]
        db.session.add_all(level)
        db.session.flush()
        standards_by_depth.append(level)
    everything = [s for level in standards_by_depth[1:] for s in level]
    versions = []
    for n, s in enumerate(everything):
        newer = n % 10 == 0
        versions.append(
            StandardVersion(
                standard_id=s.id,
                number=1,
                title=f"Standard {s.code}",
                status=VersionStatus.SUPERSEDED if newer else VersionStatus.PUBLISHED,
            )
        )
        if newer:
            versions.append(
                StandardVersion(
                    standard_id=s.id,
                    number=2,
                    title=f"Standard {s.code} (revised)",
                    status=VersionStatus.PUBLISHED,
                )
            )
    db.session.add_all(versions)
    db.session.flush()
    first, last = {}, {}
    for v in versions:
        first.setdefault(v.standard_id, v.id)
        last[v.standard_id] = v.id
    db.session.execute(
        sa.update(Standard),
        [
            {"id": s.id, "current_version_id": last[s.id], "published_version_id": last[s.id]}
            for s in everything
        ],
    )
    program = courses.create_program(
        w.college,
        {
            "name": f"Program {framework.id}",
            "award_type": "Certificate",
            "catalog_year": "2026-2027",
            "partnership_id": w.partnership.id,
            "framework_ids": [framework.id],
        },
    )
    levels = list(AlignmentLevel)
    alignments = []
    for c in range(n_courses):
        course = courses.create_course(
            w.college, {"code": f"X{framework.id} {c:03d}", "title": f"Course {c}"}
        )
        courses.add_course(program, course, 1 + c % 4, required=c % 5 != 4)
        alignments += [
            {
                "course_id": course.id,
                "standard_id": s.id,
                "version_id": first[s.id],  # v1: stale where v2 is published
                "level": levels[(i // 3 + c) % 3],
            }
            for i, s in enumerate(everything)
            if (i + c) % 3 == 0
        ]
    db.session.execute(sa.insert(Alignment), alignments)
    db.session.commit()
    return program, len(everything), len(alignments)


def test_matrix_queries_do_not_grow_with_rows_or_columns(client, world, db, count_queries):
    started = time.perf_counter()
    small, small_rows, _ = build_matrix(world, db, 4, 2, 6, 4)
    large, large_rows, large_cells = build_matrix(world, db, 24, 4, 5, 40)
    assert (small_rows, large_rows) == (60, 600) and large_cells > 7000
    assert time.perf_counter() - started < 20  # the builder itself stays quick
    client.get(f"/programs/{small.id}/coverage")  # warm up (first request, templates)
    counts, pages = [], []
    for program in (small, large):
        with count_queries() as queries:
            # Every row at once (600 rows: the first view would show one function).
            response = client.get(f"/programs/{program.id}/coverage?function=all")
        assert response.status_code == 200
        counts.append(len(queries))
        pages.append(response.text)
    assert counts[0] == counts[1], counts
    parsed = matrix_of(pages[1])
    assert len(parsed.rows) == 601 and len(parsed.rows[0]) == 34  # the 32 required courses
    assert sum("stale" in c for row in parsed.classes for c in row) > 500
    with count_queries() as small_csv:
        client.get(f"/programs/{small.id}/coverage.csv")
    with count_queries() as large_csv:
        client.get(f"/programs/{large.id}/coverage.csv")
    assert len(small_csv) == len(large_csv)
