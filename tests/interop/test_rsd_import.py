"""RSD import end to end: a skills library's collection through the import engine as a
reference framework, its skills standards with every field kept, and the RSD and CTDL-ASN
exports giving them back."""

from __future__ import annotations

import json
from pathlib import Path

from curriculum.extensions import db
from curriculum.interop import engine, writers
from curriculum.interop.models import Association
from curriculum.interop.package import read
from curriculum.standards.models import Framework, FrameworkOrigin, Standard, StandardKind
from tests.interop.jsonld_scene import build

SAMPLE = Path(__file__).resolve().parent / "data" / "osmt-collection.json"
COLLECTION = "5b1f6f0c-2b8e-4c39-9a51-2f3c1d7e8a40"


def import_rsd(data: bytes, partnership, mode: str = "reference", filename: str = "skills.json"):
    summary = engine.apply(
        read("rsd", data), partnership, mode=mode, dry_run=False, user=None, filename=filename
    )
    db.session.commit()
    return summary, db.session.get(Framework, summary["framework_id"])


def test_an_osmt_collection_becomes_a_reference_framework_and_exports_back(partnership):
    data = SAMPLE.read_bytes()
    summary, framework = import_rsd(data, partnership)
    assert summary["created"] == 6  # four skills, two categories
    assert framework.origin == FrameworkOrigin.REFERENCE
    assert framework.source_identifier == COLLECTION
    assert framework.title == "Industrial Maintenance Skills"

    standards = {s.code: s for s in db.session.scalars(db.select(Standard))}
    loto = standards["SAFETY-1"]
    assert loto.kind == StandardKind.SKILL
    assert loto.parent_id == standards["SAFETY"].id
    assert standards["SAFETY"].kind_label == "Category"
    assert loto.published_version is not None  # a reference framework arrives published
    kept = loto.published_version.source_fields
    assert kept["keywords"] == ["LOTO", "Energy Control", "OSHA 1910.147"]
    assert kept["certifications"] == [{"name": "OSHA 10-Hour General Industry"}]
    link = db.session.scalar(db.select(Association).where(Association.origin_id == loto.id))
    assert link.association_type == "isRelatedTo"
    assert link.destination_uri == "https://www.osha.gov/control-hazardous-energy"

    original = {s["uuid"]: s for s in json.loads(data)["skills"]}
    exported = json.loads(writers.write(framework, "rsd", drafts=False))
    assert exported["uuid"] == COLLECTION
    assert exported["name"] == "Industrial Maintenance Skills"
    skills = {s["uuid"]: s for s in exported["skills"]}
    assert set(skills) == set(original)  # the categories are groups, not skills
    for uuid, source in original.items():
        again = skills[uuid]
        for key in ("skillName", "skillStatement", "keywords", "occupations", "authors"):
            assert again[key] == source[key], (uuid, key)
        for key in ("certifications", "employers", "standards"):
            assert again[key] == source[key], (uuid, key)
        assert again["categories"] == source.get("categories", ["Skill"])
        assert [(a["id"], a["skillName"], a["isPartOf"]) for a in again["alignments"]] == [
            (a["id"], a["skillName"], a["isPartOf"]) for a in source["alignments"]
        ]

    ctdl = json.loads(writers.write(framework, "ctdl", drafts=False))
    texts = {
        n["ceasn:codedNotation"]: n for n in ctdl["@graph"] if n["@type"] == "ceasn:Competency"
    }
    assert texts["SAFETY-1"]["ceasn:conceptKeyword"] == {
        "en-us": ["LOTO", "Energy Control", "OSHA 1910.147"]
    }
    assert texts["SAFETY"]["ceasn:competencyCategory"] == {"en-us": "Category"}

    # The same file again changes nothing.
    summary, again = import_rsd(data, partnership)
    assert again.id == framework.id
    assert (summary["created"], summary["updated"], summary["retired"]) == (0, 0, 0)
    assert summary["unchanged"] == 6


def test_a_framework_exported_as_rsd_and_imported_elsewhere_exports_the_same_skills(factory):
    scene = build(factory)
    first = writers.write(scene.framework, "rsd", drafts=False)
    elsewhere = factory.partnership(name="Another Partnership")
    summary, copy = import_rsd(first, elsewhere, mode="draft", filename="copy.json")
    assert copy.origin == FrameworkOrigin.PARTNERSHIP
    assert copy.source_identifier == scene.framework.uuid
    second = json.loads(writers.write(copy, "rsd", drafts=True))
    before = {s["uuid"]: s for s in json.loads(first)["skills"]}
    after = {s["uuid"]: s for s in second["skills"]}
    assert set(after) == set(before)
    for uuid, skill in before.items():
        for key in ("skillName", "skillStatement", "code", "keywords", "occupations", "authors"):
            assert after[uuid][key] == skill[key], (uuid, key)
        # Only the nearest group survives as a category.
        assert after[uuid]["categories"] == skill["categories"][:1]
        assert [(a["id"], a["alignmentType"]) for a in after[uuid]["alignments"]] == [
            (a["id"], a["alignmentType"]) for a in skill["alignments"]
        ]
    # Draft mode: the skills arrive as drafts for the panel, seen only with drafts.
    assert {s["status"] for s in second["skills"]} == {"draft"}
    assert json.loads(writers.write(copy, "rsd", drafts=False))["skills"] == []
