"""Last-Modified and If-Modified-Since (issue 18): the framework tree, a program and its coverage
state when they last changed; If-Modified-Since with that date gets 304 and no body until a
change, then 200 with the new content and a later date. If-None-Match decides when both are
sent; a date that is no date is ignored; a change in the second a client saw is never
hidden by a 304."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from werkzeug.http import http_date, parse_date

from curriculum.alignment import services as alignment
from curriculum.alignment.models import Alignment
from curriculum.courses import groups
from curriculum.courses import services as courses
from curriculum.extensions import db as _db
from curriculum.standards import review, services, tree

LATER = timedelta(seconds=10)


def get(api, url, **headers):
    return api.client.get(url, headers={**api.headers, **headers})


def since(api, url, date):
    return get(api, url, **{"If-Modified-Since": date})


def dated(api, url):
    """GET `url`: 200 with a Last-Modified; the same GET with that date: 304, no body, the same
    ETag. Returns (date, JSON)."""
    response = get(api, url)
    assert response.status_code == 200, response.json
    date = response.headers["Last-Modified"]
    again = since(api, url, date)
    assert again.status_code == 304 and again.data == b""
    assert again.headers["ETag"] == response.headers["ETag"]
    return date, response.json


def after_change(api, url, clock, old_date):
    """Just after a change: the old date gets 200 with the new content; ten seconds on, a
    later date that gets 304. Returns (date, JSON)."""
    response = since(api, url, old_date)
    assert response.status_code == 200 and response.data
    clock.now += LATER
    date, body = dated(api, url)
    assert parse_date(date) > parse_date(old_date)
    assert body == response.json
    return date, body


def by_id(body, standard):
    return next(s for s in body["standards"] if s["id"] == standard.id)


def test_the_framework_tree_states_when_it_changed(
    api_as, framework, ka, factory, partnership, publish, clock
):
    convener = api_as("convener")
    url = f"/api/v1/frameworks/{framework.id}"
    clock.now += LATER
    date, body = dated(convener, url)
    # The first whole second after the framework's stamp.
    stamp = _db.session.get(type(framework), framework.id).changed_at
    assert parse_date(date) == stamp.replace(microsecond=0) + timedelta(seconds=1)

    saved = convener.post(
        f"/api/v1/standards/{ka.id}/versions", json={"base_version": 1, "title": "Inspect guards"}
    )
    assert saved.status_code == 201
    date, body = after_change(convener, url, clock, date)
    assert by_id(body, ka)["title"] == "Inspect guards"

    other = factory.standard(framework, None, "critical_work_function", "Quality", author=None)
    date, body = after_change(convener, url, clock, date)
    tree.move(services.get_standard(ka.id), other)
    _db.session.commit()
    date, body = after_change(convener, url, clock, date)
    assert by_id(body, ka)["parent_id"] == other.id

    tree.reorder(services.get_standard(other.id), "up")
    _db.session.commit()
    date, body = after_change(convener, url, clock, date)
    assert [s["id"] for s in body["standards"]][0] == other.id

    standard = services.get_standard(ka.id)
    review.move_to_review(standard, standard.current_version)
    _db.session.commit()
    date, body = after_change(convener, url, clock, date)
    assert by_id(body, ka)["status"] == "in_review"

    publish(services.get_standard(ka.id))
    date, body = after_change(convener, url, clock, date)
    assert by_id(body, ka)["status"] == "published"

    tree.set_retired(services.get_standard(other.id), True)
    _db.session.commit()
    date, body = after_change(convener, url, clock, date)
    assert other.id not in [s["id"] for s in body["standards"]]  # retired: out of the tree

    framework.description = "Now with a description."
    _db.session.commit()
    _date, body = after_change(convener, url, clock, date)
    assert body["description"] == "Now with a description."


def test_a_program_and_its_coverage_state_when_they_changed(api_as, world, factory, clock):
    api = api_as("convener")
    program_url = f"/api/v1/programs/{world.program.id}"
    url = f"/api/v1/programs/{world.program.id}/coverage"
    author = factory.member(world.partnership, "faculty", organization=world.college)
    clock.now += LATER
    program_date, _ = dated(api, program_url)
    date, body = dated(api, url)

    found = factory.align(world.course, world.pi, "introduced", by=author)
    date, body = after_change(api, url, clock, date)
    (row,) = [r for r in body["rows"] if r["standard_id"] == world.pi.id]
    assert [c["level"] for c in row["cells"]] == ["introduced"]

    alignment.align(courses.get_course(world.course.id), world.pi, "mastered", "", author)
    _db.session.commit()
    date, body = after_change(api, url, clock, date)
    (row,) = [r for r in body["rows"] if r["standard_id"] == world.pi.id]
    assert [c["level"] for c in row["cells"]] == ["mastered"]

    alignment.remove(_db.session.get(Alignment, found.id))
    _db.session.commit()
    date, body = after_change(api, url, clock, date)
    assert all(not row["cells"] for row in body["rows"])

    # A standard of its framework: the program answers with its frameworks' latest stamp.
    program_date, _ = dated(api, program_url)
    services.save_version(
        services.get_standard(world.pi.id), 1, "Guards checked daily", "", None, "", author
    )
    _db.session.commit()
    program_date, _ = after_change(api, program_url, clock, program_date)
    date, body = after_change(api, url, clock, date)

    courses.update_course(
        courses.get_course(world.course.id), {"code": "MFG 110", "title": "Shop safety"}
    )
    _db.session.commit()
    date, body = after_change(api, url, clock, date)
    program_date, program = after_change(api, program_url, clock, program_date)
    assert "Shop safety" in [c["title"] for t in program["terms"] for c in t["courses"]]

    program_row = courses.get_program(world.program.id)
    group = groups.add_group(program_row, "Shop electives", 1)
    entry = next(e for e in program_row.courses if e.course_id == world.course2.id)
    groups.put_in_group(program_row, entry, group.id)
    _db.session.commit()
    _date, program = after_change(api, program_url, clock, program_date)
    entries = {c["id"]: c for t in program["terms"] for c in t["courses"]}
    assert entries[world.course2.id]["required"] is False


def test_a_change_in_the_second_a_client_saw_is_never_a_304(api_as, framework, ka, clock):
    convener = api_as("convener")
    url = f"/api/v1/frameworks/{framework.id}"
    second = datetime.now(UTC).replace(microsecond=0) + timedelta(days=1)
    clock.now = second + timedelta(milliseconds=200)
    framework.description = "First."
    _db.session.commit()
    clock.now = second + timedelta(milliseconds=500)
    seen = get(convener, url)
    # The stamp is this very second: the date stated is earlier, so nothing later in it hides.
    assert parse_date(seen.headers["Last-Modified"]) <= second - timedelta(seconds=2)
    clock.now = second + timedelta(milliseconds=800)
    framework.description = "Second, in the same second."
    _db.session.commit()
    for date in (seen.headers["Last-Modified"], http_date(second)):
        response = since(convener, url, date)
        assert response.status_code == 200 and response.json["description"].startswith("Second")
    # Once that second is behind, the date is the change's, and it gets 304.
    clock.now = second + timedelta(seconds=3)
    date, _ = dated(convener, url)
    assert parse_date(date) == second + timedelta(seconds=1)


def test_if_none_match_decides_when_both_are_sent(api_as, framework, ka, clock):
    convener = api_as("convener")
    url = f"/api/v1/frameworks/{framework.id}"
    clock.now += LATER
    date, _ = dated(convener, url)
    tag = get(convener, url).headers["ETag"]
    old = http_date(datetime(2001, 1, 1, tzinfo=UTC))
    both = get(convener, url, **{"If-None-Match": tag, "If-Modified-Since": old})
    assert both.status_code == 304
    stale = get(convener, url, **{"If-None-Match": 'W/"stale"', "If-Modified-Since": date})
    assert stale.status_code == 200 and stale.headers["ETag"] == tag


@pytest.mark.parametrize(
    "value",
    [
        "yesterday",
        "",
        "Mon, 32 Foo 2026 25:61:61 GMT",
        "Sat, 01 Jan 99999 00:00:00 GMT",
        "Sun, 06 Nov 1994 08:49:37 GMT, Sun, 06 Nov 1994 08:49:37 GMT",
        "Fri, 01 Jan 2100 00:00:00 GMT",  # later than now: no date a client could have seen
        "Sun, 06 Nov 1994 08:49:37 GMT",  # a real date, before the change
    ],
)
def test_a_date_that_does_not_hold_gets_the_answer(api_as, world, clock, value):
    api = api_as("convener")
    clock.now += LATER
    for url in (
        f"/api/v1/frameworks/{world.framework.id}",
        f"/api/v1/programs/{world.program.id}",
        f"/api/v1/programs/{world.program.id}/coverage",
    ):
        response = since(api, url, value)
        assert response.status_code == 200 and response.data
        assert "Last-Modified" in response.headers
