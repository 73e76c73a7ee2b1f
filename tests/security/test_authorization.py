"""The authorization matrix: every state-changing route of the URL map, as every role.

The routes come from `app.url_map`, the expectations from `rules.RULES`; a route without a rule
fails here, naming what to add. Each role signs in (HTML routes) or sends its personal token
(API routes), fills the URL from real rows and sends a request that would succeed for a role
that may act; a refused request must also leave the database as it was.
"""

from __future__ import annotations

import pytest

from tests.security.conftest import sign_in
from tests.security.routes import build, fingerprint, is_api, method_of, mutating_rules, rule_of
from tests.security.rules import RULES
from tests.security.world import ROLES


def test_every_mutating_route_has_a_rule(app):
    missing = [r.endpoint for r in mutating_rules(app) if r.endpoint not in RULES]
    assert not missing, "\n".join(
        f"{endpoint} changes state but has no authorization rule: add "
        f'RULES["{endpoint}"] = rule(<role group>, args=..., data=...) in '
        "tests/security/rules.py, saying which roles may use it"
        for endpoint in missing
    )


def test_every_rule_names_a_mutating_route(app):
    known = {r.endpoint for r in mutating_rules(app)}
    assert not set(RULES) - known, f"rules for routes that are gone: {set(RULES) - known}"


def _outcome(response, api: bool) -> str:
    status = response.status_code
    location = response.headers.get("Location", "")
    if (api and status == 401) or (300 <= status < 400 and location.startswith("/login")):
        return "login"
    return {403: "forbidden", 404: "hidden"}.get(status, "ok" if status < 400 else str(status))


class Clients:
    """One signed-in client per role, reused across routes (signed in again after a route of
    `auth.*`, which may end the session)."""

    def __init__(self, app, world):
        self.app, self.world, self.cache = app, world, {}

    def __call__(self, role: str):
        if role == "anonymous":
            return self.app.test_client()  # fresh: accepting an invitation signs a visitor in
        if role not in self.cache:
            client = self.app.test_client()
            if role != "anonymous":
                sign_in(client, self.world.user(role))
            self.cache[role] = client
        return self.cache[role]

    def forget(self, role: str) -> None:
        self.cache.pop(role, None)


def _check(app, world, clients: Clients, endpoint: str, role: str) -> str | None:
    """None when the role's request got what the rule expects, else what went wrong."""
    rule, url_rule = RULES[endpoint], rule_of(app, endpoint)
    expected, api = rule.expect[role], is_api(url_rule)
    client = app.test_client() if api else clients(role)
    args, data = rule.args(world, role), rule.data(world, role)
    url, method = build(url_rule, args), method_of(url_rule)
    token = world.token(role) if api else None
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    before = fingerprint()
    if api:
        response = client.open(url, method=method, json=data, headers=headers)
    else:
        response = client.open(url, method=method, data=data)
    if endpoint.startswith("auth."):
        clients.forget(role)
    got = _outcome(response, api)
    changed = fingerprint() != before
    said = f"{method} {url} as {role}: expected {expected}, got {response.status_code}"
    if expected == "form":
        if response.status_code not in (200, 400) or changed:
            return f"{said} (changed: {changed})"
    elif got != expected:
        return f"{said} {response.headers.get('Location', '')} {response.text[:300]!r}"
    elif expected != "ok" and changed:
        return f"{said}, but the refused request changed the database"
    elif expected == "ok" and rule.changes and not changed:
        return f"{said}, but nothing changed: {response.text[:300]!r}"
    if "GET" in url_rule.methods and expected in ("forbidden", "hidden", "login"):
        # The form page of a refused role is refused the same way.
        page = clients(role).get(url)
        if _outcome(page, api) != expected:
            return f"GET {url} as {role}: expected {expected}, got {page.status_code}"
    return None


# One world per group of routes (its blueprint), so the matrix stays quick.
GROUPS = sorted({endpoint.partition(".")[0] for endpoint in RULES})


@pytest.mark.parametrize("group", GROUPS)
def test_authorization_matrix(app, world, group):
    clients = Clients(app, world)
    problems = [
        problem
        for endpoint in sorted(RULES)
        if endpoint.partition(".")[0] == group
        for role in ROLES
        if (problem := _check(app, world, clients, endpoint, role))
    ]
    assert not problems, "\n".join(problems)


# --- Objects reached through another object's URL (ids swapped in) ----------------------------


def test_revoking_someone_elses_token_leaves_it_working(app, world):
    secret = world.token("faculty")
    client = app.test_client()
    sign_in(client, world.user("viewer"))
    response = client.post(f"/account/tokens/{world.token_ids['faculty']}/revoke")
    assert response.status_code == 302  # "You have no such API token."
    api = app.test_client().get("/api/v1/courses", headers={"Authorization": f"Bearer {secret}"})
    assert api.status_code == 200, "a viewer revoked the faculty member's token"


def test_ids_of_other_objects_in_a_url_answer_404(app, world, db):
    """An entry, comment or alignment of another program, standard or course is not reached
    through the URL of one the user may change."""
    from curriculum.courses import services as courses

    copy = courses.copy_program(world.program, "2040-2041")
    db.session.commit()
    entry = copy.courses[0]
    other_comment = world.fresh_comment()
    other_alignment = world.fresh_alignment()
    faculty, convener = app.test_client(), app.test_client()
    sign_in(faculty, world.user("faculty"))
    sign_in(convener, world.user("convener"))
    token = world.token("faculty")
    before = fingerprint()
    program = world.program.id
    assert faculty.post(f"/programs/{program}/courses/{entry.id}/remove").status_code == 404
    response = faculty.post(f"/programs/{program}/courses/{entry.id}", data={"term": "4"})
    assert response.status_code == 404
    resolve = f"/standards/{world.republished.id}/comments/{other_comment.id}/resolve"
    assert convener.post(resolve).status_code == 404
    response = app.test_client().delete(
        f"/api/v1/courses/{world.course.id}/alignments/{other_alignment.id}",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 404
    assert fingerprint() == before
    db.session.refresh(entry)
    db.session.refresh(other_comment)
    assert entry.term == 1 and other_comment.resolved_at is None


def test_anyone_signed_in_exports_published_content(app, world):
    """Viewers and people of other partnerships export what is published (HTML and API)."""
    for role in ("viewer", "outsider"):
        client = app.test_client()
        sign_in(client, world.user(role))
        for url, data in (
            (f"/programs/{world.program.id}/exports/new", {"content": "published"}),
            (f"/frameworks/{world.framework.id}/exports/new", {"content": "published"}),
        ):
            response = client.post(url, data={**data, "frameworks": [world.framework.id]})
            assert response.status_code == 302, (role, url, response.status_code)
            assert response.headers["Location"].startswith("/exports/")
        headers = {"Authorization": f"Bearer {world.token(role)}"}
        response = app.test_client().post(
            f"/api/v1/frameworks/{world.framework.id}/exports", json={}, headers=headers
        )
        assert response.status_code == 202, (role, response.json)
