"""Open Skills Network RSDs: a framework exported as an RSD collection, read back as the same
skills; OSMT's own collection read as a package; every refusal naming the skill and field."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from curriculum.extensions import db
from curriculum.interop import jsonld, rsd, rsd_read, writers
from curriculum.interop.package import ImportRejected, read
from curriculum.standards.models import StandardKind
from tests.interop.jsonld_scene import EXTERNAL, Scene, build

DATA = Path(__file__).resolve().parent / "data"
assert rsd_read.read_rsd  # the reader registers on import


@pytest.fixture
def scene(factory) -> Scene:
    return build(factory)


def export(scene: Scene, drafts: bool) -> dict:
    return json.loads(writers.write(scene.framework, "rsd", drafts=drafts))


def skills_by_name(document: dict) -> dict[str, dict]:
    return {s["skillName"]: s for s in document["skills"]}


def rsd_bytes(value: object) -> bytes:
    return json.dumps(value).encode()


def test_registered_as_json_ld():
    found = writers.WRITERS["rsd"]
    assert found.label == "Rich Skill Descriptors (RSD collection, JSON-LD)"
    assert (found.media_type, found.extension) == ("application/ld+json", "json")


def test_a_collection_of_the_skill_like_leaves(scene):
    document = export(scene, drafts=True)
    assert document["@context"] == rsd.CONTEXT
    assert document["type"] == "RichSkillCollection"
    assert document["uuid"] == scene.framework.uuid
    assert document["id"] == jsonld.framework_iri(scene.framework)
    assert document["name"] == "Industrial Maintenance Technician"
    assert document["author"] == "Gulf Coast Maintenance Partnership"
    skills = skills_by_name(document)
    # Knowledge, skill, performance indicator and an imported item without children; not the
    # groups (critical work function, key activity, imported item with a child).
    assert set(skills) == {
        "Fault found", "Pascal's law", "Pressure readings", "Secret draft", "Imported leaf"
    }  # fmt: skip
    knowledge = skills["Pascal's law"]
    assert knowledge["type"] == "RichSkillDescriptor"
    assert knowledge["uuid"] == scene.knowledge.uuid
    assert knowledge["id"] == jsonld.item_iri(scene.knowledge.uuid)
    assert knowledge["skillStatement"] == "Pressure in a closed fluid acts equally."
    assert knowledge["code"] == scene.knowledge.code
    assert knowledge["categories"] == ["Troubleshoot hydraulics", "Maintain equipment"]
    assert knowledge["keywords"] == ["hydraulics", "pressure"]
    assert knowledge["occupations"] == [
        {
            "code": "49-9041.00",
            "frameworkName": "O*NET-SOC",
            "targetNodeName": "Industrial Machinery Mechanics",
        },
        {"code": "51-4041.00", "frameworkName": "O*NET-SOC", "targetNodeName": "Machinists"},
    ]
    assert knowledge["status"] == "published"
    assert knowledge["publishDate"].endswith("Z")
    assert knowledge["alignments"] == [
        {"id": EXTERNAL, "skillName": "Pascal's principle", "alignmentType": "exactMatchOf"}
    ]
    assert skills["Secret draft"]["status"] == "draft"
    assert skills["Imported leaf"]["categories"] == [
        "Imported group", "Troubleshoot hydraulics", "Maintain equipment"
    ]  # fmt: skip
    assert skills["Imported leaf"]["uuid"] == f"case-{scene.leaf.uuid}"


def test_alignments_are_exact_matches_and_related_links_to_visible_nodes(scene):
    skills = skills_by_name(export(scene, drafts=True))
    pressure = skills["Pressure readings"]
    assert pressure["alignments"] == [
        {
            "id": jsonld.item_iri(scene.other.uuid),
            "skillName": "Hydraulic schematics",
            "isPartOf": {"name": "Fluid Power"},
            "alignmentType": "isRelatedTo",
        },
        {
            "id": jsonld.item_iri(scene.draft.uuid),
            "skillName": "Secret draft",
            "isPartOf": {"name": "Industrial Maintenance Technician"},
            "alignmentType": "exactMatchOf",
        },
    ]
    # isPartOf, precedes and isPeerOf have no RSD counterpart.
    assert skills["Fault found"]["alignments"] == []


def test_a_reader_without_drafts_gets_published_skills_only(scene):
    document = export(scene, drafts=False)
    text = json.dumps(document)
    assert "Secret draft" not in text and "Not agreed yet" not in text
    skills = skills_by_name(document)
    assert "Secret draft" not in skills
    assert [a["alignmentType"] for a in skills["Pressure readings"]["alignments"]] == [
        "isRelatedTo"
    ]
    # The unpublished critical work function is a category by its code only.
    assert skills["Pascal's law"]["categories"] == ["Troubleshoot hydraulics", scene.cwf.code]
    assert document["status"] == "published"


def test_export_then_read_gives_the_same_skills(scene):
    data = writers.write(scene.framework, "rsd", drafts=True)
    exported = skills_by_name(json.loads(data))
    package = read("rsd", data)
    assert package.identifier == scene.framework.uuid
    assert package.title == "Industrial Maintenance Technician"
    skills = {i.title: i for i in package.items if i.kind == StandardKind.SKILL}
    assert set(skills) == set(exported)
    for name, item in skills.items():
        source = exported[name]
        assert item.identifier == source["uuid"]
        assert item.statement == source["skillStatement"]
        assert item.code == source["code"]
        assert item.fields["keywords"] == source["keywords"]
        assert item.fields["occupations"] == source["occupations"]
        assert item.fields["categories"] == source["categories"]
    # Each skill sits under its nearest group, now a category.
    categories = {i.identifier: i for i in package.items if i.kind == StandardKind.ITEM}
    assert {c.item_type for c in categories.values()} == {"Category"}
    assert categories[skills["Pascal's law"].parent].title == "Troubleshoot hydraulics"
    assert categories[skills["Imported leaf"].parent].title == "Imported group"
    links = {(link.origin.identifier, link.type, link.destination.uri) for link in package.links}
    assert links == {
        (scene.knowledge.uuid, "exactMatchOf", EXTERNAL),
        (scene.skill.uuid, "isRelatedTo", jsonld.item_iri(scene.other.uuid)),
        (scene.skill.uuid, "exactMatchOf", jsonld.item_iri(scene.draft.uuid)),
    }
    assert not package.fixes  # every skill had its code and identity


def test_osmt_collection_read_as_a_package():
    package = read("rsd", (DATA / "osmt-collection.json").read_bytes())
    assert package.format == "rsd"
    assert package.identifier == "5b1f6f0c-2b8e-4c39-9a51-2f3c1d7e8a40"
    assert package.title == "Industrial Maintenance Skills"
    assert package.description.startswith("Skills an industrial maintenance")
    assert package.fields["author"] == "Example Skills Library"
    assert "skills" not in package.fields
    shape = [(i.code, i.kind, i.item_type, i.parent is None) for i in package.items]
    assert shape == [
        ("SAFETY", StandardKind.ITEM, "Category", True),
        ("SAFETY-1", StandardKind.SKILL, "", False),
        ("SAFETY-2", StandardKind.SKILL, "", False),
        ("FLUID", StandardKind.ITEM, "Category", True),
        ("FLUID-1", StandardKind.SKILL, "", False),
        ("RSD-1", StandardKind.SKILL, "", True),
    ]
    loto = package.items[1]
    assert loto.identifier == "0f1a2b3c-4d5e-4f60-8a71-9b8c7d6e5f40"
    assert loto.title == "Lockout/Tagout"
    assert loto.statement.startswith("Isolate energy sources")
    assert loto.parent == package.items[0].identifier
    # Everything else is kept verbatim.
    assert loto.fields["keywords"] == ["LOTO", "Energy Control", "OSHA 1910.147"]
    assert loto.fields["occupations"][0]["code"] == "49-9041.00"
    assert loto.fields["certifications"] == [{"name": "OSHA 10-Hour General Industry"}]
    assert loto.fields["employers"] == [{"name": "Example Manufacturing Co."}]
    assert loto.fields["standards"] == [{"name": "29 CFR 1910.147"}]
    assert loto.fields["authors"] == ["Example Skills Library"]
    assert "skillName" not in loto.fields and "skillStatement" not in loto.fields
    assert [(f.where, f.message[:20]) for f in package.fixes] == [
        ("skills[*].code", "4 skills have no cod")
    ]
    first, second = package.links
    assert (first.type, first.origin.identifier) == ("isRelatedTo", loto.identifier)
    assert first.destination.uri == "https://www.osha.gov/control-hazardous-energy"
    assert first.destination.title == "Control of Hazardous Energy"
    assert second.destination.title == "Read Hydraulic Schematics"
    # The same file read twice gives the same identities (a re-import finds them).
    again = read("rsd", (DATA / "osmt-collection.json").read_bytes())
    assert [i.identifier for i in again.items] == [i.identifier for i in package.items]
    assert [link.identifier for link in again.links] == [link.identifier for link in package.links]


def skill(name="Welding", statement="Weld a butt joint.", **more) -> dict:
    return {"type": "RichSkillDescriptor", "skillName": name, "skillStatement": statement, **more}


def test_a_single_rsd_and_a_list_of_rsds():
    one = read("rsd", rsd_bytes(skill(uuid="a1", category="Joining", code="W 1")))
    assert one.identifier is None
    assert [(i.code, i.title) for i in one.items] == [("JOINING", "Joining"), ("W 1", "Welding")]
    many = read("rsd", rsd_bytes([skill(uuid="a1"), skill("Brazing", "Braze a joint.", uuid="a2")]))
    assert [i.identifier for i in many.items] == ["a1", "a2"]
    assert all(i.parent is None for i in many.items)


def test_own_codes_kept_taken_ones_remade_and_identities_made_when_missing():
    package = read(
        "rsd",
        rsd_bytes(
            [
                skill(uuid="a1", code="WLD-1"),
                skill("Brazing", "Braze a joint.", uuid="a2", code="WLD-1"),
                skill("Cutting", "Cut steel with a torch."),
            ]
        ),
    )
    codes = [i.code for i in package.items]
    assert codes[0] == "WLD-1" and len(set(codes)) == 3
    made = package.items[2].identifier
    assert len(made) == 36
    wheres = [f.where for f in package.fixes]
    assert "skills[1] (Brazing).code" in wheres
    assert "skills[2] (Cutting).uuid" in wheres


def test_an_alignment_says_whether_it_is_an_exact_match():
    package = read(
        "rsd",
        rsd_bytes(
            skill(
                uuid="a1",
                alignments=[
                    {"id": "https://x.example/1", "skillName": "One", "alignmentType": "exact"},
                    {"targetName": "Two", "targetUrl": "https://x.example/2"},
                    {"skillName": "Three"},
                    {},
                ],
            )
        ),
    )
    found = [(x.type, x.destination.identifier, x.destination.title) for x in package.links]
    assert found == [
        ("exactMatchOf", "https://x.example/1", "One"),
        ("isRelatedTo", "https://x.example/2", "Two"),
        ("isRelatedTo", "Three", "Three"),
    ]
    assert package.links[2].destination.uri == ""
    assert any(f.where.endswith("alignments[3]") for f in package.fixes)


@pytest.mark.parametrize(
    ("data", "where", "words"),
    [
        (b"\x89PNG not json", "file", "not JSON"),
        (b'{"name": "a list of things"}', "file", "not a Rich Skill Descriptor"),
        (b'"just a string"', "file", "not a Rich Skill Descriptor"),
        (b'{"type": "RichSkillCollection", "skills": []}', "skills", "no skills"),
        (rsd_bytes([skill(uuid="a1"), "text"]), "skills[1]", "not an RSD"),
        (rsd_bytes([skill(name="  ", uuid="a1")]), "skills[0] (a1).skillName", "no name"),
        (
            rsd_bytes([skill(statement="", uuid="a1")]),
            "skills[0] (Welding).skillStatement",
            "no statement",
        ),
        (
            rsd_bytes({"uuid": "c" * 256, "skills": [skill(uuid="a1")]}),
            "uuid",
            "over 255 characters",
        ),
        (rsd_bytes([skill(uuid="a1", keywords=["ok", "bad\x00"])]), "file[0].keywords[1]", "NUL"),
        (b"[" * 40 + b"]" * 40, "file" + "[0]" * 32, "nested deeper than 32"),
        (b"[" * 100000 + b"]" * 100000, "file", "nested deeper than 32"),
        (
            rsd_bytes([skill(uuid="a1"), skill("Brazing", "Braze.", uuid="a1")]),
            "skills[1] (Brazing).uuid",
            "also that of skills[0] (Welding)",
        ),
    ],
)
def test_refusals_name_the_skill_and_field(data, where, words):
    with pytest.raises(ImportRejected) as caught:
        read("rsd", data)
    problem = caught.value.problems[-1]
    assert problem.where == where
    assert words in problem.message


def test_every_problem_is_listed_at_once():
    with pytest.raises(ImportRejected) as caught:
        read("rsd", rsd_bytes([skill(name=""), skill(statement=""), skill(uuid=5)]))
    wheres = [p.where for p in caught.value.problems]
    assert wheres == ["skills[0].skillName", "skills[1] (Welding).skillStatement"]


def test_skills_with_source_fields_give_them_back(scene):
    """An imported skill's own keywords, occupations and authors go back out as they came."""
    version = scene.skill.published_version
    version.source_fields = {
        "keywords": ["gauges"],
        "occupations": [{"code": "17-3027.00"}],
        "authors": ["Someone Else"],
        "certifications": [{"name": "Cert"}],
        "notes": "a CASE field, not an RSD one",
    }
    db.session.commit()
    exported = skills_by_name(export(scene, drafts=False))["Pressure readings"]
    assert exported["keywords"] == ["gauges"]
    assert exported["occupations"] == [{"code": "17-3027.00"}]
    assert exported["authors"] == ["Someone Else"]
    assert exported["certifications"] == [{"name": "Cert"}]
    assert "notes" not in exported
