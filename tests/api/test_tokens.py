"""Personal API tokens: the profile page, the CLI, Bearer authentication, revocation, CSRF."""

import hashlib
import re
from datetime import timedelta

import pytest

from curriculum.audit.models import AuditEvent
from curriculum.auth.models import ApiToken
from curriculum.db import utcnow
from tests.api.conftest import ApiClient
from tests.conftest import PASSWORD, csrf_token_from, login

TOKEN = re.compile(r'id="api-token"[^>]*value="(cur_[^"]+)"')


def _tokens(db, user):
    return list(db.session.scalars(db.select(ApiToken).where(ApiToken.user_id == user.id)))


def test_profile_creates_a_token_shown_once_and_stored_hashed(client, factory, db):
    user = factory.user()
    login(client, user.email)
    response = client.post("/account/tokens", data={"token-name": "Nightly export"})
    (token,) = _tokens(db, user)
    assert response.status_code == 302
    assert response.headers["Location"] == f"/account/tokens/{token.id}/created"
    assert TOKEN.search(response.text) is None  # the secret is not in the POST's answer
    response = client.get(response.headers["Location"])
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    secret = TOKEN.search(response.text).group(1)
    assert token.name == "Nightly export" and token.prefix == secret[:12]
    assert token.token_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in token.token_hash
    page = client.get("/account").text
    assert "Nightly export" in page and f"{token.prefix}…" in page and "never" in page
    assert secret not in page  # shown only once
    assert db.session.scalar(
        db.select(AuditEvent.id).where(AuditEvent.action == "api_token.created")
    )


def test_reloading_the_token_page_neither_creates_nor_shows_it_again(client, factory, db):
    user = factory.user()
    login(client, user.email)
    created = client.post("/account/tokens", data={"token-name": "Nightly export"})
    page = client.get(created.headers["Location"])
    secret = TOKEN.search(page.text).group(1)
    assert page.text.count(secret) == 2  # the field and the curl example
    assert 'data-copy="api-token"' in page.text and 'data-copy-status="api-token"' in page.text
    reload = client.get(created.headers["Location"])  # a reload is a GET: nothing is created
    assert reload.status_code == 200
    assert secret not in reload.text and TOKEN.search(reload.text) is None
    assert "shown once, when it was created" in reload.text
    (token,) = _tokens(db, user)
    assert f"{token.prefix}…" in reload.text and "Nightly export" in reload.text
    assert (
        db.session.scalar(
            db.select(db.func.count(AuditEvent.id)).where(AuditEvent.action == "api_token.created")
        )
        == 1
    )


def test_only_the_owner_sees_a_token_page(app, client, factory, db):
    owner, other = factory.user(), factory.user()
    login(client, owner.email)
    location = client.post("/account/tokens", data={"token-name": "Mine"}).headers["Location"]
    stranger = app.test_client()
    login(stranger, other.email)
    assert stranger.get(location).status_code == 404
    assert stranger.get("/account/tokens/999999/created").status_code == 404
    assert client.get(location).status_code == 200


def test_a_token_needs_a_name(client, factory, db):
    user = factory.user()
    login(client, user.email)
    response = client.post("/account/tokens", data={"token-name": "  "})
    assert response.status_code == 200
    assert "Token name: fill this in." in response.text
    assert _tokens(db, user) == []


def test_a_bearer_token_authenticates_and_records_its_use(app, factory, token_for, db):
    user = factory.user()
    api = ApiClient(app, token_for(user), user)
    response = api.get("/api/v1/partnerships")
    assert response.status_code == 200
    assert "Set-Cookie" not in response.headers  # no session is started for a token
    (token,) = _tokens(db, user)
    assert token.last_used_at is not None
    # Used again within the minute: not rewritten; an hour later: rewritten.
    earlier = utcnow() - timedelta(hours=1)
    token.last_used_at = earlier
    db.session.commit()
    api.get("/api/v1/partnerships")
    db.session.refresh(token)
    assert token.last_used_at > earlier


@pytest.mark.parametrize(
    "header",
    ["Bearer cur_not-a-real-token", "Bearer nonsense", "Bearer ", "Basic dXNlcjpwYXNz", "Token x"],
)
def test_a_wrong_token_is_refused_with_401_json(client, header):
    response = client.get("/api/v1/partnerships", headers={"Authorization": header})
    assert response.status_code == 401
    assert response.json["status"] == 401 and "token" in response.json["error"]
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_a_revoked_token_is_refused(client, factory, token_for, db):
    user = factory.user()
    secret = token_for(user)
    login(client, user.email)
    (token,) = _tokens(db, user)
    response = client.post(f"/account/tokens/{token.id}/revoke")
    assert response.status_code == 302
    assert "is revoked" in client.get("/account").text
    db.session.refresh(token)
    assert token.revoked_at is not None
    api = ApiClient(client.application, secret)
    assert api.get("/api/v1/partnerships").status_code == 401
    assert api.post("/api/v1/partnerships/1/frameworks", json={}).status_code == 401
    assert "Test script" not in client.get("/account").text
    again = client.post(f"/account/tokens/{token.id}/revoke", follow_redirects=True)
    assert "already revoked" in again.text


def test_nobody_revokes_another_users_token(client, factory, token_for, db):
    owner = factory.user()
    secret = token_for(owner)
    (token,) = _tokens(db, owner)
    login(client, factory.user().email)
    response = client.post(f"/account/tokens/{token.id}/revoke", follow_redirects=True)
    assert "You have no such API token." in response.text
    assert ApiClient(client.application, secret).get("/api/v1/partnerships").status_code == 200


def test_a_disabled_accounts_token_is_refused(app, factory, token_for, db):
    user = factory.user()
    api = ApiClient(app, token_for(user))
    user.active = False
    db.session.commit()
    assert api.get("/api/v1/partnerships").status_code == 401


def test_tokens_do_not_open_the_html_pages(app, factory, token_for):
    user = factory.user()
    response = ApiClient(app, token_for(user)).get("/account")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_anonymous_api_writes_get_401_json_not_a_redirect(client, partnership):
    response = client.post(f"/api/v1/partnerships/{partnership.id}/frameworks", json={})
    assert response.status_code == 401
    assert response.json == {
        "error": "Sign in, or send a personal API token as 'Authorization: Bearer <token>'.",
        "status": 401,
    }


def test_cli_prints_a_working_token(runner, app, factory, db):
    user = factory.user(email="bot@example.org")
    result = runner.invoke(args=["users", "token", "BOT@example.org", "--name", "CI"])
    assert result.exit_code == 0, result.output
    secret = result.stdout.strip().splitlines()[-1]
    assert secret.startswith("cur_")
    (token,) = _tokens(db, user)
    assert token.name == "CI"
    assert ApiClient(app, secret).get("/api/v1/partnerships").status_code == 200


def test_cli_refuses_an_unknown_email(runner, db):
    result = runner.invoke(args=["users", "token", "nobody@example.org"])
    assert result.exit_code != 0 and "no account" in result.output
    assert db.session.scalar(db.select(db.func.count(ApiToken.id))) == 0


# --- CSRF: needed for writes signed in by the session cookie, not for token writes -----------


@pytest.fixture
def csrf_app(make_app):
    app = make_app(WTF_CSRF_ENABLED=True)
    with app.app_context():
        yield app


def _framework_body(title):
    return {"title": title, "occupation_codes": ["51-9199.00"]}


def test_cookie_writes_need_the_csrf_header(csrf_app, factory):
    partnership = factory.partnership()
    convener = factory.member(partnership, "convener")
    client = csrf_app.test_client()
    token = csrf_token_from(client.get("/login").text)
    login(client, convener.email, PASSWORD, csrf_token=token)
    url = f"/api/v1/partnerships/{partnership.id}/frameworks"
    refused = client.post(url, json=_framework_body("Welding"))
    assert refused.status_code == 400 and "X-CSRFToken" in refused.json["error"]
    forged = client.post(url, json=_framework_body("Welding"), headers={"X-CSRFToken": "forged"})
    assert forged.status_code == 400
    assert client.get(url).json["frameworks"] == []  # reads need no header
    page_token = csrf_token_from(client.get("/account").text)
    accepted = client.post(
        url, json=_framework_body("Welding"), headers={"X-CSRFToken": page_token}
    )
    assert accepted.status_code == 201, accepted.json


def test_token_writes_need_no_csrf_header(csrf_app, factory, token_for):
    partnership = factory.partnership()
    convener = factory.member(partnership, "convener")
    api = ApiClient(csrf_app, token_for(convener))
    response = api.post(
        f"/api/v1/partnerships/{partnership.id}/frameworks", json=_framework_body("Machining")
    )
    assert response.status_code == 201, response.json


def test_the_token_forms_work_with_csrf_on(csrf_app, factory, db):
    user = factory.user()
    client = csrf_app.test_client()
    token = csrf_token_from(client.get("/login").text)
    login(client, user.email, PASSWORD, csrf_token=token)
    page = client.get("/account").text
    form_token = re.search(r'name="token-csrf_token"[^>]*value="([^"]+)"', page).group(1)
    response = client.post(
        "/account/tokens", data={"token-name": "Sync", "token-csrf_token": form_token}
    )
    assert "API token created" in client.get(response.headers["Location"]).text
    (api_token,) = _tokens(db, user)
    page_token = csrf_token_from(client.get("/account").text)
    revoke = client.post(f"/account/tokens/{api_token.id}/revoke", data={"csrf_token": page_token})
    assert revoke.status_code == 302
    db.session.refresh(api_token)
    assert api_token.revoked_at is not None
