"""Sign-in, sign-out, rate limiting, profile and password, site administration of users."""

from curriculum.audit.models import AuditEvent
from curriculum.auth.models import User
from tests.conftest import PASSWORD, login


def test_login_success_redirects_home_and_records_sign_in(client, factory, db):
    user = factory.user(email="Ana@Example.org", name="Ana")
    response = login(client, "ana@example.ORG")
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    page = client.get("/").text
    assert page.count("Welcome, Ana") == 1  # the heading; no flash saying it again
    events = db.session.scalars(db.select(AuditEvent).where(AuditEvent.action == "auth.login"))
    assert [e.actor_id for e in events] == [user.id]
    assert db.session.get(User, user.id).last_login_at is not None


def test_login_failure_keeps_email_and_says_why(client, factory, db):
    factory.user(email="ana@example.org")
    response = login(client, "ana@example.org", "wrong-password")
    assert response.status_code == 200
    assert "That email and password do not match an account." in response.text
    assert 'value="ana@example.org"' in response.text
    assert client.get("/account").status_code == 302  # still signed out
    failed = db.session.scalar(
        db.select(db.func.count()).where(AuditEvent.action == "auth.login_failed")
    )
    assert failed == 1


def test_unknown_email_fails_like_a_wrong_password(client, app):
    response = login(client, "nobody@example.org")
    assert "That email and password do not match an account." in response.text


def test_inactive_user_cannot_sign_in(client, factory, db):
    user = factory.user()
    user.active = False
    db.session.commit()
    assert login(client, user.email).status_code == 200


def test_eleventh_failed_attempt_in_a_minute_gets_429(client, factory):
    user = factory.user()
    for attempt in range(10):
        response = login(client, user.email, "wrong-password")
        assert response.status_code == 200, f"attempt {attempt + 1}"
    response = login(client, user.email, "wrong-password")
    assert response.status_code == 429
    assert "Too many failed sign-in attempts" in response.text
    # Even the right password waits for the minute to pass.
    assert login(client, user.email).status_code == 429


def _login_from(client, email, address, password="wrong-password"):
    return client.post(
        "/login",
        data={"email": email, "password": password},
        headers={"X-Forwarded-For": address},
    )


def test_behind_a_proxy_the_limit_is_per_client_address(make_app, factory, db):
    app = make_app(PROXY_FIX_X_FOR=1)
    client = app.test_client()
    with app.app_context():
        email = factory.user().email
    for _ in range(10):
        assert _login_from(client, email, "203.0.113.7").status_code == 200
    assert _login_from(client, email, "203.0.113.7").status_code == 429
    # Another client behind the same balancer is not locked out.
    assert _login_from(client, email, "198.51.100.9", PASSWORD).status_code == 302
    with app.app_context():
        addresses = set(db.session.scalars(db.select(AuditEvent.ip_address)))
    assert addresses == {"203.0.113.7", "198.51.100.9"}


def test_without_trusted_proxies_x_forwarded_for_is_ignored(client, factory):
    user = factory.user()
    for attempt in range(10):
        assert _login_from(client, user.email, f"203.0.113.{attempt}").status_code == 200
    # A forged header does not buy fresh attempts.
    assert _login_from(client, user.email, "198.51.100.9").status_code == 429


def test_successful_logins_do_not_use_up_the_limit(client, factory):
    user = factory.user()
    for _ in range(12):
        assert login(client, user.email).status_code == 302
        client.post("/logout")


def test_logout_ends_the_session(client, login_as):
    login_as("viewer")
    assert client.get("/account").status_code == 200
    response = client.post("/logout")
    assert response.status_code == 302
    assert client.get("/account").status_code == 302


def test_logout_needs_post(client, login_as):
    login_as("viewer")
    assert client.get("/logout").status_code == 405
    assert client.get("/account").status_code == 200


def test_remember_me_sets_a_lasting_cookie(client, factory):
    user = factory.user()
    response = login(client, user.email, remember="y")
    cookies = response.headers.getlist("Set-Cookie")
    remember = [c for c in cookies if c.startswith("remember_token=")]
    assert remember and "HttpOnly" in remember[0] and "SameSite=Lax" in remember[0]
    response = login(client.application.test_client(), user.email)
    assert not any(c.startswith("remember_token=") for c in response.headers.getlist("Set-Cookie"))


def test_next_goes_only_to_this_site(client, factory):
    user = factory.user()
    response = client.post("/login?next=/account", data={"email": user.email, "password": PASSWORD})
    assert response.headers["Location"] == "/account"
    for evil in (
        "https://evil.example/",
        "//evil.example/x",
        "/\\evil.example",
        "javascript:alert(1)",
    ):
        other = client.application.test_client()
        response = other.post(
            "/login", query_string={"next": evil}, data={"email": user.email, "password": PASSWORD}
        )
        assert response.headers["Location"] == "/", evil


def test_profile_shows_memberships_and_saves_the_name(client, login_as, partnership):
    login_as("panelist")
    page = client.get("/account").text
    assert partnership.name in page and "Panelist" in page
    response = client.post("/account", data={"display_name": "  New Name "}, follow_redirects=True)
    assert "Your profile is saved." in response.text
    assert "New Name" in response.text


def test_change_password(client, factory, db):
    user = factory.user()
    login(client, user.email)
    response = client.post(
        "/account/password",
        data={
            "current_password": "wrong",
            "new_password": "n3w-passw0rd!",
            "confirm": "n3w-passw0rd!",
        },
    )
    assert "Your current password is not correct." in response.text
    response = client.post(
        "/account/password",
        data={"current_password": PASSWORD, "new_password": "short", "confirm": "short"},
    )
    assert "at least 10 characters" in response.text
    response = client.post(
        "/account/password",
        data={
            "current_password": PASSWORD,
            "new_password": "n3w-passw0rd!",
            "confirm": "n3w-passw0rd!",
        },
    )
    assert response.status_code == 302
    assert client.get("/account").status_code == 200  # this session goes on
    fresh = client.application.test_client()
    assert login(fresh, user.email).status_code == 200  # the old password no longer works
    assert login(fresh, user.email, "n3w-passw0rd!").status_code == 302


def test_password_change_signs_out_other_sessions(client, factory, app):
    user = factory.user()
    other = app.test_client()
    login(other, user.email)
    assert other.get("/account").status_code == 200
    login(client, user.email)
    client.post(
        "/account/password",
        data={
            "current_password": PASSWORD,
            "new_password": "n3w-passw0rd!",
            "confirm": "n3w-passw0rd!",
        },
    )
    assert other.get("/account").status_code == 302


def test_empty_sign_in_says_what_is_missing(client):
    response = client.post("/login", data={"email": "", "password": ""})
    assert "Enter your email address." in response.text
    assert "Enter your password." in response.text
    assert "This field is required." not in response.text


def test_empty_name_on_the_profile_says_so(client, login_as):
    login_as("viewer")
    response = client.post("/account", data={"display_name": ""})
    assert "Enter your name." in response.text
    assert "This field is required." not in response.text


def test_password_fields_show_the_rule_up_front(client, login_as):
    login_as("admin")
    for path in ("/account/password", "/admin/users/new"):
        assert "At least 10 characters." in client.get(path).text, path
    response = client.post("/account/password", data={})
    assert "Enter your current password." in response.text
    assert "Choose a new password." in response.text
    assert "This field is required." not in response.text


def test_site_admin_creates_a_user(client, login_as, factory, db):
    org = factory.organization(name="Acme Tooling")
    login_as("admin")
    response = client.post(
        "/admin/users/new",
        data={
            "email": "New.Person@Example.org",
            "display_name": "New Person",
            "password": "long-enough-pw",
            "organization_id": org.id,
        },
    )
    assert response.status_code == 302
    user = db.session.scalar(db.select(User).where(User.email == "new.person@example.org"))
    assert user.organization_id == org.id and not user.is_site_admin
    listing = client.get("/admin/users?q=new.person").text
    assert "New Person" in listing


def test_admin_user_form_keeps_input_on_duplicate_email(client, login_as, factory, db):
    existing = factory.user(email="taken@example.org")
    login_as("admin")
    response = client.post(
        "/admin/users/new",
        data={
            "email": "TAKEN@example.org",
            "display_name": "Someone",
            "password": "long-enough-pw",
            "organization_id": 0,
        },
    )
    assert response.status_code == 200
    assert "An account with this email already exists." in response.text
    assert 'value="Someone"' in response.text
    assert db.session.scalar(db.select(db.func.count(User.id))) == 2  # admin and existing
    assert existing.email == "taken@example.org"


def test_non_admin_cannot_manage_users(client, login_as):
    login_as("convener")
    assert client.get("/admin/users").status_code == 403
    assert client.post("/admin/users/new", data={}).status_code == 403
