"""What the coverage figures count (alignment/counting.py): the assessed leaves by default, with a
per-kind breakdown; work functions roll up (covered / partly / none); `count=all` counts every
standard alike; a way of counting that is not one is a 400, never a 500."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from curriculum.alignment import counting, coverage
from curriculum.alignment import services as alignment
from curriculum.alignment.counting import Rollup
from curriculum.standards import tree
from curriculum.standards.models import StandardKind
from tests.conftest import login


@pytest.fixture
def leaves(world, db):
    """A > A.1 > (A.1.1 indicator, A.1.2 indicator, A.1.K1 knowledge); B > B.1 (no leaves)."""
    w = world
    w.pi2 = tree.add_standard(w.framework, w.ka, "performance_indicator", "Lockout verified")
    w.know = tree.add_standard(w.framework, w.ka, "knowledge", "Hazardous energy")
    w.cwf_b = tree.add_standard(w.framework, None, "critical_work_function", "Quality")
    w.ka_b = tree.add_standard(w.framework, w.cwf_b, "key_activity", "Inspect parts")
    w.faculty = w.factory.member(w.partnership, "faculty", organization=w.college)
    db.session.commit()
    return w


def _cov(w, **kwargs):
    return coverage.coverage(w.program, w.framework, drafts=True, **kwargs)


def _rollups(cov):
    return {r.standard.code: r.rollup for r in cov.rows}


def test_the_figures_count_the_assessed_leaves_and_work_functions_roll_up(leaves, db):
    w = leaves
    alignment.align(w.course, w.pi, "mastered", "", w.faculty)
    alignment.align(w.course2, w.know, "introduced", "", w.faculty)
    alignment.align(w.course2, w.ka, "mastered", "", w.faculty)  # a work function: not counted
    alignment.align(w.course, w.ka_b, "reinforced", "", w.faculty)  # no leaf under it
    db.session.commit()

    cov = _cov(w)
    assert [r.standard.code for r in cov.counted] == ["A.1.1", "A.1.2", "A.1.K1"]
    assert (cov.total, cov.covered, cov.mastered) == (3, 2, 1)
    assert [(k.kind, k.total, k.covered, k.mastered) for k in cov.kinds] == [
        (StandardKind.PERFORMANCE_INDICATOR, 2, 1, 1),
        (StandardKind.KNOWLEDGE, 1, 1, 0),
    ]
    # A.1: two of its three leaves covered; A rolls up from the same leaves. B.1 has no leaf
    # under it, so its own alignment says; B rolls up from nothing below and has none itself.
    assert _rollups(cov) == {
        "A": Rollup.PARTLY,
        "A.1": Rollup.PARTLY,
        "A.1.1": None,
        "A.1.2": None,
        "A.1.K1": None,
        "B": Rollup.NONE,
        "B.1": Rollup.COVERED,
    }
    assert cov.counting_rule.startswith(
        "Counting 3 assessed leaves: performance indicators and knowledge items; work "
        "functions roll up"
    )
    assert [r.standard.code for r in cov.gaps("uncovered")] == ["A.1.2"]
    (a, b) = cov.by_function()
    assert (a.total, a.covered, a.mastered) == (3, 2, 1) and b.total == 0

    alignment.align(w.course2, w.pi2, "reinforced", "", w.faculty)
    db.session.commit()
    assert _rollups(_cov(w))["A.1"] == Rollup.COVERED  # every leaf under it now


def test_count_all_counts_every_standard_alike(leaves, db):
    w = leaves
    alignment.align(w.course2, w.ka, "mastered", "", w.faculty)
    db.session.commit()
    cov = _cov(w, count="all")
    assert cov.total == 7 and (cov.covered, cov.mastered) == (1, 1)
    assert cov.counting_rule.startswith("Counting all 7 standards alike")
    assert {k.kind for k in cov.kinds} == set(StandardKind) - {
        StandardKind.SKILL,
        StandardKind.ITEM,
    }
    # The work function's rollup is shown all the same: none of its leaves is covered.
    assert _rollups(cov)["A.1"] == Rollup.NONE


def test_imported_items_count_when_nothing_is_under_them():
    def row(code, kind, depth, covered=False):
        return SimpleNamespace(
            standard=SimpleNamespace(id=code, code=code, kind=kind),
            depth=depth,
            counted=True,
            cells={1: object()} if covered else {},
            best=None,
        )

    item = StandardKind.ITEM
    rows = [row("D", item, 0), row("D.1", item, 1, covered=True), row("D.2", item, 1)]
    assert [r.standard.code for r in counting.counted(rows, "leaves")] == ["D.1", "D.2"]
    assert counting.rollups(rows) == {"D": Rollup.PARTLY}
    assert counting.statement("leaves", rows[1:]).startswith(
        "Counting 2 assessed leaves: items with nothing under them"
    )


def test_check_count_names_the_ways():
    assert counting.check_count(None) == "leaves" and counting.check_count(" ALL ") == "all"
    with pytest.raises(counting.CountError) as refused:
        counting.check_count("standards")
    assert refused.value.field == "count" and "use leaves" in refused.value.message


def test_the_page_states_the_rule_and_shows_rollups(client, leaves, db):
    w = leaves
    alignment.align(w.course, w.pi, "mastered", "", w.faculty)
    db.session.commit()
    login(client, w.faculty.email)
    page = client.get(f"/programs/{w.program.id}/coverage").text
    assert "Counting 3 assessed leaves: performance indicators and knowledge items" in page
    assert '<span class="badge rollup rollup-partly">Partly covered</span>' in page
    assert '<span class="badge rollup rollup-none">Not covered</span>' in page
    kinds = page.split('class="coverage-kinds"')[1].split("</table>")[0]
    assert "Per kind of standard counted" in kinds
    assert '<th scope="row">Performance indicator</th><td class="num">2</td>' in kinds
    assert "33%</strong> covered at any level" in page and "1 of 3 standards" in page
    every = client.get(f"/programs/{w.program.id}/coverage?count=all").text
    assert "Counting all 7 standards alike" in every and "1 of 7 standards" in every


def test_a_way_of_counting_that_is_not_one_is_refused_with_a_message(client, leaves, db):
    w = leaves
    page = client.get(f"/programs/{w.program.id}/coverage?count=everything")
    assert page.status_code == 400
    assert "“everything” is not a way of counting" in page.text
    assert 'id="count" name="count" aria-invalid="true"' in page.text
    assert "coverage-matrix" not in page.text
    for suffix in (".csv", ".xlsx"):
        assert client.get(f"/programs/{w.program.id}/coverage{suffix}?count=x").status_code == 400
    api = client.get(f"/api/v1/programs/{w.program.id}/coverage?count=everything")
    assert api.status_code == 400
    assert "not a way of counting" in api.json["fields"]["count"]
