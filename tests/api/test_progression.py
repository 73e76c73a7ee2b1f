"""The progression check through the API: the same standards, terms and flags as the page,
answers that match the OpenAPI document, drafts for members only, bad input, fixed queries."""

from __future__ import annotations

import pytest

from curriculum.alignment import progression
from curriculum.alignment.progression_flags import FlagKey
from curriculum.standards import tree
from tests.alignment.progression_world import PLAN, build_path
from tests.api.test_openapi import _conforms


@pytest.fixture
def path(world, db):
    return build_path(world, db)


def _url(path, query: str = "") -> str:
    return f"/api/v1/programs/{path.program.id}/progression" + (f"?{query}" if query else "")


def test_terms_electives_and_flags_per_standard(api_as, path):
    response = api_as("panelist").get(_url(path))
    assert response.status_code == 200, response.json
    _conforms(response, "get", "/programs/{program_id}/progression")
    body = response.json
    assert body["program"] == {"id": path.program.id, "name": "Machinist"}
    assert body["framework"]["id"] == path.framework.id
    assert (body["total"], body["flagged"], body["first_term"]) == (len(PLAN) + 2, 10, 1)
    assert [c["key"] for c in body["counts"]] == [k.value for k in FlagKey]
    assert {c["key"]: c["count"] for c in body["counts"]}["not_on_required_path"] == 3
    by_title = {s["title"]: s for s in body["standards"]}
    good = by_title["Well sequenced"]
    assert (good["introduced"], good["reinforced"], good["mastered"]) == (1, 2, 3)
    assert good["terms"] == {"introduced": [1], "reinforced": [2], "mastered": [3]}
    assert good["flags"] == [] and good["function_id"] == path.cwf.id
    assert good["kind"] == "performance_indicator"
    option = by_title["Mastered by an option"]
    assert option["electives"] == [
        {
            "course_id": path.made["e1"].id,
            "code": "ROB 220",
            "term": 3,
            "level": "mastered",
            "group": "Automation",
            "adds": True,
        }
    ]
    assert [f["key"] for f in option["flags"]] == ["mastered_only_in_elective", "introduced_only"]
    early = by_title["Mastered early"]["flags"][0]
    assert early == {
        "key": "mastered_before_introduced",
        "label": "Mastered before introduced",
        "explanation": "Mastered in term 2 (MFG 201), before it is introduced in term 3 (MFG 301).",
    }
    assert by_title["Only a free elective"]["electives"][0]["group"] is None
    # The same check as the page's.
    check = progression.check(path.program, path.framework, drafts=True)
    assert [s["code"] for s in body["standards"]] == [s.code for s in check.standards]


def test_visitors_get_only_published_standards(api_as, path, world):
    body = api_as("anonymous").get(_url(path)).json
    assert body["standards"] == [] and body["total"] == 0
    for s in (path.cwf, path.ka, path.indicators["Left reinforced"]):
        world.factory.publish(s)
    response = api_as("outsider").get(_url(path))
    _conforms(response, "get", "/programs/{program_id}/progression")
    ((only,),) = [response.json["standards"]]
    assert only["title"] == "Left reinforced"
    assert [f["key"] for f in only["flags"]] == ["reinforced_not_mastered"]


def test_bad_frameworks_and_programs(api_as, world, db):
    api = api_as("anonymous")
    unused = tree.create_framework(world.partnership, {"title": "Welding Technician"})
    db.session.commit()
    url = f"/api/v1/programs/{world.program.id}/progression"
    for query, words in (
        (f"framework={unused.id}", "does not use the framework “Welding Technician”"),
        ("framework=2147483648", "positive whole number"),
        ("framework=welding", "positive whole number"),
    ):
        response = api.get(f"{url}?{query}")
        assert response.status_code == 400
        _conforms(response, "get", "/programs/{program_id}/progression")
        assert words in response.json["fields"]["framework"]
    world.program.frameworks = []
    db.session.commit()
    response = api.get(url)
    assert response.status_code == 400 and "no framework yet" in response.json["error"]
    missing = api.get("/api/v1/programs/999/progression")
    assert missing.status_code == 404
    _conforms(missing, "get", "/programs/{program_id}/progression")


def test_the_same_queries_for_few_alignments_or_many(api_as, world, db, count_queries):
    api = api_as("panelist")
    url = f"/api/v1/programs/{world.program.id}/progression"
    api.get(url)  # the token's first use records last_used_at; count from the second
    convener = world.factory.member(world.partnership, "convener")
    world.factory.align(world.course, world.pi, "introduced", by=convener)
    with count_queries() as one:
        assert api.get(url).json["flagged"] == 1
    world.factory.align(world.course2, world.pi, "mastered", by=convener)
    world.factory.align(world.course2, world.ka, "mastered", by=convener)
    with count_queries() as more:
        assert api.get(url).json["flagged"] == 0
    assert len(more) == len(one)
