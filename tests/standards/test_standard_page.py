"""A standard's page: the parts read with plain rows or one query (breadcrumbs, the move
chooser, the comment form's versions, endorsements), and its queries, which do not grow with
the framework, the standard's history or its depth."""

import re

import pytest

from curriculum.standards import services, tree
from curriculum.standards.models import StandardVersion


@pytest.fixture
def framework(partnership, factory):
    return factory.framework(partnership, coding_prefix="PT")


@pytest.fixture
def author(partnership, factory):
    return factory.member(partnership, "panelist")


def _select(page: str, name: str) -> list[tuple[str, str, bool]]:
    """The options of the page's <select name=…>: (value, label, selected)."""
    found = re.search(rf'<select id="{name}" name="{name}">(.*?)</select>', page, re.S)
    assert found, f"no select {name}"
    return [
        (value, label, bool(selected))
        for selected, value, label in re.findall(
            r'<option (selected )?value="([^"]*)">([^<]*)</option>', found.group(1)
        )
    ]


def _crumbs(page: str) -> list[str]:
    nav = re.search(r'<nav class="breadcrumbs".*?</nav>', page, re.S)
    assert nav
    return re.findall(r"<a href=\"[^\"]*\">([^<]*)</a>", nav.group(0))


def test_breadcrumbs_list_every_ancestor_from_the_top(
    client, login_as, framework, author, partnership
):
    cwf = tree.add_standard(framework, None, "critical_work_function", "Safety", author=author)
    ka = tree.add_standard(framework, cwf, "key_activity", "Guarding", author=author)
    pi = tree.add_standard(framework, ka, "performance_indicator", "Guards on", author=author)
    login_as("panelist")
    page = client.get(f"/standards/{pi.id}").text
    assert _crumbs(page) == [partnership.name, framework.title, cwf.code, ka.code]
    assert _crumbs(client.get(f"/standards/{cwf.id}").text) == [
        partnership.name,
        framework.title,
    ]


def test_ancestors_walk_up_any_depth_in_order(framework, author, db):
    top = tree.add_standard(framework, None, "critical_work_function", "Top", author=author)
    chain = [top]
    for n in range(4):  # imported items nest under items without limit
        chain.append(tree.add_standard(framework, chain[-1], "item", f"Item {n}", author=author))
    db.session.commit()
    db.session.expire_all()
    assert [s.id for s in tree.ancestors(chain[-1])] == [s.id for s in chain[:-1]]
    assert tree.ancestors(top) == []


def test_the_move_chooser_lists_possible_parents_by_code_with_their_newest_title(
    client, login_as, framework, author, db
):
    a = tree.add_standard(framework, None, "critical_work_function", "Safety", author=author)
    b = tree.add_standard(framework, None, "critical_work_function", "Quality <QA>", author=author)
    gone = tree.add_standard(framework, None, "critical_work_function", "Old", author=author)
    ka = tree.add_standard(framework, a, "key_activity", "Guarding", author=author)
    other_ka = tree.add_standard(framework, b, "key_activity", "Inspect", author=author)
    services.save_version(b, 1, "Quality & checks", None, None, "Renamed", author)
    tree.set_retired(gone, True)
    db.session.commit()
    login_as("panelist")
    assert _select(client.get(f"/standards/{ka.id}").text, "parent_id") == [
        (str(a.id), f"{a.code} Safety", True),
        (str(b.id), f"{b.code} Quality &amp; checks", False),
    ]
    pi = tree.add_standard(framework, ka, "performance_indicator", "Guards on", author=author)
    db.session.commit()
    assert _select(client.get(f"/standards/{pi.id}").text, "parent_id") == [
        (str(ka.id), f"{ka.code} Guarding", True),
        (str(other_ka.id), f"{other_ka.code} Inspect", False),
    ]
    moved = client.post(f"/standards/{ka.id}/move", data={"parent_id": b.id})
    assert moved.status_code == 302
    db.session.refresh(ka)
    assert ka.parent_id == b.id
    refused = client.post(f"/standards/{ka.id}/move", data={"parent_id": other_ka.id})
    assert refused.status_code == 400


def test_the_comment_form_offers_every_version_newest_first(
    client, login_as, framework, author, db
):
    cwf = tree.add_standard(framework, None, "critical_work_function", "Safety", author=author)
    ka = tree.add_standard(framework, cwf, "key_activity", "Guarding", author=author)
    services.save_version(ka, 1, "Guarding, v2", None, None, "Two", author)
    services.save_version(ka, 2, "Guarding, v3", None, None, "Three", author)
    db.session.commit()
    ids = {
        v.number: v.id
        for v in db.session.scalars(
            db.select(StandardVersion).where(StandardVersion.standard_id == ka.id)
        )
    }
    login_as("panelist")
    assert _select(client.get(f"/standards/{ka.id}").text, "version_id") == [
        ("0", "the standard in general", False),
        (str(ids[3]), "version 3", False),
        (str(ids[2]), "version 2", False),
        (str(ids[1]), "version 1", False),
    ]


def test_each_endorsement_is_listed_once_on_the_version_and_the_earlier_one(
    client, login_as, framework, author, factory, partnership, db
):
    cwf = tree.add_standard(framework, None, "critical_work_function", "Safety", author=author)
    ka = tree.add_standard(framework, cwf, "key_activity", "Guarding", author=author)
    endorsers = [factory.member(partnership, "panelist") for _ in range(3)]
    for user in endorsers:
        services.endorse(ka, ka.current_version, user)
    db.session.commit()
    assert services.last_endorsed(ka, ka.current_version) is None  # nothing before version 1
    convener = login_as("convener")
    page = client.get(f"/standards/{ka.id}").text
    names = [u.organization.name for u in endorsers]
    assert "<strong>3 of" in page
    for name in names:
        assert page.count(f"<strong>{name}</strong>") == 1
    services.save_version(ka, 1, "Guarding, v2", None, None, "Two", convener)
    db.session.commit()
    page = client.get(f"/standards/{ka.id}").text
    earlier = re.search(r"Version 1 was endorsed by ([^<]*)\.</p>", page)
    assert earlier and sorted(earlier.group(1).split(", ")) == sorted(names)
    assert "<strong>0 of" in page


def test_the_page_makes_as_many_queries_for_a_large_framework_and_a_long_history(
    client, login_as, framework, author, factory, partnership, db, count_queries, clock
):
    # The clock stands still, so the sign-in session's once-a-minute touch adds no query.
    cwf = tree.add_standard(framework, None, "critical_work_function", "Safety", author=author)
    ka = tree.add_standard(framework, cwf, "key_activity", "Guarding", author=author)
    pi = tree.add_standard(framework, ka, "performance_indicator", "Guards on", author=author)
    services.endorse(pi, pi.current_version, factory.member(partnership, "panelist"))
    services.save_version(pi, 1, "Guards on, v2", None, None, "Two", author)
    db.session.commit()
    login_as("convener")
    url = f"/standards/{pi.id}"
    client.get(url)
    with count_queries() as small:  # version 2, none of its endorsements, 1 of version 1's
        assert client.get(url).status_code == 200
    for n in range(12):  # more parents to choose from
        tree.add_standard(framework, cwf, "key_activity", f"KA {n}", author=author)
    for _ in range(2):  # more endorsements, of version 2 then of version 8
        services.endorse(pi, pi.current_version, factory.member(partnership, "panelist"))
    for number in range(2, 8):  # a longer history
        services.save_version(pi, number, f"Guards on, v{number + 1}", None, None, "", author)
    for _ in range(3):
        services.endorse(pi, pi.current_version, factory.member(partnership, "panelist"))
    db.session.commit()
    with count_queries() as large:
        page = client.get(url)
    assert page.status_code == 200
    assert len(_select(page.text, "parent_id")) == 13
    assert len(_select(page.text, "version_id")) == 9
    assert len(large) == len(small), "\n".join(q[:120] for q in large)


def test_aligned_courses_show_their_college_level_pinned_version_and_staleness(
    client, login_as, framework, author, factory, partnership, db
):
    cwf = tree.add_standard(framework, None, "critical_work_function", "Safety", author=author)
    ka = tree.add_standard(framework, cwf, "key_activity", "Guarding", author=author)
    factory.publish(ka)
    college = factory.organization(name="Lakeside College", kind="college")
    faculty = factory.member(partnership, "faculty", organization=college)
    old = factory.course(college, "MFG 101", "Shop safety")
    factory.align(old, ka, "introduced", "Taught in week 2", by=faculty)
    services.save_version(ka, 1, "Guarding, v2", None, None, "Two", author)
    db.session.commit()
    factory.publish(ka)
    new = factory.course(college, "MFG 201", "Machine guarding")
    factory.align(new, ka, "reinforced", by=faculty)
    login_as("viewer")
    page = client.get(f"/standards/{ka.id}").text
    table = page[page.index('<section id="courses">') :]
    table = table[table.index("<tbody>") : table.index("</tbody>")]
    rows = re.findall(r"<tr( class=\"stale\")?>(.*?)</tr>", table, re.S)
    assert len(rows) == 2
    (stale_mark, first), (fresh_mark, second) = rows
    assert "MFG 101" in first and "Shop safety" in first and "Lakeside College" in first
    assert "v1" in first and "stale" in first and stale_mark and "Taught in week 2" in first
    assert "MFG 201" in second and "v2" in second and "stale" not in second and not fresh_mark
    assert 'class="count">2<' in page
