"""The progression page: what it shows, its filters and their bad values, its links, who sees
drafts on it, paging and its query count."""

from __future__ import annotations

import re

import pytest

from curriculum.courses import services as courses
from tests.alignment.progression_world import build_path
from tests.alignment.test_coverage_views import build_matrix


@pytest.fixture
def path(world, db):
    return build_path(world, db)


def _text(html: str) -> str:
    """The page's visible words, one space apart."""
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split()).replace("&#39;", "'")


def _url(path, **query) -> str:
    args = "&".join(f"{k}={v}" for k, v in query.items())
    return f"/programs/{path.program.id}/progression" + (f"?{args}" if args else "")


def test_the_page_shows_terms_flags_and_counts(client, path, login_as):
    login_as("convener")  # the standards are drafts: members who may see drafts see them
    response = client.get(_url(path))
    assert response.status_code == 200
    text = _text(response.text)
    assert "Progression check" in text and "Machinist" in text
    assert "Problems found 10 of 12 standards" in text
    assert (  # the count per flag
        "Mastered before introduced The first term that masters it comes before the first "
        "term that introduces it. 1" in text
    )
    assert "Not covered on the required path No required course is aligned to it. 3" in text
    assert "Mastered in term 2 (MFG 201), before it is introduced in term 3 (MFG 301)." in text
    # A row: code, title, the terms of I, R and M, the electives, the flags.
    assert "B.1.1 Well sequenced 1 2 3 None" in text
    assert "Mastered by an option 1 – – ROB 220 term 3 M adds" in text
    assert 'scope="row"' in response.text and '<th scope="col">Mastered in term</th>' in (
        response.text
    )


def test_filters_by_flag_function_and_words(client, path, login_as):
    login_as("convener")
    text = _text(client.get(_url(path, flag="reinforced_never_introduced")).text)
    assert "Reinforced from nowhere" in text and "Well sequenced" not in text
    assert "Reinforced but never introduced 1 of 12" in text
    text = _text(client.get(_url(path, function=path.cwf_b.id)).text)
    assert "Tolerances" in text and "Well sequenced" not in text
    text = _text(client.get(_url(path, flag="introduced_only", function=path.cwf_b.id)).text)
    assert "No standard matches these filters." in text
    text = _text(client.get(_url(path, q="at once")).text)
    assert "Mastered at once" in text and "Mastered early" not in text


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"flag": "bogus"}, "is not a progression flag"),
        ({"function": "KA"}, "function must be a positive whole number"),
        ({"function": "99999999"}, "is not a critical work function"),
        ({"framework": "99999999"}, "does not use a framework #99999999"),
        ({"q": "x" * 201}, "Search for at most 200 characters"),
    ],
)
def test_bad_filters_are_a_400_that_says_why(client, path, query, message):
    response = client.get(_url(path, **query))
    assert response.status_code == 400
    assert message in _text(response.text)


def test_a_key_activity_is_not_a_function_to_filter_by(client, path):
    response = client.get(_url(path, function=path.ka.id))
    assert response.status_code == 400


def test_readers_without_drafts_see_published_standards_only(client, path, world):
    text = _text(client.get(_url(path)).text)  # anonymous: the drafts are not shown
    assert "Well sequenced" not in text
    assert "This framework has no assessed standards" in text
    for s in (path.cwf, path.ka, path.indicators["Mastered early"]):
        world.factory.publish(s)
    text = _text(client.get(_url(path)).text)
    assert "Mastered early" in text and "Well sequenced" not in text
    assert "Problems found 1 of 1 standard" in text


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
    response = client.get(f"/programs/{program.id}/progression")
    assert response.status_code == 200
    assert "no progression to check" in response.text


def test_linked_from_the_coverage_page_and_the_program_page(client, path):
    link = f"/programs/{path.program.id}/progression?framework={path.framework.id}"
    assert link in client.get(f"/programs/{path.program.id}/coverage").text
    program_page = client.get(f"/programs/{path.program.id}").text
    assert link in program_page
    assert f'{link}">Progression check' in program_page


def test_pages_of_a_long_list_and_a_fixed_query_count(client, world, db, count_queries):
    small, _, _ = build_matrix(world, db, 2, 2, 3, 3)
    large, _, _ = build_matrix(world, db, 12, 3, 5, 30)
    client.get(f"/programs/{small.id}/progression")  # warm up
    counts = []
    for program in (small, large):
        with count_queries() as queries:
            response = client.get(f"/programs/{program.id}/progression")
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
    text = _text(response.text)
    assert "Page 1 of 2 · 180 in all" in text  # 12 × 3 × 5 indicators, 100 a page
    second = _text(client.get(f"/programs/{large.id}/progression?page=2").text)
    assert "Page 2 of 2" in second
    beyond = _text(client.get(f"/programs/{large.id}/progression?page=9").text)
    assert "There is no page 9" in beyond
