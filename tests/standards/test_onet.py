"""Ranking of the O*NET occupation search behind the framework form."""

import re

from curriculum.standards import onet


def titles(q: str, limit: int = 20) -> list[str]:
    return [o.title for o in onet.search(q, limit)]


def test_partial_word_puts_titles_starting_with_it_first():
    found = onet.search("machin")
    codes = [o.code for o in found]
    assert "51-4041.00" in codes[:3]  # Machinists
    assert titles("machin")[:2] == ["Machine Feeders and Offbearers", "Machinists"]


def test_titles_starting_with_the_query_come_before_other_word_matches():
    found = titles("maintenance")
    assert found[:2] == [
        "Maintenance and Repair Workers, General",
        "Maintenance Workers, Machinery",
    ]
    assert found.index("Maintenance and Repair Workers, General") < found.index(
        "Grounds Maintenance Workers, All Other"
    )


def test_exact_title_first_then_title_start_then_word_starts_then_substrings():
    assert titles("machinists")[0] == "Machinists"
    ranked = titles("mechanic", 100)
    starts = [t for t in ranked if t.lower().startswith("mechanic")]
    words = [
        t
        for t in ranked
        if t not in starts
        and any(w.startswith("mechanic") for w in re.split(r"[^a-z0-9]+", t.lower()))
    ]
    inside = [t for t in ranked if t not in starts and t not in words]
    assert starts and words and inside  # "Electromechanical ...": inside only
    by_title = lambda group: sorted(group, key=str.lower)  # noqa: E731
    assert ranked == by_title(starts) + by_title(words) + by_title(inside)


def test_every_word_must_start_a_title_word_for_the_word_rank():
    assert titles("industrial mach")[0] == "Industrial Machinery Mechanics"


def test_code_and_empty_queries():
    assert [o.code for o in onet.search("51-4041")] == ["51-4041.00"]
    assert onet.search("   ") == []
    assert len(onet.search("e", limit=5)) == 5
