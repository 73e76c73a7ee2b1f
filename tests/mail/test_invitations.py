"""Invitations are emailed: the invitee gets the link (which works), the partnership, the role,
who invited and the expiry; the convener still sees the link."""

from __future__ import annotations

import re

from curriculum.auth.models import User
from tests.conftest import login


def _link(text: str) -> str:
    return re.search(r"https?://\S+", text).group()


def test_the_invitation_arrives_with_a_link_that_works(
    app, db, client, login_as, partnership, factory, smtp_server
):
    convener = login_as("convener")
    college = factory.organization(name="Valley College", kind="college")
    response = client.post(
        f"/partnerships/{partnership.id}/invitations/new",
        data={"email": "New.Faculty@Example.org", "role": "faculty", "organization_id": college.id},
    )
    assert response.status_code == 302
    shown = client.get(response.headers["Location"]).text
    (message,) = smtp_server.messages
    assert message["To"] == "new.faculty@example.org"
    assert message["Subject"] == f"Invitation to {partnership.name} on Curriculum"
    text = smtp_server.text(message)
    link = _link(text)
    assert link in shown and "emailed" in shown  # the convener sees the same link
    assert f"{convener.display_name} ({convener.organization.name}) invites you" in text
    assert partnership.name in text and "as a faculty, for Valley College" in text
    assert "UTC" in text and "choose your name and a password" in text

    invitee = app.test_client()
    path = link[link.index("/invitations/") :]
    assert invitee.get(path).status_code == 200
    data = {"display_name": "Nia", "password": "long-enough-pw", "confirm": "long-enough-pw"}
    assert invitee.post(path, data=data).status_code == 302
    user = db.session.scalar(db.select(User).where(User.email == "new.faculty@example.org"))
    assert user is not None and user.display_name == "Nia"


def test_someone_with_an_account_is_told_to_sign_in_and_accept(
    app, client, login_as, partnership, factory, smtp_server
):
    org = factory.organization()
    known = factory.user(organization=org)
    login_as("convener")
    client.post(
        f"/partnerships/{partnership.id}/invitations/new",
        data={"email": known.email, "role": "viewer", "organization_id": org.id},
    )
    (message,) = smtp_server.messages
    assert "sign in, then accept" in smtp_server.text(message)
    path = _link(smtp_server.text(message))
    path = path[path.index("/invitations/") :]
    other = app.test_client()
    login(other, known.email)
    assert other.post(path).status_code == 302
    assert known.memberships[0].partnership_id == partnership.id
