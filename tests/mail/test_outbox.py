"""The outbox page: site administrators see every mail (newest first, searchable by address,
paged) and each one's whole text, with the app's own links clickable; nobody else does."""

from __future__ import annotations

from datetime import timedelta

from curriculum.db import utcnow
from curriculum.mail import services as mail
from curriculum.mail.models import OutgoingMail
from tests.conftest import login


def _mails(db, count: int) -> list[OutgoingMail]:
    rows = [
        OutgoingMail(
            kind="test",
            to=f"person{i}@example.org",
            subject=f"Subject {i}",
            body=f"Body {i}",
            created_at=utcnow() - timedelta(minutes=count - i),
        )
        for i in range(count)
    ]
    db.session.add_all(rows)
    db.session.commit()
    return rows


def test_admins_see_every_mail_newest_first_searchable_and_paged(app, db, client, factory):
    _mails(db, 3)
    login(client, factory.user(admin=True).email)
    page = client.get("/admin/mail").text
    assert page.index("Subject 2") < page.index("Subject 1") < page.index("Subject 0")
    found = client.get("/admin/mail?q=PERSON1@").text
    assert "Subject 1" in found and "Subject 0" not in found and "Subject 2" not in found
    assert "No mail to an address containing" in client.get("/admin/mail?q=nobody").text
    app.config["PER_PAGE"] = 2
    first, second = client.get("/admin/mail").text, client.get("/admin/mail?page=2").text
    assert "Subject 2" in first and "Subject 0" not in first
    assert "Subject 0" in second and "Page 2 of 2" in second
    assert "Outbox" in client.get("/admin/users").text  # linked from the admin pages


def test_a_mails_page_shows_its_whole_text_with_the_apps_links(app, db, client, factory):
    admin = factory.user(admin=True)
    login(client, admin.email)
    link = mail.absolute_url("/password/reset/sometoken")
    body = f"Open this link:\n\n{link}\n\nOr this one: https://elsewhere.example/x\n"
    row = mail.send("ada@example.org", "Set a new password", body, kind="notification")
    db.session.commit()
    page = client.get(f"/admin/mail/{row.id}").text
    assert f'<a href="{link}">{link}</a>' in page
    assert "https://elsewhere.example/x" in page and 'href="https://elsewhere' not in page
    assert "Set a new password" in page and "Sent" in page
    assert client.get("/admin/mail/" + "0" * 32).status_code == 404
    assert client.get("/admin/mail/" + "0" * 40).status_code == 404


def test_only_site_administrators_reach_the_outbox(app, db, client, login_as):
    (row,) = _mails(db, 1)
    assert client.get("/admin/mail").status_code == 302  # visitors sign in first
    login_as("convener")
    for url in ("/admin/mail", f"/admin/mail/{row.id}"):
        response = client.get(url)
        assert response.status_code == 403 and "Body 0" not in response.text
    assert client.post(f"/admin/mail/{row.id}/retry").status_code == 403
    assert "Outbox" not in client.get("/").text
