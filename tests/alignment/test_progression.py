"""The progression check: the terms the required path introduces, reinforces and masters each
assessed standard in, what electives add, each flag with its explanation, and fixed queries."""

from __future__ import annotations

import pytest

from curriculum.alignment import progression
from curriculum.alignment import services as alignment
from curriculum.alignment.progression import ProgressionError
from tests.alignment.progression_world import PLAN, build_path
from tests.alignment.test_coverage_views import build_matrix


@pytest.fixture
def path(world, db):
    return build_path(world, db)


def _check(path, **kw):
    return progression.check(path.program, path.framework, drafts=True, **kw)


def _by_title(check) -> dict:
    return {s.title: s for s in check.standards}


def _keys(s) -> list[str]:
    return [f.key for f in s.flags]


def test_only_the_assessed_leaves_are_followed(path):
    check = _check(path)
    assert {s.standard.kind.value for s in check.standards} == {
        "performance_indicator",
        "knowledge",
    }
    titles = [s.title for s in check.standards]
    assert "Machining" not in titles and "Set up the machine" not in titles
    assert "Guards checked" in titles and "Tolerances" in titles
    assert len(titles) == len(PLAN) + 2  # the world's own indicator, and the knowledge item


def test_first_terms_of_each_level_along_the_required_path(path):
    s = _by_title(_check(path))
    good = s["Well sequenced"]
    assert (good.introduced, good.reinforced, good.mastered) == (1, 2, 3)
    assert good.flags == []
    early = s["Mastered early"]
    assert (early.introduced, early.reinforced, early.mastered) == (3, None, 2)
    # An elective never counts as the path: ROB 220 masters it, the path only introduces it.
    option = s["Mastered by an option"]
    assert (option.introduced, option.mastered) == (1, None)
    assert [(e.code, e.level.value, option.added(e)) for e in option.electives] == [
        ("ROB 220", "mastered", True)
    ]


def test_each_flag_with_its_explanation(path):
    s = _by_title(_check(path))
    assert _keys(s["Never aligned"]) == ["not_on_required_path"]
    assert s["Never aligned"].flags[0].explanation == "No course of the program is aligned to it."

    free = s["Only a free elective"]
    assert _keys(free) == ["not_on_required_path"]
    assert "WLD 100 (term 2, free elective)" in free.flags[0].explanation

    option = s["Mastered by an option"]
    assert _keys(option) == ["mastered_only_in_elective", "introduced_only"]
    assert "ROB 220 (term 3, elective: Automation, choose 1)" in option.flags[0].explanation
    assert option.flags[1].explanation.startswith("Introduced in term 1 (MFG 101)")

    early = s["Mastered early"]
    assert _keys(early) == ["mastered_before_introduced"]
    assert early.flags[0].explanation == (
        "Mastered in term 2 (MFG 201), before it is introduced in term 3 (MFG 301)."
    )
    assert _keys(s["Reinforced from nowhere"]) == ["reinforced_never_introduced"]
    assert _keys(s["Mastered at once"]) == [
        "mastered_never_introduced",
        "mastered_first_term_only",
    ]
    assert (
        "term 1 (MFG 101), the program's first term" in s["Mastered at once"].flags[1].explanation
    )
    assert _keys(s["Reinforced early"]) == ["reinforced_before_introduced"]
    assert _keys(s["Mastered before reinforced"]) == ["mastered_before_reinforced"]
    assert _keys(s["Left reinforced"]) == ["reinforced_not_mastered"]


def test_a_course_level_is_the_highest_of_its_course_level_and_outcome_alignments(path):
    tolerances = _by_title(_check(path))["Tolerances"]
    assert tolerances.terms("introduced") == [1]
    assert tolerances.terms("mastered") == [3]
    assert tolerances.flags == []


def test_counts_and_filters(path):
    check = _check(path)
    counts = check.counts
    assert list(counts) == [k.key for k in progression.FLAG_KINDS]
    # The world's own indicator (A.1.1 Guards checked) is aligned nowhere either.
    assert counts["not_on_required_path"] == 3
    assert counts["mastered_first_term_only"] == 1
    assert len(check.flagged) == 10
    found = check.select("not_on_required_path")
    assert {s.title for s in found} == {"Never aligned", "Only a free elective", "Guards checked"}
    assert [s.title for s in check.select(function_id=path.cwf_b.id)] == ["Tolerances"]
    assert [s.title for s in check.select(q="free ELECTIVE")] == ["Only a free elective"]
    assert check.select("introduced_only", path.cwf_b.id) == []
    with pytest.raises(ProgressionError, match="not a progression flag"):
        check.select("bogus")
    with pytest.raises(ProgressionError, match="not a critical work function"):
        check.select(function_id=path.ka.id)


def test_a_program_of_one_term_masters_nothing_too_early(world, db):
    w = world
    convener = w.factory.member(w.partnership, "convener")
    course = w.factory.course(w.college, "MFG 900", "Bootcamp")
    program = w.factory.program(
        w.college, w.partnership, [w.framework], name="Bootcamp", courses_by_term=[(course, 1)]
    )
    alignment.align(course, w.pi, "mastered", "", convener)
    db.session.commit()
    (only,) = progression.check(program, w.framework, drafts=True).standards
    assert _keys(only) == ["mastered_never_introduced"]


def test_readers_without_drafts_see_only_published_standards(path, world):
    assert _check(path).standards  # drafts
    published = progression.check(path.program, path.framework, drafts=False)
    assert published.standards == []
    world.factory.publish(path.cwf)
    world.factory.publish(path.ka)
    world.factory.publish(path.indicators["Well sequenced"])
    check = progression.check(path.program, path.framework, drafts=False)
    assert [s.title for s in check.standards] == ["Well sequenced"]


def test_the_check_takes_the_same_queries_however_large(world, db, count_queries):
    small, _, _ = build_matrix(world, db, 2, 2, 3, 3)
    large, rows, cells = build_matrix(world, db, 12, 3, 5, 30)
    assert rows > 200 and cells > 2000
    counts = []
    for program in (small, large):
        framework = program.frameworks[0]
        db.session.expire_all()
        with count_queries() as queries:
            check = progression.check(program, framework)
            for s in check.standards:  # everything the page and the API read
                [(f.explanation, f.label) for f in s.flags]
                [(e.where, e.term) for e in s.steps]
        counts.append(len(queries))
    assert check.standards and check.flagged
    # 9: one of them reads the change tokens of what is kept in memory (curriculum.stamped)
    assert counts[0] == counts[1] <= 9, counts
