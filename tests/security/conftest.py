"""Security suite fixtures: the world of real rows, and clients signed in as each role."""

from __future__ import annotations

import pytest

from tests.conftest import PASSWORD, csrf_token_from
from tests.security.world import World


@pytest.fixture
def world(factory, db) -> World:
    return World(factory)


def sign_in(client, user, csrf: bool = False) -> None:
    """Sign `user` in through the real form (fetching its CSRF token when the app checks it)."""
    data = {"email": user.email, "password": PASSWORD}
    if csrf:
        data["csrf_token"] = csrf_token_from(client.get("/login").text)
    response = client.post("/login", data=data)
    assert response.status_code == 302, response.text


@pytest.fixture
def csrf_app(make_app):
    """The app as production runs it: CSRF checked on every form."""
    app = make_app(WTF_CSRF_ENABLED=True)
    with app.app_context():
        yield app
