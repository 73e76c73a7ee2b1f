"""Session and headers: a new session at sign-in, cookie flags, CSP and nosniff on every HTML
response of every GET route, and `next` that never leaves the site."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from curriculum.exports.models import ExportJob
from curriculum.extensions import db
from tests.conftest import PASSWORD, csrf_token_from
from tests.security.conftest import sign_in

ROUTE_VALUES = {"number": 1, "filename": "css/app.css", "direction": "up"}
ROUTE_VALUES["format"] = "case"  # a framework download's format (interop.download)
ROUTE_VALUES["notification_id"] = 1  # any: one not the convener's is a 404 page, checked too
ROUTE_VALUES["mail_id"] = "0" * 32  # an outbox mail that does not exist: a 404 page, checked too
ROUTE_VALUES["release_id"] = 1  # any: a release that does not exist is a 404 page, checked too


def _cookie(response, name: str) -> str | None:
    for header in response.headers.getlist("Set-Cookie"):
        if header.startswith(f"{name}="):
            return header
    return None


def test_the_session_changes_at_sign_in(csrf_app, world):
    client = csrf_app.test_client()
    before_token = csrf_token_from(client.get("/login").text)
    before = client.get_cookie("session").value
    response = client.post(
        "/login",
        data={
            "email": world.user("viewer").email,
            "password": PASSWORD,
            "csrf_token": before_token,
        },
    )
    assert response.status_code == 302
    after = client.get_cookie("session").value
    assert after != before
    # The cookie an attacker planted before sign-in is still a visitor's session...
    planted = csrf_app.test_client()
    planted.set_cookie("session", before)
    assert planted.get("/account").status_code == 302
    # ...and the CSRF token of the old session no longer works in the new one.
    response = client.post("/account", data={"display_name": "X", "csrf_token": before_token})
    assert response.status_code == 400


def test_cookies_are_httponly_and_samesite(app, world):
    response = app.test_client().post(
        "/login", data={"email": world.user("viewer").email, "password": PASSWORD, "remember": "y"}
    )
    cookies = response.headers.getlist("Set-Cookie")
    assert {c.split("=")[0] for c in cookies} >= {"session", "remember_token"}
    for cookie in cookies:
        assert "HttpOnly" in cookie, cookie
        assert re.search(r"SameSite=(Lax|Strict)", cookie), cookie


def _values(world) -> dict:
    from curriculum.courses import outcomes

    job = db.session.scalar(db.select(ExportJob).limit(1))
    outcome = outcomes.add_outcome(world.course, "Check the guards", "Practical")
    db.session.commit()
    return {
        "outcome_id": outcome.id,
        "partnership_id": world.partnership.id,
        "framework_id": world.framework.id,
        "standard_id": world.standard.id,
        "course_id": world.course.id,
        "program_id": world.program.id,
        "org_id": world.employer.id,
        "membership_id": world.membership.id,
        "invitation_id": world.invitation.id,
        "token": world.invitation_token,
        "token_id": world.token_ids["convener"],
        "entry_id": world.entry.id,
        "alignment_id": world.alignment.id,
        "comment_id": world.comment.id,
        "job_id": job.id if job else "0" * 32,
        "identifier": world.framework.uuid,
        "ladder_id": world.ladder.id,
        "step_id": world.step.id,
        "move_id": world.move.id,
        "requirement_id": world.requirement.id,
        "survey_id": world.survey.id,
        "cohort_id": world.cohort.id,
        **ROUTE_VALUES,
    }


def _get_urls(app, world) -> list[str]:
    values, urls = _values(world), []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods:
            continue
        missing = set(rule.arguments) - set(values)
        assert not missing, f"{rule.endpoint}: add a value for {missing} to _values()"
        urls.append(rule.build({k: values[k] for k in rule.arguments})[1])
    return urls


def test_every_html_response_has_csp_and_nosniff(app, world):
    convener = app.test_client()
    sign_in(convener, world.user("convener"))
    world.token("convener")
    response = convener.post(
        f"/frameworks/{world.framework.id}/exports/new", data={"content": "published"}
    )
    assert response.status_code == 302  # an export job, so its pages are checked too
    problems, html_pages = [], 0
    for client in (convener, app.test_client()):
        for url in _get_urls(app, world):
            response = client.get(url)
            if response.status_code >= 500:
                problems.append(f"{url}: {response.status}")
            if response.headers.get("X-Content-Type-Options") != "nosniff":
                problems.append(f"{url}: no nosniff")
            if response.mimetype == "text/html":
                html_pages += 1
                csp = response.headers.get("Content-Security-Policy", "")
                if (
                    "script-src 'self'" not in csp
                    or "unsafe-inline" in csp
                    or "object-src 'none'" not in csp
                ):
                    problems.append(f"{url}: CSP {csp!r}")
    assert not problems, "\n".join(problems)
    assert html_pages > 60


EVIL = (
    "https://evil.example/",
    "http:evil.example",
    "https:/evil.example",
    "//evil.example/x",
    "///evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "/\\/evil.example",
    "\t//evil.example",
    "/\t/evil.example",
    " //evil.example",
    "//evil.example@example.org",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "evil.example",
)


def _stays_here(location: str) -> bool:
    """A browser would stay on this site: a path, with no host however it is spelt."""
    cleaned = re.sub(r"[\t\n\r]", "", location).replace("\\", "/").strip()
    parts = urlsplit(cleaned)
    return cleaned.startswith("/") and not cleaned.startswith("//") and not parts.netloc


def test_next_never_leaves_the_site(app, world):
    email, wrong = world.user("viewer").email, []
    signed_in = app.test_client()
    sign_in(signed_in, world.user("faculty"))
    for target in EVIL:
        response = app.test_client().post(
            "/login", query_string={"next": target}, data={"email": email, "password": PASSWORD}
        )
        assert response.status_code == 302
        # Already signed in, /login?next= redirects at once; forms that go back to `next`
        # (re-confirming alignments) follow it too.
        again = signed_in.get("/login", query_string={"next": target})
        confirmed = signed_in.post(
            "/alignments/confirm", data={"alignment": [world.alignment.id], "next": target}
        )
        for where, r in (("sign-in", response), ("signed in", again), ("confirm", confirmed)):
            if not _stays_here(r.headers["Location"]):
                wrong.append(f"{where}: next={target!r} -> {r.headers['Location']!r}")
    assert not wrong, "\n".join(wrong)


def test_next_keeps_a_path_on_this_site(app, world):
    response = app.test_client().post(
        "/login?next=/courses/%3Fq%3Dmfg",
        data={"email": world.user("viewer").email, "password": PASSWORD},
    )
    assert response.headers["Location"] == "/courses/?q=mfg"
