"""Password reset by email: the same answer for every address, a single-use link valid for an
hour, a new password that ends every session and revokes the API tokens, and rate limits per
address and per client address."""

from __future__ import annotations

import re
from datetime import timedelta

from curriculum.audit.models import AuditEvent
from curriculum.auth.models import ApiToken, PasswordReset
from curriculum.auth.services import create_token
from curriculum.mail.models import OutgoingMail
from tests.conftest import login

NEW = "a-brand-new-password"
SAME_ANSWER = "If an account exists for that address, we have sent a link"


def _ask(client, email: str, **headers):
    response = client.post("/password/forgot", data={"email": email}, headers=headers)
    return response


def _link_path(smtp_server, index: int = -1) -> str:
    text = smtp_server.text(smtp_server.messages[index])
    link = re.search(r"https?://\S+", text).group()
    return link[link.index("/password/reset/") :]


def _set(client, path: str, password: str = NEW):
    return client.post(path, data={"new_password": password, "confirm": password})


def test_the_sign_in_page_offers_a_reset(client):
    page = client.get("/login").text
    assert 'href="/password/forgot"' in page and "Forgot your password?" in page
    assert client.get("/password/forgot").status_code == 200


def test_the_link_arrives_works_once_and_ends_every_session(app, db, client, factory, smtp_server):
    user = factory.user(name="Ada")
    elsewhere = app.test_client()
    login(elsewhere, user.email)
    assert elsewhere.get("/account").status_code == 200
    _token, secret = create_token(user, "script")
    db.session.commit()

    response = _ask(client, user.email.upper())  # any case of the address
    assert response.status_code == 302
    assert SAME_ANSWER in client.get(response.headers["Location"]).text
    (message,) = smtp_server.messages
    assert message["To"] == user.email and "new password" in message["Subject"]
    path = _link_path(smtp_server)
    stored = db.session.scalars(db.select(PasswordReset)).one()
    assert path.rsplit("/", 1)[1] not in stored.token_hash  # only the hash is kept
    assert stored.expires_at - stored.created_at == timedelta(hours=1)

    form = client.get(path)
    assert form.status_code == 200 and user.email in form.text
    assert form.headers["Cache-Control"] == "no-store"
    short = _set(client, path, "short")
    assert short.status_code == 200 and "at least 10 characters" in short.text
    differ = client.post(path, data={"new_password": NEW, "confirm": NEW + "x"})
    assert "The two passwords differ." in differ.text
    done = _set(client, path)
    assert done.status_code == 302
    assert "Your new password is set" in client.get(done.headers["Location"]).text

    assert elsewhere.get("/account").status_code == 302  # signed out everywhere
    db.session.expire_all()
    assert db.session.scalars(db.select(ApiToken)).one().revoked_at is not None
    assert login(app.test_client(), user.email).status_code == 200  # old password refused
    assert login(app.test_client(), user.email, NEW).status_code == 302
    actions = set(db.session.scalars(db.select(AuditEvent.action)))
    assert {"auth.password_reset_requested", "auth.password_reset"} <= actions

    again = app.test_client().get(path)
    assert again.status_code == 410 and "already been used" in again.text
    assert 'href="/password/forgot"' in again.text  # offers a new link
    assert _set(app.test_client(), path, "another-new-password").status_code == 410
    assert login(app.test_client(), user.email, NEW).status_code == 302


def test_a_link_expires_after_an_hour(app, client, factory, smtp_server, clock):
    user = factory.user()
    _ask(client, user.email)
    path = _link_path(smtp_server)
    clock.now += timedelta(minutes=59)
    assert client.get(path).status_code == 200
    clock.now += timedelta(minutes=1)
    expired = client.get(path)
    assert expired.status_code == 410 and "expired" in expired.text
    assert _set(client, path).status_code == 410
    assert login(app.test_client(), user.email).status_code == 302  # password unchanged


def test_unknown_and_inactive_addresses_get_the_same_answer_and_no_mail(
    app, db, client, factory, smtp_server
):
    sleeper = factory.user()
    sleeper.active = False
    db.session.commit()
    known = factory.user()
    answers = [_ask(client, email) for email in ("nobody@example.org", sleeper.email)]
    assert smtp_server.messages == []
    assert db.session.scalar(db.select(db.func.count(PasswordReset.id))) == 0
    assert db.session.scalar(db.select(db.func.count(OutgoingMail.id))) == 0
    answers.append(_ask(client, known.email))
    assert len(smtp_server.messages) == 1
    assert {(a.status_code, a.headers["Location"]) for a in answers} == {
        (302, "/password/forgot/sent")
    }
    assert client.get("/password/reset/not-a-token").status_code == 404


def test_three_links_an_hour_per_address_with_the_same_answer(app, client, factory, smtp_server):
    user = factory.user()
    answers = [_ask(client, user.email) for _ in range(4)]
    assert len(smtp_server.messages) == 3
    assert {a.headers["Location"] for a in answers} == {"/password/forgot/sent"}
    # Unknown addresses count too (the limit says nothing about which exist).
    for _ in range(3):
        _ask(client, "nobody@example.org")
    assert _ask(client, "nobody@example.org").headers["Location"] == "/password/forgot/sent"


def test_ten_requests_an_hour_per_client_address(app, client, factory, smtp_server):
    for i in range(10):
        assert _ask(client, f"person{i}@example.org").status_code == 302
    refused = _ask(client, "person10@example.org")
    assert refused.status_code == 429 and "Too many password reset requests" in refused.text
    assert client.get("/password/forgot").status_code == 200  # the page itself still shows
