"""Search across everything: ranking, every kind, filters, safe highlights, drafts kept from
those who may not see them, the index following edits and imports, a fixed number of queries."""

from __future__ import annotations

import pytest
from flask import current_app

from curriculum.courses.models import CourseOutcome
from curriculum.extensions import db
from curriculum.interop import engine
from curriculum.interop.package import read
from curriculum.ladders.models import Ladder, LadderStatus, LadderStep
from curriculum.partnerships.services import add_organization
from curriculum.search import services
from curriculum.search.services import Filters
from curriculum.search.services import search as run_search
from curriculum.standards import services as standards
from tests.interop.conftest import small_bytes  # noqa: F401, F811 (a fixture)


def search(user, text, filters=None):
    """The search as a request runs it (its own request context: links, cached roles)."""
    with current_app.test_request_context():
        return run_search(user, text, filters)


def found(user, text, **filters) -> list[tuple[str, str]]:
    return [(h.kind, h.title) for h in search(user, text, Filters(**filters)).hits]


@pytest.fixture
def framework(factory, partnership):
    return factory.framework(partnership, title="Quokka Machining", coding_prefix="QM")


def test_title_match_ranks_above_statement_match(factory, framework):
    factory.publish(
        factory.standard(
            framework, None, "critical_work_function", "Plan the work", "Check the spindle speed."
        )
    )
    factory.publish(
        factory.standard(framework, None, "critical_work_function", "Spindle maintenance", "")
    )
    assert [t for _, t in found(None, "spindle")] == ["Spindle maintenance", "Plan the work"]


def test_every_kind_is_found(factory, partnership, framework):
    college = factory.organization("Wombat Quokka College", kind="college")
    add_organization(partnership, college)
    db.session.commit()
    standard = factory.standard(framework, None, "critical_work_function", "Quokka handling")
    factory.publish(standard)
    course = factory.course(college, code="QKA 101", title="Quokka care")
    db.session.add(CourseOutcome(course_id=course.id, position=1, text="Feeds a quokka safely"))
    factory.program(college, partnership, [framework], name="Quokka keeper certificate")
    ladder = Ladder(partnership_id=partnership.id, title="Keepers", status=LadderStatus.PUBLISHED)
    db.session.add(ladder)
    db.session.flush()
    db.session.add(LadderStep(ladder_id=ladder.id, title="Quokka keeper"))
    db.session.commit()
    kinds = {kind for kind, _ in found(None, "quokka")}
    assert kinds == {
        "standard",
        "framework",
        "course",
        "outcome",
        "program",
        "ladder_step",
        "organization",
    }
    hit = search(None, "quokka", Filters(kind="course")).hits[0]
    assert hit.url == f"/courses/{course.id}"


def test_filters_by_kind_partnership_framework_and_status(factory, partnership, framework):
    other = factory.partnership(name="Other Valley")
    elsewhere = factory.framework(other, title="Elsewhere")
    factory.publish(factory.standard(framework, None, "critical_work_function", "Lathe work"))
    factory.publish(factory.standard(elsewhere, None, "critical_work_function", "Lathe safety"))
    assert {t for _, t in found(None, "lathe")} == {"Lathe work", "Lathe safety"}
    assert found(None, "lathe", partnership=other.id) == [("standard", "Lathe safety")]
    assert found(None, "lathe", framework=framework.id) == [("standard", "Lathe work")]
    assert found(None, "lathe", kind="framework") == []
    assert len(found(None, "lathe", status="published")) == 2
    assert found(None, "lathe", status="draft") == []
    with pytest.raises(services.SearchError):
        search(None, "lathe", Filters(kind="spaceship"))


def test_highlights_escape_the_text_then_mark_the_matches(factory, framework):
    standard = factory.standard(
        framework, None, "critical_work_function", "<script>alert(1)</script> torque", "a & torque"
    )
    factory.publish(standard)
    hit = search(None, "torque").hits[0]
    assert str(hit.title_html) == ("&lt;script&gt;alert(1)&lt;/script&gt; <mark>torque</mark>")
    assert str(hit.snippet_html) == "a &amp; <mark>torque</mark>"


def test_drafts_are_hidden_from_visitors_and_outsiders_but_found_by_panelists(
    factory, partnership, framework
):
    panelist = factory.member(partnership, "panelist")
    viewer = factory.member(partnership, "viewer")
    outsider = factory.user(organization=factory.organization())
    factory.standard(framework, None, "critical_work_function", "Secret gearbox plan")
    published = factory.standard(framework, None, "critical_work_function", "Public gearbox")
    factory.publish(published)
    standards.save_version(
        published, 1, "Public gearbox with hidden flywheel", None, None, "", panelist
    )
    db.session.commit()
    for reader in (None, outsider, viewer):
        assert found(reader, "gearbox") == [("standard", "Public gearbox")]
        assert found(reader, "flywheel") == []
        assert found(reader, "secret") == []
    assert {t for _, t in found(panelist, "gearbox")} == {
        "Secret gearbox plan",
        "Public gearbox with hidden flywheel",
    }
    admin = factory.user(admin=True)
    assert len(found(admin, "gearbox")) == 2
    # A draft ladder's steps: only for those who see the partnership's drafts.
    ladder = Ladder(partnership_id=partnership.id, title="Draft ladder")
    db.session.add(ladder)
    db.session.flush()
    db.session.add(LadderStep(ladder_id=ladder.id, title="Gearbox fitter"))
    db.session.commit()
    assert found(None, "fitter") == []
    assert found(outsider, "fitter") == []
    assert found(panelist, "fitter") == [("ladder_step", "Gearbox fitter")]
    ladder.status = LadderStatus.PUBLISHED
    db.session.commit()
    assert found(None, "fitter") == [("ladder_step", "Gearbox fitter")]


def test_an_edit_updates_the_index(factory, partnership, framework):
    panelist = factory.member(partnership, "panelist")
    standard = factory.standard(framework, None, "critical_work_function", "Deburr castings")
    factory.publish(standard)
    standards.save_version(standard, 1, "Polish housings", None, None, "", panelist)
    db.session.commit()
    assert found(panelist, "deburr") == []
    assert found(panelist, "polish") == [("standard", "Polish housings")]
    # Visitors keep the published words until the new version is published.
    assert found(None, "deburr") == [("standard", "Deburr castings")]
    factory.publish(standard)
    assert found(None, "deburr") == []
    assert found(None, "polish") == [("standard", "Polish housings")]
    # An organization renamed, then deleted.
    org = factory.organization("Kiwi Fabrication")
    assert found(None, "kiwi") == [("organization", "Kiwi Fabrication")]
    org.name = "Emu Fabrication"
    db.session.commit()
    assert found(None, "kiwi") == []
    assert found(None, "emu") == [("organization", "Emu Fabrication")]
    db.session.delete(org)
    db.session.commit()
    assert found(None, "emu") == []


def test_a_rolled_back_change_leaves_the_index_alone(factory):
    org = factory.organization("Heron Tools")
    org.name = "Egret Tools"
    db.session.flush()
    db.session.rollback()
    assert found(None, "heron") == [("organization", "Heron Tools")]
    assert found(None, "egret") == []


def test_an_import_is_indexed(factory, partnership, small_bytes):  # noqa: F811
    convener = factory.member(partnership, "convener")
    engine.apply(
        read("case", small_bytes),
        partnership,
        mode="reference",
        dry_run=False,
        user=convener,
        filename="small.case.json",
    )
    db.session.commit()
    hits = search(None, "monitor machines").hits
    assert hits and hits[0].kind == "standard"
    assert "<mark>monitor</mark>" in str(hits[0].snippet_html) + str(hits[0].title_html)


def test_the_number_of_queries_does_not_grow_with_the_results(
    factory, partnership, framework, count_queries
):
    factory.publish(factory.standard(framework, None, "critical_work_function", "Weld seam"))
    panelist = factory.member(partnership, "panelist")
    search(panelist, "weld")  # the reader and their roles loaded, as for any page
    with count_queries() as few:
        assert len(search(panelist, "weld").hits) == 1
    for n in range(15):
        factory.standard(framework, None, "critical_work_function", f"Weld joint {n}")
    search(panelist, "weld")
    with count_queries() as many:
        assert len(search(panelist, "weld").hits) == 16
    assert len(many) == len(few) == 2


@pytest.mark.parametrize(
    "text",
    [
        '"',
        '"unclosed phrase',
        "NEAR(a b)",
        "a AND OR NOT",
        "weld*",
        "^weld",
        "col:weld",
        "(((",
        "-weld",
        "' OR 1=1 --",
        "the of and",
        "ü ß 東京",
        "x" * 200,
        " ".join(["weld"] * 60),
    ],
)
def test_odd_queries_never_fail(factory, framework, text):
    factory.publish(factory.standard(framework, None, "critical_work_function", "Weld seam"))
    search(None, text)


def test_the_reindex_command_rebuilds_everything(factory, framework, runner):
    factory.publish(factory.standard(framework, None, "critical_work_function", "Anneal steel"))
    db.session.execute(db.text("DELETE FROM search_entries"))
    db.session.commit()
    assert found(None, "anneal") == []
    result = runner.invoke(args=["search", "reindex"])
    assert result.exit_code == 0, result.output
    assert found(None, "anneal") == [("standard", "Anneal steel")]
