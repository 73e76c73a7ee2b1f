"""Ranking a course's outcomes against a standard with the database's own full-text search
(SQLite FTS5, PostgreSQL text search): the suite runs on both."""

from curriculum.alignment import suggest
from curriculum.extensions import db

OUTCOMES = [
    "Write a shop report",
    "Measure parts with calipers and micrometers",
    "Inspect machine guards before each shift and report missing guards",
    "Inspect welds",
]


def _course(world):
    return world.factory.course(
        world.college, "MFG 130", "Quality", learning_outcomes="\n".join(OUTCOMES)
    )


def test_outcomes_sharing_more_words_rank_first_and_the_rest_follow_in_order(world):
    course = _course(world)
    ranked = suggest.for_text(course, "Inspecting guarding: guards are checked before a shift")
    texts = [s.outcome.text for s in ranked]
    # Stemmed: "inspecting" matches "Inspect", "guards"/"guarding" match "guards", "shift".
    assert texts[0] == OUTCOMES[2]
    assert texts[1] == OUTCOMES[3]  # "Inspect" only
    assert [s.suggested for s in ranked] == [True, True, False, False]
    # Outcomes sharing nothing keep the course's order after the matches.
    assert texts[2:] == [OUTCOMES[0], OUTCOMES[1]]


def test_a_standard_is_matched_by_its_title_and_statement(world):
    course = _course(world)
    version = world.ka.current_version  # "Inspect guarding"
    version.statement = "Use calipers and micrometers to measure."
    db.session.flush()
    ranked = suggest.for_standard(course, version)
    assert {s.outcome.text for s in ranked if s.suggested} == {
        OUTCOMES[1],
        OUTCOMES[2],
        OUTCOMES[3],
    }
    assert ranked[0].outcome.text == OUTCOMES[1]  # three of its words against one


def test_only_the_courses_own_outcomes_and_nothing_for_stop_words_or_syntax(world):
    course = _course(world)
    other = world.factory.course(
        world.college, "MFG 140", "Other", learning_outcomes="Inspect machine guards"
    )
    ranked = suggest.for_text(course, "guards")
    assert [s.outcome.course_id for s in ranked] == [course.id] * 4
    assert {s.outcome.id for s in suggest.for_text(other, "guards") if s.suggested} == {
        other.outcomes[0].id
    }
    # Only stop words, or text that would be query syntax, match nothing and never fail.
    assert not any(s.suggested for s in suggest.for_text(course, "the and of"))
    for hostile in ('"guards" OR NEAR(', "guards | !(x) & 'y':*", "guard* ^inspect -"):
        found = suggest.for_text(course, hostile)
        assert found[0].outcome.text == OUTCOMES[2], hostile
    assert suggest.for_text(world.course, "guards") == []  # a course without outcomes


def test_the_ranking_leaves_nothing_behind(world):
    course = _course(world)
    suggest.for_text(course, "guards")
    suggest.for_text(course, "welds")  # a second ranking in the same transaction
    db.session.commit()
    found = suggest.for_text(course, "welds")
    assert [s.outcome.text for s in found if s.suggested] == [OUTCOMES[3]]
