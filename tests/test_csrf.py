"""Every state-changing route refuses a request that lacks a valid CSRF token."""

import pytest
from werkzeug.routing import AnyConverter, IntegerConverter

from curriculum.audit.models import AuditEvent
from curriculum.partnerships.models import Membership
from tests.conftest import PASSWORD, csrf_token_from


def _sample(converter):
    """A value the converter accepts, to build the route's URL."""
    if isinstance(converter, IntegerConverter):
        return 1
    if isinstance(converter, AnyConverter):
        return sorted(converter.items)[0]
    return "token"


def _post_routes(app):
    for rule in app.url_map.iter_rules():
        if "POST" not in rule.methods:
            continue
        view = app.view_functions[rule.endpoint]
        if rule.endpoint.startswith("api.") or getattr(view, "csrf_exempt", False):
            continue
        args = {name: _sample(conv) for name, conv in rule._converters.items()}
        yield rule, args


@pytest.fixture
def csrf_app(make_app):
    app = make_app(WTF_CSRF_ENABLED=True)
    with app.app_context():
        yield app


def _sign_in(client, email):
    token = csrf_token_from(client.get("/login").text)
    response = client.post(
        "/login", data={"email": email, "password": PASSWORD, "csrf_token": token}
    )
    assert response.status_code == 302


def test_there_are_post_routes_to_check(csrf_app):
    endpoints = {rule.endpoint for rule, _ in _post_routes(csrf_app)}
    assert {
        "auth.login",
        "auth.logout",
        "partnerships.change_role",
        "partnerships.invite",
    } <= endpoints


def test_every_post_route_refuses_a_missing_or_wrong_token(csrf_app, factory, db):
    partnership = factory.partnership()
    convener = factory.member(partnership, "convener")
    client = csrf_app.test_client()
    _sign_in(client, convener.email)
    before = (
        db.session.scalar(db.select(db.func.count(AuditEvent.id))),
        db.session.scalar(db.select(db.func.count(Membership.id))),
    )
    for rule, args in _post_routes(csrf_app):
        url = rule.build(args)[1]
        for data in ({}, {"csrf_token": "forged"}):
            response = client.post(url, data=data)
            assert response.status_code == 400, f"{rule.rule} accepted a POST with {data}"
            assert "nothing was changed" in response.text
    after = (
        db.session.scalar(db.select(db.func.count(AuditEvent.id))),
        db.session.scalar(db.select(db.func.count(Membership.id))),
    )
    assert before == after


def test_a_valid_token_is_accepted(csrf_app, factory):
    user = factory.user()
    client = csrf_app.test_client()
    _sign_in(client, user.email)
    token = csrf_token_from(client.get("/account").text)
    response = client.post("/account", data={"display_name": "Renamed", "csrf_token": token})
    assert response.status_code == 302
