"""Stored XSS: every payload, stored in every Markdown and text field, is inert on every page.

Payloads go in through the services (fast) for the whole corpus, and through the real forms for
a sample of each field type; then every page that shows the fields is fetched and parsed
(tests/security/inert.py): no script that is not the app's own, no event handler, no inline
style, no javascript:/vbscript:/data: URL, no svg/iframe/object/embed/base/meta refresh.
"""

from __future__ import annotations

import pytest

from curriculum.alignment import services as alignment
from curriculum.auth.services import create_token
from curriculum.courses import outcomes
from curriculum.courses import services as courses
from curriculum.errors import DomainError
from curriculum.extensions import db
from curriculum.markdown import render
from curriculum.organizations.models import Organization
from curriculum.organizations.services import create_organization
from curriculum.partnerships.services import (
    add_member,
    add_organization,
    create_partnership,
    update_partnership,
)
from curriculum.standards import services as standards
from curriculum.standards import tree
from tests.conftest import csrf_token_from
from tests.security.conftest import sign_in
from tests.security.inert import problems
from tests.security.payloads import PAYLOADS


def test_the_corpus_is_large_and_the_checker_sees_attacks():
    assert len(PAYLOADS) >= 50
    assert problems('<p><a href=" java&#9;script:alert(1)">x</a></p>')
    assert problems('<img src=x onerror="alert(1)">') and problems("<script>alert(1)</script>")
    assert problems('<svg><a xlink:href="javascript:alert(1)"></a></svg>')
    assert not problems('<script src="/static/js/app.js"></script><a href="/x">x</a>')


@pytest.mark.parametrize("payload", PAYLOADS)
def test_markdown_renders_every_payload_inert(payload):
    assert not problems(str(render(payload)))


def _store(action):
    """Run a service call in a savepoint; a payload a service refuses is simply not stored."""
    try:
        with db.session.begin_nested():
            return action()
    except DomainError:
        return None


class Stored:
    """One payload in every field, in a partnership and college of its own (so pages do not
    grow with the corpus); and the pages showing them."""

    def __init__(self, world, i: int, payload: str):
        w, name = world, f"{payload} {i}"
        convener, panelist = w.users["convener"], w.users["panelist"]
        self.pages: list[str] = []
        org = _store(
            lambda: create_organization(
                {"name": name, "kind": "employer", "city": payload[:120], "description": payload}
            )
        )
        if org:
            self.pages += [f"/organizations/{org.id}", f"/organizations/{org.id}/edit"]
        p = create_partnership(
            {"name": f"Partnership {i}", "industry": "x", "region": "y", "endorsement_quorum": 1},
            convener=convener,
        )
        if org:
            add_organization(p, org)  # so the convener may edit it
        details = {"industry": payload, "region": payload, "description": payload}
        _store(lambda: update_partnership(p, {**_details(p), "name": name, **details}))
        self.pages += [f"/partnerships/{p.id}", f"/partnerships/{p.id}/edit"]
        self.pages += [f"/partnerships/{p.id}/members", f"/partnerships/{p.id}/audit"]
        # The panelist's firm already takes part in P: joining another partnership takes a
        # site administrator's approval.
        add_organization(p, panelist.organization, by=w.factory.user(admin=True))
        add_member(p, panelist, "panelist")
        college = create_organization({"name": f"College {i}", "kind": "college"})
        self.faculty = w.factory.member(p, "faculty", organization=college)
        framework = tree.create_framework(p, {"title": f"Framework {i}"})
        _store(lambda: tree.update_framework(framework, {"title": name, "description": payload}))
        self.pages += [f"/frameworks/{framework.id}", f"/frameworks/{framework.id}/edit"]
        # A standard published as safe text, then republished with the payload (stale diffs).
        s = tree.add_standard(framework, None, "critical_work_function", f"Safe {i}", "Safe.")
        self._publish(w, s)
        course = courses.create_course(
            college, {"code": f"XSS {i}", "title": f"Course {i}", "credits": "3"}
        )
        alignment.align(course, s, "introduced", "", self.faculty)
        _store(lambda: alignment.align(course, s, "mastered", payload, self.faculty))
        _store(lambda: standards.save_version(s, 1, payload, payload, None, payload, panelist))
        _store(lambda: standards.add_comment(s, panelist, payload))
        if s.current_version.number == 2:
            _store(lambda: standards.endorse(s, s.current_version, panelist, payload))
            self._publish(w, s, endorse=False)
            self.pages += [f"/standards/{s.id}/compare?a=1&b=2", f"/standards/{s.id}/versions/2"]
        self.pages += [f"/standards/{s.id}", f"/standards/{s.id}/history"]
        self.pages += [f"/standards/{s.id}/edit"]
        _store(
            lambda: courses.update_course(
                course,
                {
                    "code": f"XSS {i}",
                    "title": payload,
                    "credits": "3",
                    "description": payload,
                },
            )
        )
        outcome = _store(lambda: outcomes.add_outcome(course, payload, payload))
        if outcome is not None:
            _store(
                lambda: alignment.align(
                    course, s, "reinforced", payload, self.faculty, outcome=outcome
                )
            )
            self.pages += [f"/courses/{course.id}/outcomes/{outcome.id}/edit"]
        self.pages += [f"/courses/{course.id}", f"/courses/{course.id}/edit"]
        self.pages += [f"/courses/{course.id}/align?framework={framework.id}"]
        program = courses.create_program(
            college,
            {
                "name": f"Program {i}",
                "award_type": "Certificate",
                "catalog_year": "2026-2027",
                "partnership_id": p.id,
                "framework_ids": [framework.id],
            },
        )
        courses.add_course(program, course, 1)
        data = {"name": name, "award_type": payload[:100], "description": payload}
        _store(lambda: courses.update_program(program, {**_program(program), **data}))
        self.pages += [f"/programs/{program.id}", f"/programs/{program.id}/edit"]
        self.pages += [f"/programs/{program.id}/coverage?framework={framework.id}"]
        self.pages += [f"/programs/{program.id}/progression?framework={framework.id}"]
        self.pages += _ladder_pages(p, s, org, payload)
        user = w.factory.member(p, "panelist")
        _store(lambda: setattr(user, "display_name", payload[:120]))
        _store(lambda: standards.add_comment(s, user, "A reply by someone with that name."))
        _store(lambda: create_token(convener, payload[:100]))
        db.session.commit()

    @staticmethod
    def _publish(w, standard, endorse=True):
        if endorse:
            standards.endorse(standard, standard.current_version, w.users["panelist"])
        standards.publish(standard, standard.current_version, w.users["convener"])
        db.session.flush()


def _ladder_pages(p, standard, employer, payload: str) -> list[str]:
    """A ladder of `p` with the payload in every text of it (its steps', moves' too), hired
    for by `employer` (whose name may be the payload); the pages showing them."""
    from curriculum.ladders import moves, requirements, services, steps

    ladder = _store(
        lambda: services.create_ladder(
            p, title=payload[:200], description=payload, status="published"
        )
    ) or services.create_ladder(p, title="Ladder", description=payload, status="published")
    text = {
        "description": payload,
        "schedule": payload,
        "conditions": payload,
        "wage_source": payload[:200],
        "wage_median": "18",
        "employers": [(employer.id, 3)] if employer else [],
    }
    entry = _store(lambda: steps.add_step(ladder, steps.StepData(title=payload[:200], **text)))
    entry = entry or steps.add_step(ladder, steps.StepData(title="Entry", **text))
    upper = steps.add_step(ladder, steps.StepData(title="Upper", level="advanced", **text))
    move = moves.add_move(ladder, {"from_step_id": entry.id, "to_step_id": upper.id})
    _store(lambda: moves.update_move(move, {"support": payload}))
    requirements.require_standard(upper, standard.id, "baseline")
    return [
        f"/partnerships/{p.id}/ladders",
        f"/ladders/{ladder.id}",
        f"/ladders/{ladder.id}/edit",
        f"/ladders/{ladder.id}/delete",
        f"/steps/{entry.id}",
        f"/steps/{upper.id}",
        f"/steps/{entry.id}/edit",
        f"/steps/{upper.id}/requirements/new",
        f"/moves/{move.id}/edit",
    ]


def _details(p) -> dict:
    fields = ("name", "industry", "naics_code", "region", "description", "endorsement_quorum")
    return {f: getattr(p, f) for f in fields}


def _program(program) -> dict:
    return {
        "name": program.name,
        "award_type": program.award_type,
        "catalog_year": program.catalog_year,
        "partnership_id": program.partnership_id,
        "framework_ids": [f.id for f in program.frameworks],
        "description": program.description,
    }


# Pages listing many objects: fetched once, after every payload is stored.
def _list_pages(world) -> list[str]:
    p = world.partnership.id
    return [
        "/",
        "/organizations/",
        "/partnerships/",
        "/courses/",
        "/programs/",
        "/account",
        f"/partnerships/{p}",
        f"/partnerships/{p}/members",
        f"/partnerships/{p}/audit",
        f"/partnerships/{p}/frameworks",
    ]


def _inert(client, pages, problems_found, payloads_by_page=None, must_see=True):
    """Fetch and inspect the pages; with `must_see`, each must be shown (200), else pages this
    reader may not see are skipped."""
    for page in pages:
        response = client.get(page)
        if response.status_code != 200:
            if must_see:
                problems_found.append(f"{page}: status {response.status_code}")
            continue
        for problem in problems(response.text):
            found = f"{page}: {problem}"
            if payloads_by_page:
                found += f" (payload {payloads_by_page[page]!r})"
            problems_found.append(found)


def test_stored_payloads_are_inert_on_every_page(app, world):
    by_page, faculty = {}, []
    for i, payload in enumerate(PAYLOADS):
        stored = Stored(world, i, payload)
        faculty.append(stored.faculty)
        for page in stored.pages:
            by_page[page] = payload
    found: list[str] = []
    pages = list(by_page)
    convener = app.test_client()
    sign_in(convener, world.user("convener"))
    _inert(convener, pages, found, by_page)
    _inert(convener, _list_pages(world), found)
    # Others see other pages (the faculty home's work queue lists courses with stale alignments).
    for role in ("faculty", "viewer", "anonymous"):
        client = app.test_client()
        if role != "anonymous":
            sign_in(client, world.user(role))
        _inert(client, _list_pages(world) + pages[::15], found, by_page, must_see=False)
    # The faculty home page's work queue names the payload's course (its title is the payload)
    # with its stale alignments, under the payload's partnership name.
    for i in range(0, len(PAYLOADS), 6):
        client = app.test_client()
        sign_in(client, faculty[i])
        home = client.get("/").text
        assert "stale alignment" in home, "the payload's course is not in the home's work queue"
        found += [f"/ as faculty of college {i}: {x}" for x in problems(home)]
    assert not found, "\n".join(found[:40])
    assert len(by_page) > 15 * len(PAYLOADS)


# --- Through the real forms, for each kind of field --------------------------------------------

FORM_SAMPLE = (
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "[click](javascript:alert(1))",
    '![img](x" onerror="alert(1))',
    "<svg onload=alert(1)>",
    '<a href="&#106;avascript:alert(1)">x</a>',
    "</textarea><script>alert(1)</script>",
)


def _partnership_form(w, payload: str) -> dict:
    return {
        "name": w.partnership.name,
        "industry": payload,
        "region": payload,
        "description": payload,
        "endorsement_quorum": "1",
    }


def _edit(w, payload: str) -> dict:
    number = db.session.get(type(w.standard), w.standard.id).current_version.number
    return {"base_version": number, "title": payload, "statement": payload, "change_note": payload}


def _course(w, payload: str) -> dict:
    return {
        "organization_id": w.college.id,
        "code": "MFG 110",
        "title": payload,
        "credits": "3",
        "description": payload,
        "learning_outcomes": f"{payload}\n{payload}",
    }


def _align(w, payload: str) -> dict:
    sid = w.standard.id
    return {
        "shown": [sid],
        "standard": [sid],
        f"level-{sid}": "mastered",
        f"note-{sid}": payload,
    }


def _post(client, url, data):
    token = csrf_token_from(client.get(url).text)
    return client.post(url, data={**data, "csrf_token": token})


def _ladder_forms(convener, w, payload: str) -> list[str]:
    """A career ladder drawn through its forms with the payload in every text: the ladder, two
    steps and the move between them; the pages showing them."""
    from tests.security.world import unique

    made = _post(
        convener,
        f"/partnerships/{w.partnership.id}/ladders/new",
        {"title": unique(payload[:150]), "description": payload, "status": "published"},
    )
    assert made.status_code == 302, made.text[:300]
    ladder = made.headers["Location"].rsplit("/", 1)[1]
    texts = {
        "description": payload,
        "schedule": payload,
        "conditions": payload,
        "wage_source": payload[:200],
        "employer": str(w.employer.id),
        f"openings_{w.employer.id}": "2",
    }
    ids = []
    for title, level in ((unique(payload[:150]), "entry"), ("Upper", "advanced")):
        step = _post(
            convener, f"/ladders/{ladder}/steps/new", {"title": title, "level": level, **texts}
        )
        assert step.status_code == 302, step.text[:300]
        ids.append(step.headers["Location"].rsplit("/", 1)[1])
    move = _post(
        convener,
        f"/ladders/{ladder}/moves/new",
        {"from_step_id": ids[0], "to_step_id": ids[1], "kind": "up", "support": payload},
    )
    assert move.status_code == 302, move.text[:300]
    return [
        f"/ladders/{ladder}",
        f"/ladders/{ladder}/edit",
        f"/steps/{ids[0]}",
        f"/steps/{ids[0]}/edit",
        f"/steps/{ids[1]}",
        f"/partnerships/{w.partnership.id}/ladders",
    ]


@pytest.mark.parametrize("payload", FORM_SAMPLE)
def test_payloads_sent_through_the_forms_are_inert(csrf_app, world, payload):
    w, found = world, []
    convener, faculty = csrf_app.test_client(), csrf_app.test_client()
    sign_in(convener, w.user("convener"), csrf=True)
    sign_in(faculty, w.user("faculty"), csrf=True)
    p = w.partnership.id
    sent = [
        _post(convener, f"/partnerships/{p}/edit", _partnership_form(w, payload)),
        _post(
            convener,
            "/organizations/new",
            {"name": payload, "kind": "employer", "description": payload, "partnership_id": p},
        ),
        _post(convener, "/account", {"display_name": payload}),
        _post(convener, f"/standards/{w.standard.id}/edit", _edit(w, payload)),
        _post(faculty, f"/courses/{w.course.id}/edit", _course(w, payload)),
        _post(
            faculty, f"/courses/{w.course.id}/align?framework={w.framework.id}", _align(w, payload)
        ),
    ]
    assert [r.status_code for r in sent] == [302] * len(sent), [r.status_code for r in sent]
    token = csrf_token_from(convener.get(f"/standards/{w.standard.id}").text)
    response = convener.post(
        f"/standards/{w.standard.id}/comments",
        data={"body": payload, "version_id": "0", "csrf_token": token},
    )
    assert response.status_code == 302
    # A stale edit: the conflict page shows both texts and their diff.
    conflict = _post(
        convener, f"/standards/{w.standard.id}/edit", {**_edit(w, payload), "base_version": "1"}
    )
    assert conflict.status_code == 409
    found += [f"conflict page: {x}" for x in problems(conflict.text)]
    org = db.session.scalar(db.select(db.func.max(Organization.id)))
    pages = _ladder_forms(convener, w, payload)
    pages += [
        f"/partnerships/{p}",
        f"/partnerships/{p}/edit",
        f"/organizations/{org}",
        f"/standards/{w.standard.id}",
        f"/standards/{w.standard.id}/history",
        f"/standards/{w.standard.id}/edit",
        f"/courses/{w.course.id}",
        f"/courses/{w.course.id}/edit",
        "/account",
        f"/partnerships/{p}/members",
        f"/partnerships/{p}/audit",
    ]
    _inert(convener, pages, found)
    assert not found, "\n".join(found)
