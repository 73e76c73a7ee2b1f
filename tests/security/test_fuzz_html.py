"""Fuzzing the pages and forms (the API has tests/api/test_schemathesis.py): no 5xx, ever.

Every GET route of app.url_map, its URL parameters filled with real ids of the demo, is sent
hostile values (20-digit and negative numbers, Unicode digits '²' and '١', 'abc', '', a lone
surrogate percent-encoded, NUL, 60 KB of text, a parameter given twice) in every query parameter
its module reads (found in the source: request.args/.form/.values and curriculum.params calls)
and in a fixed set of common names; each name alone, then all at once. Every POST route gets each
field of its forms (the form classes its view and the view's helpers build, plus the parameters
they read) replaced by each hostile value or left out, the other fields keeping the values the
page's own form shows (or plausible ones). Signed in as the demo's convener (the site
administrator for the admin pages); CSRF is off in the test config. Deterministic: the same
requests every run, on SQLite and PostgreSQL.
"""

from __future__ import annotations

import inspect
import re
import sys
from html.parser import HTMLParser
from urllib.parse import quote

import pytest
from wtforms.fields.core import UnboundField

from curriculum import create_app, demo
from curriculum.alignment.models import Alignment
from curriculum.auth.models import find_by_email
from curriculum.auth.services import create_token
from curriculum.courses.models import Course, CourseOutcome, ElectiveGroup, Program, ProgramCourse
from curriculum.exports import services as exports
from curriculum.exports.models import ExportKind
from curriculum.extensions import db
from curriculum.interop import links
from curriculum.mail.models import OutgoingMail
from curriculum.needs import services as needs
from curriculum.notifications.models import Notification
from curriculum.partnerships import invitations
from curriculum.partnerships import services as partnerships
from curriculum.partnerships.models import Membership, Partnership, PartnershipOrganization, Role
from curriculum.releases.models import Release
from curriculum.standards import services as standards
from curriculum.standards import tree
from curriculum.standards.models import Framework, Standard
from tests.conftest import BASE_CONFIG, IsolatedClient, _empty_tables

BIG = "9" * 20
# Hostile values, already encoded for a query string or a form body.
HOSTILE: dict[str, str | list[str]] = {
    "20 digits": BIG,
    "minus 20 digits": "-" + BIG,
    "superscript two": quote("²"),
    "Arabic-Indic one": quote("١"),
    "abc": "abc",
    "-1": "-1",
    "empty": "",
    "lone surrogate": "%ED%A0%80",
    "NUL": "%00",
    "60 KB": "x" * 60_000,
    "twice": ["1", BIG],
}
# Names tried on every GET route, read or not.
COMMON = (
    "q", "page", "per_page", "id", "framework", "frameworks", "college", "kind", "status",
    "next", "parent_id", "a", "b", "content", "as_of", "gaps", "action", "inline", "retired",
)  # fmt: skip
# Plausible values for fields a POST-only route's page is not fetched for.
PLAUSIBLE = {
    "body": "A fuzzed comment",
    "note": "Fuzzed",
    "code": "Z.9",
    "position": "1",
    "term": "1",
    "required": "y",
    "role": "viewer",
    "catalog_year": "2031-2032",
    "base_version": "1",
    "name": "Fuzzing token",
    "level": "introduced",
}
# Routes that use up what they act on run last (their ids are gone afterwards).
LAST = ("remove", "revoke", "retire", "withdraw", "logout", "change_status", "delete")
ADMIN_ONLY = (
    "auth.users",
    "auth.create_user",
    "organizations.join_requests",
    "organizations.decide_join_request",
    "mail.outbox",
    "mail.show",
    "mail.retry",
)

_rules_app = create_app({**BASE_CONFIG, "SQLALCHEMY_DATABASE_URI": "sqlite://"})
_RULES = [
    r
    for r in _rules_app.url_map.iter_rules()
    if not r.rule.startswith("/api/") and r.endpoint != "static"
]
GET_RULES = sorted((r for r in _RULES if "GET" in r.methods), key=lambda r: r.rule)
POST_RULES = sorted(
    (r for r in _RULES if "POST" in r.methods),
    key=lambda r: (any(word in r.endpoint for word in LAST), r.rule),
)
_READS = re.compile(
    r"(?:request\.(?:args|form|values)\.(?:get|getlist)|params\.(?:integer|ids|search_text)"
    r"|inputs\.query_integer)\(\s*\"([^\"]+)\""
)


def _view(rule):
    return inspect.unwrap(_rules_app.view_functions[rule.endpoint])  # under @login_required


def _helpers(function) -> list:
    """The function and the module-level functions of its module that it calls."""
    source = inspect.getsource(function)
    found = [function]
    for name in set(re.findall(r"\b(_?[a-z]\w*)\(", source)):
        helper = function.__globals__.get(name)
        if inspect.isfunction(helper) and helper.__module__ == function.__module__:
            found.append(helper)
    return found


def _read_names(function) -> set[str]:
    names = set()
    for f in _helpers(function):
        source = inspect.getsource(f)
        names |= set(_READS.findall(source))
        if "search_text()" in source:
            names.add("q")
        if "params.page()" in source:
            names.add("page")
    return names


def query_names(rule) -> list[str]:
    """The query parameters the route's module reads."""
    module = sys.modules[_view(rule).__module__]
    source = inspect.getsource(module)
    names = set(_READS.findall(source))
    if "search_text()" in source:
        names.add("q")
    if "page()" in source:
        names.add("page")
    return sorted(names)


def form_fields(rule) -> list[str]:
    """The fields of every form the view (or a helper of its module) builds, and the form
    parameters it reads."""
    view = _view(rule)
    names = _read_names(view)
    for f in _helpers(view):
        for class_name in set(re.findall(r"\b([A-Z]\w*Form)\b", inspect.getsource(f))):
            form_class = view.__globals__.get(class_name)
            if isinstance(form_class, type):
                names |= {
                    n for n in dir(form_class) if isinstance(getattr(form_class, n), UnboundField)
                }
    return sorted(names)


def _encode(pairs: list[tuple[str, str | list[str]]]) -> str:
    """A query string or urlencoded body; values are already encoded."""
    parts = []
    for name, value in pairs:
        for one in value if isinstance(value, list) else [value]:
            parts.append(f"{quote(name)}={one}")
    return "&".join(parts)


class _Inputs(HTMLParser):
    """The named inputs of a page's forms with the values they show (first value per name)."""

    def __init__(self):
        super().__init__()
        self.values: dict[str, str] = {}
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        name = a.get("name")
        if tag == "input" and name and a.get("type") not in ("submit", "button"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            self.values.setdefault(name, a.get("value") or "")
        elif tag == "textarea" and name:
            self._textarea = name
            self.values.setdefault(name, "")
        elif tag == "select" and name:
            self._select = name
        elif (
            tag == "option"
            and self._select
            and (self._select not in self.values or "selected" in a)
        ):
            self.values[self._select] = a.get("value") or ""

    def handle_data(self, data):
        if self._textarea and not self.values[self._textarea]:
            self.values[self._textarea] = data.strip()

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


@pytest.fixture(scope="module")
def fuzzed(database_url):
    """The app with the demo loaded, a few extra rows (a comment, an invitation, a token, an
    export), and the real value of every URL parameter name."""
    app = create_app({**BASE_CONFIG, "SQLALCHEMY_DATABASE_URI": database_url})
    app.test_client_class = IsolatedClient
    with app.app_context():
        demo.load()
        convener = find_by_email("convener@example.com")
        partnership = db.session.scalars(db.select(Partnership).order_by(Partnership.id)).first()
        standard = db.session.scalars(
            db.select(Standard).where(Standard.parent_id.is_not(None)).order_by(Standard.id)
        ).first()
        comment = standards.add_comment(standard, convener, "A question to fuzz.")
        invitation, token = invitations.create_invitation(
            partnership, "fuzz@example.org", Role.VIEWER, convener.organization, convener
        )
        api_token, _secret = create_token(convener, "Fuzzing")
        elsewhere = partnerships.create_partnership(
            {"name": "Fuzz Elsewhere", "industry": "x", "region": "y", "endorsement_quorum": 1}
        )
        partnerships.add_organization(elsewhere, convener.organization, by=convener)
        join = partnerships.pending_request(elsewhere, convener.organization)
        small = tree.create_framework(partnership, {"title": "Fuzzing"})
        tree.add_standard(small, None, "critical_work_function", "Stay safe", author=convener)
        small_cwf = db.session.scalars(db.select(Standard).where(Standard.framework_id == small.id))
        link = links.add_link(standard, small_cwf.one(), "isRelatedTo", convener)
        # An open needs survey of the demo framework (whatever surveys the demo has).
        survey = needs.open_survey(standard.framework, convener, title="Fuzzing survey")
        ladder, step, move, requirement = _a_ladder(partnership, standard)
        db.session.commit()
        with app.test_request_context("/"):
            job = exports.request_export(ExportKind.STANDARDS, small, convener, {})
        program = db.session.scalars(db.select(Program).order_by(Program.id)).first()
        first = db.session.scalars
        values = {
            "partnership_id": partnership.id,
            "framework_id": first(db.select(Framework.id).order_by(Framework.id)).first(),
            "standard_id": standard.id,
            "number": standard.current_version.number,
            "comment_id": comment.id,
            "what": "resolve",
            "move": "review",
            "direction": "up",
            "course_id": first(db.select(Course.id).order_by(Course.id)).first(),
            # An outcome of that course (the first course's first outcome).
            "outcome_id": first(
                db.select(CourseOutcome.id).order_by(CourseOutcome.course_id, CourseOutcome.id)
            ).first(),
            "program_id": program.id,
            "entry_id": first(
                db.select(ProgramCourse.id).where(ProgramCourse.program_id == program.id)
            ).first(),
            # The demo program's elective group ("Technical elective").
            "group_id": first(
                db.select(ElectiveGroup.id).where(ElectiveGroup.program_id == program.id)
            ).first(),
            "org_id": first(
                db.select(PartnershipOrganization.organization_id).where(
                    PartnershipOrganization.partnership_id == partnership.id
                )
            ).first(),
            "membership_id": first(
                db.select(Membership.id).where(
                    Membership.partnership_id == partnership.id,
                    Membership.user_id != convener.id,
                )
            ).first(),
            "invitation_id": invitation.id,
            "token": token,
            "token_id": api_token.id,
            "alignment_id": first(db.select(Alignment.id).order_by(Alignment.id)).first(),
            "job_id": job.id,
            "request_id": join.id,
            "decision": "decline",
            # CASE API ids (/ims/case/…/CFItems/<identifier>): the demo framework's.
            "identifier": first(db.select(Framework.uuid).order_by(Framework.id)).first(),
            "format": "case",  # a framework download's format (interop.download)
            "link_id": link.id,
            "mail_id": first(db.select(OutgoingMail.id).order_by(OutgoingMail.id)).first(),
            # The convener's (the export above told them it finished).
            "notification_id": first(
                db.select(Notification.id)
                .where(Notification.user_id == convener.id)
                .order_by(Notification.id)
            ).first(),
            # The demo's release in preparation (its 2027 edition).
            "release_id": first(db.select(Release.id).order_by(Release.id.desc())).first(),
            "survey_id": survey.id,
            # A ladder of the partnership, its step, move and requirement.
            "ladder_id": ladder.id,
            "step_id": step.id,
            "move_id": move.id,
            "requirement_id": requirement.id,
            # A cohort of the demo's first program (the demo's own, else one made here).
            "cohort_id": _a_cohort(program),
        }
        db.session.remove()
    yield app, values
    with app.app_context():
        _empty_tables()
        db.engine.dispose()


def _a_ladder(partnership, standard):
    """A published ladder of the partnership with two steps, a move and a requirement."""
    from curriculum.ladders import moves, requirements, services, steps

    ladder = services.create_ladder(partnership, title="Fuzzed ladder", status="published")
    entry = steps.add_step(ladder, steps.StepData(title="Fuzzed entry", level="entry"))
    upper = steps.add_step(ladder, steps.StepData(title="Fuzzed upper", level="advanced"))
    move = moves.add_move(ladder, {"from_step_id": entry.id, "to_step_id": upper.id})
    requirement = requirements.require_standard(upper, standard.id, "baseline")
    return ladder, upper, move, requirement


def _a_cohort(program) -> int:
    """A cohort of the program: the first the demo has, else a new one."""
    from curriculum.measures import services as measures
    from curriculum.measures.models import Cohort

    found = db.session.scalars(db.select(Cohort.id).order_by(Cohort.id)).first()
    if found is None:
        found = measures.record_cohort(
            program, {"entry_year": 1999, "entry_season": "fall", "enrolled": 12}
        ).id
        db.session.commit()
    return found


def _client(app, endpoint: str):
    client = app.test_client()
    email = "admin@example.com" if endpoint in ADMIN_ONLY else "convener@example.com"
    response = client.post("/login", data={"email": email, "password": demo.PASSWORD})
    assert response.status_code == 302
    return client


def _path(rule, values) -> str:
    missing = set(rule.arguments) - set(values)
    assert not missing, f"{rule.endpoint}: no real value for {sorted(missing)}"
    return rule.build({name: values[name] for name in rule.arguments})[1]


def _server_errors(responses) -> list[str]:
    return [f"{what} -> {r.status_code}" for what, r in responses if r.status_code >= 500]


@pytest.mark.parametrize("rule", GET_RULES, ids=lambda r: r.endpoint)
def test_query_parameters_never_give_a_server_error(fuzzed, rule):
    app, values = fuzzed
    client = _client(app, rule.endpoint)
    path = _path(rule, values)
    read = query_names(rule)
    responses = []
    with app.app_context():
        for label, value in HOSTILE.items():
            for name in read:
                url = f"{path}?{_encode([(name, value)])}"
                responses.append((f"GET {path}?{name}=<{label}>", client.get(url)))
            every = _encode([(name, value) for name in sorted({*COMMON, *read})])
            responses.append((f"GET {path}?<every name>=<{label}>", client.get(f"{path}?{every}")))
    assert not _server_errors(responses)


@pytest.mark.parametrize("rule", POST_RULES, ids=lambda r: r.endpoint)
def test_form_fields_never_give_a_server_error(fuzzed, rule):
    app, values = fuzzed
    client = _client(app, rule.endpoint)
    path = _path(rule, values)
    fields = form_fields(rule)
    shown: dict[str, str] = {}
    if "GET" in rule.methods:
        parser = _Inputs()
        parser.feed(client.get(path).get_data(as_text=True))
        shown = parser.values
    # As the page's form sends it: the fields it shows, with their values (a field the page
    # does not show is left out, as a browser would); else plausible values.
    baseline = {
        name: quote(shown[name] if shown else PLAUSIBLE.get(name, ""))
        for name in fields
        if name in shown or not shown
    }
    baseline.pop("csrf_token", None)
    fields = [f for f in fields if f != "csrf_token"]
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    responses = []
    with app.app_context():
        for name in fields:
            others = [(n, v) for n, v in baseline.items() if n != name]
            body = _encode(others)
            responses.append(
                (f"POST {path} without {name}", client.post(path, data=body, headers=headers))
            )
            for label, value in HOSTILE.items():
                body = _encode([*others, (name, value)])
                what = f"POST {path} {name}=<{label}>"
                responses.append((what, client.post(path, data=body, headers=headers)))
        responses.append((f"POST {path} empty", client.post(path, data="", headers=headers)))
        responses.append((f"POST {path} JSON", client.post(path, json={"x": [{"y": BIG}]})))
    assert not _server_errors(responses)


def test_the_fuzzer_reaches_the_names_views_read():
    """The discovery finds what the views read, so a new parameter is fuzzed without a list."""
    by_endpoint = {r.endpoint: r for r in _RULES}
    assert {"q", "college", "page"} <= set(query_names(by_endpoint["courses.course_list"]))
    assert {"framework", "q"} <= set(query_names(by_endpoint["alignment.align"]))
    assert {"a", "b"} <= set(query_names(by_endpoint["standards.compare"]))
    assert {"body", "parent_id", "version_id"} <= set(form_fields(by_endpoint["standards.comment"]))
    edit = set(form_fields(by_endpoint["courses.edit_course"]))
    assert {"code", "title", "credits"} <= edit
    assert {"learning_outcomes"} <= set(form_fields(by_endpoint["courses.create_course"]))
    assert {"text", "assessment"} <= set(form_fields(by_endpoint["courses.add_outcome"]))
    assert {"standard", "shown"} <= set(form_fields(by_endpoint["alignment.align"]))
    assert {"position"} <= set(form_fields(by_endpoint["standards.place"]))
