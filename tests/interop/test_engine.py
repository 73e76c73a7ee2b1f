"""The one import engine: what a package does to a partnership's frameworks (and, on a dry
run, says it would do), on the small package the tests carry and on the real one."""

from __future__ import annotations

import json
from collections import Counter
from datetime import timedelta

import pytest
import sqlalchemy as sa

from curriculum.audit.models import AuditEvent
from curriculum.extensions import db
from curriculum.interop import engine
from curriculum.interop.models import Association, Definition
from curriculum.interop.package import ImportRejected, Item, Package, read
from curriculum.standards.models import (
    Endorsement,
    Framework,
    FrameworkOrigin,
    Standard,
    StandardKind,
    StandardVersion,
    VersionStatus,
)
from tests.interop.conftest import encode


@pytest.fixture
def convener(factory, partnership):
    return factory.member(partnership, "convener")


def count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model)) or 0


def counts() -> dict:
    return {
        model.__name__: count(model)
        for model in (Framework, Standard, StandardVersion, Association, Definition, AuditEvent)
    }


def run(data: bytes, partnership, user, *, mode="reference", dry_run=False, **kw) -> dict:
    summary = engine.apply(
        read("case", data),
        partnership,
        mode=mode,
        dry_run=dry_run,
        user=user,
        filename="small.case.json",
        **kw,
    )
    db.session.commit()
    json.dumps(summary)  # JSON-able, as the job stores it
    return summary


def standards_by_code(framework_id: int) -> dict[str, Standard]:
    db.session.expire_all()
    return {
        s.code: s
        for s in db.session.scalars(
            sa.select(Standard).where(Standard.framework_id == framework_id)
        )
    }


def imports() -> list[AuditEvent]:
    return list(
        db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "framework.imported"))
    )


def test_reference_import_publishes_everything(small_bytes, partnership, convener):
    before = count(AuditEvent)
    summary = run(small_bytes, partnership, convener)
    assert (summary["created"], summary["updated"], summary["retired"]) == (9, 0, 0)
    assert summary["associations"] == 20
    assert summary["framework_id"] is not None
    assert len(summary["fixes"]) == len(read("case", small_bytes).fixes) > 5
    framework = db.session.get(Framework, summary["framework_id"])
    assert framework.origin == FrameworkOrigin.REFERENCE
    assert framework.source_identifier == "0d0c0000-0000-4000-8000-000000000000"
    assert framework.title == "Small Framework"
    assert framework.source_fields["caseVersion"] == "1.1"
    assert framework.source_name == "small.case.json" and framework.imported_at is not None
    standards = standards_by_code(framework.id)
    assert len(standards) == 9
    for standard in standards.values():
        version = standard.current_version
        assert version.number == 1
        assert version.status == VersionStatus.PUBLISHED
        assert version.published_at is not None and version.published_by_id == convener.id
        assert standard.published_version_id == version.id
        assert version.change_note.startswith("imported from small.case.json, ")
    assert count(Endorsement) == 0
    domain = standards["D"]
    assert (domain.kind, domain.item_type, domain.kind_label) == (
        StandardKind.ITEM,
        "Domain",
        "Domain",
    )
    assert domain.current_version.source_fields["extensions"]["ext:credentialHours"] == 12
    assert standards["A.1"].parent_id == standards["A"].id
    assert [
        s.code
        for s in sorted(standards.values(), key=lambda s: s.position)
        if s.parent_id == standards["A.1"].id
    ] == ["A.1.1", "A.1.K1", "A.1.S1"]
    # Every link kept; ends here are linked, ends elsewhere only named.
    links = {a.identifier: a for a in db.session.scalars(sa.select(Association))}
    assert len(links) == 20
    outside = next(a for a in links.values() if a.association_type == "exactMatchOf")
    assert outside.origin_id == standards["A.1.S1"].id and outside.destination_id is None
    assert outside.destination_uri.startswith("https://case.other.org/")
    assert outside.source_fields["notes"] == "Crosswalk to the national standard."
    assert count(Definition) == 11
    # One audit event for the whole import, with its counts.
    assert count(AuditEvent) == before + 1
    (event,) = imports()
    assert event.details["created"] == 9 and event.details["associations"] == 20


def test_draft_import_leaves_drafts_for_the_panel(small_bytes, partnership, convener):
    summary = run(small_bytes, partnership, convener, mode="draft")
    framework = db.session.get(Framework, summary["framework_id"])
    assert framework.origin == FrameworkOrigin.PARTNERSHIP
    for standard in standards_by_code(framework.id).values():
        assert standard.current_version.status == VersionStatus.DRAFT
        assert standard.current_version.published_at is None
        assert standard.published_version_id is None


def test_reimport_unchanged_writes_nothing(small_bytes, partnership, convener):
    run(small_bytes, partnership, convener)
    before = counts()
    summary = run(small_bytes, partnership, convener)
    assert (summary["created"], summary["updated"], summary["unchanged"]) == (0, 0, 9)
    assert summary["retired"] == 0 and summary["new_versions"] == 0
    assert summary["details"]["associations"]["unchanged"] == 20
    after = counts()
    assert after.pop("AuditEvent") == before.pop("AuditEvent") + 1
    assert after == before  # no standard, version, link or definition more


def changed(small: dict) -> dict:
    """The small package with A.1's statement changed, A.2 removed, one new item under A."""
    items = small["CFItems"]
    a1 = next(i for i in items if i.get("humanCodingScheme") == "A.1")
    a1["fullStatement"] = "Set up and verify machines for a production run."
    a2 = next(i for i in items if i.get("humanCodingScheme") == "A.2")
    items.remove(a2)
    a = next(i for i in items if i.get("humanCodingScheme") == "A")
    items.append(
        {
            "identifier": "10000000-0000-4000-8000-000000000099",
            "fullStatement": "Maintain machines.",
            "humanCodingScheme": "A.3",
            "CFItemType": "Key Activity",
        }
    )
    small["CFAssociations"] = [
        link
        for link in small["CFAssociations"]
        if a2["identifier"] not in json.dumps([link["originNodeURI"], link["destinationNodeURI"]])
    ] + [
        {
            "identifier": "60000000-0000-4000-8000-000000000099",
            "associationType": "isChildOf",
            "originNodeURI": {
                "identifier": "10000000-0000-4000-8000-000000000099",
                "uri": "",
                "title": "",
            },
            "destinationNodeURI": {"identifier": a["identifier"], "uri": "", "title": ""},
        }
    ]
    return small


def test_reimport_with_a_change_an_addition_and_a_removal(
    small, small_bytes, partnership, convener
):
    first = run(small_bytes, partnership, convener)
    old = standards_by_code(first["framework_id"])
    old_version = old["A.1"].current_version_id
    versions = count(StandardVersion)
    summary = run(encode(changed(small)), partnership, convener)
    assert summary["framework_id"] == first["framework_id"]
    assert (summary["created"], summary["retired"]) == (1, 1)
    assert summary["details"]["created"]["codes"] == ["A.3"]
    assert summary["details"]["retired"]["codes"] == ["A.2"]
    assert summary["details"]["updated"]["items"] == [{"code": "A.1", "fields": ["statement"]}]
    assert summary["updated"] == 1
    assert count(StandardVersion) == versions + 2  # A.1 v2 and A.3 v1
    now = standards_by_code(first["framework_id"])
    a1 = now["A.1"]
    assert a1.current_version.number == 2
    assert a1.current_version.statement == "Set up and verify machines for a production run."
    assert a1.published_version_id == a1.current_version_id
    assert db.session.get(StandardVersion, old_version).status == VersionStatus.SUPERSEDED
    assert now["A.2"].retired_at is not None  # retired, never deleted
    assert now["A.3"].parent_id == now["A"].id
    # A.2's isChildOf, A.1 precedes A.2, and A-2's second parent A.2
    assert summary["details"]["associations"]["removed"] == 3
    assert len(imports()) == 2


def test_dry_run_writes_nothing_and_reports_the_same(small, small_bytes, partnership, convener):
    dry_new = run(small_bytes, partnership, convener, dry_run=True)
    assert count(Framework) == count(Standard) == 0 and not imports()
    assert dry_new["framework_id"] is None and dry_new["created"] == 9
    run(small_bytes, partnership, convener)
    data = encode(changed(small))
    before = counts()
    dry = run(data, partnership, convener, dry_run=True)
    assert counts() == before
    real = run(data, partnership, convener)
    for key in ("created", "updated", "unchanged", "retired", "associations", "details"):
        assert dry[key] == real[key], key
    assert dry["dry_run"] and not real["dry_run"]


def test_codes_can_swap_on_reimport(small, small_bytes, partnership, convener):
    first = run(small_bytes, partnership, convener)
    ids = {}
    for item in small["CFItems"]:
        if item.get("humanCodingScheme") in ("A.1", "A.2"):
            ids[item["humanCodingScheme"]] = item["identifier"]
            item["humanCodingScheme"] = {"A.1": "A.2", "A.2": "A.1"}[item["humanCodingScheme"]]
    summary = run(encode(small), partnership, convener)
    # The codes moved; the source's humanCodingScheme (kept with the content) too.
    assert summary["updated"] == 2 and summary["new_versions"] == 2
    assert summary["details"]["updated"]["items"][0]["fields"] == ["fields", "code"]
    now = standards_by_code(first["framework_id"])
    assert now["A.1"].source_identifier == ids["A.2"]
    assert now["A.2"].source_identifier == ids["A.1"]


def test_links_resolve_across_the_partnerships_frameworks(
    small, small_bytes, factory, partnership, convener
):
    # A partnership framework links to an item of the reference framework before it arrives.
    own = factory.framework(partnership, "Own standards")
    mine = factory.standard(own, None, "critical_work_function", "Ours")
    target_id = small["CFItems"][0]["identifier"]
    db.session.add(
        Association(
            framework_id=own.id,
            identifier="mine-1",
            association_type="exactMatchOf",
            origin_id=mine.id,
            origin_identifier=mine.uuid,
            destination_identifier=target_id,
        )
    )
    # And the package links one of its items to our standard by its uuid.
    small["CFAssociations"].append(
        {
            "identifier": "60000000-0000-4000-8000-000000000077",
            "associationType": "isRelatedTo",
            "originNodeURI": {"identifier": target_id, "uri": "", "title": ""},
            "destinationNodeURI": {"identifier": mine.uuid, "uri": "", "title": "Ours"},
        }
    )
    db.session.commit()
    summary = run(encode(small), partnership, convener)
    assert summary["details"]["associations"]["resolved_elsewhere"] == 1
    imported = standards_by_code(summary["framework_id"])["A"]
    dangling = db.session.scalar(sa.select(Association).where(Association.identifier == "mine-1"))
    assert dangling.destination_id == imported.id
    back = db.session.scalar(
        sa.select(Association).where(Association.identifier.endswith("000000000077"))
    )
    assert (back.origin_id, back.destination_id) == (imported.id, mine.id)


def test_a_file_into_an_existing_framework_matches_by_code(factory, partnership, convener):
    framework = factory.framework(partnership, "Production Technician")
    function = factory.standard(framework, None, "critical_work_function", "Run the line")
    activity = factory.standard(framework, function, "key_activity", "Set up")
    # The function is named by its uuid; the activity has no identifier and matches by code.
    package = Package(
        format="csv",
        identifier=None,
        title="sheet",
        items=[
            Item(function.uuid, function.code, "Run the line", "", function.kind),
            Item("", activity.code, "Set up the line", "", activity.kind, parent=function.uuid),
        ],
    )
    summary = engine.apply(
        package,
        partnership,
        mode="draft",
        dry_run=False,
        user=convener,
        filename="s.csv",
        framework=framework,
    )
    db.session.commit()
    assert (summary["created"], summary["updated"], summary["unchanged"]) == (0, 1, 1)
    assert summary["framework_id"] == framework.id
    db.session.expire_all()
    assert activity.current_version.title == "Set up the line"
    assert activity.current_version.status == VersionStatus.DRAFT
    assert activity.current_version.number == 2


def test_a_file_into_a_chosen_framework_adds_and_never_retires(
    factory, partnership, convener, clock
):
    """A spreadsheet added into a hand-made framework: its rows are created after the
    standards already there, none of those is retired or moved, and the file does not become
    the framework's source. The framework's answers are stamped as changed (the engine's
    bulk statements pass the session by)."""
    framework = factory.framework(partnership, "Production Technician")
    first = factory.standard(framework, None, "critical_work_function", "Run the line")
    second = factory.standard(framework, None, "critical_work_function", "Maintain")
    package = Package(
        format="csv",
        identifier=None,
        title="sheet",
        items=[
            Item("Z", "Z", "Quality", "", StandardKind.CRITICAL_WORK_FUNCTION),
            Item("Z.1", "Z.1", "Inspect", "", StandardKind.KEY_ACTIVITY, parent="Z"),
        ],
    )
    options = dict(mode="draft", user=convener, filename="s.csv", framework=framework)
    dry = engine.apply(package, partnership, dry_run=True, **options)
    assert (dry["created"], dry["retired"]) == (2, 0)
    db.session.rollback()
    clock.now += timedelta(seconds=10)
    summary = engine.apply(package, partnership, dry_run=False, **options)
    db.session.commit()
    assert (summary["created"], summary["retired"], summary["updated"]) == (2, 0, 0)
    assert db.session.get(Framework, framework.id).changed_at == clock.now
    db.session.expire_all()
    top = db.session.scalars(
        db.select(Standard)
        .where(Standard.framework_id == framework.id, Standard.parent_id.is_(None))
        .order_by(Standard.position)
    ).all()
    assert [s.code for s in top] == [first.code, second.code, "Z"]
    assert all(s.retired_at is None for s in top)
    assert framework.source_name == "" and framework.imported_at is None


def test_mode_must_match_the_framework(small_bytes, partnership, convener):
    run(small_bytes, partnership, convener)
    with pytest.raises(ImportRejected, match="reference framework"):
        run(small_bytes, partnership, convener, mode="draft")


def test_engine_refuses_duplicate_codes_and_writes_nothing(partnership, convener):
    package = Package(
        format="csv",
        identifier=None,
        title="t",
        items=[
            Item("a", "A", "One", "", StandardKind.CRITICAL_WORK_FUNCTION),
            Item("b", "A", "Two", "", StandardKind.CRITICAL_WORK_FUNCTION),
        ],
    )
    with pytest.raises(ImportRejected) as caught:
        engine.apply(package, partnership, mode="draft", dry_run=False, user=convener, filename="")
    assert caught.value.problems[0].where == "items[1] (b).code"
    assert count(Framework) == 0


def test_a_second_new_framework_gets_a_unique_title(small, small_bytes, partnership, convener):
    run(small_bytes, partnership, convener)
    small["CFDocument"]["identifier"] = "another-document"
    summary = run(encode(small), partnership, convener)
    assert summary["framework_title"] == "Small Framework (2)"


def test_real_package_imports_and_reimports_unchanged(real_bytes, partnership, convener):
    source = json.loads(real_bytes)
    summary = run(real_bytes, partnership, convener)
    assert summary["created"] == 585 and summary["associations"] == 3367
    assert count(Standard) == 585 and count(Association) == 3367
    assert count(Definition) == 6
    kept = {
        s.source_identifier: v
        for s, v in db.session.execute(
            sa.select(Standard, StandardVersion).join(
                StandardVersion, StandardVersion.id == Standard.current_version_id
            )
        )
    }
    for raw in source["CFItems"]:
        version = kept[raw["identifier"]]
        assert version.statement == raw["fullStatement"]
        assert set(version.source_fields) | {"identifier", "fullStatement"} == set(raw)
    types = Counter(db.session.scalars(sa.select(Association.association_type)))
    assert types["isChildOf"] == 570 and types["precedes"] == 423
    versions = count(StandardVersion)
    again = run(real_bytes, partnership, convener)
    assert (again["unchanged"], again["new_versions"]) == (585, 0)
    assert count(StandardVersion) == versions


def test_progress_is_reported(small_bytes, partnership, convener):
    heard: list[tuple[int, str]] = []
    engine.apply(
        read("case", small_bytes),
        partnership,
        mode="reference",
        dry_run=False,
        user=convener,
        filename="small.case.json",
        progress=lambda percent, message: heard.append((percent, message)),
    )
    percents = [p for p, _ in heard]
    assert percents == sorted(percents) and len(percents) >= 3
    assert heard[-1][1] == "Writing 20 links"


def test_an_item_back_in_the_file_is_restored(small, small_bytes, partnership, convener):
    first = run(small_bytes, partnership, convener)
    run(encode(changed(json.loads(json.dumps(small)))), partnership, convener)
    assert standards_by_code(first["framework_id"])["A.2"].retired_at is not None
    summary = run(small_bytes, partnership, convener)
    restored = {u["code"]: u["fields"] for u in summary["details"]["updated"]["items"]}
    assert "restored" in restored["A.2"]
    assert summary["retired"] == 1  # A.3, absent from the original
    assert standards_by_code(first["framework_id"])["A.2"].retired_at is None


def test_a_new_item_may_take_the_code_of_a_removed_one(small, small_bytes, partnership, convener):
    first = run(small_bytes, partnership, convener)
    package = changed(small)
    new = next(i for i in package["CFItems"] if i.get("humanCodingScheme") == "A.3")
    new["humanCodingScheme"] = "A.2"
    summary = run(encode(package), partnership, convener)
    now = standards_by_code(first["framework_id"])
    assert now["A.2"].source_identifier == new["identifier"]
    old = next(s for s in now.values() if s.code.startswith("A.2~"))
    assert old.retired_at is not None
    assert any("gave its code up" in f["message"] for f in summary["fixes"])
