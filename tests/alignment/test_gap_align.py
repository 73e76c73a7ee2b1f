"""Acting on a gap: "align a course to this" chooses one of the program's courses and opens its
align page on the standard, the course's outcomes best match first."""

from urllib.parse import parse_qs, urlsplit

from curriculum.alignment import services
from curriculum.courses import services as courses
from curriculum.partnerships.models import PartnershipOrganization
from curriculum.standards import tree
from tests.conftest import login


def _url(world, standard=None):
    return f"/programs/{world.program.id}/gaps/{(standard or world.pi).id}/align"


def _faculty(world):
    return world.factory.member(world.partnership, "faculty", organization=world.college)


def test_the_page_shows_the_standard_and_the_programs_courses(client, world, db):
    services.align(world.course2, world.pi, "reinforced", "", _faculty(world))
    db.session.commit()
    login(client, _faculty(world).email)
    response = client.get(_url(world))
    assert response.status_code == 200
    page = response.text
    assert 'Align a course to <span class="code">A.1.1</span>' in page
    assert "Guards checked" in page
    assert f'name="course" value="{world.course.id}"' in page
    assert f'name="course" value="{world.course2.id}"' in page
    assert "Aligned now: course-level (reinforced)" in page
    assert "disabled" not in page.split("<fieldset>")[1].split("</fieldset>")[0]


def test_choosing_a_course_opens_its_align_page_filtered_to_the_standard(client, world, db):
    login(client, _faculty(world).email)
    response = client.get(_url(world), query_string={"course": world.course.id})
    assert response.status_code == 302
    target = urlsplit(response.headers["Location"])
    assert target.path == f"/courses/{world.course.id}/align"
    assert parse_qs(target.query) == {
        "framework": [str(world.framework.id)],
        "standard": [str(world.pi.id)],
    }


def test_courses_the_user_may_not_align_are_shown_disabled_with_why(client, world, db, factory):
    # A convener of another partnership whose program also holds MFG 120: only its faculty
    # may now align it; this partnership's convener still may align MFG 110.
    elsewhere = factory.partnership(name="Elsewhere")
    db.session.add(
        PartnershipOrganization(partnership_id=elsewhere.id, organization_id=world.college.id)
    )
    factory.program(
        world.college, elsewhere, [], name="Other", courses_by_term=[(world.course2, 1)]
    )
    convener = factory.member(world.partnership, "convener")
    db.session.commit()
    login(client, convener.email)
    page = client.get(_url(world)).text
    item = page.split(f'id="course-{world.course2.id}"')[0].rsplit("<div", 1)[1]
    assert 'class="choice disabled"' in item and "disabled aria-describedby" in page
    assert "You cannot align it: Only faculty of Valley College" in page
    # Asking for it anyway says why, and opens nothing.
    response = client.get(_url(world), query_string={"course": world.course2.id})
    assert (
        response.status_code == 400 and "MFG 120: Only faculty of Valley College" in response.text
    )
    assert client.get(_url(world), query_string={"course": world.course.id}).status_code == 302


def test_faculty_of_another_college_may_align_none(client, world, db):
    outsider = world.factory.member(world.partnership, "faculty", organization=world.other_college)
    login(client, outsider.email)
    page = client.get(_url(world)).text
    assert page.count("You cannot align it: Only faculty of Valley College") == 2
    assert "You may align none of these courses." in page and "Open the align page" not in page


def test_a_course_outside_the_program_is_refused_on_the_page(client, world, db):
    loose = courses.create_course(world.college, {"code": "MFG 199", "title": "X", "credits": "1"})
    db.session.commit()
    login(client, _faculty(world).email)
    response = client.get(_url(world), query_string={"course": loose.id})
    assert response.status_code == 400
    assert "Choose one of the courses of" in response.text


def test_a_standard_outside_the_programs_frameworks_is_404(client, world, db):
    other = tree.create_framework(world.partnership, {"title": "Other"})
    stray = tree.add_standard(other, None, "critical_work_function", "Stray", author=None)
    db.session.commit()
    login(client, _faculty(world).email)
    assert client.get(_url(world, stray)).status_code == 404
    assert client.get(f"/programs/{world.program.id}/gaps/999999/align").status_code == 404
    assert client.get(f"/programs/999999/gaps/{world.pi.id}/align").status_code == 404


def test_visitors_are_sent_to_sign_in(app, world):
    response = app.test_client().get(_url(world))
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_from_the_gap_to_an_aligned_outcome_in_two_steps(client, world, db):
    course = world.factory.course(
        world.college,
        "MFG 130",
        "Quality",
        learning_outcomes="Write shop reports\nCheck machine guards before each shift",
    )
    courses.add_course(world.program, course, term=2)
    db.session.commit()
    login(client, _faculty(world).email)
    align_url = client.get(_url(world), query_string={"course": course.id}).headers["Location"]
    page = client.get(align_url).text
    # The outcomes, best match first: the second outcome is suggested before the first.
    panel = page.split('class="card suggestions"')[1].split("</section>")[0]
    assert panel.index("Check machine guards") < panel.index("Write shop reports")
    assert panel.count(">Suggested</span>") == 1
    best = course.outcomes[1]
    response = client.post(
        f"{align_url}&outcome={best.id}",
        data={
            "framework": world.framework.id,
            "shown": world.pi.id,
            "standard": world.pi.id,
            f"level-{world.pi.id}": "mastered",
            f"note-{world.pi.id}": "Guard audit",
            f"was-level-{world.pi.id}": "",
            f"was-note-{world.pi.id}": "",
        },
        follow_redirects=True,
    )
    assert "Alignments of MFG 130 outcome 2 saved: 1 added" in response.text
    alignment = services.alignments_of_standard(world.pi)[0]
    assert (alignment.outcome_id, alignment.level.value) == (best.id, "mastered")
    assert "Update outcome 2" in response.text
