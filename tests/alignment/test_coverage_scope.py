"""Coverage by scope (courses/paths.py: required, all, chosen electives) on the page, CSV, Excel,
API and PDF: the scope is stated in every output, a standard only electives cover is flagged
"depends on the elective chosen", a bad scope or elective is a 400 with a message, gaps link to
"Align a course to this" for those who may align, and the query count stays put."""

from __future__ import annotations

import csv
import io
import re

import pytest
from openpyxl import load_workbook

from curriculum.alignment import coverage
from curriculum.alignment import services as alignment
from curriculum.courses import services as courses
from curriculum.courses.models import ElectiveGroup
from curriculum.exports import services as exports
from curriculum.exports.models import ExportKind
from curriculum.standards import tree
from tests.conftest import login
from tests.exports.conftest import pages_text

DEPENDS = "Depends on the elective chosen"


@pytest.fixture
def paths(world, db):
    """A > A.1 > A.1.1, A.1.2, A.1.3 (indicators). Required MFG 110, MFG 120; an elective group
    "choose 1 of ROB 220, MFG 215"; a free elective WLD 101.

    A.1.1: MFG 110 (I) and WLD 101 (M). A.1.2: ROB 220 only (M): depends on the elective.
    A.1.3: both options of the group (R): every student's path reaches it."""
    w = world
    w.pi2 = tree.add_standard(w.framework, w.ka, "performance_indicator", "Lockout verified")
    w.pi3 = tree.add_standard(w.framework, w.ka, "performance_indicator", "Guards refitted")
    w.rob = w.factory.course(w.college, "ROB 220", "Robotics")
    w.mfg215 = w.factory.course(w.college, "MFG 215", "Automation")
    w.wld = w.factory.course(w.college, "WLD 101", "Welding")
    group = ElectiveGroup(program=w.program, name="Automation elective", choose=1)
    db.session.add(group)
    for course in (w.rob, w.mfg215):
        entry = courses.add_course(w.program, course, 3, required=False)
        entry.group = group
    courses.add_course(w.program, w.wld, 3, required=False)
    w.faculty = w.factory.member(w.partnership, "faculty", organization=w.college)
    for course, standard, level in (
        (w.course, w.pi, "introduced"),
        (w.wld, w.pi, "mastered"),
        (w.rob, w.pi2, "mastered"),
        (w.rob, w.pi3, "reinforced"),
        (w.mfg215, w.pi3, "reinforced"),
    ):
        alignment.align(course, standard, level, "", w.faculty)
    db.session.commit()
    return w


def _cov(w, scope, chosen=()):
    return coverage.coverage(w.program, w.framework, drafts=True, scope=scope, chosen=chosen)


def _depends(cov):
    return [r.standard.code for r in cov.rows if r.depends_on_elective]


def test_each_scope_takes_its_courses_and_flags_what_depends_on_an_elective(paths):
    w = paths
    required = _cov(w, "required")
    assert [pc.course.code for pc in required.courses] == ["MFG 110", "MFG 120"]
    assert (required.total, required.covered, required.mastered) == (3, 1, 0)
    assert required.scope_statement == "Coverage from required courses only"
    # A gap in the required scope, with the note; A.1.3 is a gap too (only the group's
    # options cover it), but every student takes one of them, so nothing depends on a choice.
    assert [r.standard.code for r in required.gaps("uncovered")] == ["A.1.2", "A.1.3"]
    assert _depends(required) == ["A.1.2"]
    row = next(r for r in required.rows if r.standard.code == "A.1.2")
    assert required.depends_text(row) == f"{DEPENDS}: ROB 220 (M)"

    every = _cov(w, "all")
    assert len(every.courses) == 5
    assert (every.total, every.covered, every.mastered) == (3, 3, 2)
    assert every.scope_statement.startswith("Coverage from all courses")
    assert _depends(every) == ["A.1.2"]  # A.1.1 has a required course; A.1.3 the whole group

    chosen = _cov(w, "chosen", [w.mfg215.id, w.wld.id])
    assert [pc.course.code for pc in chosen.courses] == ["MFG 110", "MFG 120", "MFG 215", "WLD 101"]
    assert (chosen.total, chosen.covered, chosen.mastered) == (3, 2, 1)
    assert chosen.scope_statement == (
        "Coverage from required courses and the chosen electives (MFG 215, WLD 101)"
    )
    assert _depends(chosen) == ["A.1.2"]


def test_the_page_has_a_scope_selector_and_states_the_scope(client, paths):
    w = paths
    login(client, w.faculty.email)
    base = f"/programs/{w.program.id}/coverage"
    page = client.get(base).text
    assert "<strong>Coverage from required courses only</strong>" in page
    assert '<option value="required" selected>Required courses only</option>' in page
    assert '<label for="scope">Courses</label>' in page
    assert f'name="elective" value="{w.rob.id}"' in page
    assert "(Choose 1 of ROB 220, MFG 215)" in page  # the group, beside its options
    assert f"{DEPENDS}: ROB 220 (M)" in page
    assert "1</strong> depends on the elective chosen" in page

    chosen = client.get(f"{base}?scope=chosen&elective={w.rob.id}").text
    assert "Coverage from required courses and the chosen electives (ROB 220)" in chosen
    assert f'name="elective" value="{w.rob.id}" checked' in chosen
    # The downloads and gap filters keep the scope and the electives.
    assert f"scope=chosen&amp;count=leaves&amp;elective={w.rob.id}" in chosen


def test_downloads_and_the_api_state_the_scope(client, paths):
    w = paths
    login(client, w.faculty.email)  # the standards are drafts: a member sees them
    base = f"/programs/{w.program.id}/coverage"
    response = client.get(f"{base}.csv?scope=all")
    assert "coverage-all-courses.csv" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert rows[0][3:8] == [
        "MFG 110 (term 1)",
        "MFG 120 (term 2)",
        "ROB 220 (term 3, elective)",
        "MFG 215 (term 3, elective)",
        "WLD 101 (term 3, elective)",
    ]
    a12 = next(r for r in rows if r and r[0] == "A.1.2")
    assert a12[-1] == f"{DEPENDS}: ROB 220 (M)"
    assert rows[-1][0].startswith("Coverage from all courses, as if a student took every elective.")

    book = load_workbook(io.BytesIO(client.get(f"{base}.xlsx").data))
    facts = {r[0].value: r[1].value for r in book["Summary"].iter_rows(max_row=10)}
    assert facts["Scope"] == "Coverage from required courses only"
    gaps = [[c.value for c in r] for r in book["Gaps"].iter_rows(min_row=2)]
    assert [(g[0], g[6]) for g in gaps] == [
        ("A.1.1", None),
        ("A.1.2", f"{DEPENDS}: ROB 220 (M)"),
        ("A.1.3", None),
    ]

    api = client.get(
        f"/api/v1/{base.lstrip('/')}?scope=chosen&elective={w.rob.id}&elective={w.wld.id}"
    ).json
    assert api["scope"] == {
        "name": "chosen",
        "statement": "Coverage from required courses and the chosen electives (ROB 220, WLD 101)",
        "electives": [w.rob.id, w.wld.id],
    }
    assert [c["code"] for c in api["courses"]] == ["MFG 110", "MFG 120", "ROB 220", "WLD 101"]
    assert api["summary"]["depends_on_elective"] == 1
    a13 = next(r for r in api["rows"] if r["code"] == "A.1.3")
    assert [c["course_id"] for c in a13["cells"]] == [w.rob.id]
    assert [c["course_id"] for c in a13["outside_scope"]] == [w.mfg215.id]
    assert not a13["depends_on_elective"]
    assert api["summary"]["covered"] == 3


@pytest.mark.parametrize(
    ("query", "field", "words"),
    [
        ("scope=everyone", "scope", "“everyone” is not a scope"),
        ("scope=chosen&elective={rob}&elective={mfg215}", "elective", "a student takes 1 of"),
        ("scope=chosen&elective={required}", "elective", "Only the program's electives"),
        ("scope=chosen&elective=abc", "elective", "elective must list ids"),
    ],
)
def test_a_bad_scope_or_elective_is_a_400_with_a_message(client, paths, query, field, words):
    w = paths
    login(client, w.faculty.email)
    query = query.format(rob=w.rob.id, mfg215=w.mfg215.id, required=w.course.id)
    api = client.get(f"/api/v1/programs/{w.program.id}/coverage?{query}")
    assert api.status_code == 400
    assert words in api.json["fields"][field]
    page = client.get(f"/programs/{w.program.id}/coverage?{query}")
    assert page.status_code == 400
    assert words in page.text.replace("&#34;", '"').replace("&#39;", "'")
    for suffix in (".csv", ".xlsx"):
        assert client.get(f"/programs/{w.program.id}/coverage{suffix}?{query}").status_code == 400


def test_the_page_that_refuses_a_scope_keeps_what_was_asked(client, paths):
    w = paths
    login(client, w.faculty.email)
    page = client.get(f"/programs/{w.program.id}/coverage?scope=chosen&elective={w.rob.id}")
    assert page.status_code == 200
    refused = client.get(
        f"/programs/{w.program.id}/coverage?scope=chosen&elective={w.rob.id}&elective={w.mfg215.id}"
    )
    assert refused.status_code == 400
    assert 'role="alert" id="coverage-refused"' in refused.text
    assert '<option value="chosen" selected>' in refused.text
    assert f'value="{w.rob.id}" checked' in refused.text
    assert f'value="{w.mfg215.id}" checked' in refused.text
    assert "coverage-matrix" not in refused.text


def test_gaps_link_to_align_a_course_for_those_who_may(client, app, paths):
    w = paths
    pid = w.program.id
    href = f'href="/programs/{pid}/gaps/{w.pi2.id}/align"'
    visitor = app.test_client()
    assert "Align a course to this" not in visitor.get(f"/programs/{pid}/coverage").text
    login(client, w.factory.member(w.partnership, "panelist").email)
    assert "Align a course to this" not in client.get(f"/programs/{pid}/coverage").text

    teacher = app.test_client()
    login(teacher, w.faculty.email)
    page = teacher.get(f"/programs/{pid}/coverage").text
    assert href in page and "Align a course to this" in page
    assert f'href="/programs/{pid}/gaps/{w.pi.id}/align"' not in page  # covered: no gap
    gaps = teacher.get(f"/programs/{pid}/coverage?gaps=unmastered").text
    for standard in (w.pi, w.pi2, w.pi3):  # every row of the gaps view is a gap
        assert f'href="/programs/{pid}/gaps/{standard.id}/align"' in gaps


def test_the_pdf_states_the_scope_and_takes_it_as_an_option(paths, db):
    w = paths
    convener = w.factory.member(w.partnership, "convener")
    for standard in (w.cwf, w.ka, w.pi, w.pi2, w.pi3):
        w.factory.publish(standard)

    def words(**options):
        job = exports.request_export(ExportKind.CURRICULUM, w.program, convener, options)
        assert job.state == "done", job.message
        return job, re.sub(r"\s+", " ", " ".join(pages_text(job.file.data)))

    job, text = words()
    assert job.options["scope"] == "required"
    assert text.count("Coverage from required courses only.") == 2  # coverage and gaps
    assert "1 of 3 standards (33%) are covered" in text
    assert f"A.1.2 Lockout verified ({DEPENDS}: ROB 220 (M))" in text
    assert "WLD 101" in text  # the matrix and the course pages print every course

    job, text = words(scope="chosen", electives=[w.rob.id])
    assert job.options == {**job.options, "scope": "chosen", "electives": [w.rob.id]}
    assert "Coverage from required courses and the chosen electives (ROB 220)." in text
    assert "3 of 3 standards (100%) are covered" in text

    for bad, field in (
        ({"scope": "nobody"}, "scope"),
        ({"scope": "chosen", "electives": [w.course.id]}, "elective"),
        ({"scope": "all", "electives": [w.rob.id]}, "electives"),
        ({"electives": "ROB 220"}, "electives"),
    ):
        with pytest.raises(Exception) as refused:
            exports.request_export(ExportKind.CURRICULUM, w.program, convener, bad)
        assert getattr(refused.value, "status", None) == 400, bad
        assert refused.value.field == field, bad


def test_the_query_count_does_not_grow_with_electives_alignments_or_standards(
    client, paths, db, count_queries
):
    w = paths
    url = f"/programs/{w.program.id}/coverage?scope=chosen&elective={w.rob.id}"
    login(client, w.faculty.email)
    client.get(url)  # warm up
    with count_queries() as before:
        assert client.get(url).status_code == 200
    for n in range(8):
        pi = tree.add_standard(w.framework, w.ka, "performance_indicator", f"Step {n}")
        for course in (w.rob, w.wld, w.course2):
            alignment.align(course, pi, "reinforced", "", w.faculty)
    db.session.commit()
    with count_queries() as after:
        assert client.get(url).status_code == 200
    assert len(after) == len(before), (len(before), len(after))


def test_the_export_form_and_print_view_take_the_scope(client, paths):
    w = paths
    login(client, w.faculty.email)
    form = client.get(f"/programs/{w.program.id}/exports/new").text
    assert "<legend>Coverage from</legend>" in form and "<legend>Chosen electives</legend>" in form
    assert f'value="{w.rob.id}"' in form and "ROB 220 Robotics" in form
    printed = client.get(f"/programs/{w.program.id}/print?content=drafts&scope=all").text
    assert "Coverage from all courses, as if a student took every elective." in printed
    chosen = client.get(
        f"/programs/{w.program.id}/print?content=drafts&scope=chosen&elective={w.wld.id}"
    ).text
    assert "Coverage from required courses and the chosen electives (WLD 101)." in chosen
    refused = client.get(f"/programs/{w.program.id}/print?scope=chosen&elective={w.course.id}")
    assert refused.status_code == 400 and "electives can be chosen" in refused.text
