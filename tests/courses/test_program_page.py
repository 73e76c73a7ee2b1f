"""The program page: a read view without forms, the edit mode (terms, required, elective groups,
adding an existing course found by search), failed forms that keep what was typed, who may
edit, the coverage figures, and a query count that does not grow with the courses."""

import re

import pytest

from curriculum.courses import groups, services
from curriculum.courses.models import ElectiveGroup, Program, ProgramCourse
from tests.conftest import login


def _faculty(w, college=None):
    return w.factory.member(w.partnership, "faculty", organization=college or w.college)


def _section(html: str, section_id: str) -> str:
    match = re.search(rf'<section id="{section_id}".*?</section>', html, re.S)
    assert match, f"no section {section_id}"
    return match.group(0)


def _main(html: str) -> str:
    return re.search(r'<main id="main".*?</main>', html, re.S).group(0)


@pytest.fixture
def grouped(world, db):
    """ROB 220 and MFG 215 in term 3, in the group "Technical elective" (choose 1)."""
    rob = world.factory.course(world.college, "ROB 220", "Robotics", "3")
    mfg = world.factory.course(world.college, "MFG 215", "CNC Programming", "3")
    a = world.factory.entry(world.program, rob, 3)
    b = world.factory.entry(world.program, mfg, 3)
    group = groups.add_group(world.program, "Technical elective", 1)
    groups.put_in_group(world.program, a, group.id)
    groups.put_in_group(world.program, b, group.id)
    db.session.commit()
    return group


def test_read_view_is_plain_text_with_kinds_totals_and_frameworks(client, world, grouped):
    login(client, _faculty(world).email)
    html = client.get(f"/programs/{world.program.id}").text
    main = _main(html)
    # No form of any kind in the page's content: only links (Edit courses among them).
    assert "<form" not in main and "<input" not in main and "<select" not in main
    assert f'href="/programs/{world.program.id}?edit=1"' in main and "Edit courses" in main
    courses = _section(html, "courses")
    assert "Term 1" in courses and "Term 3" in courses
    assert "MFG 110" in courses and "Safety" in courses
    assert "Technical elective: choose 1 of ROB 220, MFG 215" in courses
    assert courses.count(">Required<") == 2
    assert "Total: 13.5 credits</strong> (7.5 required)" in courses
    assert world.framework.title in _section(html, "coverage")


def test_visitors_see_the_read_view_without_edit_link(client, world):
    html = client.get(f"/programs/{world.program.id}").text
    assert "Edit courses" not in html and "<form" not in _main(html)
    assert "MFG 110" in html


def test_edit_mode_is_for_who_may_edit(client, world, login_as):
    url = f"/programs/{world.program.id}?edit=1"
    assert client.get(url).status_code in (302, 401)
    login_as("panelist")
    response = client.get(url)
    assert response.status_code == 403 and "Only faculty of Valley College" in response.text
    login(client, _faculty(world, world.other_college).email)
    assert client.get(url).status_code == 403


def test_edit_mode_has_row_controls_groups_and_the_add_search(client, world, grouped):
    login(client, _faculty(world).email)
    html = client.get(f"/programs/{world.program.id}?edit=1").text
    courses = _section(html, "courses")
    assert courses.count('name="term"') == 4 and courses.count(">Remove<") == 4
    assert courses.count('name="group_id"') == 4 and ">Technical elective</option>" in courses
    groups_html = _section(html, "groups")
    assert 'value="Technical elective"' in groups_html and "Add group" in groups_html
    assert "Done editing" in html


def test_add_an_existing_course_by_search(client, world, db):
    for n in range(3):
        world.factory.course(world.college, f"WLD {101 + n}", f"Welding {n + 1}", "2")
    world.factory.course(world.other_college, "WLD 900", "Elsewhere", "2")
    db.session.commit()
    login(client, _faculty(world).email)
    html = client.get(f"/programs/{world.program.id}?edit=1&q=weld").text
    add = _section(html, "add")
    assert "WLD 101" in add and "WLD 103" in add
    assert "WLD 900" not in add  # another college's course
    assert "MFG 110" not in add  # already in the program, and no match
    assert "3 courses matching “weld” not in the program yet." in add
    wld = db.session.scalar(db.select(services.Course).where(services.Course.code == "WLD 102"))
    response = client.post(
        f"/programs/{world.program.id}/courses",
        data={"course_id": wld.id, "term": "2", "q": "weld"},
        follow_redirects=True,
    )
    assert "WLD 102 added to term 2." in response.text
    entry = db.session.scalar(db.select(ProgramCourse).where(ProgramCourse.course_id == wld.id))
    assert entry.term == 2 and not entry.required  # the box was not ticked
    add = _section(response.text, "add")
    assert "WLD 102" not in add and "WLD 101" in add  # the search stays, without it


def test_the_add_search_is_limited_with_refine(client, world, db, monkeypatch):
    from curriculum.courses import program_page

    monkeypatch.setattr(program_page, "SEARCH_LIMIT", 2)
    for n in range(4):
        world.factory.course(world.college, f"ELC {101 + n}", "Electricity", "2")
    login(client, _faculty(world).email)
    add = _section(client.get(f"/programs/{world.program.id}?edit=1&q=elc").text, "add")
    assert add.count(">Add<") == 2
    assert "The first 2 of 4 courses matching “elc”: refine your search" in add


def test_a_failed_add_keeps_the_typed_term_and_says_why(client, world, db):
    course = world.factory.course(world.college, "WLD 101", "Welding", "2")
    login(client, _faculty(world).email)
    response = client.post(
        f"/programs/{world.program.id}/courses",
        data={"course_id": course.id, "term": "14", "required": "y", "q": "wld"},
    )
    assert response.status_code == 400
    row = re.search(rf'<tr id="add-{course.id}".*?</tr>', response.text, re.S).group(0)
    assert 'value="14"' in row and "Term 1 to 12." in row and 'aria-invalid="true"' in row
    assert (
        db.session.scalar(db.select(ProgramCourse).where(ProgramCourse.course_id == course.id))
        is None
    )
    # A course that is not the college's (or not a course at all): said under the search.
    other = world.factory.course(world.other_college, "ZZZ 100", "Elsewhere", "1")
    for course_id in (str(other.id), "abc"):
        response = client.post(
            f"/programs/{world.program.id}/courses", data={"course_id": course_id, "term": "1"}
        )
        assert response.status_code == 400
        assert 'id="add-error" role="alert"' in _section(response.text, "add")
    assert len(world.program.courses) == 2


def test_a_convener_cannot_add_a_course_other_partnerships_hold(client, world, db, login_as):
    other = world.factory.partnership(name="Harbor Partnership")
    shared = world.factory.course(world.college, "WLD 101", "Welding", "2")
    # A program of the college in another partnership holds the course.
    elsewhere = Program(
        organization_id=world.college.id,
        partnership_id=other.id,
        name="Harbor Welding",
        award_type="Certificate",
        catalog_year="2026-2027",
    )
    elsewhere.courses.append(ProgramCourse(course_id=shared.id, term=1))
    db.session.add(elsewhere)
    db.session.commit()
    login_as("convener")
    add = _section(client.get(f"/programs/{world.program.id}?edit=1&q=wld").text, "add")
    assert "WLD 101" in add and "only faculty of Valley College may add it" in add
    assert ">Add<" not in add
    response = client.post(
        f"/programs/{world.program.id}/courses", data={"course_id": shared.id, "term": "1"}
    )
    assert response.status_code == 400 and "in programs of other partnerships" in response.text


def test_row_update_moves_term_and_puts_in_a_group(client, world, grouped, db):
    login(client, _faculty(world).email)
    entry = db.session.scalar(
        db.select(ProgramCourse).where(ProgramCourse.course_id == world.course2.id)
    )
    response = client.post(
        f"/programs/{world.program.id}/courses/{entry.id}",
        data={"term": "3", "group_id": str(grouped.id)},
        follow_redirects=True,
    )
    assert "MFG 120: term 3, technical elective: choose 1 of" in response.text
    db.session.refresh(entry)
    assert entry.term == 3 and entry.group_id == grouped.id and not entry.required
    # Required and in a group at once: refused, what was typed kept.
    response = client.post(
        f"/programs/{world.program.id}/courses/{entry.id}",
        data={"term": "4", "required": "y", "group_id": str(grouped.id)},
    )
    assert response.status_code == 400
    row = re.search(rf'<tr id="entry-{entry.id}".*?</tr>', response.text, re.S).group(0)
    assert "a course in an elective group is an elective" in row
    assert 'value="4"' in row and "checked" in row
    assert f'<option value="{grouped.id}" selected>' in row
    db.session.refresh(entry)
    assert entry.term == 3
    # Required again, no group: it leaves the group.
    client.post(
        f"/programs/{world.program.id}/courses/{entry.id}",
        data={"term": "2", "required": "y", "group_id": ""},
    )
    db.session.refresh(entry)
    assert entry.required and entry.group_id is None and entry.term == 2


def test_a_bad_term_keeps_what_was_typed(client, world, db):
    login(client, _faculty(world).email)
    entry = world.program.courses[0]
    response = client.post(f"/programs/{world.program.id}/courses/{entry.id}", data={"term": "abc"})
    assert response.status_code == 400
    row = re.search(rf'<tr id="entry-{entry.id}".*?</tr>', response.text, re.S).group(0)
    assert 'value="abc"' in row and 'role="alert"' in row


def test_groups_add_edit_delete_through_the_page(client, world, grouped, db):
    login(client, _faculty(world).email)
    pid = world.program.id
    response = client.post(
        f"/programs/{pid}/groups", data={"name": "Math", "choose": "1"}, follow_redirects=True
    )
    assert "Elective group Math added" in response.text
    math = db.session.scalar(db.select(ElectiveGroup).where(ElectiveGroup.name == "Math"))
    assert math.program_id == pid and math.choose == 1
    # A clash of names and a choice beyond the group's courses: refused, typed values kept.
    response = client.post(f"/programs/{pid}/groups", data={"name": "math", "choose": "1"})
    assert response.status_code == 400
    new = _section(response.text, "groups")
    assert "already has an elective group named math" in new and 'value="math"' in new
    response = client.post(
        f"/programs/{pid}/groups/{grouped.id}", data={"name": "Tech elective", "choose": "3"}
    )
    assert response.status_code == 400
    item = re.search(rf'<li id="group-{grouped.id}".*?</li>', response.text, re.S).group(0)
    assert "cannot choose 3 of 2 courses" in item and 'value="Tech elective"' in item
    db.session.refresh(grouped)
    assert grouped.name == "Technical elective" and grouped.choose == 1
    response = client.post(
        f"/programs/{pid}/groups/{grouped.id}",
        data={"name": "Tech elective", "choose": "2"},
        follow_redirects=True,
    )
    assert "Elective group Tech elective saved." in response.text
    assert "Tech elective: choose 2 of ROB 220, MFG 215" in response.text
    gid = grouped.id
    response = client.post(f"/programs/{pid}/groups/{gid}/delete", follow_redirects=True)
    assert "its courses stay, as free electives" in response.text
    db.session.expire_all()
    assert db.session.get(ElectiveGroup, gid) is None
    entries = [pc for pc in world.program.courses if pc.course.code in ("ROB 220", "MFG 215")]
    assert len(entries) == 2 and all(not pc.required and pc.group_id is None for pc in entries)


def test_group_of_another_program_is_not_found(client, world, grouped, db):
    other = world.factory.program(world.college, world.partnership, [], name="Welding")
    db.session.commit()
    login(client, _faculty(world).email)
    response = client.post(
        f"/programs/{other.id}/groups/{grouped.id}", data={"name": "x", "choose": "1"}
    )
    assert response.status_code == 404
    assert client.post(f"/programs/{other.id}/groups/{grouped.id}/delete").status_code == 404


def test_group_forms_are_refused_to_who_may_not_edit(client, world, grouped, login_as):
    login_as("panelist")
    pid = world.program.id
    assert client.post(f"/programs/{pid}/groups", data={"name": "x"}).status_code == 403
    assert client.post(f"/programs/{pid}/groups/{grouped.id}/delete").status_code == 403


def test_coverage_figures_on_the_page(client, world, db):
    convener = world.factory.member(world.partnership, "convener")
    pi2 = world.factory.standard(
        world.framework, world.ka, "performance_indicator", "Guards logged", author=convener
    )
    for standard in (world.cwf, world.ka, world.pi, pi2):
        world.factory.publish(standard, by=convener)
    faculty = _faculty(world)
    world.factory.align(world.course, world.pi, "mastered", by=faculty)
    # An elective's alignment counts for "all courses" only; a key activity is not counted.
    world.factory.align(world.course2, pi2, "introduced", by=faculty)
    world.factory.align(world.course2, world.ka, "introduced", by=faculty)
    entry = db.session.scalar(
        db.select(ProgramCourse).where(ProgramCourse.course_id == world.course2.id)
    )
    services.update_entry(world.program, entry, 2, False)
    db.session.commit()
    html = _section(client.get(f"/programs/{world.program.id}").text, "coverage")
    text = re.sub(r"<[^>]+>", "", html)
    text = re.sub(r"\s+", " ", text)
    assert "required courses cover 1 of 2 assessed standards (50%) — all courses: 100%" in text
    assert f"/programs/{world.program.id}/coverage?framework={world.framework.id}" in html


def test_the_page_runs_as_many_queries_for_ten_times_the_courses(
    client, world, grouped, db, count_queries
):
    login(client, _faculty(world).email)
    url = f"/programs/{world.program.id}"

    def count(path: str) -> int:
        with count_queries() as queries:
            assert client.get(path).status_code == 200
        return len(queries)

    few, few_edit = count(url), count(url + "?edit=1")
    for n in range(36):
        course = world.factory.course(world.college, f"GEN {100 + n}", "General", "1")
        entry = world.factory.entry(world.program, course, 1 + n % 4)
        if n % 3 == 0:
            groups.put_in_group(world.program, entry, grouped.id)
    db.session.commit()
    assert count(url) == few
    assert count(url + "?edit=1") == few_edit
