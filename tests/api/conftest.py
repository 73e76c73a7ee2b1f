"""API fixtures: clients that send a personal token, a framework with a small tree, and the
alignment tests' `world` (a college in the partnership and one outside it, a framework
A > A.1 > A.1.1, two courses in a program)."""

from __future__ import annotations

import pytest

from curriculum.auth.services import create_token
from curriculum.extensions import db as _db
from tests.alignment.conftest import world  # noqa: F401 (a fixture)


class ApiClient:
    """A cookie-less test client that sends `Authorization: Bearer <token>` when it has one."""

    def __init__(self, app, token: str | None = None, user=None):
        self.client = app.test_client()
        self.token = token
        self.user = user
        self.headers = {"Authorization": f"Bearer {token}"} if token else {}

    def get(self, url, **kwargs):
        return self.client.get(url, headers=self.headers, **kwargs)

    def post(self, url, json=None, **kwargs):
        return self.client.post(url, json=json, headers=self.headers, **kwargs)

    def delete(self, url, **kwargs):
        return self.client.delete(url, headers=self.headers, **kwargs)


@pytest.fixture
def token_for(db):
    """token_for(user) -> a new API token (the secret) for the user."""

    def make(user, name="Test script"):
        _, secret = create_token(user, name)
        _db.session.commit()
        return secret

    return make


@pytest.fixture
def api_as(app, factory, partnership, token_for):
    """api_as("panelist") -> an ApiClient for a new member with that role in `partnership`.

    Also "admin", "outsider" (in no partnership) and "anonymous" (no token).
    """

    def make(role, organization=None):
        if role == "anonymous":
            return ApiClient(app)
        if role == "admin":
            user = factory.user(admin=True, name="Admin")
        elif role == "outsider":
            user = factory.user(organization=factory.organization(), name="Outsider")
        else:
            user = factory.member(partnership, role, organization=organization)
        return ApiClient(app, token_for(user), user)

    return make


@pytest.fixture
def framework(partnership, factory):
    return factory.framework(partnership, occupation_codes=["51-9199.00"])


@pytest.fixture
def ka(framework, factory, partnership):
    """A key activity A.1 under the critical work function A, both at version 1 (drafts)."""
    author = factory.member(partnership, "panelist")
    cwf = factory.standard(
        framework, None, "critical_work_function", "Maintain safety", author=author
    )
    return factory.standard(
        framework, cwf, "key_activity", "Inspect guarding", "Check *all* guards.", author=author
    )


@pytest.fixture
def publish(factory, partnership, db):
    """publish(standard): the world builder's publish with the quorum set to 1; returns the
    number of the version published."""
    from curriculum.standards import services

    def do(standard):
        partnership.endorsement_quorum = 1
        return factory.publish(services.get_standard(standard.id)).number

    return do
