"""Error pages: HTML pages that say what happened and where to go, JSON under /api/."""

import threading
import time

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import OperationalError

from curriculum.concurrency import BUSY, contention_message
from tests.conftest import login


def test_404_page(client):
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert "Not found" in response.text and "Go to the home page" in response.text
    assert response.mimetype == "text/html"


def test_404_json_under_api(client):
    response = client.get("/api/v1/no-such-thing")
    assert response.status_code == 404
    assert response.json == {"error": "Not found", "status": 404}


def test_405_page_and_json(client):
    response = client.post("/about")
    assert response.status_code == 405 and "Method not allowed" in response.text
    assert "GET" in response.headers["Allow"]
    response = client.delete("/api/v1/")
    assert response.status_code == 405
    assert response.json["status"] == 405 and response.json["error"]


def test_403_page(client, login_as, partnership):
    login_as("viewer")
    response = client.get(f"/partnerships/{partnership.id}/edit")
    assert response.status_code == 403
    assert "Not allowed" in response.text and "Ask a convener" in response.text
    assert response.text.count("does not have permission for this") == 1


def test_a_specific_403_message_stands_alone(app, client):
    """A refusal that says why (a reference framework is read-only for everyone) is not
    followed by advice that contradicts it."""
    from curriculum.errors import error_response

    with app.test_request_context("/frameworks/1/edit"):
        response = error_response(403, "It is a reference framework: read-only here.")
    text = response.get_data(as_text=True)
    assert "read-only here" in text and "Ask a convener" not in text


def test_400_page_with_the_reason(client, login_as, partnership):
    login_as("convener")
    response = client.post(f"/partnerships/{partnership.id}/organizations", data={})
    assert response.status_code == 400
    assert "Choose an organization to add." in response.text


def test_409_page(client, login_as, partnership, factory, db):
    from curriculum.partnerships.invitations import create_invitation, revoke_invitation
    from curriculum.partnerships.models import Invitation

    login_as("convener")
    invitation, _token = create_invitation(
        partnership, "x@example.org", "viewer", factory.organization(), None
    )
    revoke_invitation(invitation)
    db.session.commit()
    response = client.post(f"/partnerships/{partnership.id}/invitations/{invitation.id}/revoke")
    assert response.status_code == 409
    assert "already revoked" in response.text
    assert db.session.get(Invitation, invitation.id).revoked_at is not None


def test_413_page_and_json(make_app, factory):
    app = make_app(MAX_CONTENT_LENGTH=1024)

    @app.post("/api/v1/echo")
    def echo():
        from flask import request

        return request.get_json()

    client = app.test_client()
    response = client.post("/login", data={"email": "a@example.org", "password": "x" * 5000})
    assert response.status_code == 413 and "Too large" in response.text
    response = client.post("/api/v1/echo", json={"text": "x" * 5000})
    assert response.status_code == 413
    assert response.json == {"error": "Too large", "status": 413}
    assert client.post("/api/v1/echo", json={"text": "small"}).json == {"text": "small"}


def test_429_page(client, factory):
    user = factory.user()
    for _ in range(10):
        login(client, user.email, "bad-password")
    response = login(client, user.email, "bad-password")
    assert response.status_code == 429
    assert "Too many" in response.text and "Wait a minute" in response.text
    # The specific message is not followed by generic advice saying the same again.
    assert response.text.count("Wait a minute") == 1
    assert "You have tried too many times" not in response.text
    assert 'href="/login"' in response.text and "Back to sign in" in response.text


def _used_invitation_link(app, db, partnership, factory):
    """The link of an invitation someone accepted, and that someone's (signed-in) client."""
    from curriculum.partnerships.invitations import create_invitation

    _invitation, token = create_invitation(
        partnership, "used@example.org", "viewer", factory.organization(), None
    )
    db.session.commit()
    link = f"/invitations/{token}"
    data = {"display_name": "Used", "password": "long-enough-pw", "confirm": "long-enough-pw"}
    invitee = app.test_client()
    assert invitee.post(link, data=data).status_code == 302
    return link, invitee


def test_410_page_for_a_used_invitation_offers_sign_in(client, app, db, partnership, factory):
    link, _invitee = _used_invitation_link(app, db, partnership, factory)
    response = client.get(link)
    assert response.status_code == 410
    assert "Link no longer valid" in response.text and "already been used" in response.text
    assert response.text.count("Error 410") == 1 and "Something went wrong" not in response.text
    assert f'class="button" href="/login?next={link}"' in response.text


def test_410_page_for_a_withdrawn_invitation(client, partnership, factory, db):
    from curriculum.partnerships.invitations import create_invitation, revoke_invitation

    invitation, token = create_invitation(
        partnership, "gone@example.org", "viewer", factory.organization(), None
    )
    revoke_invitation(invitation)
    db.session.commit()
    response = client.get(f"/invitations/{token}")
    assert response.status_code == 410
    assert "Link no longer valid" in response.text and "withdrawn" in response.text
    assert 'class="button" href="/login' not in response.text  # signing in would not help


def test_used_invitation_takes_its_user_to_the_partnership(app, db, partnership, factory):
    link, invitee = _used_invitation_link(app, db, partnership, factory)
    response = invitee.get(link)
    assert response.status_code == 302
    assert response.headers["Location"] == f"/partnerships/{partnership.id}"
    assert "already joined" in invitee.get(response.headers["Location"]).text


def test_500_page_says_nothing_was_saved(make_app):
    app = make_app(PROPAGATE_EXCEPTIONS=False)

    @app.get("/boom")
    def boom():
        raise RuntimeError("secret internals")

    @app.get("/api/v1/boom")
    def api_boom():
        raise RuntimeError("secret internals")

    client = app.test_client()
    response = client.get("/boom")
    assert response.status_code == 500
    assert "Something went wrong" in response.text and "nothing was saved" in response.text
    assert "secret internals" not in response.text and "Traceback" not in response.text
    response = client.get("/api/v1/boom")
    assert response.status_code == 500
    assert response.json == {"error": "Something went wrong", "status": 500}


@pytest.mark.parametrize("path", ["/", "/login", "/partnerships/", "/no/such/page"])
def test_html_responses_carry_security_headers(client, path):
    response = client.get(path)
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_json_responses_are_nosniff(client):
    assert client.get("/healthz").headers["X-Content-Type-Options"] == "nosniff"


def test_pages_have_no_inline_scripts(client, login_as, partnership):
    login_as("convener")
    for path in ("/", f"/partnerships/{partnership.id}", f"/partnerships/{partnership.id}/members"):
        html = client.get(path).text
        assert "<script>" not in html and " onclick=" not in html and " style=" not in html


def test_session_cookie_flags(client, factory):
    user = factory.user()
    response = login(client, user.email)
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("session="))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Secure" not in cookie


def test_secure_cookie_when_configured(make_app, factory, monkeypatch):
    monkeypatch.setenv("SESSION_COOKIE_SECURE", "1")
    app = make_app()
    with app.app_context():
        email = factory.user().email
    response = login(app.test_client(), email)
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("session="))
    assert "Secure" in cookie


def _contention(database_url) -> OperationalError:
    """A real error of a transaction stopped for another: PostgreSQL's deadlock (two
    transactions each waiting for the other's row), SQLite's write lock held too long."""
    if not database_url.startswith("postgresql"):
        engine = sa.create_engine(database_url, connect_args={"timeout": 0.05})
        with engine.connect() as a, engine.connect() as b:
            a.exec_driver_sql("BEGIN IMMEDIATE")
            try:
                with pytest.raises(OperationalError) as stopped:
                    b.exec_driver_sql("BEGIN IMMEDIATE")
            finally:
                a.exec_driver_sql("ROLLBACK")
        engine.dispose()
        return stopped.value
    engine = sa.create_engine(database_url)
    with engine.begin() as setup:
        setup.exec_driver_sql("CREATE TABLE contention_probe (id integer PRIMARY KEY)")
        setup.exec_driver_sql("INSERT INTO contention_probe VALUES (1), (2)")
    found: list[Exception] = []
    try:
        with engine.connect() as a, engine.connect() as b:
            a.exec_driver_sql("UPDATE contention_probe SET id = id WHERE id = 1")
            b.exec_driver_sql("UPDATE contention_probe SET id = id WHERE id = 2")

            def a_wants_2():
                try:
                    a.exec_driver_sql("UPDATE contention_probe SET id = id WHERE id = 2")
                except OperationalError as exc:
                    found.append(exc)
                finally:
                    a.rollback()

            waiting = threading.Thread(target=a_wants_2)
            waiting.start()
            time.sleep(0.2)
            try:
                b.exec_driver_sql("UPDATE contention_probe SET id = id WHERE id = 1")
            except OperationalError as exc:
                found.append(exc)
            finally:
                b.rollback()
            waiting.join(10)
    finally:
        with engine.begin() as done:
            done.exec_driver_sql("DROP TABLE contention_probe")
        engine.dispose()
    assert len(found) == 1, found  # the database stopped one of the two
    return found[0]


def test_a_request_stopped_for_another_gets_a_409_not_a_500(make_app, database_url):
    stopped = _contention(database_url)
    assert contention_message(stopped) == BUSY
    other = OperationalError("SELECT 1", {}, Exception("no such table: nowhere"))
    assert contention_message(other) is None

    app = make_app(PROPAGATE_EXCEPTIONS=False)

    def busy():
        raise stopped

    app.add_url_rule("/busy", view_func=busy)
    app.add_url_rule("/api/v1/busy", endpoint="api_busy", view_func=busy)

    @app.get("/broken")
    def broken():
        raise other

    client = app.test_client()
    response = client.get("/busy")
    assert response.status_code == 409 and "nothing was saved" in response.text
    assert client.get("/api/v1/busy").json == {"error": BUSY, "status": 409}
    assert client.get("/broken").status_code == 500  # another failure stays one
