"""API fixtures: clients that send a personal token, a framework with a small tree, and the
alignment tests' `world` (a college in the partnership and one outside it, a framework
A > A.1 > A.1.1, two courses in a program)."""

from __future__ import annotations

import pytest

from curriculum.auth.services import create_token
from curriculum.extensions import db as _db
from curriculum.standards import tree
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
def framework(partnership, db):
    framework = tree.create_framework(
        partnership,
        {"title": "Production Technician", "occupation_codes": ["51-9199.00"]},
    )
    db.session.commit()
    return framework


@pytest.fixture
def ka(framework, factory, partnership, db):
    """A key activity A.1 under the critical work function A, both at version 1 (drafts)."""
    author = factory.member(partnership, "panelist")
    cwf = tree.add_standard(
        framework, None, "critical_work_function", "Maintain safety", author=author
    )
    ka = tree.add_standard(
        framework, cwf, "key_activity", "Inspect guarding", "Check *all* guards.", author=author
    )
    db.session.commit()
    return ka


@pytest.fixture
def publish(factory, partnership, db):
    """publish(standard): endorse its current version and publish it (quorum set to 1)."""
    from curriculum.standards import services

    def do(standard):
        partnership.endorsement_quorum = 1
        panelist = factory.member(partnership, "panelist")
        convener = factory.member(partnership, "convener")
        standard = services.get_standard(standard.id)
        version = standard.current_version
        services.endorse(standard, version, panelist)
        services.publish(standard, version, convener)
        db.session.commit()
        return version.number

    return do
