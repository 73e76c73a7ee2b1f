"""Reference frameworks in the product: read-only for everyone (web and API), marked on the
pages with where they came from, aligned to like any other; and the generic kind `item`."""

from __future__ import annotations

import pytest

from curriculum.alignment import coverage
from curriculum.alignment import services as alignment
from curriculum.exports import documents
from curriculum.extensions import db as _db
from curriculum.partnerships.services import add_organization
from curriculum.standards import services, tree
from curriculum.standards.models import Comment, Standard, StandardKind, may_hold
from tests.conftest import login

READ_ONLY = "is a reference framework: it is read-only here"


def _fingerprint():
    """What a refused request must leave as it was."""
    rows = _db.session.execute(
        _db.select(Standard.id, Standard.code, Standard.parent_id, Standard.position).order_by(
            Standard.id
        )
    ).all()
    versions = _db.session.scalar(_db.select(_db.func.count()).select_from(Standard))
    return (
        rows,
        versions,
        [(v.id, v.status) for s in _db.session.scalars(_db.select(Standard)) for v in s.versions],
    )


def _web_refusals(ref):
    f, skill, activity = ref.framework.id, ref.skill.id, ref.activity.id
    return [
        ("get", f"/frameworks/{f}/edit", None),
        ("post", f"/frameworks/{f}/edit", {"title": "Renamed", "description": ""}),
        ("post", f"/frameworks/{f}/renumber", {}),
        ("get", f"/frameworks/{f}/standards/new", None),
        (
            "post",
            f"/frameworks/{f}/standards/new?parent_id={ref.domain.id}",
            {"parent_id": ref.domain.id, "kind": "item", "title": "New", "change_note": "x"},
        ),
        ("get", f"/standards/{skill}/edit", None),
        (
            "post",
            f"/standards/{skill}/edit",
            {"base_version": "1", "title": "Changed", "statement": "", "change_note": ""},
        ),
        ("post", f"/standards/{skill}/revert/1", {"base_version": "1"}),
        ("post", f"/standards/{skill}/versions/1/review", {}),
        ("post", f"/standards/{skill}/versions/1/publish", {}),
        ("post", f"/standards/{skill}/versions/1/retire", {}),
        ("post", f"/standards/{skill}/reorder/down", {}),
        ("post", f"/standards/{skill}/place", {"position": "1"}),
        ("post", f"/standards/{activity}/move", {"parent_id": str(ref.skill.id)}),
        ("post", f"/standards/{skill}/code", {"code": "Z.9"}),
        ("post", f"/standards/{skill}/retire", {}),
    ]


@pytest.mark.parametrize("role", ["convener", "admin", "panelist"])
def test_nobody_changes_a_reference_framework_on_the_web(client, login_as, reference, role):
    login_as(role)
    before = _fingerprint()
    title = reference.framework.title
    for method, url, data in _web_refusals(reference):
        response = getattr(client, method)(url, data=data) if data is not None else client.get(url)
        assert response.status_code == 403, (url, response.status_code)
        if method == "get" or "place" not in url:
            assert READ_ONLY in response.text, url
    assert _fingerprint() == before
    _db.session.expire_all()
    assert _db.session.get(type(reference.framework), reference.framework.id).title == title


def test_nobody_endorses_a_reference_item(client, login_as, reference, factory, db):
    draft = services.save_version(
        reference.skill,
        1,
        "Measure parts again",
        "",
        None,
        "",
        factory.member(reference.framework.partnership, "panelist"),
    )[0]
    db.session.commit()
    login_as("panelist")
    url = f"/standards/{reference.skill.id}/versions/{draft.number}"
    for action in ("endorse", "withdraw"):
        response = client.post(f"{url}/{action}", data={"note": ""})
        assert response.status_code == 403 and READ_ONLY in response.text
    assert db.session.get(type(draft), draft.id).endorsements == []


@pytest.mark.parametrize("role", ["convener", "admin"])
def test_nobody_changes_a_reference_framework_through_the_api(api_as, reference, role):
    api = api_as(role)
    skill = reference.skill.id
    before = _fingerprint()
    calls = [
        (
            "post",
            f"/api/v1/frameworks/{reference.framework.id}/standards",
            {"kind": "item", "title": "New", "parent_id": reference.domain.id},
        ),
        ("post", f"/api/v1/standards/{skill}/versions", {"base_version": 1, "title": "Changed"}),
        ("post", f"/api/v1/standards/{skill}/versions/1/endorsements", {}),
        ("delete", f"/api/v1/standards/{skill}/versions/1/endorsements", None),
        ("post", f"/api/v1/standards/{skill}/versions/1/review", None),
        ("post", f"/api/v1/standards/{skill}/versions/1/publish", None),
    ]
    for method, url, body in calls:
        response = api.post(url, json=body) if method == "post" else api.delete(url)
        assert response.status_code == 403, (url, response.status_code, response.text)
        assert READ_ONLY in response.get_json()["error"], url
    assert _fingerprint() == before


def test_members_still_read_comment_and_export_a_reference_framework(
    client, login_as, reference, db
):
    login_as("convener")
    assert client.get(f"/frameworks/{reference.framework.id}").status_code == 200
    page = client.get(f"/standards/{reference.skill.id}")
    assert page.status_code == 200
    response = client.post(
        f"/standards/{reference.skill.id}/comments",
        data={"body": "Our A.1.2 matches this.", "version_id": "0"},
    )
    assert response.status_code == 302
    assert db.session.scalar(db.select(Comment.body)) == "Our A.1.2 matches this."
    assert client.get(f"/frameworks/{reference.framework.id}/exports/new").status_code == 200


def test_the_pages_offer_no_authoring_on_a_reference_framework(client, login_as, reference):
    login_as("convener")
    framework = client.get(f"/frameworks/{reference.framework.id}").text
    assert "Reference framework" in framework
    for absent in ("Edit framework", "Renumber codes", "+ add", "draggable", "Show retired"):
        assert absent not in framework, absent
    standard = client.get(f"/standards/{reference.skill.id}").text
    assert f"/standards/{reference.skill.id}/edit" not in standard
    assert "Code, place in the tree, retire" not in standard
    assert "Add a link" not in standard
    assert "Add comment" in standard  # the partnership's own discussion stays open


def test_partnership_frameworks_keep_their_authoring_actions(
    client, login_as, partnership, factory, reference
):
    framework = factory.framework(partnership, "Our own framework")
    cwf = factory.standard(framework, None, "critical_work_function", "Run production")
    login_as("convener")
    page = client.get(f"/frameworks/{framework.id}").text
    assert "Edit framework" in page and "Reference framework" not in page
    assert f"/standards/{cwf.id}/edit" in client.get(f"/standards/{cwf.id}").text
    response = client.post(f"/standards/{cwf.id}/code", data={"code": "P"})
    assert response.status_code == 302 and _db.session.get(Standard, cwf.id).code == "P"


def test_the_pages_say_where_a_reference_framework_came_from(client, login_as, reference):
    login_as("viewer")
    listing = client.get(f"/partnerships/{reference.framework.partnership_id}/frameworks").text
    assert "Reference framework" in listing and "Ohio Department of Education" in listing
    page = client.get(f"/frameworks/{reference.framework.id}").text
    assert "About the source" in page
    for text in (
        "state-manufacturing.json",
        "01 Mar 2026",
        "State Board of Education",
        "Ohio Department of Education",
        'href="https://education.example.org/standards/manufacturing"',
        "2024.1",
        "Adopted",
    ):
        assert text in page, text
    assert "Measured Skill" in page and "Domain" in page
    standard = client.get(f"/standards/{reference.skill.id}").text
    assert "Measured Skill" in standard and "Source details" in standard
    for label, value in (
        ("Notes", "Use calibrated instruments."),
        ("Education level", "11, 12"),
        ("Concept keywords", "measurement, metrology"),
        ("Language", "en"),
        ("In force from", "2024-07-01"),
    ):
        assert f"<dt>{label}</dt><dd>{value}</dd>" in standard, label
    assert "In force until" not in standard  # only the fields present


def test_a_partnership_framework_has_no_source_blocks(client, login_as, partnership, factory):
    framework = factory.framework(partnership, "Our own framework")
    cwf = factory.standard(framework, None, "critical_work_function", "Run production")
    login_as("convener")
    assert "About the source" not in client.get(f"/frameworks/{framework.id}").text
    assert "Source details" not in client.get(f"/standards/{cwf.id}").text


def test_the_api_says_a_framework_is_a_reference(api_as, reference):
    body = api_as("viewer").get(f"/api/v1/frameworks/{reference.framework.id}").get_json()
    assert body["origin"] == "reference"
    kinds = {s["code"]: s["kind_label"] for s in body["standards"]}
    assert kinds[reference.skill.code] == "Measured Skill"


# --- Courses align to reference frameworks ---------------------------------------------------


@pytest.fixture
def college_world(partnership, factory, reference, db):
    college = factory.organization(name="Valley College", kind="college")
    add_organization(partnership, college)
    course = factory.course(college, "MFG 110", "Measurement", "3")
    program = factory.program(
        college, partnership, [reference.framework], courses_by_term=[(course, 1)]
    )
    faculty = factory.member(partnership, "faculty", organization=college)
    return college, course, program, faculty


def test_courses_align_to_a_reference_item_and_it_goes_stale_on_a_new_version(
    client, login_as, partnership, factory, reference, college_world, db
):
    college, course, program, faculty = college_world
    assert reference.framework in alignment.frameworks_for(course)
    found = factory.align(course, reference.skill, "mastered", by=faculty)
    assert found.version.number == 1 and not found.is_stale
    cov = coverage.coverage(program, reference.framework)
    row = next(r for r in cov.standards if r.standard.id == reference.skill.id)
    assert row.cells and cov.covered == 1 and cov.total == 1  # the one assessed leaf
    # A re-import publishes a new version of the item (built by hand here).
    author = factory.member(partnership, "panelist")
    services.save_version(
        reference.skill, 1, "Measure parts to tolerance", "", None, "imported", author
    )
    db.session.commit()
    factory.publish(reference.skill)
    db.session.expire_all()
    cov = coverage.coverage(program, reference.framework)
    row = next(r for r in cov.standards if r.standard.id == reference.skill.id)
    assert row.cells[course.id].is_stale
    assert alignment.alignments_of_course(course)[0].is_stale


def test_the_pickers_and_coverage_offer_reference_frameworks(
    client, login_as, partnership, reference, college_world, factory
):
    college, course, program, faculty = college_world
    login(client, faculty.email)
    picker = client.get(f"/courses/{course.id}/align?framework={reference.framework.id}")
    assert picker.status_code == 200 and reference.skill.current_version.title in picker.text
    assert reference.framework.title in client.get("/programs/new").text
    page = client.get(f"/programs/{program.id}/coverage")
    assert page.status_code == 200 and "Measure parts" in page.text
    assert "Quality and measurement" in page.text  # the top-level item's figures
    assert '<th scope="col">Top-level standard</th>' in page.text


def test_coverage_groups_the_figures_by_top_level_item(reference, college_world, factory):
    college, course, program, faculty = college_world
    factory.align(course, reference.activity, "introduced", by=faculty)
    cov = coverage.coverage(program, reference.framework, count="all")
    (top,) = cov.by_function()
    assert top.row.standard.id == reference.domain.id
    assert (top.total, top.covered, top.mastered) == (3, 1, 0)
    # Counting the assessed leaves (the default): the skill under the activity, not covered.
    (top,) = coverage.coverage(program, reference.framework).by_function()
    assert (top.total, top.covered, top.mastered) == (1, 0, 0)


# --- The generic kind `item` ------------------------------------------------------------------


def test_the_rule_of_what_sits_under_an_item():
    item = StandardKind.ITEM
    assert may_hold(None, item) and may_hold(StandardKind.KEY_ACTIVITY, item)
    assert may_hold(item, item) and may_hold(item, StandardKind.SKILL)
    assert not may_hold(item, StandardKind.CRITICAL_WORK_FUNCTION)
    assert not may_hold(StandardKind.SKILL, item)
    assert not may_hold(None, StandardKind.KEY_ACTIVITY)


@pytest.fixture
def draft_import(partnership, factory):
    """A partnership framework imported in draft mode: its items are drafts the panel edits."""
    framework = factory.framework(partnership, "Imported draft")
    domain = factory.standard(framework, None, "item", "Quality")
    domain.item_type = "Domain"
    _db.session.commit()
    return framework, domain


def test_authors_add_children_under_an_item(client, login_as, draft_import, db):
    framework, domain = draft_import
    login_as("panelist")
    form = client.get(f"/frameworks/{framework.id}/standards/new?parent_id={domain.id}").text
    for kind in ("item", "key_activity", "skill"):
        assert f'value="{kind}"' in form, kind
    assert 'value="critical_work_function"' not in form
    response = client.post(
        f"/frameworks/{framework.id}/standards/new?parent_id={domain.id}",
        data={"parent_id": domain.id, "kind": "item", "title": "Gauges", "change_note": "x"},
    )
    assert response.status_code == 302
    child = db.session.scalar(db.select(Standard).where(Standard.parent_id == domain.id))
    assert child.kind == StandardKind.ITEM and child.code == "A.1"
    page = client.get(f"/standards/{domain.id}").text
    assert "Under this domain" in page and "Add item" in page
    top = client.get(f"/frameworks/{framework.id}/standards/new").text
    assert 'value="item"' in top and "Add at the top of the framework" in top


def test_an_item_is_never_put_under_a_leaf(partnership, factory, draft_import):
    framework, domain = draft_import
    skill = factory.standard(framework, domain, "skill", "Read a micrometer")
    with pytest.raises(services.StandardError, match="An item belongs under a critical work"):
        tree.add_standard(framework, skill, "item", "Nope")
    with pytest.raises(services.StandardError, match="sits at the top"):
        tree.add_standard(framework, domain, "critical_work_function", "Nope")


def test_items_are_not_offered_in_a_framework_without_them(client, login_as, partnership, factory):
    framework = factory.framework(partnership, "Hand made")
    cwf = factory.standard(framework, None, "critical_work_function", "Run production")
    login_as("panelist")
    top = client.get(f"/frameworks/{framework.id}/standards/new").text
    assert 'value="item"' not in top and "Add a critical work function" in top
    under = client.get(f"/frameworks/{framework.id}/standards/new?parent_id={cwf.id}").text
    assert 'value="item"' not in under


def test_an_item_moves_under_another_item(client, login_as, draft_import, factory, db):
    framework, domain = draft_import
    other = factory.standard(framework, None, "item", "Safety")
    login_as("panelist")
    response = client.post(f"/standards/{other.id}/move", data={"parent_id": str(domain.id)})
    assert response.status_code == 302
    assert db.session.get(Standard, other.id).parent_id == domain.id


def test_prints_name_items_by_their_type(client, login_as, reference):
    doc = documents.standards_document(reference.framework, drafts=False, as_of=None)
    (top, rows) = doc.functions[0]
    assert top.standard.id == reference.domain.id and doc.top_label == "top-level standards"
    assert [r.section for r in rows] == [True, True]
    login_as("viewer")
    printed = client.get(f"/frameworks/{reference.framework.id}/print").text
    assert "Measured Skill" in printed and "Domain ·" in printed
    assert "Critical work function" not in printed


def test_source_times_read_like_the_apps_own_and_odd_values_stay_as_they_came():
    from curriculum.interop.source import details

    labels = {"lastChangeDateTime": "Last changed", "statusStartDate": "In force from"}
    shown = details(
        {"lastChangeDateTime": "2018-03-01T21:01:39+00:00", "statusStartDate": "2024-07-01"},
        labels,
    )
    assert [d.text for d in shown] == ["01 Mar 2018, 21:01 UTC", "2024-07-01"]
    assert details({"lastChangeDateTime": "soon"}, labels)[0].text == "soon"
