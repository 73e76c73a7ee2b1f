"""Sessions end on the server: a session or remember-me cookie copied before sign-out, "sign
out everywhere" or a password change signs no one in afterwards, on pages and on POSTs."""

from __future__ import annotations

from datetime import timedelta

from curriculum.auth.models import User, UserSession
from curriculum.auth.services import create_token
from curriculum.extensions import db
from tests.conftest import PASSWORD, csrf_token_from, login


def _signed_in(client) -> bool:
    response = client.get("/account")
    assert response.status_code in (200, 302), response.status
    return response.status_code == 200 and "Your profile" in response.text


def _copy(client, app, *names: str):
    """Another browser holding copies of `client`'s cookies (only those named)."""
    thief = app.test_client()
    for name in names:
        thief.set_cookie(name, client.get_cookie(name).value)
    return thief


def test_a_session_cookie_copied_before_sign_out_is_refused_after(csrf_app, factory):
    user = factory.user(name="Original Name")
    client = csrf_app.test_client()
    token = csrf_token_from(client.get("/login").text)
    assert login(client, user.email, csrf_token=token).status_code == 302
    thief = _copy(client, csrf_app, "session")
    page_token = csrf_token_from(thief.get("/account").text)  # the copy works while signed in
    assert _signed_in(thief)

    response = client.post("/logout", data={"csrf_token": csrf_token_from(client.get("/").text)})
    assert response.status_code == 302
    assert not _signed_in(client)

    # The copy, replayed after sign-out: a visitor on pages...
    response = thief.get("/account")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")
    # ...and on a POST with the CSRF token it had: nothing changes.
    response = thief.post("/account", data={"display_name": "Hijacked", "csrf_token": page_token})
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")
    response = thief.post(
        "/account/tokens", data={"token-name": "stolen", "csrf_token": page_token}
    )
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")
    db.session.expire_all()
    assert db.session.get(User, user.id).display_name == "Original Name"
    assert not db.session.scalar(db.select(User).where(User.display_name == "Hijacked"))


def test_a_remember_cookie_alone_is_refused_after_sign_out(app, factory):
    user = factory.user()
    client = app.test_client()
    assert login(client, user.email, remember="y").status_code == 302
    assert _signed_in(_copy(client, app, "remember_token"))  # it signs in a new browser...
    remembered = _copy(client, app, "remember_token")

    client.post("/logout")
    assert not _signed_in(client)
    assert not _signed_in(remembered)  # ...but not after sign-out


def test_sign_out_everywhere_ends_every_session(app, factory):
    user, other = factory.user(), factory.user()
    here, laptop, phone, someone_else = (app.test_client() for _ in range(4))
    assert login(here, user.email).status_code == 302
    assert login(laptop, user.email, remember="y").status_code == 302
    assert login(phone, user.email).status_code == 302
    assert login(someone_else, other.email).status_code == 302
    remembered = _copy(laptop, app, "remember_token")

    page = here.get("/account").text
    assert page.count("this device") == 1
    assert (
        db.session.scalar(
            db.select(db.func.count())
            .select_from(UserSession)
            .where(UserSession.user_id == user.id)
        )
        == 3
    )

    response = here.post("/account/sessions/end")
    assert response.status_code == 302 and response.headers["Location"] == "/"
    for client in (here, laptop, phone, remembered):
        assert not _signed_in(client)
    assert _signed_in(someone_else)  # another user's sessions are not touched
    assert login(phone, user.email).status_code == 302  # signing in again works
    assert _signed_in(phone)


def test_a_password_change_ends_other_sessions_and_revokes_api_tokens(app, factory):
    user = factory.user()
    here, elsewhere = app.test_client(), app.test_client()
    assert login(here, user.email).status_code == 302
    assert login(elsewhere, user.email, remember="y").status_code == 302
    remembered = _copy(elsewhere, app, "remember_token")
    _token, raw = create_token(user, "sync")
    db.session.commit()
    api = app.test_client()
    bearer = {"Authorization": f"Bearer {raw}"}
    assert api.get("/api/v1/partnerships", headers=bearer).status_code == 200

    response = here.post(
        "/account/password",
        data={
            "current_password": PASSWORD,
            "new_password": "a-new-password",
            "confirm": "a-new-password",
        },
    )
    assert response.status_code == 302
    assert _signed_in(here)  # the device that changed it stays signed in
    assert not _signed_in(elsewhere)
    assert not _signed_in(remembered)
    assert api.get("/api/v1/partnerships", headers=bearer).status_code == 401
    assert "You have no API tokens." in here.get("/account").text


def test_a_session_unused_for_the_remember_period_is_over(app, factory):
    user = factory.user()
    client = app.test_client()
    assert login(client, user.email).status_code == 302
    row = db.session.scalar(db.select(UserSession).where(UserSession.user_id == user.id))
    row.last_seen_at -= timedelta(seconds=app.config["REMEMBER_COOKIE_DURATION"] + 60)
    db.session.commit()
    assert not _signed_in(client)


def test_only_a_hash_of_the_session_secret_is_stored(app, factory):
    user = factory.user()
    client = app.test_client()
    assert login(client, user.email, remember="y").status_code == 302
    row = db.session.scalar(db.select(UserSession).where(UserSession.user_id == user.id))
    cookie = client.get_cookie("remember_token").value
    secret = cookie.split("|")[0].split(":", 1)[1]
    assert len(secret) >= 40 and secret not in row.secret_hash
    assert row.user_agent and row.ended_at is None
