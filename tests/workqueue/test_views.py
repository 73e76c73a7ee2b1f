"""The work queue on the pages: "What needs you" first on the home page, the navigation's count,
the partnership list's badge, and GET /api/v1/me/queue."""

import re

from curriculum.extensions import db
from curriculum.partnerships import invitations
from curriculum.partnerships.services import add_organization
from curriculum.standards import services as standards
from curriculum.workqueue import services as workqueue
from tests.conftest import login
from tests.workqueue.conftest import endorse_release, in_review, stale_world


def _nav_count(html: str) -> int:
    found = re.search(r'Needs you <span class="count queue-count">(\d+)</span>', html)
    assert found, "no work queue count in the navigation bar"
    return int(found.group(1))


def test_the_home_page_starts_with_what_needs_a_panelist(client, scene):
    here = scene.here
    login(client, here.panelist.email)
    page = client.get("/").text
    section = page[page.index('id="needs-you"') :]
    assert page.index('id="needs-you"') < page.index("Your partnerships")
    assert 'What needs you <span class="count">2</span>' in section
    assert f"<h3>{here.partnership.name}</h3>" in section
    assert f'href="/releases/{here.release.id}"' in section
    assert f'href="/standards/{here.ka.id}#endorsements"' in section
    assert "awaits" in section and "0 of 2 endorsements" in section
    # The date stands apart, muted ("· 30 Nov 2026"), not as "… since 30 Nov 2026".
    dates = re.findall(
        r'<span class="muted queue-date">· <time datetime="[^"]+">(\d\d \w{3} \d{4})</time></span>',
        section,
    )
    assert len(dates) == 2
    assert not re.search(r"since \d\d \w{3} \d{4}", section)
    assert _nav_count(page) == 2
    assert 'href="/#needs-you"' in page


def test_a_viewer_has_nothing_and_is_told_so(client, scene):
    login(client, scene.here.viewer.email)
    page = client.get("/").text
    assert "Nothing needs you right now." in page
    assert _nav_count(page) == 0
    assert "queue-item" not in page


def test_visitors_get_no_queue_and_no_count(client, scene):
    page = client.get("/").text
    assert "What needs you" not in page and "Needs you" not in page


def test_the_count_follows_the_work_on_every_page(client, scene):
    here = scene.here
    login(client, here.panelist.email)
    assert _nav_count(client.get("/partnerships/").text) == 2
    endorse_release(here.release, here.panelist)
    assert _nav_count(client.get(f"/standards/{here.ka.id}").text) == 1
    # Endorsing through the page takes the last one away.
    version = here.ka.current_version.number
    response = client.post(f"/standards/{here.ka.id}/versions/{version}/endorse", data={})
    assert response.status_code == 302
    page = client.get("/").text
    assert _nav_count(page) == 0 and "Nothing needs you right now." in page


def test_the_partnership_list_shows_each_partnership_s_open_items(app, client, scene):
    here, there = scene.here, scene.there
    login(client, here.convener.email)
    for panelist in here.panelists[:2]:
        standards.endorse(here.ka, here.ka.current_version, panelist)
        endorse_release(here.release, panelist)
    db.session.commit()
    page = client.get("/partnerships/").text
    card = page[page.index(here.partnership.name) :]
    card = card[: card.index("</h2>")]
    assert "2 need you" in card  # the release and the version, both ready to publish
    other = page[page.index(there.partnership.name) :]
    assert "need you" not in other[: other.index("</h2>")]
    viewer = app.test_client()
    login(viewer, here.viewer.email)
    assert "need you" not in viewer.get("/partnerships/").text


def test_the_count_costs_the_same_queries_however_much_work(client, scene, count_queries):
    here = scene.here
    login(client, here.convener.email)
    with count_queries() as few:
        client.get("/about")
    for i in range(10):
        extra = scene.factory.standard(here.framework, here.cwf, "key_activity", f"More {i}")
        standards.move_to_review(extra, extra.current_version)
    db.session.commit()
    with count_queries() as many:
        page = client.get("/about").text
    # The scene's version and the ten new ones in review, and the release, prepared before
    # they were added, to refresh.
    assert _nav_count(page) == 12
    assert len(few) == len(many)


def test_every_item_leads_where_the_work_is_done(app, scene):
    here, factory = scene.here, scene.factory
    stale_world(scene)
    fresh = factory.standard(here.framework, here.cwf, "key_activity", "Lockout")
    in_review(fresh)
    org = here.panelist.organization
    invitations.create_invitation(here.partnership, "new@example.org", "viewer", org, None)
    add_organization(here.partnership, scene.there.panelist.organization)
    db.session.commit()
    checked = set()
    for person in (here.panelist, here.convener, here.faculty):
        client = app.test_client()
        login(client, person.email)
        for item in workqueue.items_for(person):
            path, _, anchor = item.url.partition("#")
            page = client.get(path)
            assert page.status_code == 200, item
            assert not anchor or f'id="{anchor}"' in page.text, item
            checked.add(item.kind)
    assert checked == {
        "release_endorsement",
        "version_endorsement",
        "version_in_review",
        "release_out_of_date",  # the release was prepared before "Lockout" was added
        "invitations",
        "join_request",
        "stale_alignments",
    }


# --- The API -------------------------------------------------------------------------------------


def test_the_api_answers_the_queue(app, client, scene):
    here = scene.here
    assert client.get("/api/v1/me/queue").status_code == 401
    login(client, here.panelist.email)
    data = client.get("/api/v1/me/queue").get_json()
    assert data["count"] == 2 == len(data["items"])
    kinds = sorted(i["kind"] for i in data["items"])
    assert kinds == ["release_endorsement", "version_endorsement"]
    item = next(i for i in data["items"] if i["kind"] == "release_endorsement")
    assert item["url"] == f"/releases/{here.release.id}"
    assert item["partnership_id"] == here.partnership.id
    assert set(item) == {"kind", "title", "url", "partnership_id", "since", "detail"}
    assert re.match(r"\d{4}-\d\d-\d\dT", item["since"])
    viewer = app.test_client()
    login(viewer, here.viewer.email)
    assert viewer.get("/api/v1/me/queue").get_json() == {"items": [], "count": 0}


def test_a_page_still_renders_without_the_count_when_the_database_cannot_answer(
    client, scene, monkeypatch
):
    from sqlalchemy.exc import OperationalError

    login(client, scene.here.panelist.email)

    def broken(_user):
        raise OperationalError("SELECT", {}, Exception("the database went away"))

    monkeypatch.setattr(workqueue, "count", broken)
    page = client.get("/about")
    assert page.status_code == 200 and "Needs you" not in page.text


def test_a_reply_waits_in_the_queue_until_opened(app, scene):
    here = scene.here
    comment = standards.add_comment(here.ka, here.panelist, "Should guarding include fences?")
    standards.add_comment(here.ka, here.convener, "Yes, fences too.", parent=comment)
    db.session.commit()
    client = app.test_client()
    login(client, here.panelist.email)
    (reply,) = [i for i in workqueue.items_for(here.panelist) if i.kind == "reply"]
    assert f'href="{reply.url}"' in client.get("/").text
    opened = client.get(reply.url)
    assert opened.status_code == 302 and opened.headers["Location"].startswith(
        f"/standards/{here.ka.id}"
    )
    assert "reply" not in {i.kind for i in workqueue.items_for(here.panelist)}


def test_failed_mails_lead_a_site_administrator_to_the_outbox(app, scene):
    from curriculum.jobs.models import JobState
    from curriculum.mail.models import OutgoingMail

    db.session.add(
        OutgoingMail(
            kind="invitation", to="x@example.org", subject="s", body="b", state=JobState.FAILED
        )
    )
    db.session.commit()
    admin = scene.factory.user(admin=True)
    client = app.test_client()
    login(client, admin.email)
    (item,) = workqueue.items_for(admin)
    assert item.url == "/admin/mail"
    assert client.get(item.url).status_code == 200
