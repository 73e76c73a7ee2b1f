"""A document kind registered by this test alone (a partnership's one-page summary, standing in
for the real one of curriculum/exports/kinds/summary.py, which it replaces while it runs) gets
its form, print view, API endpoint, job page, file and listing without touching other
modules."""

from __future__ import annotations

from contextlib import contextmanager

import pytest
import sqlalchemy as sa
from flask import url_for
from jinja2 import ChoiceLoader, DictLoader

from curriculum import access
from curriculum.exports import kinds, services
from curriculum.exports.kinds import Kind
from curriculum.exports.models import ExportJob, JobState
from curriculum.partnerships import services as partnerships
from curriculum.partnerships.models import Partnership
from tests.exports.conftest import pages_text

SUMMARY_HTML = """<!doctype html><html lang="en"><head><title>{{ doc_title }}</title></head>
<body><h1>{{ doc_kind }}: {{ doc_title }}</h1><p>{{ doc.members }} members.</p>
<p>Exported {{ exported_on }}</p></body></html>"""


class Summary(Kind):
    name = "summary"
    noun, plural, model, relation = "partnership", "partnerships", Partnership, "partnership"
    template = "tests/summary.html"
    label = "One-page summary"
    summary = "Ask for the partnership's one-page summary as PDF (members only)."

    def load(self, subject_id):
        return partnerships.get_partnership(subject_id)

    def partnership(self, subject):
        return subject

    def require(self, user, subject):
        access.require(user, "view_members", subject)  # members only, unlike other kinds

    def gather(self, partnership, options, *, drafts, as_of):
        return {"members": len(partnership.memberships)}

    def titles(self, partnership):
        return {"doc_title": partnership.name, "doc_org": partnership.region, "doc_subject": ""}

    def filename_words(self, partnership):
        return [partnership.name, "summary"]

    def subject_name(self, partnership):
        return partnership.name

    def subject_url(self, partnership):
        return url_for("partnerships.show", partnership_id=partnership.id)


@contextmanager
def _instead_of_the_real_summary(kind: Kind | None):
    """Take the registered "summary" kind away (putting `kind` in its place) while the block
    runs, and give it back after."""
    real = kinds.KINDS.pop("summary", None)
    if kind is not None:
        kinds.register(kind)
    try:
        yield
    finally:
        kinds.KINDS.pop("summary", None)
        if real is not None:
            kinds.KINDS["summary"] = real


@pytest.fixture
def app(make_app):
    """An app created while the kind is registered (its routes are made at creation)."""
    with _instead_of_the_real_summary(Summary()):
        app = make_app()
        app.jinja_loader  # noqa: B018 (create the environment first)
        app.jinja_env.loader = ChoiceLoader(
            [DictLoader({"tests/summary.html": SUMMARY_HTML}), app.jinja_env.loader]
        )
        with app.app_context():
            yield app


def test_a_registered_kind_is_exported_from_its_form_and_followed_to_its_file(
    client, partnership, login_as, db
):
    convener = login_as("convener")
    answer = client.post(
        f"/partnerships/{partnership.id}/exports/new", data={"content": "published", "as_of": ""}
    )
    assert answer.status_code == 302, answer.text
    job = db.session.scalar(sa.select(ExportJob))
    assert answer.headers["Location"] == f"/exports/{job.id}"
    assert job.kind == "summary" and job.partnership_id == partnership.id
    assert job.state == JobState.DONE and job.subject.id == partnership.id
    assert job.filename == "test-valley-manufacturing-partnership-summary.pdf"
    page = client.get(f"/exports/{job.id}")
    assert page.status_code == 200
    assert f'href="/partnerships/{partnership.id}"' in page.text and "Done" in page.text
    assert f'href="/partnerships/{partnership.id}/exports/new"' in page.text
    assert f'href="/exports/{job.id}/file"' in page.text
    pdf = client.get(f"/exports/{job.id}/file")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF-")
    text = " ".join(" ".join(pages_text(pdf.data)).split())
    assert "One-page summary: Test Valley Manufacturing Partnership" in text
    assert "1 members." in text
    printed = client.get(f"/partnerships/{partnership.id}/print")
    assert "1 members." in printed.text and "today (print view)" in printed.text
    assert services.recent_jobs(convener, partnership) == [job]


def test_a_registered_kind_has_its_api_endpoint_and_documentation(api_as, partnership, db):
    member = api_as("viewer")
    url = f"/api/v1/partnerships/{partnership.id}/exports"
    answer = member.post(url, json={"drafts": False})
    assert answer.status_code == 202, answer.json
    assert answer.json["kind"] == "summary" and answer.json["subject_id"] == partnership.id
    assert answer.json["state"] == "done" and answer.json["file_url"]
    again = member.post(url, json={})
    assert again.json["cached"] is True  # the same content is typeset once, for any kind
    refused = member.post(url, json={"frameworks": [1]})
    assert refused.status_code == 400 and "takes no frameworks" in refused.json["error"]
    drafts = member.post(url, json={"drafts": True})
    assert drafts.status_code == 403  # a viewer sees no drafts
    assert api_as("outsider").post(url, json={}).status_code == 404  # the kind's own rule
    spec = member.get("/api/v1/openapi.json").json
    assert "/partnerships/{partnership_id}/exports" in spec["paths"]
    assert "summary" in spec["components"]["schemas"]["ExportJob"]["properties"]["kind"]["enum"]


def test_routes_come_from_the_kinds_registered_when_an_app_is_made(make_app):
    def rules(app):
        return {r.rule for r in app.url_map.iter_rules()}

    form = "/partnerships/<int:partnership_id>/exports/new"
    api = "/api/v1/partnerships/<int:partnership_id>/exports"
    with _instead_of_the_real_summary(Summary()):
        assert {form, api} <= rules(make_app())
    with _instead_of_the_real_summary(None):
        plain = rules(make_app())
    assert "/programs/<int:program_id>/exports/new" in plain
    assert form not in plain and api not in plain
