"""The CASE 1.0 / 1.1 writer: schema-valid packages, every imported field given back, the 1.0
package without what 1.1 added, identifiers stable across versions, drafts only for those who
see them."""

from __future__ import annotations

import json

from curriculum.extensions import db
from curriculum.interop import case_write, writers
from curriculum.interop.case_write import ADDED_IN_1_1, TYPES_1_0, V1_0, V1_1
from curriculum.standards.outline import NOT_PUBLISHED
from tests.interop import case_world as w


def package(app, framework, version=V1_1, drafts=False) -> dict:
    name = "case" if version == V1_1 else "case-1.0"
    with app.test_request_context("/"):
        return json.loads(writers.write(framework, name, drafts=drafts))


def set_aside_1_1(pkg: dict) -> dict:
    """A 1.1 package without the 1.1 additions (what the 1.0 schema cannot name)."""
    out = {k: v for k, v in pkg.items() if k not in ADDED_IN_1_1["CFPackage"]}
    out["CFDocument"] = case_write.strip(pkg["CFDocument"], ADDED_IN_1_1["CFDocument"])
    out["CFItems"] = [case_write.strip(i, ADDED_IN_1_1["CFItem"]) for i in pkg["CFItems"]]
    out["CFAssociations"] = [
        case_write.strip(a, ADDED_IN_1_1["CFAssociation"])
        for a in pkg["CFAssociations"]
        if a["associationType"] in TYPES_1_0
    ]
    out["CFDefinitions"] = case_write.strip_definition(pkg["CFDefinitions"])
    out["CFRubrics"] = case_write.strip_definition(pkg["CFRubrics"])
    return out


def by_id(objects: list[dict]) -> dict[str, dict]:
    return {o["identifier"]: o for o in objects}


def test_both_packages_validate_on_an_authored_and_an_imported_framework(app, factory, partnership):
    for build in (w.authored, w.imported):
        framework, _ = build(factory, partnership)
        one_oh = package(app, framework, V1_0)
        w.validate(one_oh)
        one_one = package(app, framework, V1_1)
        w.validate(set_aside_1_1(one_one))
        # The 1.0 package is the 1.1 one less the 1.1 additions, nothing else.
        assert one_oh == set_aside_1_1(one_one)


def test_the_writers_are_registered_with_their_files(app, factory, partnership):
    framework, _ = w.authored(factory, partnership)
    assert writers.WRITERS["case"].media_type == "application/json"
    assert writers.WRITERS["case-1.0"].extension == "json"
    assert writers.filename(framework, "case-1.0").endswith(".json")


def test_an_authored_framework_exports_what_a_visitor_sees(app, factory, partnership):
    framework, s = w.authored(factory, partnership)
    pkg = package(app, framework)
    doc = pkg["CFDocument"]
    assert doc["identifier"] == framework.uuid
    assert doc["creator"] == doc["publisher"] == partnership.name
    assert doc["uri"].endswith(f"/ims/case/v1p1/CFDocuments/{framework.uuid}")
    assert doc["caseVersion"] == "1.1"
    items = by_id(pkg["CFItems"])
    assert s["draft"].uuid not in items  # a draft never leaves for a visitor
    assert "Secret draft" not in json.dumps(pkg) and "Hidden text" not in json.dumps(pkg)
    hidden = items[s["hidden_parent"].uuid]  # the unpublished parent of a published child
    assert hidden["fullStatement"] == NOT_PUBLISHED
    assert hidden["humanCodingScheme"] == s["hidden_parent"].code
    skill = items[s["skill"].uuid]
    assert skill["fullStatement"] == "Read the safety checklist."
    assert skill["abbreviatedStatement"] == "Read a checklist"
    assert skill["humanCodingScheme"] == s["skill"].code
    assert skill["CFItemType"] == "Skill"
    types = by_id(pkg["CFDefinitions"]["CFItemTypes"])
    assert skill["CFItemTypeURI"]["identifier"] in types
    # The tree: every node to its parent, the top ones to the document, numbered from 1.
    tree = {
        a["originNodeURI"]["identifier"]: a
        for a in pkg["CFAssociations"]
        if a["associationType"] == "isChildOf"
    }
    assert tree[s["skill"].uuid]["destinationNodeURI"]["identifier"] == s["ka"].uuid
    assert tree[s["cwf"].uuid]["destinationNodeURI"]["identifier"] == framework.uuid
    assert tree[s["cwf"].uuid]["sequenceNumber"] == 1
    assert tree[s["hidden_parent"].uuid]["sequenceNumber"] == 2  # the draft one is not counted
    # Readers who see drafts get them.
    with_drafts = by_id(package(app, framework, drafts=True)["CFItems"])
    assert with_drafts[s["draft"].uuid]["fullStatement"] == "Not agreed."


def test_an_imported_framework_gives_back_every_field(app, factory, partnership):
    framework, s = w.imported(factory, partnership)
    pkg = package(app, framework)
    doc = pkg["CFDocument"]
    assert doc["identifier"] == w.DOC_ID
    assert doc["uri"] == f"{w.SOURCE}/CFDocuments/{w.DOC_ID}"
    assert doc["creator"] == "State Board" and doc["publisher"] == partnership.name
    assert doc["officialSourceURL"] == "https://example.org/math.pdf"
    assert doc["lastChangeDateTime"] == "2019-06-01T12:00:00+00:00"  # nothing changed here
    assert doc["frameworkType"] == "Academic" and doc["extensions"] == {"board": "x"}
    items = by_id(pkg["CFItems"])
    domain = items[w.DOMAIN_ID]
    for key, value in s["domain"].current_version.source_fields.items():
        assert domain[key] == value, key
    assert domain["fullStatement"] == "Operations."
    skill = items[w.SKILL_ID]
    assert "abbreviatedStatement" not in skill  # the source had none; the title is derived
    assert skill["listEnumeration"] == "2" and skill["humanCodingScheme"] == "M.OA.B.2"
    assert skill["CFItemType"] == "Standard"
    assert skill["CFItemTypeURI"]["identifier"] == case_write.item_type_identifier("Standard")
    links = by_id(pkg["CFAssociations"])
    tree = links[w.TREE_LINK_ID]  # the stored isChildOf keeps its identifier and fields
    assert tree["uri"] == f"{w.SOURCE}/CFAssociations/{w.TREE_LINK_ID}"
    assert tree["lastChangeDateTime"] == "2019-05-02T10:00:00+00:00"
    assert tree["originNodeURI"]["title"] == "M.OA.B" and tree["sequenceNumber"] == 1
    outside = links[w.OUTSIDE_LINK_ID]
    assert outside["destinationNodeURI"] == {
        "title": "2.OA.B.2",
        "identifier": "9d8c7b6a-5f4e-4d3c-8b2a-190807060504",
        "uri": "https://elsewhere.example.org/CFItems/9d8c7b6a",
    }
    assert outside["notes"] == "Same standard in the national set."
    assert links[w.EXT_LINK_ID]["associationType"] == "ext:hasPrerequisite"
    assert by_id(pkg["CFDefinitions"]["CFConcepts"])[w.CONCEPT_ID]["keywords"] == "add"
    assert by_id(pkg["CFDefinitions"]["CFLicenses"])[w.LICENSE_ID]["licenseText"] == "CC BY 4.0"
    assert by_id(pkg["CFRubrics"])[w.RUBRIC_ID]["extensions"] == {"k": 1}
    # 1.0: what 1.1 added is left out.
    old = package(app, framework, V1_0)
    assert "frameworkType" not in old["CFDocument"] and "caseVersion" not in old["CFDocument"]
    old_items = by_id(old["CFItems"])
    assert "extensions" not in old_items[w.DOMAIN_ID]
    assert old_items[w.DOMAIN_ID]["notes"] == "A note."  # a 1.0 field stays
    old_links = by_id(old["CFAssociations"])
    assert w.EXT_LINK_ID not in old_links and "notes" not in old_links[w.OUTSIDE_LINK_ID]
    assert "extensions" not in by_id(old["CFRubrics"])[w.RUBRIC_ID]["CFRubricCriteria"][0]


def test_identifiers_stay_across_versions_and_an_edit_shows(app, factory, partnership):
    framework, s = w.imported(factory, partnership)
    before = by_id(package(app, framework)["CFItems"])[w.SKILL_ID]
    w.edit(s["skill"], "Add within 20", "Add and subtract within 20, fluently.")
    pkg = package(app, framework)
    after = by_id(pkg["CFItems"])[w.SKILL_ID]
    assert after["identifier"] == before["identifier"] == w.SKILL_ID
    assert after["uri"] == before["uri"]
    assert after["fullStatement"] == "Add and subtract within 20, fluently."
    assert after["abbreviatedStatement"] == "Add within 20"
    assert after["listEnumeration"] == "2"  # the source's fields carried over by the edit
    assert after["lastChangeDateTime"] != "2019-05-01T10:00:00+00:00"  # the edit's time
    assert pkg["CFDocument"]["lastChangeDateTime"] > "2019-06-01T12:00:00+00:00"
    # An authored standard: its uuid, whatever the version.
    authored, a = w.authored(factory, partnership)
    w.edit(a["skill"], "Read checklists", "Read every checklist.")
    assert a["skill"].uuid in by_id(package(app, authored)["CFItems"])


def test_a_code_edited_here_wins_over_the_source_code(app, factory, partnership):
    framework, s = w.imported(factory, partnership)
    s["skill"].code = "OA.2"
    db.session.commit()
    assert by_id(package(app, framework)["CFItems"])[w.SKILL_ID]["humanCodingScheme"] == "OA.2"


def test_the_package_is_written_in_a_fixed_number_of_queries(
    app, factory, partnership, count_queries
):
    framework, s = w.authored(factory, partnership)
    with count_queries() as few:
        package(app, framework)
    for n in range(12):
        w.publish_now(factory.standard(framework, s["ka"], "skill", f"More {n}", f"More {n}."))
    db.session.expire_all()
    with count_queries() as many:
        package(app, framework)
    assert len(many) == len(few)
