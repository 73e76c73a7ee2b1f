"""The CASE reader: what a CFPackage becomes, the defects it mends, the files it refuses."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from curriculum.interop.package import ImportRejected, read
from curriculum.standards.models import StandardKind
from tests.interop.conftest import encode


def by_code(package):
    return {item.code: item for item in package.items}


def test_small_package_items_kinds_and_tree(small_bytes):
    package = read("case", small_bytes)
    assert package.identifier == "0d0c0000-0000-4000-8000-000000000000"
    assert package.title == "Small Framework"
    assert package.description == "A hand-made CASE 1.1 package for the tests."
    assert package.fields["caseVersion"] == "1.1"
    assert package.fields["extensions"] == {"ext:owner": "tests"}
    assert "identifier" not in package.fields and "title" not in package.fields
    items = by_code(package)
    assert items["A"].kind == StandardKind.CRITICAL_WORK_FUNCTION
    assert items["A.1"].kind == StandardKind.KEY_ACTIVITY  # "key activity"
    assert items["A.1.1"].kind == StandardKind.PERFORMANCE_INDICATOR
    assert items["A.1.K1"].kind == StandardKind.KNOWLEDGE
    assert items["A.1.S1"].kind == StandardKind.SKILL  # "SKILL"
    assert (items["D"].kind, items["D"].item_type) == (StandardKind.ITEM, "Domain")
    assert items["A-2"].item_type == "Tagout Procedure"
    no_type = next(i for i in package.items if i.identifier.endswith("8"))
    assert (no_type.kind, no_type.item_type) == (StandardKind.ITEM, "Item")
    # The tree: parents first, siblings by sequenceNumber ("1" read as 1).
    assert [i.code for i in package.items] == [
        "A",
        "A.1",
        "A.1.1",
        "A.1.K1",
        "A.1.S1",
        "A.2",
        "D",
        no_type.code,
        "A-2",
    ]
    assert items["A.1"].parent == items["A"].identifier
    assert items["A"].parent is None and items["D"].parent is None
    # Two isChildOf parents: the first one holds it; the other stays a link.
    assert items["A-2"].parent == items["D"].identifier
    # Titles: abbreviatedStatement, else from fullStatement; the statement is fullStatement.
    assert items["A"].title == "Operate equipment"
    assert items["A.1.1"].title == items["A.1.1"].statement


def test_every_item_field_is_kept(small, small_bytes):
    package = read("case", small_bytes)
    raw = {i["identifier"]: i for i in small["CFItems"]}
    domain = next(i for i in package.items if i.code == "D")
    expected = {k: v for k, v in raw[domain.identifier].items() if k != "fullStatement"}
    expected.pop("identifier")
    assert domain.fields == expected
    for key in ("conceptKeywords", "licenseURI", "statusEndDate", "extensions", "subjectURI"):
        assert key in domain.fields
    for item in package.items:
        assert set(item.fields) | {"identifier", "fullStatement"} >= set(raw[item.identifier])


def test_links_and_definitions_are_kept(small_bytes):
    package = read("case", small_bytes)
    assert len(package.links) == 20
    types = Counter(link.type for link in package.links)
    assert types["isChildOf"] == 10
    assert types["isRelatedTo"] == 2  # "RelatedTo" and "is_related_to"
    assert {"exactMatchOf", "precedes", "isPeerOf", "replacedBy", "isPartOf", "exemplar"} <= set(
        types
    )
    assert types["ext:alignsToCredential"] == 1
    outside = next(link for link in package.links if link.type == "exactMatchOf")
    assert outside.destination.uri.startswith("https://case.other.org/")
    assert outside.fields["notes"] == "Crosswalk to the national standard."
    assert outside.fields["CFAssociationGroupingURI"]["title"] == "Crosswalk 2024"
    assert "identifier" not in outside.fields and "originNodeURI" not in outside.fields
    child = next(link for link in package.links if link.identifier.endswith("0003"))
    assert child.sequence == 2
    kinds = Counter(d.kind for d in package.definitions)
    assert kinds == {
        "CFItemTypes": 6,
        "CFConcepts": 1,
        "CFSubjects": 1,
        "CFLicenses": 1,
        "CFAssociationGroupings": 1,
        "CFRubrics": 1,
    }
    rubric = next(d for d in package.definitions if d.kind == "CFRubrics")
    assert rubric.fields["CFRubricCriteria"][0]["CFRubricCriterionLevels"][0]["score"] == 3


def test_defects_are_mended_and_listed(small_bytes):
    package = read("case", small_bytes)
    items = by_code(package)
    fixes = [(f.where, f.message) for f in package.fixes]

    def fixed(where_part, message_part):
        return any(where_part in w and message_part in m for w, m in fixes)

    knowledge = items["A.1.K1"]
    assert knowledge.statement == "Blueprint reading and geometric tolerancing"
    assert fixed("fullStatement", "filled from abbreviatedStatement")
    skill = items["A.1.S1"]
    assert skill.fields["educationLevel"] == ["09", "10"]
    assert fixed("educationLevel", "read as a list")
    assert skill.fields["lastChangeDateTime"] == "2024-05-02T08:30:00+00:00"
    assert fixed("lastChangeDateTime", "read as UTC")
    assert fixed("associationType", "'RelatedTo' read as isRelatedTo")
    precedes = next(link for link in package.links if link.type == "precedes")
    assert precedes.origin.identifier == items["A.1"].identifier
    assert (precedes.origin.uri, precedes.origin.title) == ("", "")
    assert fixed("originNodeURI", "a bare")
    assert fixed("humanCodingScheme", "missing; the item is coded")
    assert fixed("humanCodingScheme", "code A is used by an earlier item; this one is A-2")
    assert fixed("sequenceNumber", "read as a number")


def test_natural_order_without_sequence_numbers():
    doc = "d0c"
    codes = ["A.10", "A.9", "A.2"]
    package = {
        "CFDocument": {"identifier": doc, "title": "Order"},
        "CFItems": [
            {"identifier": f"i{n}", "fullStatement": code, "humanCodingScheme": code}
            for n, code in enumerate(codes)
        ],
        "CFAssociations": [
            {
                "identifier": f"a{n}",
                "associationType": "isChildOf",
                "originNodeURI": {"identifier": f"i{n}", "uri": "", "title": ""},
                "destinationNodeURI": {"identifier": doc, "uri": "", "title": ""},
            }
            for n in range(3)
        ],
    }
    assert [i.code for i in read("case", encode(package)).items] == ["A.2", "A.9", "A.10"]


def rejected(data: bytes) -> list[tuple[str, str]]:
    with pytest.raises(ImportRejected) as caught:
        read("case", data)
    return [(p.where, p.message) for p in caught.value.problems]


def test_refuses_what_is_not_json():
    problems = rejected(b'{"CFDocument": {\n  "identifier": "x",,\n}}')
    assert problems[0][0] == "file"
    assert "Not JSON" in problems[0][1] and "line 2, column" in problems[0][1]


@pytest.mark.parametrize(
    "package, where",
    [
        ([1, 2], "CFDocument"),
        ({"CFItems": []}, "CFDocument"),
        ({"CFDocument": {"identifier": "d", "title": "t"}, "CFItems": {"a": 1}}, "CFItems"),
    ],
)
def test_refuses_json_that_is_not_a_package(package, where):
    assert rejected(encode(package))[0][0] == where


def test_refuses_an_item_without_identifier_naming_it(small):
    del small["CFItems"][3]["identifier"]
    assert ("CFItems[3].identifier", "the item has no identifier.") in rejected(encode(small))


def test_refuses_a_duplicate_identifier(small):
    small["CFItems"][4]["identifier"] = small["CFItems"][2]["identifier"]
    problems = rejected(encode(small))
    assert problems[0][0] == "CFItems[4].identifier"
    assert "CFItems[2]" in problems[0][1]


def test_refuses_a_cycle_naming_its_items(small):
    ids: dict[str, str] = {}
    for item in small["CFItems"]:
        ids.setdefault(item.get("humanCodingScheme", ""), item["identifier"])
    # A isChildOf A.1.1 closes A -> A.1.1 -> A.1 -> A.
    for link in small["CFAssociations"]:
        origin = link["originNodeURI"]
        if link["associationType"] == "isChildOf" and origin["identifier"] == ids["A"]:
            link["destinationNodeURI"] = {"identifier": ids["A.1.1"], "uri": "", "title": ""}
    ((where, message),) = rejected(encode(small))
    assert where == "CFAssociations (isChildOf)"
    assert "a cycle" in message
    for code in ("A ", "A.1 ", "A.1.1 "):
        assert code in message


def test_refuses_a_file_over_the_upload_limit(app, small_bytes):
    app.config["MAX_CONTENT_LENGTH"] = 1000
    ((where, message),) = rejected(small_bytes)
    assert where == "file" and "largest accepted is 0 KB" in message


def test_refuses_an_association_without_ends(small):
    small["CFAssociations"][12]["originNodeURI"] = None
    problems = rejected(encode(small))
    assert problems[0][0].endswith(".originNodeURI")


def test_real_package_keeps_every_item_field_and_association(real_bytes):
    source = json.loads(real_bytes)
    package = read("case", real_bytes)
    assert len(package.items) == 585
    assert len(package.links) == 3367
    assert Counter(link.type for link in package.links) == {
        "isRelatedTo": 1460,
        "exactMatchOf": 914,
        "isChildOf": 570,
        "precedes": 423,
    }
    raw = {i["identifier"]: i for i in source["CFItems"]}
    for item in package.items:
        original = dict(raw[item.identifier])
        assert item.statement == original.pop("fullStatement")
        original.pop("identifier")
        assert item.fields == original
    assert sum(1 for link in package.links if link.sequence is not None) == 204
    assert Counter(i.item_type for i in package.items)["Measured Skill"] == 298
    assert len({i.code for i in package.items}) == 585
    # Parents come first.
    seen: set[str] = set()
    for item in package.items:
        assert item.parent is None or item.parent in seen
        seen.add(item.identifier)
