"""CTDL-ASN JSON-LD export: the framework, a competency per node with its text, label, code and
kind, the tree both ways, alignments from the stored links, and what a reader without drafts
sees."""

from __future__ import annotations

import json
import re

import pytest

from curriculum.extensions import db
from curriculum.interop import ctdl, jsonld, writers
from tests.interop.jsonld_scene import EXTERNAL, Scene, build

EN = "en-us"


@pytest.fixture
def scene(factory) -> Scene:
    return build(factory)


def export(scene: Scene, drafts: bool) -> dict:
    data = writers.write(scene.framework, "ctdl", drafts=drafts)
    return json.loads(data)


def by_code(document: dict) -> dict[str, dict]:
    return {
        node["ceasn:codedNotation"]: node
        for node in document["@graph"]
        if node["@type"] == "ceasn:Competency"
    }


def test_registered_as_json_ld():
    found = writers.WRITERS["ctdl"]
    assert found.label == "CTDL-ASN (JSON-LD)"
    assert found.media_type == "application/ld+json"
    assert found.extension == "json"


def test_the_framework_and_a_competency_per_node_with_its_properties(scene):
    document = export(scene, drafts=True)
    assert document["@context"] == ctdl.CONTEXT
    head = document["@graph"][0]
    assert head["@type"] == "ceasn:CompetencyFramework"
    assert head["@id"] == document["@id"] == jsonld.framework_iri(scene.framework)
    assert head["ceasn:name"] == {EN: "Industrial Maintenance Technician"}
    assert head["ceasn:description"] == {EN: "What a maintenance technician does."}
    assert head["ceasn:inLanguage"] == ["en-US"]
    assert head["ceasn:publisherName"] == {EN: "Gulf Coast Maintenance Partnership"}
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", head["ceasn:dateModified"])
    assert head["ceterms:ctid"] == "ce-" + scene.framework.uuid

    nodes = by_code(document)
    standards = [
        scene.cwf, scene.ka, scene.pi, scene.knowledge, scene.skill, scene.draft,
        scene.group, scene.leaf,
    ]  # fmt: skip
    assert set(nodes) == {s.code for s in standards}
    knowledge = nodes[scene.knowledge.code]
    assert knowledge["@id"] == jsonld.item_iri(scene.knowledge.uuid)
    assert knowledge["ceterms:ctid"] == "ce-" + scene.knowledge.uuid
    assert knowledge["ceasn:competencyText"] == {EN: "Pressure in a closed fluid acts equally."}
    assert knowledge["ceasn:competencyLabel"] == {EN: "Pascal's law"}
    assert knowledge["ceasn:competencyCategory"] == {EN: "Knowledge"}
    assert knowledge["ceasn:conceptKeyword"] == {EN: ["hydraulics", "pressure"]}
    assert knowledge["ceasn:isPartOf"] == head["@id"]
    # An imported generic item is named by its source's type; its identity is the source's.
    leaf = nodes[scene.leaf.code]
    assert leaf["ceasn:competencyCategory"] == {EN: "Competency"}
    assert leaf["@id"] == jsonld.item_iri(f"case-{scene.leaf.uuid}")
    assert leaf["ceterms:ctid"].startswith("ce-") and len(leaf["ceterms:ctid"]) == 39
    # A draft is there for a reader with drafts.
    assert nodes[scene.draft.code]["ceasn:competencyLabel"] == {EN: "Secret draft"}


def test_the_tree_is_told_both_ways_in_order(scene):
    document = export(scene, drafts=True)
    head, nodes = document["@graph"][0], by_code(document)
    iri = {code: node["@id"] for code, node in nodes.items()}
    assert head["ceasn:hasTopChild"] == [iri[scene.cwf.code]]
    assert nodes[scene.cwf.code]["ceasn:isTopChildOf"] == head["@id"]
    assert "ceasn:isChildOf" not in nodes[scene.cwf.code]
    assert nodes[scene.cwf.code]["ceasn:hasChild"] == [iri[scene.ka.code]]
    assert nodes[scene.ka.code]["ceasn:hasChild"] == [
        iri[s.code] for s in (scene.pi, scene.knowledge, scene.skill, scene.draft, scene.group)
    ]
    assert nodes[scene.group.code]["ceasn:hasChild"] == [iri[scene.leaf.code]]
    assert nodes[scene.leaf.code]["ceasn:isChildOf"] == [iri[scene.group.code]]
    assert "ceasn:hasChild" not in nodes[scene.skill.code]
    for code, node in nodes.items():
        for child in node.get("ceasn:hasChild", []):
            child_code = next(c for c, n in nodes.items() if n["@id"] == child)
            assert nodes[child_code]["ceasn:isChildOf"] == [node["@id"]], code


def test_alignments_come_from_the_links_by_the_table(scene):
    nodes = by_code(export(scene, drafts=True))
    knowledge, skill = nodes[scene.knowledge.code], nodes[scene.skill.code]
    pi = nodes[scene.pi.code]
    assert knowledge["ceasn:exactAlignment"] == [EXTERNAL]
    assert knowledge["ceasn:prerequisiteAlignment"] == [skill["@id"]]
    assert skill["ceasn:majorAlignment"] == [jsonld.item_iri(scene.other.uuid)]  # isRelatedTo
    assert pi["ceasn:broadAlignment"] == [EXTERNAL]  # isPartOf
    # A link whose origin is outside is told from this end by the inverse term.
    assert skill["ceasn:narrowAlignment"] == [EXTERNAL]
    # With drafts, the link to the draft is there; isPeerOf has no CTDL-ASN term.
    assert skill["ceasn:exactAlignment"] == [nodes[scene.draft.code]["@id"]]
    terms = {key for node in nodes.values() for key in node}
    assert not any("Peer" in t for t in terms)
    assert set(ctdl.ALIGNMENTS) == {"exactMatchOf", "isRelatedTo", "isPartOf", "precedes"}


def test_a_reader_without_drafts_sees_published_content_only(scene):
    document = export(scene, drafts=False)
    nodes = by_code(document)
    text = json.dumps(document)
    assert scene.draft.code not in nodes
    assert "Secret draft" not in text and "Not agreed yet" not in text
    # The unpublished critical work function keeps its place by its code only.
    cwf = nodes[scene.cwf.code]
    assert cwf["ceasn:competencyLabel"] == {EN: "not yet published"}
    assert "ceasn:competencyText" not in cwf and "ceasn:competencyCategory" not in cwf
    assert "Maintain equipment" not in text
    assert cwf["ceasn:hasChild"] == [nodes[scene.ka.code]["@id"]]
    # The link to the draft is left out; the others stay.
    skill = nodes[scene.skill.code]
    assert "ceasn:exactAlignment" not in skill
    assert skill["ceasn:majorAlignment"] == [jsonld.item_iri(scene.other.uuid)]


def test_valid_json_ld_shape_every_reference_resolves_in_the_graph(scene):
    for drafts in (True, False):
        document = export(scene, drafts=drafts)
        graph = document["@graph"]
        ids = [node["@id"] for node in graph]
        assert len(ids) == len(set(ids))
        types = {"ceasn:CompetencyFramework", "ceasn:Competency"}
        assert all(node["@type"] in types for node in graph)
        assert [n["@type"] for n in graph].count("ceasn:CompetencyFramework") == 1
        for node in graph:
            assert node["@id"].startswith("http://")
            assert re.fullmatch(r"ce-[0-9a-f-]{36}", node["ceterms:ctid"])
            for term in ("ceasn:hasTopChild", "ceasn:hasChild", "ceasn:isChildOf"):
                for target in node.get(term, []):
                    assert target in ids, (term, target)
            for term in ("ceasn:isPartOf", "ceasn:isTopChildOf"):
                if term in node:
                    assert node[term] == ids[0]
            for term in ("ceasn:competencyText", "ceasn:competencyLabel", "ceasn:name"):
                if term in node:
                    assert list(node[term]) == [EN]
        # Alignments to this framework's nodes resolve too; others are absolute IRIs.
        for node in graph:
            for term in ("exact", "major", "broad", "narrow", "prerequisite"):
                for target in node.get(f"ceasn:{term}Alignment", []):
                    assert target in ids or target.startswith(("http", "urn:"))


def test_identity_survives_a_new_version(scene, factory):
    from curriculum.standards import services

    before = by_code(export(scene, drafts=True))[scene.skill.code]["@id"]
    services.save_version(
        scene.skill, scene.skill.current_version.number, "Pressure readings", "Changed.", None,
        "edit", None,
    )  # fmt: skip
    db.session.commit()
    after = by_code(export(scene, drafts=True))[scene.skill.code]
    assert after["@id"] == before
    assert after["ceasn:competencyText"] == {EN: "Changed."}


def test_an_imported_framework_keeps_its_language_and_source(scene):
    framework = scene.framework
    framework.source_identifier = "c5d1ba1a-0000-4000-8000-00000000abcd"
    framework.source_fields = {"language": "es", "officialSourceURL": "https://example.org/fw"}
    db.session.commit()
    document = export(scene, drafts=True)
    head = document["@graph"][0]
    assert head["ceterms:ctid"] == "ce-c5d1ba1a-0000-4000-8000-00000000abcd"
    assert head["ceasn:inLanguage"] == ["es"]
    assert head["ceasn:name"] == {"es": "Industrial Maintenance Technician"}
    assert head["ceasn:source"] == ["https://example.org/fw"]
    assert head["@id"].endswith("/CFDocuments/c5d1ba1a-0000-4000-8000-00000000abcd")
