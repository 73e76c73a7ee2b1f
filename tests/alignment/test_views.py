"""Aligning from a course, stale alignments with diffs, re-confirming, removing."""

from curriculum.alignment import services
from curriculum.alignment.models import Alignment
from curriculum.standards import services as standards
from tests.conftest import login


def _faculty(w):
    return w.factory.member(w.partnership, "faculty", organization=w.college)


def _align_form(w, ticks):
    data = {"framework": w.framework.id, "shown": [w.cwf.id, w.ka.id, w.pi.id], "standard": []}
    for standard, level, note in ticks:
        data["standard"].append(standard.id)
        data[f"level-{standard.id}"] = level
        data[f"note-{standard.id}"] = note
    return data


def test_tick_standards_with_levels_and_notes(client, world, db):
    user = _faculty(world)
    login(client, user.email)
    page = client.get(f"/courses/{world.course.id}/align").text
    assert "Inspect guarding" in page and 'name="level-' in page
    response = client.post(
        f"/courses/{world.course.id}/align",
        data=_align_form(
            world, [(world.ka, "introduced", "Lab 2"), (world.pi, "mastered", "Practical exam")]
        ),
        follow_redirects=True,
    )
    assert "2 added" in response.text
    rows = {a.standard_id: a for a in db.session.scalars(db.select(Alignment))}
    assert (
        rows[world.pi.id].level.value == "mastered" and rows[world.pi.id].note == "Practical exam"
    )
    assert rows[world.ka.id].version.number == 1 and rows[world.ka.id].created_by_id == user.id
    # Unticking a shown standard removes its alignment.
    client.post(
        f"/courses/{world.course.id}/align",
        data=_align_form(world, [(world.pi, "mastered", "Practical exam")]),
    )
    assert {a.standard_id for a in db.session.scalars(db.select(Alignment))} == {world.pi.id}


def test_a_bad_level_changes_nothing_and_keeps_the_input(client, world, db):
    login(client, _faculty(world).email)
    response = client.post(
        f"/courses/{world.course.id}/align",
        data=_align_form(world, [(world.ka, "introduced", "keep me"), (world.pi, "expert", "")]),
    )
    assert response.status_code == 400
    assert "is not a level" in response.text and 'value="keep me"' in response.text
    assert db.session.scalar(db.select(db.func.count(Alignment.id))) == 0


def test_standard_page_lists_aligned_courses(client, world, db):
    services.align(world.course, world.ka, "reinforced", "Project", _faculty(world))
    db.session.commit()
    login(client, world.factory.member(world.partnership, "panelist").email)
    page = client.get(f"/standards/{world.ka.id}").text
    assert "MFG 110" in page and "Reinforced" in page


def test_stale_alignment_shows_diff_and_is_reconfirmed(client, world, db):
    user = _faculty(world)
    world.factory.publish(world.pi)
    alignment, _ = services.align(world.course, world.pi, "mastered", "", user)
    standards.save_version(world.pi, 1, "Guards checked every shift", "", None, "", user)
    db.session.commit()
    world.factory.publish(world.pi, number=2)
    login(client, user.email)
    for url in (f"/courses/{world.course.id}", f"/programs/{world.program.id}?edit=1"):
        page = client.get(url).text
        assert "Stale alignments" in page, url
        assert "<ins> every shift</ins>" in page, url
    # The home page's work queue leads to the course's list.
    assert f'href="/courses/{world.course.id}#stale"' in client.get("/").text
    response = client.post(
        f"/alignments/{alignment.id}/confirm", data={"next": f"/programs/{world.program.id}"}
    )
    assert response.headers["Location"] == f"/programs/{world.program.id}"
    db.session.refresh(alignment)
    assert alignment.version.number == 2 and alignment.confirmed_by_id == user.id
    assert "Stale alignments" not in client.get(f"/courses/{world.course.id}").text
    assert "#stale" not in client.get("/").text


def test_confirm_selected_and_remove(client, world, db):
    user = _faculty(world)
    world.factory.publish(world.ka)
    world.factory.publish(world.pi)
    a1, _ = services.align(world.course, world.ka, "introduced", "", user)
    a2, _ = services.align(world.course2, world.pi, "mastered", "", user)
    for standard in (world.ka, world.pi):
        standards.save_version(
            standard, 1, standard.current_version.title + " (revised)", "", None, "", user
        )
    db.session.commit()
    world.factory.publish(world.ka, number=2)
    world.factory.publish(world.pi, number=2)
    login(client, user.email)
    response = client.post(
        "/alignments/confirm",
        data={"alignment": [a1.id, a2.id], "next": "/"},
        follow_redirects=True,
    )
    assert "2 alignments re-confirmed." in response.text
    client.post(f"/alignments/{a1.id}/remove", data={"next": "/"})
    assert db.session.scalar(db.select(db.func.count(Alignment.id))) == 1


def test_other_colleges_faculty_cannot_touch_alignments(client, world, db):
    alignment, _ = services.align(world.course, world.ka, "introduced", "", _faculty(world))
    db.session.commit()
    outsider = world.factory.member(world.partnership, "faculty", organization=world.other_college)
    login(client, outsider.email)
    assert client.post(f"/alignments/{alignment.id}/remove").status_code == 403
    assert client.post(f"/alignments/{alignment.id}/confirm").status_code == 403
    assert db.session.scalar(db.select(db.func.count(Alignment.id))) == 1


def test_search_context_rows_are_headings_that_keep_their_alignments(client, world, db):
    user = _faculty(world)
    services.align(world.course, world.ka, "introduced", "Lab 2", user)
    db.session.commit()
    login(client, user.email)
    url = f"/courses/{world.course.id}/align?framework={world.framework.id}&q=guards"
    page = client.get(url).text
    # Only the match is tickable and listed as shown; its ancestors are greyed headings.
    assert f'name="standard" value="{world.pi.id}"' in page
    assert f'name="shown" value="{world.pi.id}"' in page
    for context in (world.cwf, world.ka):
        assert f'name="standard" value="{context.id}"' not in page
        assert f'name="shown" value="{context.id}"' not in page
        assert f'name="level-{context.id}"' not in page
    assert page.count('class="depth-0 context"') == 1 and 'class="depth-1 context"' in page
    assert "aligned as introduced" in page
    # Saving the search (even if a stale form claims the context rows were shown) keeps them.
    data = {"framework": world.framework.id, "shown": [world.ka.id, world.pi.id]}
    data |= {"standard": [world.pi.id], f"level-{world.pi.id}": "mastered"}
    response = client.post(url, data=data, follow_redirects=True)
    assert "1 added, 0 kept or updated, 0 removed" in response.text
    rows = {a.standard_id: a.level.value for a in db.session.scalars(db.select(Alignment))}
    assert rows == {world.ka.id: "introduced", world.pi.id: "mastered"}


def test_align_defaults_to_a_framework_of_a_program_with_the_course(client, world, db, factory):
    from curriculum.courses import services as courses
    from curriculum.standards import tree

    first = tree.create_framework(world.partnership, {"title": "Aaa Maintenance"})
    loose = courses.create_course(
        world.college, {"code": "MFG 199", "title": "Loose", "credits": "1"}
    )
    db.session.commit()
    login(client, _faculty(world).email)
    # MFG 110 is in a program that answers to "Production Technician", not to the first by title.
    page = client.get(f"/courses/{world.course.id}/align").text
    assert f'<option value="{world.framework.id}" selected>' in page
    assert f'name="framework" value="{world.framework.id}"' in page
    # A course in no program gets the first framework available.
    page = client.get(f"/courses/{loose.id}/align").text
    assert f'<option value="{first.id}" selected>' in page
    # An explicit choice still wins.
    page = client.get(f"/courses/{world.course.id}/align?framework={first.id}").text
    assert f'<option value="{first.id}" selected>' in page


def test_visitors_do_not_see_draft_titles_on_a_course(client, app, world, db):
    services.align(world.course, world.ka, "introduced", "", _faculty(world))
    db.session.commit()
    page = app.test_client().get(f"/courses/{world.course.id}").text
    assert "Inspect guarding" not in page and "a standard still in draft" in page
    login(client, world.factory.member(world.partnership, "panelist").email)
    assert "Inspect guarding" in client.get(f"/courses/{world.course.id}").text


def test_home_page_lists_each_course_with_stale_alignments_and_how_many(client, world, db):
    user = _faculty(world)
    for standard in (world.ka, world.pi):
        world.factory.publish(standard)
    services.align(world.course, world.ka, "introduced", "", user)
    services.align(world.course, world.pi, "mastered", "", user)
    for standard in (world.ka, world.pi):
        standards.save_version(
            standard, 1, standard.current_version.title + " v2", "", None, "", user
        )
    db.session.commit()
    for standard in (world.ka, world.pi):
        world.factory.publish(standard, number=2)
    login(client, user.email)
    # The work queue names the course and the count, one click from the course page's list.
    home = client.get("/").text
    assert (
        f'href="/courses/{world.course.id}#stale">{world.course.code} Safety: 2 stale alignments'
        in home
    )
    assert 'class="stale-item"' not in home
    course = client.get(f"/courses/{world.course.id}").text  # the course page lists them all
    assert course.count('class="stale-item"') == 2 and "The first" not in course


def test_program_page_shows_the_first_stale_alignments_and_the_total(
    client, world, db, monkeypatch
):
    from curriculum.courses import program_views as course_views

    user = _faculty(world)
    for standard in (world.ka, world.pi):
        world.factory.publish(standard)
    services.align(world.course, world.ka, "introduced", "", user)
    services.align(world.course2, world.pi, "mastered", "", user)
    for standard in (world.ka, world.pi):
        standards.save_version(
            standard, 1, standard.current_version.title + " v2", "", None, "", user
        )
    db.session.commit()
    for standard in (world.ka, world.pi):
        world.factory.publish(standard, number=2)
    monkeypatch.setattr(course_views, "PAGE_STALE", 1)
    login(client, user.email)
    # The read view says how many; the edit mode lists them.
    assert "2 alignments are stale" in client.get(f"/programs/{world.program.id}").text
    page = client.get(f"/programs/{world.program.id}?edit=1").text
    assert page.count('class="stale-item"') == 1
    assert '<span class="count">2</span>' in page and "The first 1 of 2" in page
    monkeypatch.setattr(course_views, "PAGE_STALE", 25)
    page = client.get(f"/programs/{world.program.id}?edit=1").text
    assert page.count('class="stale-item"') == 2


def test_a_level_or_note_on_an_unticked_row_stops_the_save_and_marks_the_row(client, world, db):
    login(client, _faculty(world).email)
    data = _align_form(world, [(world.ka, "introduced", "Lab 2")])
    # The user chose a level and wrote a note for A.1.1 but forgot to tick it.
    data |= {f"level-{world.pi.id}": "mastered", f"note-{world.pi.id}": "Practical exam"}
    data |= {f"level-{world.cwf.id}": "introduced", f"note-{world.cwf.id}": ""}  # untouched
    response = client.post(f"/courses/{world.course.id}/align", data=data)
    assert response.status_code == 400
    page = response.text
    assert "Nothing was saved: fix the rows marked below." in page
    # Only A.1.1's row (depth 2) is marked.
    assert page.count("has-error") == 1 and 'class="depth-2 has-error"' in page
    assert "A level or note is given but the standard is not ticked" in page
    # What was typed stays: the note, the level, and the box still unticked.
    assert 'value="Practical exam"' in page and 'value="Lab 2"' in page
    assert f'name="standard" value="{world.pi.id}" >' in page
    assert f'name="standard" value="{world.ka.id}" checked>' in page
    level = page.split(f'id="level-{world.pi.id}"')[1].split("</select>")[0]
    assert '<option value="mastered" selected>' in level
    assert db.session.scalar(db.select(db.func.count(Alignment.id))) == 0
    # Ticking it saves both.
    data["standard"].append(world.pi.id)
    response = client.post(f"/courses/{world.course.id}/align", data=data, follow_redirects=True)
    assert "2 added, 0 kept or updated, 0 removed" in response.text
