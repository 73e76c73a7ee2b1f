"""CSRF: every state-changing route of the URL map, with real rows, refuses a forged request.

tests/test_csrf.py checks the HTML POST routes with placeholder ids. Here every route accepting
POST, PUT, PATCH or DELETE (the API included) is called on real objects with the data that would
succeed, by a signed-in convener whose browser is made to send it: without a token, with a forged
one, and with the valid token of another session. Each must be refused with nothing changed,
while the same request with the session's own token gets past the check (so the refusal is the
CSRF check's, not something else's).
"""

from __future__ import annotations

import pytest

from tests.conftest import csrf_token_from
from tests.security.conftest import sign_in
from tests.security.routes import build, fingerprint, is_api, method_of, mutating_rules
from tests.security.rules import RULES

CSRF_PAGE = "did not come from this site"
CSRF_API = "X-CSRFToken"


@pytest.fixture
def signed_in(csrf_app, world):
    """(client, its CSRF token, the token of another signed-in session) as the convener."""
    client = csrf_app.test_client()
    sign_in(client, world.user("convener"), csrf=True)
    other = csrf_app.test_client()
    sign_in(other, world.user("panelist"), csrf=True)
    return (
        client,
        csrf_token_from(client.get("/account").text),
        csrf_token_from(other.get("/account").text),
    )


def _routes(app):
    return [r for r in mutating_rules(app) if r.endpoint in RULES]


def _refused(response, api: bool) -> bool:
    if response.status_code != 400:
        return False
    return CSRF_API in response.json["error"] if api else CSRF_PAGE in response.text


def test_every_route_refuses_forged_requests(csrf_app, world, signed_in):
    client, token, other_token = signed_in
    problems = []
    for url_rule in _routes(csrf_app):
        api, method = is_api(url_rule), method_of(url_rule)
        url = build(url_rule, RULES[url_rule.endpoint].args(world, "convener"))
        data = RULES[url_rule.endpoint].data(world, "convener")
        before = fingerprint()
        for forged in (None, "forged-token", other_token):
            if api:
                headers = {CSRF_API: forged} if forged else {}
                response = client.open(url, method=method, json=data, headers=headers)
            else:
                body = {**data, **({"csrf_token": forged} if forged else {})}
                response = client.open(url, method=method, data=body)
            if not _refused(response, api):
                problems.append(f"{method} {url} accepted token {forged!r}: {response.status}")
        if fingerprint() != before:
            problems.append(f"{method} {url}: a refused request changed the database")
        # The same request with the session's own token passes the check.
        if api:
            response = client.open(url, method=method, json=data, headers={CSRF_API: token})
        else:
            response = client.open(url, method=method, data={**data, "csrf_token": token})
        if _refused(response, api):
            problems.append(f"{method} {url} refused its own session's token")
        if url_rule.endpoint.startswith("auth."):
            client.post("/logout", data={"csrf_token": token})
            sign_in(client, world.user("convener"), csrf=True)
            token = csrf_token_from(client.get("/account").text)
    assert not problems, "\n".join(problems)


def test_api_writes_need_a_valid_token_or_a_signed_in_session(csrf_app, world, signed_in):
    """Without credentials, or with a wrong bearer token, every API write is 401; with a
    session cookie and someone's valid bearer token but no X-CSRFToken, the cookie wins and the
    request is refused for lack of the CSRF header."""
    client, _token, _other = signed_in
    panelist_token = world.token("panelist")
    problems = []
    for url_rule in (r for r in _routes(csrf_app) if is_api(r)):
        url = build(url_rule, RULES[url_rule.endpoint].args(world, "convener"))
        data, method = RULES[url_rule.endpoint].data(world, "convener"), method_of(url_rule)
        before = fingerprint()
        for headers in ({}, {"Authorization": "Bearer cur_not-a-token"}, {"Authorization": "x"}):
            response = csrf_app.test_client().open(url, method=method, json=data, headers=headers)
            if response.status_code != 401 or "WWW-Authenticate" not in response.headers:
                problems.append(f"{method} {url} with {headers}: {response.status}")
        auth = {"Authorization": f"Bearer {panelist_token}"}
        response = client.open(url, method=method, json=data, headers=auth)
        if not _refused(response, api=True):
            problems.append(f"{method} {url} with a cookie and a bearer token: {response.status}")
        if fingerprint() != before:
            problems.append(f"{method} {url}: a refused request changed the database")
    assert not problems, "\n".join(problems)


def test_there_are_api_and_html_routes_to_check(csrf_app):
    endpoints = {r.endpoint for r in _routes(csrf_app)}
    expected = {"api.save_version", "api.remove_alignment", "standards.edit", "auth.logout"}
    assert expected <= endpoints
    assert {method_of(r) for r in _routes(csrf_app)} == {"POST", "PUT", "PATCH", "DELETE"}
