"""The align page in slices: the course or one outcome aligned, one critical work function at a
time or a filtered set, a page of rows at a time, and saves that apply only what changed."""

import re
from types import SimpleNamespace

import pytest

from curriculum.alignment import align_page, services
from curriculum.alignment.models import Alignment
from curriculum.standards import services as standards
from tests.conftest import login


@pytest.fixture
def more(world, db):
    """A second critical work function B > B.1 > B.1.1, B.1.2, and two outcomes of MFG 110."""
    f = world.factory
    cwf = f.standard(world.framework, None, "critical_work_function", "Maintenance")
    ka = f.standard(world.framework, cwf, "key_activity", "Lubricate spindles")
    pi1 = f.standard(world.framework, ka, "performance_indicator", "Oil level checked daily")
    pi2 = f.standard(world.framework, ka, "performance_indicator", "Grease points logged")
    world.course.outcomes = []
    db.session.flush()
    from curriculum.courses.models import CourseOutcome

    outcomes = [
        CourseOutcome(course_id=world.course.id, position=1, text="Lubricate machines safely"),
        CourseOutcome(course_id=world.course.id, position=2, text="Inspect machine guards"),
    ]
    db.session.add_all(outcomes)
    db.session.commit()
    faculty = f.member(world.partnership, "faculty", organization=world.college)
    return SimpleNamespace(cwf=cwf, ka=ka, pi1=pi1, pi2=pi2, outcomes=outcomes, faculty=faculty)


def _url(world, **args):
    query = "&".join(f"{k}={v}" for k, v in args.items())
    return f"/courses/{world.course.id}/align" + (f"?{query}" if query else "")


def _editable(page: str) -> set[int]:
    return {int(v) for v in re.findall(r'name="shown" value="(\d+)"', page)}


def _row(page: str, standard) -> str:
    """The HTML of one editable row."""
    return page.split(f'name="shown" value="{standard.id}"')[1].split("</tr>")[0]


def test_one_critical_work_function_at_a_time_with_counts(client, world, more, db):
    services.align(world.course, world.pi, "mastered", "", more.faculty)
    services.align(world.course, more.pi1, "introduced", "", more.faculty)
    services.align(world.course, more.pi2, "introduced", "", more.faculty)
    db.session.commit()
    login(client, more.faculty.email)
    page = client.get(_url(world)).text
    # The first function only; the chooser names each with how many of its standards are aligned.
    assert _editable(page) == {world.cwf.id, world.ka.id, world.pi.id}
    chooser = page.split('aria-label="Critical work functions"')[1].split("</nav>")[0]
    assert re.search(
        r'aria-current="page"><span class="code">A</span> Safety <span[^>]*>1/3<', chooser
    )
    assert re.search(r'<span class="code">B</span> Maintenance <span[^>]*>2/4<', chooser)
    assert "Standards 1–3 of 3" in page
    page = client.get(_url(world, cwf=more.cwf.id)).text
    assert _editable(page) == {more.cwf.id, more.ka.id, more.pi1.id, more.pi2.id}
    # cwf= (empty): the whole framework; a cwf of no function here: the first one again.
    assert len(_editable(client.get(_url(world, cwf="")).text)) == 7
    assert _editable(client.get(_url(world, cwf=more.ka.id)).text) == _editable(
        client.get(_url(world)).text
    )


def test_filters_words_a_subtree_and_aligned_or_not(client, world, more, db):
    services.align(world.course, more.pi1, "introduced", "", more.faculty)
    db.session.commit()
    login(client, more.faculty.email)
    # Words search the whole framework (code, title, statement); ancestors are headings.
    page = client.get(_url(world, q="grease")).text
    assert _editable(page) == {more.pi2.id}
    assert page.count('class="depth-0 context"') == 1 and "Maintenance" in page
    assert _editable(client.get(_url(world, q="B.1.1")).text) == {more.pi1.id}
    # A standard and its subtree; its ancestors are headings.
    page = client.get(_url(world, standard=more.ka.id)).text
    assert _editable(page) == {more.ka.id, more.pi1.id, more.pi2.id}
    assert 'Showing <span class="code">B.1</span> and the standards under it.' in page
    # Aligned or not (for what is being aligned: here the course as a whole).
    assert _editable(client.get(_url(world, aligned="yes")).text) == {more.pi1.id}
    no = _editable(client.get(_url(world, aligned="no")).text)
    assert len(no) == 6 and more.pi1.id not in no
    assert (
        _editable(client.get(_url(world, aligned="yes", outcome=more.outcomes[0].id)).text) == set()
    )
    # Filters combine.
    assert _editable(client.get(_url(world, standard=more.ka.id, aligned="no")).text) == {
        more.ka.id,
        more.pi2.id,
    }
    empty = client.get(_url(world, q="nothing-like-this"))
    assert empty.status_code == 200 and "No standard here matches these filters." in empty.text


def test_bad_filters_are_refused_clearly(client, world, more, db):
    from curriculum.standards import tree

    other = tree.create_framework(world.partnership, {"title": "Other"})
    stray = tree.add_standard(other, None, "critical_work_function", "Stray")
    other_course = world.factory.course(world.college, "MFG 150", learning_outcomes="Something")
    db.session.commit()
    login(client, more.faculty.email)
    response = client.get(_url(world, aligned="maybe"))
    assert response.status_code == 400 and "Show aligned standards" in response.text
    assert client.get(_url(world, standard=stray.id)).status_code == 404
    assert client.get(_url(world, standard="x")).status_code == 400
    # An outcome of another course (or none at all) is not there.
    assert client.get(_url(world, outcome=other_course.outcomes[0].id)).status_code == 404
    assert client.get(_url(world, outcome=999999)).status_code == 404


def test_the_outcome_selector_and_aligning_one_outcome(client, world, more, db):
    services.align(world.course, world.pi, "introduced", "Lecture", more.faculty)
    db.session.commit()
    login(client, more.faculty.email)
    page = client.get(_url(world)).text
    selector = page.split('id="outcome"')[1].split("</select>")[0]
    assert '<option value="" selected>Course as a whole</option>' in selector
    assert (
        f'<option value="{more.outcomes[1].id}" >MFG 110 outcome 2: Inspect machine guards'
        in selector
    )
    assert '<h2 id="rows-heading">Aligning: Course as a whole</h2>' in page
    outcome = more.outcomes[1]
    url = _url(world, outcome=outcome.id)
    page = client.get(url).text
    assert "MFG 110 outcome 2: Inspect machine guards</h2>" in page
    # The course-level alignment is another holder's: shown, not ticked here.
    assert "Also: course-level (introduced)" in _row(page, world.pi)
    assert f'name="standard" value="{world.pi.id}" >' in page  # not ticked here
    response = client.post(
        url,
        data={
            "framework": world.framework.id,
            "shown": [world.ka.id, world.pi.id],
            "standard": [world.pi.id],
            f"level-{world.pi.id}": "mastered",
            f"note-{world.pi.id}": "Guard audit",
            f"was-level-{world.pi.id}": "",
            f"was-note-{world.pi.id}": "",
            f"level-{world.ka.id}": "introduced",
            f"note-{world.ka.id}": "",
            f"was-level-{world.ka.id}": "",
            f"was-note-{world.ka.id}": "",
        },
    )
    assert response.status_code == 302 and response.headers["Location"].endswith(url)
    found = {
        (a.outcome_id, a.standard_id, a.level.value)
        for a in db.session.scalars(db.select(Alignment))
    }
    assert found == {(None, world.pi.id, "introduced"), (outcome.id, world.pi.id, "mastered")}
    page = client.get(url).text
    assert "Alignments of MFG 110 outcome 2 saved: 1 added, 0 updated, 0 removed." in page
    assert f'name="standard" value="{world.pi.id}" checked>' in page


def test_a_save_applies_only_the_rows_that_changed(client, world, more, db):
    user = more.faculty
    services.align(world.course, world.ka, "introduced", "Lab 1", user)
    services.align(world.course, world.pi, "reinforced", "Quiz", user)
    services.align(world.course, more.pi1, "mastered", "Elsewhere", user)  # another function
    db.session.commit()
    login(client, user.email)
    page = client.get(_url(world)).text
    assert f'name="was-level-{world.ka.id}" value="introduced"' in page
    assert f'name="was-note-{world.pi.id}" value="Quiz"' in page
    # Meanwhile a colleague changes A.1; this user, on the page as it was, changes only A.1.1.
    colleague = world.factory.member(world.partnership, "faculty", organization=world.college)
    services.align(world.course, world.ka, "mastered", "Colleague's note", colleague)
    db.session.commit()
    data = {"framework": world.framework.id, "shown": [world.cwf.id, world.ka.id, world.pi.id]}
    data |= {"standard": [world.ka.id, world.pi.id]}
    data |= {f"level-{world.cwf.id}": "introduced", f"note-{world.cwf.id}": ""}
    data |= {f"was-level-{world.cwf.id}": "", f"was-note-{world.cwf.id}": ""}
    data |= {f"level-{world.ka.id}": "introduced", f"note-{world.ka.id}": "Lab 1"}
    data |= {f"was-level-{world.ka.id}": "introduced", f"was-note-{world.ka.id}": "Lab 1"}
    data |= {f"level-{world.pi.id}": "mastered", f"note-{world.pi.id}": "Quiz"}
    data |= {f"was-level-{world.pi.id}": "reinforced", f"was-note-{world.pi.id}": "Quiz"}
    response = client.post(_url(world), data=data, follow_redirects=True)
    assert "0 added, 1 updated, 0 removed" in response.text
    rows = {
        a.standard_id: (a.level.value, a.note) for a in db.session.scalars(db.select(Alignment))
    }
    assert rows == {
        world.ka.id: ("mastered", "Colleague's note"),  # untouched here: the colleague's stays
        world.pi.id: ("mastered", "Quiz"),
        more.pi1.id: ("mastered", "Elsewhere"),  # not shown: untouched
    }
    # Unticking a shown row removes it; saving an unchanged page changes nothing.
    data["standard"] = [world.ka.id]
    data |= {f"was-level-{world.pi.id}": "mastered"}
    response = client.post(_url(world), data=data, follow_redirects=True)
    assert "0 added, 0 updated, 1 removed" in response.text
    del data[f"was-level-{world.ka.id}"], data[f"was-note-{world.ka.id}"]  # as the page is now
    data |= {f"level-{world.ka.id}": "mastered", f"note-{world.ka.id}": "Colleague's note"}
    data |= {
        f"was-level-{world.pi.id}": "",
        f"was-note-{world.pi.id}": "",
        f"level-{world.pi.id}": "introduced",
        f"note-{world.pi.id}": "",
    }
    response = client.post(_url(world), data=data, follow_redirects=True)
    assert "Nothing was changed, so nothing was saved." in response.text
    assert db.session.scalar(db.select(db.func.count(Alignment.id))) == 2


def test_a_failing_save_keeps_what_was_typed_and_names_the_row(client, world, more, db):
    login(client, more.faculty.email)
    url = _url(world, cwf=more.cwf.id)
    data = {"framework": world.framework.id, "shown": [more.ka.id, more.pi1.id, more.pi2.id]}
    data |= {"standard": [more.ka.id, more.pi1.id]}
    data |= {f"level-{more.ka.id}": "reinforced", f"note-{more.ka.id}": "Shop lab"}
    data |= {f"level-{more.pi1.id}": "expert", f"note-{more.pi1.id}": "Daily log"}
    data |= {f"level-{more.pi2.id}": "introduced", f"note-{more.pi2.id}": ""}
    for s in (more.ka, more.pi1, more.pi2):
        data |= {f"was-level-{s.id}": "", f"was-note-{s.id}": ""}
    response = client.post(url, data=data)
    assert response.status_code == 400
    page = response.text
    assert "Nothing was saved: fix the rows of B.1.1." in page
    assert page.count("has-error") == 1 and "is not a level" in _row(page, more.pi1)
    assert 'value="Shop lab"' in _row(page, more.ka)
    assert f'name="standard" value="{more.ka.id}" checked>' in page
    assert '<option value="reinforced" selected>' in _row(page, more.ka)
    assert 'value="Daily log"' in _row(page, more.pi1)
    # What the rows showed before stays, so the next save still tells what changed.
    assert f'name="was-level-{more.ka.id}" value=""' in page
    assert db.session.scalar(db.select(db.func.count(Alignment.id))) == 0
    data[f"level-{more.pi1.id}"] = "mastered"
    response = client.post(url, data=data, follow_redirects=True)
    assert "2 added, 0 updated, 0 removed" in response.text


def test_pages_of_rows_with_headings_carried_over(client, world, more, db, monkeypatch):
    monkeypatch.setattr(align_page, "PER_PAGE", 2)
    login(client, more.faculty.email)
    first = client.get(_url(world, cwf=more.cwf.id)).text
    assert _editable(first) == {more.cwf.id, more.ka.id}
    assert "Standards 1–2 of 4 · page 1 of 2" in first and 'rel="next"' in first
    second = client.get(_url(world, cwf=more.cwf.id, page=2)).text
    assert _editable(second) == {more.pi1.id, more.pi2.id}
    # B and B.1 head the second page as headings, outside the form's rows.
    assert 'class="depth-0 context"' in second and 'class="depth-1 context"' in second
    assert f'name="level-{more.ka.id}"' not in second
    # Paging the whole framework stays on the whole framework.
    whole = client.get(_url(world, cwf="")).text
    assert "Standards 1–2 of 7 · page 1 of 4" in whole
    next_url = re.search(r'href="([^"]+)" rel="next"', whole).group(1).replace("&amp;", "&")
    assert _editable(client.get(next_url).text) == {world.pi.id, more.cwf.id}
    # A page past the end shows the last one.
    assert _editable(client.get(_url(world, cwf=more.cwf.id, page=9)).text) == _editable(second)
    # Saving page 2 leaves page 1's rows alone.
    services.align(world.course, more.ka, "introduced", "", more.faculty)
    db.session.commit()
    data = {"framework": world.framework.id, "shown": [more.pi1.id], "standard": [more.pi1.id]}
    data |= {f"level-{more.pi1.id}": "mastered", f"was-level-{more.pi1.id}": ""}
    client.post(_url(world, cwf=more.cwf.id, page=2), data=data)
    aligned = {a.standard_id for a in db.session.scalars(db.select(Alignment))}
    assert aligned == {more.ka.id, more.pi1.id}


def test_stale_alignments_are_marked(client, world, more, db):
    user = more.faculty
    world.factory.publish(world.pi)
    services.align(world.course, world.pi, "mastered", "", user)
    standards.save_version(world.pi, 1, "Guards checked every shift", "", None, "", user)
    db.session.commit()
    world.factory.publish(world.pi, number=2)
    login(client, user.email)
    row = _row(client.get(_url(world)).text, world.pi)
    assert "aligned to v1" in row and "Stale: v2 is published since" in row


def test_the_page_runs_a_fixed_number_of_queries(client, world, more, db, count_queries):
    login(client, more.faculty.email)
    url = _url(world, cwf="")

    def count() -> int:
        with count_queries() as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    before = count()
    for i in range(6):
        s = world.factory.standard(world.framework, more.ka, "performance_indicator", f"Extra {i}")
        services.align(world.course, s, "introduced", "", more.faculty, more.outcomes[i % 2])
        services.align(world.course, s, "mastered", "", more.faculty)
    db.session.commit()
    assert count() == before
