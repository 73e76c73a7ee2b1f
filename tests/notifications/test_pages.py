"""The notifications page: one's own only, newest first, unread marked, filtered and paged;
opening one (marks it read, goes where it points, never to another host); marking read; the
unread count in the navigation bar."""

from __future__ import annotations

from datetime import timedelta

import pytest

from curriculum.extensions import db
from curriculum.notifications.models import Notification
from tests.conftest import login


def _read(note) -> bool:
    db.session.expire_all()
    return db.session.get(Notification, note.id).read_at is not None


def test_the_list_shows_ones_own_notifications_newest_first(client, login_as, factory, tell, clock):
    me = login_as("panelist")
    someone = factory.user(name="Someone Else")
    tell(me, "Older news")
    clock.now += timedelta(minutes=5)
    tell(me, "Newer news")
    tell(someone, "Not for you")
    page = client.get("/notifications").text
    assert page.index("Newer news") < page.index("Older news")
    assert "Not for you" not in page
    assert page.count('class="badge unread-mark"') == 2


def test_filter_unread_and_all(client, login_as, tell):
    me = login_as("panelist")
    seen = tell(me, "Already seen")
    tell(me, "Still new")
    client.get(f"/notifications/{seen.id}/open")
    unread = client.get("/notifications?show=unread").text
    assert "Still new" in unread and "Already seen" not in unread
    everything = client.get("/notifications").text
    assert "Still new" in everything and "Already seen" in everything
    assert client.get("/notifications?show=bogus").status_code == 200  # the default filter


def test_the_list_is_paged(client, login_as, tell, app):
    me = login_as("panelist")
    per_page = app.config["PER_PAGE"]
    for n in range(per_page + 2):
        tell(me, f"Item number {n:03d}")
    first = client.get("/notifications").text
    assert first.count("Item number") == per_page and 'rel="next"' in first
    second = client.get("/notifications?page=2").text
    assert second.count("Item number") == 2
    assert client.get("/notifications?page=x").status_code == 400


def test_opening_marks_read_and_goes_where_it_points(client, login_as, tell):
    me = login_as("panelist")
    note = tell(me, url="/about#team")
    response = client.get(f"/notifications/{note.id}/open")
    assert response.status_code == 302 and response.headers["Location"] == "/about#team"
    assert _read(note)


@pytest.mark.parametrize(
    "url",
    ["https://evil.example/steal", "//evil.example/steal", "/\\evil.example", "javascript:x", ""],
)
def test_opening_never_leads_to_another_host(client, login_as, tell, url):
    me = login_as("panelist")
    note = tell(me, url=url)
    response = client.get(f"/notifications/{note.id}/open")
    assert response.status_code == 302
    assert response.headers["Location"] == "/notifications"
    assert _read(note)


def test_someone_elses_notification_is_not_found(client, login_as, factory, tell):
    login_as("panelist")
    theirs = tell(factory.user(), "Private")
    assert client.get(f"/notifications/{theirs.id}/open").status_code == 404
    assert client.post(f"/notifications/{theirs.id}/read").status_code == 404
    assert client.get("/notifications/999999/open").status_code == 404
    assert not _read(theirs)


def test_a_site_administrator_does_not_read_others_notifications(client, login_as, factory, tell):
    login_as("admin")
    theirs = tell(factory.user(), "Private")
    assert client.get(f"/notifications/{theirs.id}/open").status_code == 404


def test_visitors_are_asked_to_sign_in(client, factory, tell):
    note = tell(factory.user())
    assert client.get("/notifications").headers["Location"].startswith("/login")
    assert client.get(f"/notifications/{note.id}/open").headers["Location"].startswith("/login")
    assert not _read(note)


def test_mark_one_read_keeps_the_filter_and_page(client, login_as, tell):
    me = login_as("panelist")
    note = tell(me)
    other = tell(me)
    response = client.post(f"/notifications/{note.id}/read", data={"show": "unread", "page": "2"})
    assert response.headers["Location"] == "/notifications?show=unread&page=2"
    assert _read(note) and not _read(other)


def test_mark_all_read_marks_only_ones_own(client, login_as, factory, tell):
    me = login_as("panelist")
    mine = [tell(me, f"Mine {n}") for n in range(3)]
    theirs = tell(factory.user(), "Theirs")
    response = client.post("/notifications/read-all", follow_redirects=True)
    assert "Marked 3 notifications as read." in response.text
    assert all(_read(note) for note in mine) and not _read(theirs)
    assert "Mark all as read" not in client.get("/notifications").text


def test_the_navigation_bar_counts_unread_notifications(client, login_as, tell):
    me = login_as("panelist")
    page = client.get("/about").text
    assert 'href="/notifications"' in page and "unread-count" not in page
    for _ in range(3):
        tell(me)
    page = client.get("/about").text
    assert '<span class="badge unread-count"><span class="visually-hidden">(</span>3<' in page
    client.post("/notifications/read-all")
    assert "unread-count" not in client.get("/about").text


def test_visitors_see_no_notifications_link(client):
    assert 'href="/notifications"' not in client.get("/about").text


def test_the_unread_count_costs_one_query_whatever_their_number(
    client, login_as, tell, count_queries
):
    me = login_as("panelist")
    tell(me)
    with count_queries() as few:
        client.get("/about")
    for _ in range(20):
        tell(me)
    with count_queries() as many:
        client.get("/about")
    assert len(many) == len(few)
    # One count for the badge (the work queue reads its own kinds of unread notifications too).
    assert sum("count(notifications.id)" in q and "FROM notifications" in q for q in many) == 1


def test_an_inactive_person_is_not_told(factory, db):
    from curriculum.notifications import kinds
    from curriculum.notifications.services import notify

    gone = factory.user()
    gone.active = False
    here = factory.user()
    made = notify([gone, here, here], kinds.REPLY.name, "Hello", url="/")
    assert [n.user_id for n in made] == [here.id]


def test_signing_in_again_shows_the_count(client, factory, tell):
    me = factory.user()
    tell(me)
    login(client, me.email)
    assert "unread-count" in client.get("/").text
