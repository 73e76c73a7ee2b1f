"""The home page of a faculty member lists their college's courses (with stale alignments) and
programs (with a coverage figure), capped with "see all" links; others get no such list."""

import re

from curriculum.site import college as college_home
from tests.conftest import login


def _section(html: str) -> str:
    match = re.search(r'<section id="my-college".*?</section>', html, re.S)
    assert match, "no college section"
    return re.sub(r"\s+", " ", match.group(0))


def _faculty(w):
    return w.factory.member(w.partnership, "faculty", organization=w.college)


def test_faculty_home_lists_courses_and_programs_with_figures(client, world, db):
    convener = world.factory.member(world.partnership, "convener")
    pi2 = world.factory.standard(
        world.framework, world.ka, "performance_indicator", "Guards logged", author=convener
    )
    pi3 = world.factory.standard(
        world.framework, world.ka, "performance_indicator", "Guards tagged", author=convener
    )
    for standard in (world.cwf, world.ka, world.pi, pi2, pi3):
        world.factory.publish(standard, by=convener)
    faculty = _faculty(world)
    world.factory.align(world.course, world.pi, "mastered", by=faculty)
    world.factory.align(world.course, world.ka, "mastered", by=faculty)  # not an assessed leaf
    db.session.commit()
    login(client, faculty.email)
    html = _section(client.get("/").text)
    assert "Valley College" in html
    assert "MFG 110</span> Safety" in html and "MFG 120</span> Machining" in html
    assert "Production Technician" in html
    assert "Required courses cover 33%" in html and "(1 of 3 assessed standards of" in html
    assert f"/programs/{world.program.id}/coverage?framework={world.framework.id}" in html
    assert "stale alignment" not in html
    assert "See all" not in html  # everything fits


def test_stale_alignments_are_counted_per_course(client, world, db):
    from curriculum.standards import services as standards

    faculty = _faculty(world)
    world.factory.publish(world.pi)
    world.factory.align(world.course, world.pi, "mastered", by=faculty)
    standards.save_version(world.pi, 1, "Guards checked every shift", "", None, "", faculty)
    world.factory.publish(world.pi, number=2)
    db.session.commit()
    login(client, faculty.email)
    html = _section(client.get("/").text)
    assert f'href="/courses/{world.course.id}#stale">1 stale alignment</a>' in html
    assert html.count("stale alignment") == 1  # MFG 120 has none


def test_long_lists_are_capped_with_see_all_links(client, world, db, monkeypatch):
    monkeypatch.setattr(college_home, "COURSES_SHOWN", 2)
    monkeypatch.setattr(college_home, "PROGRAMS_SHOWN", 1)
    world.factory.course(world.college, "AAA 100", "First", "1")
    world.factory.program(world.college, world.partnership, [], name="Welding")
    world.factory.course(world.other_college, "ZZZ 100", "Elsewhere", "1")
    db.session.commit()
    login(client, _faculty(world).email)
    html = _section(client.get("/").text)
    assert "AAA 100" in html and "MFG 110" in html and "MFG 120" not in html
    assert "ZZZ 100" not in html
    assert f'href="/courses/?college={world.college.id}">See all 3 courses' in html
    assert f'href="/programs/?college={world.college.id}">See all 2 programs' in html


def test_no_college_list_for_others(client, world, login_as):
    assert 'id="my-college"' not in client.get("/").text
    login_as("panelist")
    assert 'id="my-college"' not in client.get("/").text
    # A viewer of the college is not its faculty.
    viewer = world.factory.member(world.partnership, "viewer", organization=world.college)
    login(client, viewer.email)
    assert 'id="my-college"' not in client.get("/").text


def test_the_home_page_runs_as_many_queries_for_more_courses(client, world, db, count_queries):
    login(client, _faculty(world).email)

    def count() -> int:
        with count_queries() as queries:
            assert client.get("/").status_code == 200
        return len(queries)

    few = count()
    for n in range(30):
        world.factory.course(world.college, f"GEN {100 + n}", "General", "1")
    db.session.commit()
    assert count() == few + 1  # the total is counted once the list is capped
