"""The coverage page one critical work function at a time (issue 18): above
COVERAGE_FIRST_VIEW_ROWS rows the first view shows the first function only, ?function= picks
another (or all), the summary keeps the whole framework's figures, and the query count does
not grow with the number of functions."""

import pytest

from curriculum.alignment import services
from tests.alignment.test_coverage_views import _url, matrix_of
from tests.conftest import login


@pytest.fixture
def three(world, db, client):
    """Functions A (the world's: A, A.1, A.1.1), B (B, B.1, B.1.1) and C (C, C.1, C.1.1); MFG 110
    covers A.1 and C.1.1 (mastered); B is not covered at all."""
    f = world.factory
    tops = {"A": (world.cwf, world.ka, world.pi)}
    for code, title in (("B", "Quality"), ("C", "Maintenance")):
        cwf = f.standard(world.framework, None, "critical_work_function", title)
        ka = f.standard(world.framework, cwf, "key_activity", f"{title} activity")
        pi = f.standard(world.framework, ka, "performance_indicator", f"{title} indicator")
        tops[code] = (cwf, ka, pi)
    user = f.member(world.partnership, "faculty", organization=world.college)
    services.align(world.course, world.ka, "introduced", "", user)
    services.align(world.course, tops["C"][2], "mastered", "", user)
    db.session.commit()
    login(client, f.member(world.partnership, "panelist").email)
    return tops


@pytest.fixture
def small_first_view(app, monkeypatch):
    monkeypatch.setitem(app.config, "COVERAGE_FIRST_VIEW_ROWS", 4)


def _codes(page: str) -> list[str]:
    return [row[0].split()[0] for row in matrix_of(page).cells()[1:]]


def test_a_small_matrix_shows_every_row_without_a_pager(client, world, three):
    page = client.get(_url(world)).text
    assert _codes(page) == ["A", "A.1", "A.1.1", "B", "B.1", "B.1.1", "C", "C.1", "C.1.1"]
    assert "function-pager" not in page


def test_a_large_matrix_opens_on_its_first_function(client, world, three, small_first_view):
    page = client.get(_url(world)).text
    assert _codes(page) == ["A", "A.1", "A.1.1"]
    # The phone list shows the same rows.
    assert page.count('<li class="d') == 3
    pager = page.split('class="function-pager"')[1].split("</nav>")[0]
    assert "3 of 9 rows" in pager and "critical work function 1 of 3" in pager
    assert 'rel="next"' in pager and "Quality" in pager and 'rel="prev"' not in pager
    assert "Show all 9 rows at once" in pager
    # The links again after the matrix.
    after = page.split("after the matrix")[1].split("</nav>")[0]
    assert 'rel="next"' in after and "Show all 9 rows at once" in after
    # The figures stay the whole framework's: 2 of 9 covered.
    assert "2 of 9 standards" in page
    # Each function in the figures table links to its rows.
    functions = page.split('class="coverage-functions"')[1].split("</table>")[0]
    b = three["B"][0].id
    assert f"function={b}" in functions and 'aria-current="true"' in functions


def test_another_function_or_all_are_asked_by_id(client, world, three, small_first_view):
    b, c = three["B"][0].id, three["C"][0].id
    page = client.get(_url(world, function=b)).text
    assert _codes(page) == ["B", "B.1", "B.1.1"]
    pager = page.split('class="function-pager"')[1].split("</nav>")[0]
    assert 'rel="prev"' in pager and 'rel="next"' in pager and f"function={c}" in pager
    last = client.get(_url(world, function=c)).text
    assert _codes(last) == ["C", "C.1", "C.1.1"] and 'rel="next"' not in last
    assert len(_codes(client.get(_url(world, function="all")).text)) == 9


@pytest.mark.parametrize("bad", ["999999", "abc", "-1", "99999999999999999999999"])
def test_a_function_not_in_the_framework_is_a_bad_request(
    client, world, three, small_first_view, bad
):
    response = client.get(_url(world, function=bad))
    assert response.status_code == 400
    assert "not one of the 3 top-level standards" in response.text


def test_a_standard_below_the_top_is_not_a_function(client, world, three, small_first_view):
    assert client.get(_url(world, function=three["B"][1].id)).status_code == 400


def test_gaps_open_on_the_first_function_with_gaps(client, world, three, small_first_view):
    # Uncovered: A (A, A.1.1), B (all three), C (C, C.1): 7 rows, over the limit of 4.
    page = client.get(_url(world, gaps="uncovered")).text
    assert _codes(page) == ["A", "A.1.1"]
    assert "2 of 7 gaps" in page
    only_b = client.get(_url(world, gaps="uncovered", function=three["B"][0].id)).text
    assert _codes(only_b) == ["B", "B.1", "B.1.1"]
    # The filter and the function are kept by the pager's links.
    assert "gaps=uncovered" in only_b.split('class="function-pager"')[1].split("</nav>")[0]


def test_a_function_without_gaps_says_so(client, world, three, small_first_view, db):
    user = world.factory.member(world.partnership, "faculty", organization=world.college)
    for s in three["C"]:
        services.align(world.course2, s, "mastered", "", user)
    db.session.commit()
    page = client.get(_url(world, gaps="uncovered", function=three["C"][0].id)).text
    assert _codes(page) == []
    assert "No standard under this critical work function is left uncovered" in page


def test_the_first_view_runs_the_same_queries_with_more_functions(
    client, world, three, small_first_view, count_queries, db
):
    def count() -> int:
        with count_queries() as queries:
            assert client.get(_url(world)).status_code == 200
        return len(queries)

    before = count()
    f = world.factory
    for n in range(4):
        cwf = f.standard(world.framework, None, "critical_work_function", f"Extra {n}")
        f.standard(world.framework, cwf, "key_activity", f"Extra activity {n}")
    db.session.commit()
    assert count() == before
