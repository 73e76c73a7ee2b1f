"""Limits: bodies over MAX_CONTENT_LENGTH get 413 on real routes (forms, uploads, the API) with
nothing changed; failed sign-ins are rate limited per address, whichever accounts they try.

tests/test_errors.py checks the 413 and 429 pages themselves and tests/auth the login limit for
one account; these extend them to the real routes and to spraying many accounts."""

from __future__ import annotations

import io

from curriculum.config import load
from tests.conftest import PASSWORD, csrf_token_from
from tests.security.conftest import sign_in
from tests.security.routes import fingerprint

LIMIT = 4096


def test_the_default_limit_is_set(app):
    assert 0 < load(app.instance_path)["MAX_CONTENT_LENGTH"] <= 16 * 1024 * 1024


def test_bodies_over_the_limit_get_413_and_change_nothing(make_app, factory, db):
    from tests.security.world import World

    app = make_app(MAX_CONTENT_LENGTH=LIMIT)
    with app.app_context():
        world = World(factory)
        token = world.token("panelist")
        client = app.test_client()
        sign_in(client, world.user("panelist"))
        edit = f"/standards/{world.standard.id}/edit"
        big = "x" * (LIMIT * 2)
        before = fingerprint()
        form = {"base_version": "2", "title": "Big", "statement": big, "change_note": ""}
        assert client.post(edit, data=form).status_code == 413
        upload = {**form, "statement": "small", "file": (io.BytesIO(big.encode()), "big.pdf")}
        response = client.post(edit, data=upload, content_type="multipart/form-data")
        assert response.status_code == 413 and "Too large" in response.text
        response = app.test_client().post(
            f"/api/v1/standards/{world.standard.id}/versions",
            json={"base_version": 2, "statement": big},
            headers={"Authorization": f"Bearer {token}"},
        )
        assert response.status_code == 413
        assert response.json == {"error": "Too large", "status": 413}
        response = app.test_client().post(
            f"/api/v1/standards/{world.standard.id}/versions",
            data=big,
            headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        )
        assert response.status_code == 413
        assert fingerprint() == before
        # Under the limit, the same edit goes through.
        assert client.post(edit, data={**form, "statement": "small"}).status_code == 302


def test_sign_in_limit_counts_every_account_from_one_address(client, factory):
    """Trying one password on many accounts (spraying) is stopped like guessing one account's."""
    users = [factory.user() for _ in range(11)]
    for user in users[:10]:
        assert client.post("/login", data={"email": user.email, "password": "x"}).status_code == 200
    response = client.post("/login", data={"email": users[10].email, "password": PASSWORD})
    assert response.status_code == 429
    assert int(response.headers["Retry-After"]) > 0
    assert client.get("/account").status_code == 302  # not signed in


def test_sign_in_limit_holds_with_csrf_on(csrf_app, factory):
    """As in production: failures with a valid CSRF token count; the 11th is refused."""
    user = factory.user()
    client = csrf_app.test_client()
    token = csrf_token_from(client.get("/login").text)
    for _ in range(10):
        data = {"email": user.email, "password": "wrong-password", "csrf_token": token}
        assert client.post("/login", data=data).status_code == 200
    data = {"email": user.email, "password": PASSWORD, "csrf_token": token}
    assert client.post("/login", data=data).status_code == 429
