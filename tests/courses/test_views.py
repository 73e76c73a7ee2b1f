"""Course and program pages: who may change what, forms that keep their input, copying."""

from curriculum.courses.models import Course, Program, ProgramCourse
from tests.conftest import login


def _faculty(w, college=None):
    return w.factory.member(w.partnership, "faculty", organization=college or w.college)


def test_course_and_program_lists_are_public_searchable_and_paged(client, world):
    page = client.get("/courses/?q=mfg+110").text
    assert "MFG 110" in page and "MFG 120" not in page
    assert "Production Technician" in client.get("/programs/?q=production").text
    assert client.get(f"/courses/{world.course.id}").status_code == 200
    assert client.get(f"/programs/{world.program.id}").status_code == 200


def test_faculty_creates_and_edits_a_course(client, world, db):
    login(client, _faculty(world).email)
    response = client.post(
        "/courses/new",
        data={
            "organization_id": world.college.id,
            "code": "mfg 130",
            "title": "Hydraulics",
            "credits": "3.5",
            "contact_hours": "60",
            "description": "Fluid *power*",
            "learning_outcomes": "Read schematics\n\n- Size a cylinder",
        },
    )
    assert response.status_code == 302
    course = db.session.scalar(db.select(Course).where(Course.code == "MFG 130"))
    assert course.learning_outcomes == ["Read schematics", "Size a cylinder"]
    assert str(course.credits) == "3.50"
    page = client.get(f"/courses/{course.id}").text
    assert "<em>power</em>" in page and "Size a cylinder" in page
    response = client.post(
        f"/courses/{course.id}/edit",
        data={
            "code": "MFG 130",
            "title": "Fluid Power",
            "credits": "4",
            "contact_hours": "",
            "description": "",
            "learning_outcomes": "Read schematics",
        },
    )
    assert response.status_code == 302
    db.session.refresh(course)
    assert course.title == "Fluid Power" and course.contact_hours is None


def test_duplicate_course_code_is_refused_with_input_kept(client, world, db):
    login(client, _faculty(world).email)
    response = client.post(
        "/courses/new",
        data={
            "organization_id": world.college.id,
            "code": "MFG 110",
            "title": "Kept title",
            "credits": "3",
        },
    )
    assert response.status_code == 200
    assert "already has a course MFG 110" in response.text and 'value="Kept title"' in response.text


def test_faculty_of_another_college_cannot_edit(client, world, db):
    from curriculum.partnerships.services import add_organization

    add_organization(world.partnership, world.other_college)
    db.session.commit()
    login(client, _faculty(world, world.other_college).email)
    assert client.get(f"/courses/{world.course.id}/edit").status_code == 403
    assert client.post(f"/courses/{world.course.id}/edit", data={"title": "x"}).status_code == 403
    assert client.get(f"/courses/{world.course.id}/align").status_code == 403
    assert (
        client.post(
            f"/programs/{world.program.id}/copy", data={"catalog_year": "2027-2028"}
        ).status_code
        == 403
    )
    response = client.post(
        "/courses/new",
        data={"organization_id": world.college.id, "code": "X 1", "title": "x", "credits": "1"},
    )
    assert response.status_code == 200 and "choose one of the options listed" in response.text


def test_viewers_and_panelists_cannot_create_courses(client, world, login_as):
    login_as("panelist")
    assert client.get("/courses/new").status_code == 403


def test_convener_of_the_partnership_may_edit_the_colleges_courses(client, world, login_as):
    login_as("convener")
    assert client.get(f"/courses/{world.course.id}/edit").status_code == 200


def test_program_terms_totals_add_update_remove(client, world, db):
    login(client, _faculty(world).email)
    page = client.get(f"/programs/{world.program.id}").text
    assert "Term 1" in page and "Term 2" in page and "Total: 7.5 credits" in page
    from curriculum.courses import services

    elective = services.create_course(
        world.college, {"code": "MFG 199", "title": "Topics", "credits": "1"}
    )
    db.session.commit()
    response = client.post(
        f"/programs/{world.program.id}/courses",
        data={"course_id": elective.id, "term": 2},
        follow_redirects=True,
    )
    assert "MFG 199 added to term 2." in response.text
    assert "Total: 8.5 credits</strong> (7.5 required)" in response.text
    assert "Done editing" in response.text  # back in the edit mode, where the add was
    read = client.get(f"/programs/{world.program.id}").text
    assert '<span class="badge">Elective</span>' in read and "<form" not in read.split("<main")[1]
    entry = db.session.scalar(
        db.select(ProgramCourse).where(ProgramCourse.course_id == elective.id)
    )
    client.post(
        f"/programs/{world.program.id}/courses/{entry.id}", data={"term": 3, "required": "y"}
    )
    db.session.refresh(entry)
    assert entry.term == 3 and entry.required
    entry_id = entry.id
    client.post(f"/programs/{world.program.id}/courses/{entry_id}/remove")
    assert db.session.scalar(db.select(ProgramCourse).where(ProgramCourse.id == entry_id)) is None
    assert db.session.get(Course, elective.id) is not None


def test_program_copy_to_a_new_catalog_year(client, world, db):
    login(client, _faculty(world).email)
    response = client.post(
        f"/programs/{world.program.id}/copy",
        data={"catalog_year": "2027-2028"},
        follow_redirects=True,
    )
    assert "Copied to 2027-2028" in response.text
    copy = db.session.scalar(db.select(Program).where(Program.catalog_year == "2027-2028"))
    assert len(copy.courses) == 2 and copy.copied_from_id == world.program.id
    again = client.post(
        f"/programs/{world.program.id}/copy",
        data={"catalog_year": "2027-2028"},
        follow_redirects=True,
    )
    assert "already has Production Technician for 2027-2028" in again.text


def test_new_program_form_validates_year_and_keeps_input(client, world, db):
    login(client, _faculty(world).email)
    response = client.post(
        "/programs/new",
        data={
            "organization_id": world.college.id,
            "name": "Mechatronics",
            "award_type": "AAS",
            "catalog_year": "2026/27",
            "partnership_id": world.partnership.id,
            "framework_ids": [world.framework.id],
        },
    )
    assert response.status_code == 200
    assert "A catalog year looks like 2026-2027." in response.text
    assert 'value="Mechatronics"' in response.text
    response = client.post(
        "/programs/new",
        data={
            "organization_id": world.college.id,
            "name": "Mechatronics",
            "award_type": "AAS",
            "catalog_year": "2026-2027",
            "partnership_id": world.partnership.id,
            "framework_ids": [world.framework.id],
        },
    )
    assert response.status_code == 302
