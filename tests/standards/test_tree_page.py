"""The framework page as a collapsible tree: closed branches beyond a size, one branch opened
(the fragment route and the no-script ?open= link), expand and collapse all, the state each
person keeps, search and filters, the edit-order mode, and the page's size and queries at
1,600 standards."""

from __future__ import annotations

import re

import pytest

from curriculum.courses.models import Course
from curriculum.standards import tree
from curriculum.standards.models import VersionStatus
from curriculum.standards.tree_page import COLLAPSE_ABOVE
from curriculum.standards.tree_state import TreeState
from curriculum.testing.bulk import add_versions, align, standards_tree


def bulk_framework(factory, partnership, shape, drafts_every=0, title="Big framework"):
    """A framework of functions × activities × indicators, every standard published (v1), and
    with `drafts_every`, every n-th one with a newer draft (v2)."""
    from curriculum.extensions import db

    framework = factory.framework(partnership, title)
    standards = standards_tree(framework.id, shape)
    versions = []
    for n, s in enumerate(standards):
        title_ = f"Operate the line, step {s.code}"
        versions.append(
            {
                "standard_id": s.id,
                "number": 1,
                "title": title_,
                "statement": "Checks the equipment against the work order before each run.",
                "status": VersionStatus.PUBLISHED,
            }
        )
        if drafts_every and n % drafts_every == 0:
            versions.append(
                {
                    "standard_id": s.id,
                    "number": 2,
                    "title": f"{title_} (draft wording)",
                    "status": VersionStatus.DRAFT,
                }
            )
    add_versions(versions)
    db.session.commit()
    return framework, standards


def rows(html: str) -> list[str]:
    """The codes of the tree's rows in the page, in order."""
    return re.findall(r'<span class="code">(?:[^<]* )?([^ <]+)</span>', html)


def toggles(html: str) -> list[str]:
    """aria-expanded of each branch's toggle button, in order."""
    return re.findall(r'class="toggle" hidden aria-expanded="(\w+)"', html)


@pytest.fixture
def small(factory, partnership, db):
    """A framework of 2 × 2 × 3 = 18 standards, all published."""
    return bulk_framework(factory, partnership, (2, 2, 3), title="Small framework")


@pytest.fixture
def big(factory, partnership, db):
    """5 + 15 + 60 = 80 standards (beyond COLLAPSE_ABOVE), all published, a tenth redrafted."""
    return bulk_framework(factory, partnership, (5, 3, 4), drafts_every=10)


def test_a_small_tree_is_open_and_every_branch_can_close(client, small):
    framework, standards = small
    page = client.get(f"/frameworks/{framework.id}").text
    assert len(rows(page)) == 18 and "18 standards shown." in page
    assert toggles(page) == ["true", "true"]
    a = standards[0]
    # The no-script link closes A and keeps B open.
    link = re.search(rf'<a class="toggle-link" href="([^"]+)#s{a.id}">Close', page).group(1)
    assert link == f"/frameworks/{framework.id}?open={standards[1].id}"
    closed = client.get(link.replace("&amp;", "&")).text
    assert rows(closed) == ["A", "B", "B.1", "B.1.1", "B.1.2", "B.1.3", "B.2"] + [
        "B.2.1",
        "B.2.2",
        "B.2.3",
    ]
    assert "18 standards, 10 shown: open a branch" in closed


def test_a_large_tree_starts_closed_and_opens_one_branch(client, big):
    framework, standards = big
    assert len(standards) > COLLAPSE_ABOVE
    page = client.get(f"/frameworks/{framework.id}").text
    assert rows(page) == ["A", "B", "C", "D", "E"]
    assert toggles(page) == ["false"] * 5 and "15 below" in page
    assert "80 standards, 5 shown: open a branch to see the standards under it." in page
    # Every closed branch has its (empty) list, which the toggle controls and the script fills.
    c = next(s for s in standards if s.code == "C")
    assert f'<ol class="branch" id="b{c.id}" hidden></ol>' in page
    assert f'aria-controls="b{c.id}"' in page
    assert f'href="/frameworks/{framework.id}?open={c.id}#s{c.id}">Open' in page

    opened = client.get(f"/frameworks/{framework.id}?open={c.id}").text
    assert rows(opened)[:4] == ["A", "B", "C", "C.1"] and len(rows(opened)) == 5 + 15
    assert "C.3.4" in rows(opened) and "B.1" not in rows(opened)
    # Opening a second branch keeps the first open.
    d = next(s for s in standards if s.code == "D")
    assert f"?open={c.id}&amp;open={d.id}#s{d.id}" in opened

    everything = client.get(f"/frameworks/{framework.id}?all=1").text
    assert len(rows(everything)) == 80 and "80 standards shown." in everything


def test_the_fragment_is_one_branch_as_the_reader_sees_it(
    client, login_as, big, factory, partnership
):
    framework, standards = big
    a = standards[0]
    a1 = next(s for s in standards if s.code == "A.1")
    fragment = client.get(f"/frameworks/{framework.id}/tree/{a.id}")
    assert fragment.status_code == 200
    html = fragment.text
    assert "<html" not in html and rows(html)[:2] == ["A.1", "A.1.1"] and len(rows(html)) == 15
    assert "step A.1.1 (draft wording)" not in html  # a visitor reads the published version
    login_as("convener")
    html = client.get(f"/frameworks/{framework.id}/tree/{a.id}").text
    assert "step A.1.1 (draft wording)" in html and "0 of 3 employers" in html
    # Only a top-level standard of this framework is a branch.
    assert client.get(f"/frameworks/{framework.id}/tree/{a1.id}").status_code == 404
    _other, elsewhere = bulk_framework(factory, partnership, (1, 1, 1), title="Other")
    assert client.get(f"/frameworks/{framework.id}/tree/{elsewhere[0].id}").status_code == 404


def test_a_signed_in_person_s_state_is_remembered(client, login_as, big, db):
    framework, standards = big
    user = login_as("viewer")
    b = standards[1]
    url = f"/frameworks/{framework.id}/tree-state"
    answer = client.post(url, data={"open": [b.id]}, headers={"Accept": "application/json"})
    assert answer.status_code == 200 and answer.json == {
        "status": "ok",
        "all_open": False,
        "open": [b.id],
    }
    state = db.session.get(TreeState, (user.id, framework.id))
    assert (state.all_open, state.open_ids) == (False, [b.id])
    page = client.get(f"/frameworks/{framework.id}").text
    assert rows(page)[:3] == ["A", "B", "B.1"] and "C.1" not in rows(page)

    # The page's "Expand all" button posts the same, and is answered by the page.
    response = client.post(url, data={"all": "1"})
    assert response.status_code == 302 and response.location.endswith(
        f"/frameworks/{framework.id}#tree"
    )
    assert len(rows(client.get(f"/frameworks/{framework.id}").text)) == 80
    # The URL wins over what was saved, and saves nothing.
    assert rows(client.get(f"/frameworks/{framework.id}?all=0").text) == list("ABCDE")
    db.session.expire_all()
    assert db.session.get(TreeState, (user.id, framework.id)).all_open is True


def test_saving_a_state_refuses_what_is_not_a_branch_and_changes_nothing(client, login_as, big, db):
    framework, standards = big
    user = login_as("viewer")
    url = f"/frameworks/{framework.id}/tree-state"
    a1 = next(s for s in standards if s.code == "A.1")
    json = {"Accept": "application/json"}
    for bad in ([a1.id], ["abc"], ["9" * 20]):
        answer = client.post(url, data={"open": bad}, headers=json)
        assert answer.status_code == 400, bad
        assert "open" in answer.json["error"]
    assert "Only top-level standards of this framework" in client.post(
        url, data={"open": [a1.id]}
    ).get_data(as_text=True)
    assert db.session.get(TreeState, (user.id, framework.id)) is None


def test_visitors_keep_their_state_in_the_url_only(client, big):
    framework, _standards = big
    page = client.get(f"/frameworks/{framework.id}").text
    assert "tree-state" not in page and "data-save-url" not in page
    assert f'href="/frameworks/{framework.id}?all=1#tree">Expand all' in page
    assert f'href="/frameworks/{framework.id}?all=0#tree">Collapse all' in page
    response = client.post(f"/frameworks/{framework.id}/tree-state", data={"all": "1"})
    assert response.status_code == 302 and "/login" in response.location


def test_search_shows_matches_with_their_ancestors_open(client, big):
    framework, _standards = big
    found = client.get(f"/frameworks/{framework.id}?q=D.2.3").text
    assert rows(found) == ["D", "D.2", "D.2.3"] and "1 standard shown." in found
    context = re.search(r'<li id="s\d+" class="node depth-0[^"]*"', found).group(0)
    assert "context" in context  # D is there for the tree's shape, not as a match
    by_words = client.get(f"/frameworks/{framework.id}?q=step+E.3").text
    assert rows(by_words) == ["E", "E.3", "E.3.1", "E.3.2", "E.3.3", "E.3.4"]
    assert "Expand all" not in by_words  # a search opens what it finds
    none = client.get(f"/frameworks/{framework.id}?q=welding").text
    assert "No standard matches your filter." in none


def test_status_and_stale_filters_for_members(client, login_as, big, factory, partnership, db):
    framework, standards = big
    # A visitor cannot filter by status: the filter is ignored.
    assert len(rows(client.get(f"/frameworks/{framework.id}?status=draft").text)) == 5
    login_as("faculty")
    drafts = client.get(f"/frameworks/{framework.id}?status=draft").text
    redrafted = [s.code for n, s in enumerate(standards) if n % 10 == 0]
    assert {c for c in rows(drafts)} >= set(redrafted)
    assert "8 standards shown." in drafts
    # Stale: C.1.1 gets a newer published version after a course aligned to v1.
    c11 = next(s for s in standards if s.code == "C.1.1")
    v1 = c11.current_version_id
    add_versions([{"standard_id": c11.id, "number": 2, "title": "Revised", "status": "published"}])
    db.session.execute(
        db.update(type(c11.current_version)).where(type(c11.current_version).id == v1),
        {"status": VersionStatus.SUPERSEDED},
    )
    college = factory.organization(kind="college")
    course = Course(organization_id=college.id, code="MFG 101", title="Safety")
    db.session.add(course)
    db.session.flush()
    align(
        [{"course_id": course.id, "standard_id": c11.id, "version_id": v1, "level": "introduced"}]
    )
    db.session.commit()
    stale = client.get(f"/frameworks/{framework.id}?stale=1").text
    assert rows(stale) == ["C", "C.1", "C.1.1"] and "Has stale alignments" in stale


def test_move_buttons_only_in_the_edit_order_mode_inside_one_form(client, login_as, small, db):
    framework, standards = small
    login_as("panelist")
    page = client.get(f"/frameworks/{framework.id}").text
    assert "/reorder/" not in page and page.count('name="csrf_token"') <= 2
    assert 'draggable="true"' not in page and "Edit order" in page
    ordering = client.get(f"/frameworks/{framework.id}?order=1").text
    assert ordering.count('class="order-form"') == 1
    assert ordering.count("formaction=") == 2 * 18 and ordering.count('name="csrf_token"') <= 3
    assert "data-sortable" in ordering and "Done ordering" in ordering
    b = standards[1]
    response = client.post(f"/standards/{b.id}/reorder/up", data={"order": "1"})
    assert response.location.endswith(f"/frameworks/{framework.id}?order=1#s{b.id}")
    db.session.refresh(b)
    assert b.position == 0
    assert rows(client.get(f"/frameworks/{framework.id}").text)[0] == "B"


def test_the_tree_keeps_published_content_and_unpublished_ancestors_by_code(
    client, factory, partnership, db
):
    framework = factory.framework(partnership, "Mixed")
    a = tree.add_standard(framework, None, "critical_work_function", "Secret function")
    a1 = tree.add_standard(framework, a, "key_activity", "Public activity")
    db.session.commit()
    factory.publish(a1)
    page = client.get(f"/frameworks/{framework.id}").text
    assert rows(page) == ["A", "A.1"] and "Secret function" not in page
    assert "not yet published" in page and "1 standard shown." in page


@pytest.mark.parametrize("who", ["anonymous", "convener"])
def test_at_1600_standards_the_page_is_small_and_its_queries_do_not_grow(
    client, login_as, factory, partnership, db, count_queries, who
):
    small, _ = bulk_framework(factory, partnership, (3, 3, 4), drafts_every=10, title="Small")
    large, standards = bulk_framework(factory, partnership, (40, 3, 12), drafts_every=10)
    assert len(standards) == 1600
    if who == "convener":
        login_as("convener")
    client.get(f"/frameworks/{small.id}")  # warm: the session's first touches
    with count_queries() as few:
        assert client.get(f"/frameworks/{small.id}").status_code == 200
    with count_queries() as many:
        page = client.get(f"/frameworks/{large.id}")
    assert page.status_code == 200 and len(rows(page.text)) == 40
    assert len(page.data) <= 300 * 1024, len(page.data)
    assert len(many) == len(few), (len(few), len(many))
    with count_queries() as open_all:
        everything = client.get(f"/frameworks/{large.id}?all=1")
    assert len(rows(everything.text)) == 1600 and len(open_all) == len(few)
