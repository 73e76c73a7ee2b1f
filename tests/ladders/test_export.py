"""The ladder PDF (the "ladder" document kind): cover, diagram, each step's job quality,
requirements with the exact version, programs and moves; DRAFT on a draft ladder; exported by
whoever may see the ladder, through the registry's form, job page, print view and API."""

from __future__ import annotations

import io
import re

import pypdf
import pytest

from curriculum import access
from curriculum.auth.services import create_token
from curriculum.errors import DomainError
from curriculum.exports import kinds, services
from curriculum.exports.models import ExportJob
from curriculum.extensions import db
from curriculum.ladders import services as ladders
from tests.api.conftest import ApiClient
from tests.conftest import login
from tests.exports.conftest import pages_text, structure
from tests.ladders import export_scene
from tests.ladders.export_scene import UNPUBLISHED_TITLE


def _export(ladder, user, **options) -> ExportJob:
    job = services.request_export("ladder", ladder, user, options)
    db.session.refresh(job)
    assert job.state == "done", job.message
    return job


def _words(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@pytest.fixture
def scene(factory, partnership):
    return export_scene.build(factory, partnership)


@pytest.fixture
def draft(factory, partnership):
    return export_scene.build(factory, partnership, status="draft")


def _api(app, user) -> ApiClient:
    _, secret = create_token(user, "Test script")
    db.session.commit()
    return ApiClient(app, secret, user)


def test_the_pdf_prints_each_step_with_job_quality_requirements_programs_and_moves(scene):
    viewer = scene.world.factory.member(scene.world.partnership, "viewer")
    job = _export(scene.ladder, viewer)
    texts = pages_text(job.file.data)
    text = _words(" ".join(texts))
    assert job.filename == "plant-careers-career-ladder.pdf"
    assert "CAREER LADDER" in texts[0] and "Plant careers" in texts[0]
    assert "DRAFT" not in text
    # Job quality: wages with their source and year, benefits of the employers, openings.
    assert "Low $16.40, Median $18.90, High $22.60" in text
    assert "Ohio Department of Job and Family Services, OES, 2025" in text
    assert re.search(r"Health insurance: 1 of \d+ employers", text)
    assert "Acme Molding (4)" in text and "4 openings expected in the next 12 months" in text
    assert "Second shift, 10-hour days" in text and "Noise and coolant" in text
    assert "51-9161.00 Computer Numerically Controlled Tool Operators" in text
    # The standard required, with its code, title, level and the exact version pinned (v2).
    assert re.search(r"A\.1 Inspect guarding and interlocks Intermediate v2", text)
    # The program that leads there (reach's rule) and the credential it awards.
    assert "Production Technician (2026-2027), Valley College: reaches 1 of 1" in text
    assert "Awards: Certificate: Production Technician" in text
    # The move, with its time and support, from both ends.
    assert "Up to Maintenance technician (page" in text
    assert "typically 24 months; training or credential: Industrial maintenance" in text
    assert "From Machine operator (up, page" in text


def test_the_diagram_is_printed_as_text_on_its_own_page(scene):
    job = _export(scene.ladder, scene.convener)
    texts = pages_text(job.file.data)
    (page,) = [t for t in texts if "The ladder at a glance" in t and "Up: a promotion" in t]
    for words in ("Machine operator", "Maintenance technician", "Entry", "Advanced"):
        assert words in page
    assert "$16.40–$22.60" in page and "1 hiring employer" in page
    reader = pypdf.PdfReader(io.BytesIO(job.file.data))
    index = texts.index(page)
    box = reader.pages[index].mediabox
    assert box.width > box.height  # landscape: the drawing is legible at full width


def test_a_requirement_pinned_to_an_unpublished_version_prints_its_code_only(scene):
    job = _export(scene.ladder, scene.convener)
    text = _words(" ".join(pages_text(job.file.data)))
    assert UNPUBLISHED_TITLE not in text
    assert f"{scene.hidden.code} not yet published Baseline v1" in text


def test_a_draft_ladder_is_marked_draft_on_every_page_and_hidden_from_outsiders(draft):
    w = draft.world
    panelist = w.factory.member(w.partnership, "panelist")
    job = _export(draft.ladder, panelist)
    pages = pages_text(job.file.data)
    assert all("DRAFT" in page for page in pages)
    assert job.filename == "plant-careers-career-ladder-draft.pdf"
    # A draft prints its drafts: the unpublished standard's title is shown.
    assert UNPUBLISHED_TITLE in _words(" ".join(pages))

    outsider = w.factory.user(organization=w.factory.organization())
    with pytest.raises(access.Denied) as refused:
        services.request_export("ladder", draft.ladder, outsider, {})
    assert refused.value.status == 404
    # Nor may they follow or download the panelist's export of it.
    assert access.can(panelist, "view", job)
    assert not access.can(outsider, "view", job)


def test_the_pdf_is_tagged_with_its_language_and_title(scene):
    pdf = _export(scene.ladder, scene.convener).file.data
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    assert (root["/Lang"], reader.metadata.title) == ("en", "Plant careers")
    tags = [tag for tag, _ in structure(pdf)]
    for needed in ("H1", "H2", "H3", "Table", "TH", "TD", "L", "LI"):
        assert needed in tags, needed


def test_a_ladder_takes_no_drafts_or_as_of_option(scene):
    with pytest.raises(DomainError, match="takes no drafts option"):
        services.request_export("ladder", scene.ladder, scene.convener, {"drafts": True})
    with pytest.raises(DomainError, match="takes no as_of option"):
        services.request_export("ladder", scene.ladder, scene.convener, {"as_of": "2026-01-01"})


def test_the_registry_routes_do_not_clash_with_the_ladder_pages(app):
    urls = app.url_map.bind("localhost")
    assert urls.match("/ladders/7/exports/new") == ("exports.new_ladder_export", {"ladder_id": 7})
    assert urls.match("/ladders/7/print") == ("exports.print_ladder", {"ladder_id": 7})
    assert urls.match("/ladders/7/steps.csv") == ("ladder_files.steps_csv", {"ladder_id": 7})
    assert urls.match("/api/v1/ladders/7/exports", method="POST")[0] == "api.export_ladder"
    assert kinds.get("ladder").options == ()


def test_the_export_pages_answer_those_who_may_see_the_ladder(draft, client):
    w = draft.world
    form, printed = f"/ladders/{draft.ladder.id}/exports/new", f"/ladders/{draft.ladder.id}/print"
    login(client, w.factory.user(organization=w.factory.organization()).email)
    assert client.get(form).status_code == 404
    assert client.get(printed).status_code == 404
    assert client.post(form, data={"format": "pdf"}).status_code == 404

    client.post("/logout")
    login(client, w.factory.member(w.partnership, "faculty").email)
    page = client.get(form)
    assert page.status_code == 200 and "Export Plant careers" in page.text
    assert "every page is marked DRAFT" in page.text
    assert "Maintenance technician" in client.get(printed).text
    asked = client.post(form, data={"format": "pdf"})
    assert asked.status_code == 302
    job = client.get(asked.headers["Location"])
    assert job.status_code == 200
    assert (
        "the ladder as it stands" in job.text
        and "plant-careers-career-ladder-draft.pdf" in job.text
    )
    found = db.session.scalar(db.select(ExportJob).order_by(ExportJob.created_at.desc()))
    download = client.get(f"/exports/{found.id}/file")
    assert download.status_code == 200 and download.data.startswith(b"%PDF")


def test_the_api_exports_a_published_ladder_and_hides_a_draft(app, scene):
    w, ladder = scene.world, scene.ladder
    other = ladders.create_ladder(w.partnership, title="Draft lattice")
    db.session.commit()
    viewer = _api(app, w.factory.member(w.partnership, "viewer"))
    asked = viewer.post(f"/api/v1/ladders/{ladder.id}/exports", json={})
    assert asked.status_code == 202, asked.json
    state = viewer.get(asked.headers["Location"]).json
    assert state["state"] == "done"
    file = viewer.get(f"/api/v1/exports/{asked.json['id']}/file")
    assert file.status_code == 200 and file.data.startswith(b"%PDF")
    assert viewer.post(f"/api/v1/ladders/{other.id}/exports", json={}).status_code == 404
    refused = _api(app, w.factory.member(w.partnership, "panelist")).post(
        f"/api/v1/ladders/{ladder.id}/exports", json={"drafts": True}
    )
    assert refused.status_code == 400 and "takes no drafts option" in refused.json["error"]
