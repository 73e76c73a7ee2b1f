"""Schemathesis fuzzes every operation of /api/v1/openapi.json against the demo data.

Each case is sent with the token of one of the demo accounts (or none), and its answer must be
no 5xx, a documented status code and content type, headers and a body that match the schema;
schema-violating input must be refused. Path parameters are often real ids drawn from the
loaded data (standards with their version numbers, courses with their alignments, an export
job), so the fuzzer gets past the 404s into the handlers. Deterministic (derandomized, no
example database) so CI is stable. Export jobs render inside the request (BASE_CONFIG's
EXPORT_RUNNER "sync"), so their operations get fewer examples: each may typeset a PDF.
"""

from __future__ import annotations

import zlib

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from schemathesis.config import SchemathesisConfig

from curriculum import create_app, demo
from curriculum.alignment.models import Alignment
from curriculum.api.openapi import document
from curriculum.auth.models import find_by_email
from curriculum.auth.services import create_token
from curriculum.courses.models import Course, CourseOutcome, Program
from curriculum.exports import services as exports
from curriculum.exports.models import ExportJob, ExportKind
from curriculum.extensions import db
from curriculum.interop import writers
from curriculum.ladders import moves as ladder_moves
from curriculum.ladders import requirements as ladder_requirements
from curriculum.ladders import services as ladder_services
from curriculum.ladders import steps as ladder_steps
from curriculum.ladders.models import Ladder, LadderMove, LadderStep, StepRequirement
from curriculum.measures import services as measures
from curriculum.measures.models import Cohort
from curriculum.organizations.services import (
    OrganizationError,
    create_organization,
    update_organization,
)
from curriculum.partnerships.models import Partnership
from curriculum.partnerships.services import PartnershipError
from curriculum.releases import services as releases
from curriculum.releases.models import Release
from curriculum.standards import tree
from curriculum.standards.models import Framework, Standard, StandardVersion
from tests.conftest import BASE_CONFIG, _empty_tables

MAX_EXAMPLES = 40
EXPORT_EXAMPLES = 3
# Who sends the requests: the demo accounts by role, and no one at all.
ROLES = ["convener", "panelist", "faculty", "viewer", "admin", None]

CONFIG = SchemathesisConfig.from_dict(
    {
        "generation": {
            "mode": "all",
            "max-examples": MAX_EXAMPLES,
            "deterministic": True,
            "database": "none",
        },
        # Schema-valid bodies can still name things that do not exist (a standard_id, an
        # O*NET code): the API rightly answers 400 to those, so this check is off.
        "checks": {"positive_data_acceptance": {"enabled": False}},
        "operations": [
            {
                "include-method": "POST",
                "include-path-regex": "/exports$",
                "generation": {"max-examples": EXPORT_EXAMPLES},
            }
        ],
    }
)


class _FixtureApp:
    """The WSGI app the `world` fixture builds; the schema is loaded at import, before it."""

    app = None

    def __call__(self, environ, start_response):
        return self.app(environ, start_response)


APP = _FixtureApp()
schema = schemathesis.openapi.from_dict(document(), config=CONFIG)
schema.app = APP  # every request, the checks' own probes too, goes to the app in-process
# Real path parameters by path template, filled in by the `world` fixture before any draw.
REAL: dict[str, list[dict]] = {}


def _real_path_parameters() -> dict[str, list[dict]]:
    """Path parameters that exist, for each path template of the document."""
    single = {
        name: db.session.scalars(db.select(column).order_by(column)).all()
        for name, column in {
            "partnership_id": Partnership.id,
            "framework_id": Framework.id,
            "course_id": Course.id,
            "outcome_id": CourseOutcome.id,
            "program_id": Program.id,
            "job_id": ExportJob.id,
            "release_id": Release.id,
            "ladder_id": Ladder.id,
            "step_id": LadderStep.id,
            "move_id": LadderMove.id,
            "requirement_id": StepRequirement.id,
            "cohort_id": Cohort.id,
        }.items()
    }
    versions = db.session.execute(
        db.select(StandardVersion.standard_id, StandardVersion.number).order_by(StandardVersion.id)
    ).all()
    alignments = db.session.execute(
        db.select(Alignment.course_id, Alignment.id).order_by(Alignment.id)
    ).all()
    found = {}
    for path in document()["paths"]:
        if "{alignment_id}" in path:
            found[path] = [{"course_id": c, "alignment_id": a} for c, a in alignments]
        elif "{number}" in path:
            found[path] = [{"standard_id": s, "number": n} for s, n in versions]
        elif "{format}" in path:  # a framework download: every registered writer
            found[path] = [
                {"framework_id": f, "format": name}
                for f in single["framework_id"]
                for name in writers.WRITERS or ["case"]
            ]
        elif "{standard_id}" in path:
            found[path] = [{"standard_id": s} for s, _ in versions]
        else:
            found[path] = [
                {name: value}
                for name, values in single.items()
                if "{" + name + "}" in path
                for value in values
            ]
    unmapped = [path for path, values in found.items() if "{" in path and not values]
    assert not unmapped, f"no real ids for {unmapped}: seed them in `world`"
    return found


@schema.hook
def before_generate_path_parameters(context, strategy):
    """Half the time, ids that exist (read when the first case is drawn, after seeding)."""
    path = context.operation.path
    if "{" not in path:
        return strategy
    return st.one_of(st.deferred(lambda: st.sampled_from(REAL[path])), strategy)


@pytest.fixture(scope="module")
def world(database_url):
    """An app with the demo data and a finished export, and a token for each demo role."""
    app = create_app({**BASE_CONFIG, "SQLALCHEMY_DATABASE_URI": database_url})
    with app.app_context():
        demo.load()
        tokens: dict[str | None, str | None] = {None: None}
        for email, _name, _org, role, admin in demo.ACCOUNTS:
            key = "admin" if admin else str(role)
            if key in ROLES and key not in tokens:
                tokens[key] = create_token(find_by_email(email), "Schemathesis")[1]
        db.session.commit()
        convener = find_by_email("convener@example.com")
        partnership = db.session.scalars(db.select(Partnership)).one()
        # A small framework, so that the finished export the file endpoint serves is quick.
        small = tree.create_framework(partnership, {"title": "Fuzzing"})
        tree.add_standard(small, None, "critical_work_function", "Stay safe", author=convener)
        db.session.commit()
        # A release in preparation of it, whatever releases the demo has.
        releases.prepare_release(small, convener, name="Fuzzing edition")
        db.session.commit()
        _seed_ladders(partnership, small)
        with app.test_request_context("/"):
            exports.request_export(ExportKind.STANDARDS, small, convener, {})
        if db.session.scalar(db.select(Cohort.id).limit(1)) is None:  # a cohort to fuzz
            program = db.session.scalars(db.select(Program).order_by(Program.id)).first()
            measures.record_cohort(program, {"entry_year": 1999, "entry_season": "fall"})
            db.session.commit()
        REAL.update(_real_path_parameters())
        db.session.remove()
    APP.app = app
    yield app, tokens
    APP.app = None
    with app.app_context():
        _empty_tables()
        db.engine.dispose()


def _seed_ladders(partnership, framework) -> None:
    """A published ladder (two steps, an up move, a requirement) and a draft one, whatever
    ladders the demo has."""
    ladder = ladder_services.create_ladder(partnership, title="Fuzzing ladder", status="published")
    low = ladder_steps.add_step(ladder, ladder_steps.StepData(title="Fuzz associate"))
    high = ladder_steps.add_step(
        ladder, ladder_steps.StepData(title="Fuzz technician", level="advanced")
    )
    ladder_moves.add_move(ladder, {"from_step_id": low.id, "to_step_id": high.id})
    standard = db.session.scalars(
        db.select(Standard).where(Standard.framework_id == framework.id)
    ).first()
    ladder_requirements.require_standard(high, standard.id, "intermediate")
    draft = ladder_services.create_ladder(partnership, title="Fuzzing draft ladder")
    ladder_steps.add_step(draft, ladder_steps.StepData(title="Fuzz draft step"))
    db.session.commit()


def _pick(case, choices: list, salt: str = ""):
    """One of `choices`, chosen by the case's content: the same case always picks the same."""
    key = repr((salt, case.method, case.path, case.path_parameters, case.query, case.body))
    return choices[zlib.crc32(key.encode()) % len(choices)]


def _with_live_state(case, app) -> None:
    """Give schema-valid writes what they need to get past the 409s and 400s sometimes: the
    standard's current version as base_version (or the one before it: a stale save), a
    standard that exists to align to. The values stay schema-valid; negative cases are left be."""
    if case.meta is None or not case.meta.generation.mode.is_positive:
        return
    if not isinstance(case.body, dict):
        return
    path, standard_id = case.operation.path, case.path_parameters.get("standard_id")
    with app.app_context():
        if path == "/standards/{standard_id}/versions" and isinstance(standard_id, int):
            standard = db.session.get(Standard, standard_id)
            if standard is not None and standard.current_version is not None:
                number = standard.current_version.number
                case.body["base_version"] = _pick(case, [number, number, number, number - 1])
        elif path in (
            "/courses/{course_id}/alignments",
            "/outcomes/{outcome_id}/alignments",
            "/steps/{step_id}/requirements",
        ):
            case.body["standard_id"] = _pick(case, REAL["/standards/{standard_id}"])["standard_id"]
        db.session.remove()


@schema.parametrize()
@settings(deadline=None, suppress_health_check=list(HealthCheck))
def test_every_operation_answers_as_documented(case, world):
    app, tokens = world
    _with_live_state(case, app)
    role = _pick(case, ROLES, "role")
    headers = {"Authorization": f"Bearer {tokens[role]}"} if role else {}
    case.call_and_validate(headers=headers)


# --- What the fuzzer found (and the same bugs elsewhere), pinned as plain tests ----------


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/standards/9223372036854775808",
        "/api/v1/frameworks/2147483648",
        "/api/v1/standards/1/versions/99999999999999999999",
        "/standards/9223372036854775808",
        "/courses/9223372036854775808",
    ],
)
def test_ids_no_table_can_hold_are_not_found(client, url):
    assert client.get(url).status_code == 404


def test_writes_to_ids_no_table_can_hold_are_not_found_rather_than_not_allowed(api_as):
    api = api_as("convener")
    assert api.post("/api/v1/partnerships/2147483648/frameworks", json={}).status_code == 404
    url = "/api/v1/standards/1/versions/2147483648/endorsements"
    assert api.delete(url).status_code == 404


@pytest.mark.parametrize(
    "url", ["/api/v1/courses?college=9223372036854775808", "/api/v1/programs?page=2147483648"]
)
def test_query_integers_beyond_a_column_are_bad_input(client, url):
    response = client.get(url)
    assert response.status_code == 400
    assert set(response.json["fields"]) & {"college", "page"}


def test_body_integers_beyond_a_column_are_bad_input(api_as, ka):
    api = api_as("panelist")
    url = f"/api/v1/standards/{ka.id}/versions"
    response = api.post(url, json={"base_version": 2**63, "title": "New"})
    assert response.status_code == 400
    assert "base_version" in response.json["fields"]


def test_a_framework_title_equal_to_one_with_capitals_beyond_ascii_is_refused(api_as, partnership):
    api = api_as("convener")
    url = f"/api/v1/partnerships/{partnership.id}/frameworks"
    assert api.post(url, json={"title": "Électricité"}).status_code == 201
    for same in ("Électricité", "électricité"):
        response = api.post(url, json={"title": same})
        assert response.status_code == 400, same
        assert "title" in response.json["fields"]


@pytest.mark.parametrize("url", ["/api/v1/courses?q=a%00b", "/api/v1/partnerships?q=%00"])
def test_a_nul_character_in_a_query_is_bad_input(client, url):
    """PostgreSQL text cannot hold NUL: searching for one failed there with a 500."""
    response = client.get(url)
    assert response.status_code == 400 and "NUL" in response.json["error"]


def test_a_nul_character_in_a_body_is_bad_input_and_saves_nothing(api_as, ka, db):
    api = api_as("panelist")
    url = f"/api/v1/standards/{ka.id}/versions"
    for body in ({"base_version": 1, "statement": "x\x00y"}, {"base_version": 1, "title": "\x00"}):
        response = api.post(url, json=body)
        assert response.status_code == 400 and "NUL" in response.json["error"]
    assert db.session.scalar(db.select(db.func.count(StandardVersion.id))) == 2  # A and A.1


def test_a_nul_character_in_a_form_is_bad_input(client, login_as, partnership):
    login_as("convener")
    response = client.post(
        f"/partnerships/{partnership.id}/frameworks/new", data={"title": "Bad\x00title"}
    )
    assert response.status_code == 400
    assert db.session.scalar(db.select(db.func.count(Framework.id))) == 0


def test_partnership_and_organization_names_equal_but_for_non_ascii_case_are_refused(factory):
    """The same lower()-only-folds-ASCII bug as framework titles, where names are unique too."""
    factory.partnership(name="Énergie Valley")
    with pytest.raises(PartnershipError):
        factory.partnership(name="Énergie Valley")
    db.session.rollback()
    create_organization({"name": "École Technique", "kind": "college"})
    db.session.commit()
    with pytest.raises(OrganizationError):
        create_organization({"name": "École Technique", "kind": "college"})
    db.session.rollback()
    org = create_organization({"name": "Ümlaut Works", "kind": "employer"})
    db.session.commit()
    update_organization(org, {"name": "Ümlaut Works", "kind": "employer"})  # itself: no clash
