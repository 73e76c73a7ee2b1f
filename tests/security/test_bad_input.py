"""Bad input is a 400, never a 500: each shape that used to crash a page or the API, pinned.

The fuzzers (tests/api/test_schemathesis.py for the API, tests/security/test_fuzz_html.py for
pages and forms) look for more; these are the ones found, each with the behaviour it now has."""

from __future__ import annotations

import pytest

from curriculum import params
from curriculum.courses.models import Course
from curriculum.extensions import db
from curriculum.forms import whole
from curriculum.names import clean_name
from curriculum.organizations.models import Organization
from curriculum.organizations.services import OrganizationError, create_organization
from curriculum.partnerships.services import PartnershipError, create_partnership
from curriculum.standards import tree
from curriculum.standards.models import Comment, Framework, StandardVersion
from curriculum.standards.services import StandardError
from tests.security.conftest import sign_in
from tests.security.routes import fingerprint

BIG = "9" * 20  # no INTEGER (nor BIGINT) column holds it


@pytest.fixture
def convener(world, client):
    sign_in(client, world.user("convener"))
    return client


def _api(world, client, role="convener"):
    return {"Authorization": f"Bearer {world.token(role)}"}


# --- JSON bodies ---------------------------------------------------------------------------


@pytest.mark.parametrize("depth", [33, 500, 100_000])
def test_json_nested_too_deep_is_refused(world, client, depth):
    url = f"/api/v1/standards/{world.standard.id}/versions"
    body = '{"base_version": 2, "title": ' + "[" * depth + "]" * depth + "}"
    headers = {**_api(world, client, "panelist"), "Content-Type": "application/json"}
    before = fingerprint()
    response = client.post(url, data=body, headers=headers)
    assert response.status_code == 400
    assert "nested deeper than 32 levels" in response.json["error"]
    assert fingerprint() == before


def test_json_nested_within_the_limit_is_read(world, client):
    """The limit does not refuse ordinary bodies: 32 levels are read (the field is refused for
    its type, not the body for its depth)."""
    title = "[" * 31 + "]" * 31
    body = '{"base_version": 2, "title": ' + title + "}"
    headers = {**_api(world, client, "panelist"), "Content-Type": "application/json"}
    response = client.post(
        f"/api/v1/standards/{world.standard.id}/versions", data=body, headers=headers
    )
    assert response.status_code == 400 and response.json["fields"] == {
        "title": "title must be a string."
    }


@pytest.mark.parametrize("text", ['"\\ud800"', '"a\\udfff b"', '"\\ude00\\ud83d"'])
def test_json_with_a_lone_surrogate_is_refused(world, client, text):
    headers = {**_api(world, client, "panelist"), "Content-Type": "application/json"}
    url = f"/api/v1/standards/{world.standard.id}/versions"
    before = fingerprint()
    response = client.post(url, data='{"base_version": 2, "title": ' + text + "}", headers=headers)
    assert response.status_code == 400 and "surrogate" in response.json["error"]
    # In a key too, and on a route that reads the body through the NUL check first.
    url = f"/api/v1/partnerships/{world.partnership.id}/frameworks"
    response = client.post(url, data="{" + text + ': "x", "title": "T"}', headers=headers)
    assert response.status_code in (400, 403) and response.status_code != 500
    assert fingerprint() == before


def test_json_with_a_paired_surrogate_is_an_ordinary_character(world, client):
    headers = {**_api(world, client, "panelist"), "Content-Type": "application/json"}
    url = f"/api/v1/standards/{world.standard.id}/versions"
    body = '{"base_version": 2, "title": "Guards \\ud83d\\udee1", "statement": "x"}'
    response = client.post(url, data=body, headers=headers)
    assert response.status_code == 201
    assert db.session.scalars(db.select(StandardVersion.title)).all().count("Guards \U0001f6e1")


# --- Ids in query and form parameters --------------------------------------------------------


def _places(w) -> list[tuple[str, str, dict | None]]:
    """(method, url, form) for every place that reads an id from the query or a form."""
    return [
        ("GET", f"/courses/?college={BIG}", None),
        ("GET", f"/programs/?college={BIG}", None),
        ("GET", f"/partnerships/?page={BIG}", None),
        ("GET", f"/courses/{w.course.id}/align?framework={BIG}", None),
        ("GET", f"/programs/{w.program.id}/coverage?framework={BIG}", None),
        ("GET", f"/programs/{w.program.id}/coverage.csv?framework={BIG}", None),
        ("GET", f"/standards/{w.standard.id}/compare?a={BIG}&b=1", None),
        ("GET", f"/frameworks/{w.framework.id}/standards/new?parent_id={BIG}", None),
        ("GET", f"/programs/{w.program.id}/print?frameworks={BIG}", None),
        ("GET", f"/api/v1/programs?page={BIG}", None),
        ("GET", f"/programs/{w.program.id}/progression?framework={BIG}", None),
        ("GET", f"/programs/{w.program.id}/progression?function={BIG}", None),
        ("GET", f"/api/v1/programs/{w.program.id}/progression?framework={BIG}", None),
        ("POST", f"/standards/{w.standard.id}/comments", {"body": "Hi", "parent_id": BIG}),
        ("POST", f"/frameworks/{w.framework.id}/standards/new", {"parent_id": BIG, "title": "T"}),
        ("POST", f"/standards/{w.standard.id}/revert/1", {"base_version": BIG}),
        ("POST", "/alignments/confirm", {"alignment": BIG}),
        ("POST", f"/courses/{w.course.id}/align", {"standard": BIG, "shown": BIG}),
    ]


@pytest.mark.parametrize("value", [BIG, "²", "١", "1e3", "0x1F", "abc"])
def test_ids_that_are_not_whole_numbers_in_range_are_bad_input(world, convener, value):
    before = fingerprint()
    for method, url, form in _places(world):
        url = url.replace(BIG, value)
        form = {k: (value if v == BIG else v) for k, v in (form or {}).items()}
        response = convener.open(url, method=method, data=form or None)
        assert response.status_code == 400, (url, form, response.status_code)
    assert fingerprint() == before


def test_unicode_digits_no_longer_pick_an_id(world, convener):
    """int('١') is 1: ?framework=١ used to show framework 1's tree."""
    url = f"/courses/{world.course.id}/align?framework=%D9%A1"
    assert convener.get(url).status_code == 400
    assert params.whole_number("١") is None and params.whole_number("²") is None
    assert params.whole_number(" 42 ") == 42 and params.whole_number(str(2**31)) is None
    with pytest.raises(ValueError):
        whole("١")


def test_form_integers_take_ascii_digits_within_range(world, convener):
    """A drag-and-drop position, a program term: '١' and 20 digits are refused, not stored."""
    url = f"/standards/{world.standard.id}/place"
    for value in ("١", BIG, "-" + BIG):
        assert convener.post(url, data={"position": value}).status_code == 400
    assert convener.post(url, data={"position": "1"}).status_code == 200
    response = convener.post(
        f"/programs/{world.program.id}/courses/{world.entry.id}", data={"term": "٢"}
    )
    assert response.status_code in (302, 400)
    db.session.refresh(world.entry)
    assert world.entry.term == 1


def test_a_comment_reply_to_parent_abc_is_bad_input(world, convener):
    before = db.session.scalar(db.select(db.func.count(Comment.id)))
    url = f"/standards/{world.standard.id}/comments"
    response = convener.post(url, data={"body": "A reply", "parent_id": "abc"})
    assert response.status_code == 400 and "parent_id" in response.text
    assert db.session.scalar(db.select(db.func.count(Comment.id))) == before
    response = convener.post(url, data={"body": "A reply", "parent_id": str(world.comment.id)})
    assert response.status_code == 302


# --- Forms with fields left out ----------------------------------------------------------------


def test_a_course_edit_leaves_its_learning_outcomes_alone(world, convener):
    """Outcomes are kept one by one (courses/outcomes.py): the course form has no such field,
    and one sent anyway changes nothing."""
    from curriculum.courses import outcomes

    course = world.course
    outcomes.add_outcome(course, "Read a safety data sheet")
    db.session.commit()
    form = {"code": "MFG 110", "title": "Safety", "credits": "3", "learning_outcomes": ""}
    response = convener.post(f"/courses/{course.id}/edit", data=form)
    assert response.status_code == 302
    db.session.expire_all()
    assert [o.text for o in db.session.get(Course, course.id).outcomes] == [
        "Read a safety data sheet"
    ]


@pytest.mark.parametrize(
    "url",
    [
        "/courses/{course}/edit",
        "/programs/{program}/edit",
        "/partnerships/{partnership}/edit",
        "/frameworks/{framework}/edit",
        "/standards/{standard}/edit",
        "/organizations/{college}/edit",
        "/account",
    ],
)
def test_an_edit_form_posted_empty_is_refused_on_the_form(world, convener, url):
    """Nothing sent: every field is empty (not the object's value), so the form says what is
    missing instead of saving or crashing."""
    w = world
    url = url.format(
        course=w.course.id,
        program=w.program.id,
        partnership=w.partnership.id,
        framework=w.framework.id,
        standard=w.standard.id,
        college=w.college.id,
    )
    before = fingerprint()
    response = convener.post(url, data={})
    assert response.status_code in (200, 400), response.status_code
    assert fingerprint() == before


def test_a_json_body_is_not_taken_for_a_form(world, convener):
    url = f"/partnerships/{world.partnership.id}/frameworks/new"
    response = convener.post(url, json={"title": {"nested": ["x"]}})
    assert response.status_code == 200  # the form again: no title was sent
    assert db.session.scalar(db.select(db.func.count(Framework.id))) == 2


# --- Search text -----------------------------------------------------------------------------


def _searches(w) -> list[str]:
    return [
        "/courses/",
        "/programs/",
        "/partnerships/",
        "/organizations/",
        "/admin/users",
        f"/partnerships/{w.partnership.id}/members",
        f"/frameworks/{w.framework.id}",
        f"/courses/{w.course.id}/align",
        "/occupations.json",
        "/api/v1/courses",
        "/api/v1/programs",
        "/api/v1/partnerships",
    ]


def test_a_60_kb_search_is_bad_input_on_every_search(world, client):
    """SQLite refused the LIKE pattern ("too complex"): a 500 on every search."""
    sign_in(client, world.factory.user(admin=True))
    for url in _searches(world):
        response = client.get(url, query_string={"q": "x" * 60_000})
        assert response.status_code == 400, url
        assert "at most 200 characters" in response.get_data(as_text=True), url
        response = client.get(url, query_string={"q": "é" * 200})
        assert response.status_code == 200, url


# --- Invisible names -----------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["\u200b", "\u200c\u200d", " \u2060 ", "\ufeff", "\u202e\u200e"])
def test_an_organization_named_only_with_invisible_characters_is_refused(convener, world, name):
    before = db.session.scalar(db.select(db.func.count(Organization.id)))
    data = {"name": name, "kind": "employer", "partnership_id": world.partnership.id}
    response = convener.post("/organizations/new", data=data)
    assert response.status_code == 200 and "Enter the organization" in response.text
    assert db.session.scalar(db.select(db.func.count(Organization.id))) == before


def test_names_everywhere_go_through_the_same_cleaning(world):
    with pytest.raises(OrganizationError):
        create_organization({"name": "\u200b\ufeff", "kind": "employer"})
    with pytest.raises(PartnershipError):
        create_partnership(
            {"name": "\u2060", "industry": "x", "region": "y", "endorsement_quorum": 1}
        )
    with pytest.raises(StandardError):
        tree.create_framework(world.partnership, {"title": "\u200d"})
    with pytest.raises(StandardError):
        tree.add_standard(world.framework, None, "critical_work_function", "\u200b \u200c")
    db.session.rollback()
    org = create_organization({"name": "\u200bAcme Robotics\ufeff", "kind": "employer"})
    assert org.name == "Acme Robotics"
    assert clean_name("\u200b") == "" and clean_name(None) == ""
    assert clean_name(" Fam\u200dily ") == "Fam\u200dily"  # joiners inside a name stay
